"""The simulator's seed data: deterministic, realistic (places consistent with country, phone
fields typed the way office staff type them), no accidental shared numbers, and 100,000 addresses
build and page fast."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import phonenumbers
import pytest

from zentrale.integrations.trade.simulator.data import (
    CITIES_AT,
    CITIES_CH,
    CITIES_DE,
    equipment_for,
    fixed_addresses,
    generate_addresses,
)


@pytest.fixture(scope="module")
def addresses() -> list[dict]:
    return generate_addresses(1, 10_000)


def test_generation_is_deterministic_per_seed():
    assert generate_addresses(3, 500) == generate_addresses(3, 500)
    assert generate_addresses(3, 500)[20:] != generate_addresses(4, 500)[20:]


def test_fixed_addresses_come_first(addresses):
    assert addresses[: len(fixed_addresses())] == fixed_addresses()
    must = addresses[0]
    assert (must["code"], must["name"], must["city"], must["phones"][0]["number"]) == (
        "MUST01",
        "Erika Mustermann",
        "Berlin",
        "030 / 555 010 99",
    )
    hube = next(a for a in addresses if a["code"] == "HUBE01")
    assert hube["country"] == "AT" and hube["phones"][0]["number"] == "+43 (0)316 4711-0"


def test_codes_are_unique_and_in_both_styles(addresses):
    codes = [a["code"] for a in addresses]
    assert len(set(codes)) == len(codes) == 10_000
    assert sum(bool(re.fullmatch(r"[A-Z]{4}\d{2,3}", c)) for c in codes) > 4000
    assert sum(bool(re.fullmatch(r"1\d{4}", c)) for c in codes) > 2000


def test_places_are_consistent_with_the_country(addresses):
    cities = {"DE": {c[0] for c in CITIES_DE}, "AT": {c[0] for c in CITIES_AT}, "CH": {c[0] for c in CITIES_CH}}
    countries = Counter(a["country"] for a in addresses)
    assert countries["DE"] > 6000 and countries["AT"] > 1200 and 0 < countries["CH"] < 500
    assert 300 < countries[None] < 1500  # staff leave the country empty now and then
    for a in addresses:
        if a["country"] is None:
            assert a["city"] in cities["DE"] and re.fullmatch(r"\d{5}", a["zip"])
            continue
        assert a["city"] in cities[a["country"]], a
        assert re.fullmatch(r"\d{5}" if a["country"] == "DE" else r"\d{4}", a["zip"]), a
        if a["main_sweep_only"]:
            assert a["country"] == "AT"


def test_names_look_like_a_trade_businesses_customers(addresses):
    salutations = Counter(a["salutation"] for a in addresses)
    assert salutations["Herr"] > 2000 and salutations["Frau"] > 2000 and salutations["Firma"] > 500
    names = [a["name"] for a in addresses]
    assert sum(n.endswith("GmbH") for n in names) > 200
    assert sum(n.endswith(" KG") for n in names) > 100
    assert sum(n.startswith("Hausverwaltung ") for n in names) > 300
    assert sum(n.startswith("WEG ") for n in names) > 300
    assert sum(a["title"] in ("Dr.", "Dipl.-Ing.", "Prof. Dr.") for a in addresses) > 200
    assert any("ü" in n or "ö" in n or "ß" in n for n in names)


SPELLINGS = {
    "area space number": r"^0\d+ \d+$",
    "slash": r"^0\d+/\d",
    "spaced slash with pairs": r"^0\d+ / \d+ \d\d \d\d$",
    "dash": r"^0\d+-\d+$",
    "parenthesised area": r"^\(0\d+\) \d+$",
    "+49 with space": r"^\+49 \d",
    "+49 (0)": r"^\+49 \(0\)\d",
    "0049": r"^0049 \d",
    "0049(0)…-": r"^0049\(0\)\d+-\d+$",
    "(Handy) comment": r" \(Handy\)$",
    "Tel. prefix": r"^Tel\. 0",
    "AT mobile 0664": r"^0664",
    "+43 (0)316": r"^\+43 \(0\)316 ",
    "extension": r"\d-\d{1,2}$",
    "priv. suffix": r" priv\.$",
    "Fax prefix": r"^Fax ",
    "two numbers in one field": r"\d / 0\d",
    "Swiss": r"^(\+41|0041) ",
}


def test_phone_fields_are_typed_in_every_office_style(addresses):
    numbers = [p["number"] for a in addresses for p in a["phones"]]
    counts = {name: sum(bool(re.search(rx, n)) for n in numbers) for name, rx in SPELLINGS.items()}
    assert all(count >= 10 for count in counts.values()), counts
    per_address = Counter(len(a["phones"]) for a in addresses)
    assert set(per_address) == {1, 2, 3}
    for a in addresses:
        for p in a["phones"]:
            assert (p["kind"] == "fax") == p["number"].startswith("Fax "), p
            assert p["kind"] in ("landline", "mobile", "fax", "unknown")


def _e164(text: str, region: str) -> list[str]:
    """Every number in a stored field, in E.164 (a deliberately plain reading, for this test)."""
    out = []
    text = re.sub(r"^(Fax|Tel\.|Handy) ", "", text)
    text = re.sub(r" ?(\(Handy\)|\(Büro\)|priv\.|mobil)$", "", text)
    for part in text.split(" / 0") if re.search(r"\d / 0\d", text) else [text]:
        part = part if part.startswith(("0", "+", "(")) else "0" + part
        part = part.replace("(0)", "")
        part = "+" + part[2:] if part.startswith("00") else part
        out.append(phonenumbers.format_number(phonenumbers.parse(part, region), phonenumbers.PhoneNumberFormat.E164))
    return out


def test_numbers_are_real_looking_and_only_the_documented_ones_are_shared(addresses):
    owners: dict[str, set[str]] = defaultdict(set)
    valid = total = 0
    for a in addresses:
        for p in a["phones"]:
            for number in _e164(p["number"], a["country"] or "DE"):
                owners[number].add(a["code"])
                if not re.search(r"\d-\d{1,2}( priv\.)?$", p["number"]):  # extensions are longer than a number
                    total += 1
                    valid += phonenumbers.is_valid_number(phonenumbers.parse(number))
    shared = sorted(sorted(codes) for codes in owners.values() if len(codes) > 1)
    assert shared == [["HVBE01", "WEGL01"], ["SCHM01", "SCHM02"]]
    assert valid / total > 0.97, (valid, total)


def test_emails_carry_consent_flags(addresses):
    emails = [e for a in addresses for e in a["emails"]]
    assert len(emails) > 4000
    assert {e["consent"] for e in emails} == {True, False}
    assert all(e["purposes"] == [] for e in emails if not e["consent"])
    assert all("@" in e["address"] and " " not in e["address"] for e in emails)


def test_heating_customers_have_equipment(addresses):
    kinds = Counter()
    with_equipment = 0
    for a in addresses[:2000]:
        items = equipment_for(1, a)
        assert items == equipment_for(1, a)
        with_equipment += bool(items)
        for item in items:
            kinds[item["kind"]] += 1
            assert item["manufacturer"] and item["model"] and item["id"].startswith(f"ANL-{a['code']}-")
    assert 800 < with_equipment < 1400
    assert {"Gas-Brennwerttherme", "Luft-Wasser-Wärmepumpe", "Ölkessel"} <= set(kinds)


async def test_100000_addresses_build_and_page_completely(simulator_factory, simulator_login):
    # How fast is a benchmark's question (benchmarks/); here: every address once, in 200 pages.
    sim = await simulator_factory(addresses=100_000)
    token = (await simulator_login.tokens(sim, scope="addresses:read"))["access_token"]
    seen: set[str] = set()
    cursor = None
    pages = 0
    while True:
        params = {"limit": "500", **({"cursor": cursor} if cursor else {})}
        async with simulator_login.http.get(
            f"{sim.url}/api/v1/addresses", params=params, headers={"Authorization": f"Bearer {token}"}
        ) as resp:
            page = await resp.json()
        pages += 1
        seen.update(a["code"] for a in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 100_000 and pages == 200
