"""Caller recognition: spellings of DE/AT/CH numbers as office staff type them (issue 4, acceptance 4).

Each row of ``TABLE``: stored spelling | address country (``-`` = none) | business region |
caller E.164 | ``+`` the caller must match this spelling, ``-`` must not. A spelling with an
extension ("0316/123456-12") has two ``+`` rows: the main number and the direct-dial number.

Besides each row, the whole cross product is checked: a spelling matches a caller number of the
table *only* if the table lists that caller as ``+`` for the spelling.
"""

from __future__ import annotations

import pytest

from zentrale.config.phones import NormalizedPhone, caller_e164, is_withheld, numbers_in_field

TABLE = """
# --- DE: Berlin 030 123456 ------------------------------------------------------------------
030 123456                      | DE | DE | +4930123456 | +
030/123456                      | DE | DE | +4930123456 | +
030-123456                      | DE | DE | +4930123456 | +
030 / 123456                    | DE | DE | +4930123456 | +
(030) 123456                    | DE | DE | +4930123456 | +
(030) 12 34 56                  | DE | DE | +4930123456 | +
030 12 34 56                    | DE | DE | +4930123456 | +
0 30 / 12 34 56                 | DE | DE | +4930123456 | +
030.123456                      | DE | DE | +4930123456 | +
030 - 123 456                   | -  | DE | +4930123456 | +
+49 30 123456                   | DE | DE | +4930123456 | +
+49 (0)30 123456                | DE | DE | +4930123456 | +
+49 (0) 30 12 34 56             | DE | DE | +4930123456 | +
+49(0)30-123456                 | DE | DE | +4930123456 | +
+49-30-123456                   | DE | DE | +4930123456 | +
+4930123456                     | DE | DE | +4930123456 | +
+49 030 123456                  | DE | DE | +4930123456 | +
0049 30 123456                  | DE | DE | +4930123456 | +
0049 (0)30 123456               | DE | DE | +4930123456 | +
0049-30-123456                  | DE | DE | +4930123456 | +
004930123456                    | DE | DE | +4930123456 | +
Tel. 030 123456                 | DE | DE | +4930123456 | +
Tel.: 030/123456                | DE | DE | +4930123456 | +
030 123456 (Büro)               | DE | DE | +4930123456 | +
Büro: 030 123456                | DE | DE | +4930123456 | +
030 123456 priv.                | DE | DE | +4930123456 | +
030 123456 nur abends           | DE | DE | +4930123456 | +
030 123456 (nur vormittags)     | DE | DE | +4930123456 | +
Tel 030 123456 Fax 030 123457   | DE | DE | +4930123456 | +
Tel 030 123456 Fax 030 123457   | DE | DE | +4930123457 | -
030 123456                      | -  | AT | +4930123456 | -
+49 30 123456                   | -  | AT | +4930123456 | +
0049 30 123456                  | AT | AT | +4930123456 | +
030 123456                      | DE | DE | +4930123457 | -
030 123456                      | DE | DE | +4930123455 | -
030 123456                      | DE | DE | +4930123466 | -
030 123456                      | DE | DE | +49301234567 | -
030 123456                      | DE | DE | +4340123456 | -
030 123457                      | DE | DE | +4930123457 | +
030 123455                      | DE | DE | +4930123455 | +
# --- DE: München 089 12345678 --------------------------------------------------------------
089 12345678                    | DE | DE | +498912345678 | +
089/123 456 78                  | DE | DE | +498912345678 | +
(089) 1234 5678                 | DE | DE | +498912345678 | +
089 - 12 34 56 78               | DE | DE | +498912345678 | +
089 1234 56 78                  | -  | DE | +498912345678 | +
+49 89 12345678                 | DE | DE | +498912345678 | +
+49 (0)89 1234 5678             | DE | DE | +498912345678 | +
0049-89-12345678                | DE | DE | +498912345678 | +
0049 89 12345678                | CH | CH | +498912345678 | +
priv. 089 12345678              | DE | DE | +498912345678 | +
089 12345678 (privat)           | DE | DE | +498912345678 | +
089 12345678                    | DE | DE | +498912345679 | -
089 12345678                    | DE | DE | +498912345688 | -
089 12345679                    | DE | DE | +498912345679 | +
# --- DE: mobile 0171 5550123 ---------------------------------------------------------------
0171 5550123                    | DE | DE | +491715550123 | +
0171-5550123                    | DE | DE | +491715550123 | +
0171/555 01 23                  | DE | DE | +491715550123 | +
0171 / 555 0123                 | DE | DE | +491715550123 | +
0171 555 01 23                  | -  | DE | +491715550123 | +
01715550123                     | DE | DE | +491715550123 | +
+49 171 5550123                 | DE | DE | +491715550123 | +
+49 (0)171 5550123              | DE | DE | +491715550123 | +
+49 (0) 171 / 555 01 23         | DE | DE | +491715550123 | +
0049 171 5550123                | DE | DE | +491715550123 | +
0049 (0)171-5550123             | DE | DE | +491715550123 | +
Handy 0171 5550123              | DE | DE | +491715550123 | +
0171 5550123 (Handy)            | DE | DE | +491715550123 | +
Mobil: 0171 555 0123            | DE | DE | +491715550123 | +
Mobil 0171-5550123 (Sohn)       | DE | DE | +491715550123 | +
+49 171 5550123                 | AT | AT | +491715550123 | +
0171 5550123                    | DE | DE | +491715550124 | -
0171 5550123                    | DE | DE | +491715550132 | -
0171 5550123                    | DE | DE | +491725550123 | -
0172 5550123                    | DE | DE | +491725550123 | +
# --- DE: two numbers in one field -----------------------------------------------------------
030 123456 / 0171 5550123       | DE | DE | +4930123456 | +
030 123456 / 0171 5550123       | DE | DE | +491715550123 | +
030 123456 oder 0171 5550123    | DE | DE | +4930123456 | +
030 123456 oder 0171 5550123    | DE | DE | +491715550123 | +
030 123456, 0171 5550123        | DE | DE | +4930123456 | +
030 123456, 0171 5550123        | DE | DE | +491715550123 | +
030/123456 u. 0171/5550123      | DE | DE | +4930123456 | +
030/123456 u. 0171/5550123      | DE | DE | +491715550123 | +
089 12345678; 0172 5550123      | DE | DE | +498912345678 | +
089 12345678; 0172 5550123      | DE | DE | +491725550123 | +
Büro 089 12345678 privat 030 123457 | DE | DE | +498912345678 | +
Büro 089 12345678 privat 030 123457 | DE | DE | +4930123457 | +
030 123456 / 0171 5550123       | DE | DE | +491715550124 | -
# --- DE: extensions (Durchwahl) --------------------------------------------------------------
0221 12345-67                   | DE | DE | +4922112345 | +
0221 12345-67                   | DE | DE | +492211234567 | +
0221/12345-67                   | DE | DE | +4922112345 | +
0221/12345-67                   | DE | DE | +492211234567 | +
+49 221 12345-67                | DE | DE | +4922112345 | +
+49 221 12345-67                | DE | DE | +492211234567 | +
+49 (0)221 123 45-67            | DE | DE | +4922112345 | +
+49 (0)221 123 45-67            | DE | DE | +492211234567 | +
0221 12345 DW 67                | DE | DE | +4922112345 | +
0221 12345 DW 67                | DE | DE | +492211234567 | +
0221 12345 Durchwahl 67         | DE | DE | +4922112345 | +
0221 12345 Durchwahl 67         | DE | DE | +492211234567 | +
0221 12345-0                    | DE | DE | +4922112345 | +
0221 12345-0                    | DE | DE | +4922112345 0 | +
0221 12345                      | DE | DE | +4922112345 | +
0221 1234567                    | DE | DE | +492211234567 | +
0221 1234568                    | DE | DE | +492211234568 | +
0221 12345-67                   | DE | DE | +492211234568 | -
0221 12345-67                   | DE | DE | +492211234566 | -
0221 12345-67                   | DE | DE | +4922112346 | -
0221 1234567                    | DE | DE | +4922112345 | -
0221 12345-67                   | DE | DE | +4922112345 0 | -
# --- AT: Wien 01 5550123 -----------------------------------------------------------------------
01 5550123                      | AT | AT | +4315550123 | +
01/555 01 23                    | AT | AT | +4315550123 | +
01 / 555 01 23                  | AT | AT | +4315550123 | +
(01) 555 01 23                  | AT | AT | +4315550123 | +
01-5550123                      | AT | AT | +4315550123 | +
01 555 0123                     | -  | AT | +4315550123 | +
+43 1 5550123                   | AT | AT | +4315550123 | +
+43 (0)1 555 01 23              | AT | AT | +4315550123 | +
+43(0)1/5550123                 | AT | AT | +4315550123 | +
0043 1 5550123                  | AT | AT | +4315550123 | +
0043 (0)1 555 01 23             | AT | AT | +4315550123 | +
0043 1 5550123                  | DE | DE | +4315550123 | +
+43 1 5550123                   | -  | DE | +4315550123 | +
01 5550123                      | A  | DE | +4315550123 | +
Tel.: 01 5550123                | AT | AT | +4315550123 | +
01 5550123 (Ordination)         | AT | AT | +4315550123 | +
01 5550123                      | AT | AT | +4315550124 | -
01 5550123                      | AT | AT | +4315550133 | -
01 5550123                      | AT | AT | +4915550123 | -
01 5550124                      | AT | AT | +4315550124 | +
# --- AT: Graz 0316 123456 with extensions -----------------------------------------------------
0316 123456                     | AT | AT | +43316123456 | +
0316/123456                     | AT | AT | +43316123456 | +
0316 / 12 34 56                 | AT | AT | +43316123456 | +
(0316) 123456                   | AT | AT | +43316123456 | +
0316 12 34 56                   | -  | AT | +43316123456 | +
+43 316 123456                  | AT | AT | +43316123456 | +
+43 (0)316 123456               | AT | AT | +43316123456 | +
0043 (0)316 123456              | AT | AT | +43316123456 | +
0043-316-123456                 | AT | AT | +43316123456 | +
0316/123456-12                  | AT | AT | +43316123456 | +
0316/123456-12                  | AT | AT | +4331612345612 | +
0316 123456-12                  | AT | AT | +43316123456 | +
0316 123456-12                  | AT | AT | +4331612345612 | +
+43 316 123456-12               | AT | AT | +43316123456 | +
+43 316 123456-12               | AT | AT | +4331612345612 | +
0316 123456 Kl. 12              | AT | AT | +43316123456 | +
0316 123456 Kl. 12              | AT | AT | +4331612345612 | +
0316/123456 DW 12               | AT | AT | +43316123456 | +
0316/123456 DW 12               | AT | AT | +4331612345612 | +
0316 12345612                   | AT | AT | +4331612345612 | +
0316 12345613                   | AT | AT | +4331612345613 | +
0316/123456-12                  | AT | AT | +4331612345613 | -
0316/123456-12                  | AT | AT | +4331612345622 | -
0316/123456-12                  | AT | AT | +43316123457 | -
0316 12345612                   | AT | AT | +43316123456 | -
0316 123456                     | AT | AT | +43316123457 | -
0316 123457                     | AT | AT | +43316123457 | +
# --- AT: mobiles 0664 / 0666 / 0676 ------------------------------------------------------------
0664 1234567                    | AT | AT | +436641234567 | +
0664/1234567                    | AT | AT | +436641234567 | +
0664 / 123 45 67                | AT | AT | +436641234567 | +
0664-123 45 67                  | AT | AT | +436641234567 | +
0664 123 45 67                  | -  | AT | +436641234567 | +
+43 664 1234567                 | AT | AT | +436641234567 | +
+43 (0) 664 123 45 67           | AT | AT | +436641234567 | +
+43 (0)664/1234567              | AT | AT | +436641234567 | +
0043 664 1234567                | AT | AT | +436641234567 | +
0043 (0)664 1234567             | AT | AT | +436641234567 | +
+43 664 1234567                 | DE | DE | +436641234567 | +
0664 1234567                    | AT | DE | +436641234567 | +
Handy: 0664 1234567             | AT | AT | +436641234567 | +
0664-123 45 67 (Handy)          | AT | AT | +436641234567 | +
Mobil 0664 1234567 nur abends   | AT | AT | +436641234567 | +
0664 1234567 (Tochter)          | AT | AT | +436641234567 | +
0664 1234567                    | AT | AT | +436641234568 | -
0664 1234567                    | AT | AT | +436601234567 | -
0664 1234567                    | AT | AT | +436641234576 | -
0666 / 15651324                 | AT | AT | +4366615651324 | +
0666 15651324                   | AT | AT | +4366615651324 | +
0666/156 513 24                 | AT | AT | +4366615651324 | +
+43 666 15651324                | AT | AT | +4366615651324 | +
0043 666 156 513 24             | AT | AT | +4366615651324 | +
0666 / 15651324                 | AT | AT | +4366615651325 | -
0676 9876543                    | AT | AT | +436769876543 | +
0676/987 65 43                  | AT | AT | +436769876543 | +
+43 676 987 65 43               | AT | AT | +436769876543 | +
0676 9876543                    | AT | AT | +436769876542 | -
# --- AT: Linz 0732, Salzburg 0662, Innsbruck 0512 -------------------------------------------
0732 123456                     | AT | AT | +43732123456 | +
0732/12 34 56                   | AT | AT | +43732123456 | +
+43 732 123456                  | AT | AT | +43732123456 | +
0043 732 123456                 | AT | AT | +43732123456 | +
0732 123456                     | AT | AT | +43732123465 | -
0662 871234                     | AT | AT | +43662871234 | +
0662/87 12 34                   | AT | AT | +43662871234 | +
+43 (0)662 871234               | AT | AT | +43662871234 | +
0662 871234                     | AT | AT | +43662871235 | -
0512 567890                     | AT | AT | +43512567890 | +
0512 / 56 78 90                 | AT | AT | +43512567890 | +
+43 512 567890                  | AT | AT | +43512567890 | +
0512 567890                     | DE | DE | +43512567890 | -
# --- AT: two numbers in one field -------------------------------------------------------------
01 5550123 / 0664 1234567       | AT | AT | +4315550123 | +
01 5550123 / 0664 1234567       | AT | AT | +436641234567 | +
0316 123456 oder 0676 9876543   | AT | AT | +43316123456 | +
0316 123456 oder 0676 9876543   | AT | AT | +436769876543 | +
0732/123456, 0664/1234567       | AT | AT | +43732123456 | +
0732/123456, 0664/1234567       | AT | AT | +436641234567 | +
# --- CH: Zürich 044 123 45 67 ------------------------------------------------------------------
044 123 45 67                   | CH | CH | +41441234567 | +
044/123 45 67                   | CH | CH | +41441234567 | +
044-123-45-67                   | CH | CH | +41441234567 | +
044 1234567                     | CH | CH | +41441234567 | +
(044) 123 45 67                 | CH | CH | +41441234567 | +
044 123 45 67                   | -  | CH | +41441234567 | +
+41 44 123 45 67                | CH | CH | +41441234567 | +
+41 (0)44 123 45 67             | CH | CH | +41441234567 | +
+41(0)44 1234567                | CH | CH | +41441234567 | +
0041 44 123 45 67               | CH | CH | +41441234567 | +
0041 (0)44 123 45 67            | CH | CH | +41441234567 | +
0041 44 123 45 67               | DE | DE | +41441234567 | +
+41 44 123 45 67                | -  | AT | +41441234567 | +
044 123 45 67 (Geschäft)        | CH | CH | +41441234567 | +
Tel. 044 123 45 67              | CH | CH | +41441234567 | +
044 123 45 67                   | CH | CH | +41441234568 | -
044 123 45 67                   | CH | CH | +41441234576 | -
044 123 45 67                   | CH | CH | +4944123 4567 | -
# --- CH: mobile 079 123 45 67 and Bern 031 300 12 34 ----------------------------------------
079 123 45 67                   | CH | CH | +41791234567 | +
079/123 45 67                   | CH | CH | +41791234567 | +
079-123 45 67                   | CH | CH | +41791234567 | +
+41 79 123 45 67                | CH | CH | +41791234567 | +
+41 (0)79 123 45 67             | CH | CH | +41791234567 | +
0041 79 123 45 67               | CH | CH | +41791234567 | +
Natel 079 123 45 67             | CH | CH | +41791234567 | +
079 123 45 67 (privat)          | CH | CH | +41791234567 | +
079 123 45 67                   | CH | CH | +41791234568 | -
079 123 45 67                   | CH | CH | +41781234567 | -
031 300 12 34                   | CH | CH | +41313001234 | +
031/300 12 34                   | CH | CH | +41313001234 | +
+41 31 300 12 34                | CH | CH | +41313001234 | +
031 300 12 34                   | CH | CH | +41313001235 | -
044 123 45 67, 079 123 45 67    | CH | CH | +41441234567 | +
044 123 45 67, 079 123 45 67    | CH | CH | +41791234567 | +
Geschäft 031 300 12 34 / Natel 079 123 45 67 | CH | CH | +41313001234 | +
Geschäft 031 300 12 34 / Natel 079 123 45 67 | CH | CH | +41791234567 | +
# --- no number at all ---------------------------------------------------------------------------
bitte anrufen                   | DE | DE | +4930123456 | -
keine Angabe                    | AT | AT | +4315550123 | -
0815                            | DE | DE | +49815 | -
12345                           | DE | DE | +4912345 | -
---                             | CH | CH | +41441234567 | -
Fax 030 123457                  | DE | DE | +4930123457 | -
Telefax: 01 5550124             | AT | AT | +4315550124 | -
"""


def _rows() -> list[tuple[str, str | None, str, str, bool]]:
    rows = []
    for line in TABLE.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spelling, country, region, caller, expect = (part.strip() for part in line.split("|"))
        rows.append((spelling, None if country == "-" else country, region, caller.replace(" ", ""), expect == "+"))
    return rows


ROWS = _rows()


def caller_keys(spelling: str, country: str | None, region: str) -> set[str]:
    """The E.164 values a stored spelling is indexed under (fax numbers are never indexed)."""
    numbers: list[NormalizedPhone] = numbers_in_field(spelling, country=country, default_region=region)
    return {key for number in numbers if not number.fax for key in number.match_keys}


def test_table_is_large_and_covers_three_countries() -> None:
    assert len(ROWS) >= 200
    spellings = {(s, c, r) for s, c, r, _, _ in ROWS}
    assert len(spellings) >= 150
    assert {caller[:3] for *_, caller, _ in ROWS} >= {"+49", "+43", "+41"}
    assert sum(1 for row in ROWS if not row[4]) >= 40


@pytest.mark.parametrize(("spelling", "country", "region", "caller", "expect"), ROWS)
def test_spelling(spelling: str, country: str | None, region: str, caller: str, expect: bool) -> None:
    keys = caller_keys(spelling, country, region)
    if expect:
        assert caller in keys, f"{spelling!r} ({country or 'no country'}, business in {region}) should match {caller}"
    else:
        assert caller not in keys, f"{spelling!r} must not match {caller}"


def test_no_false_match_in_the_cross_product() -> None:
    """Every spelling against every caller number of the table: a match only where the table says so."""
    own: dict[tuple[str, str | None, str], set[str]] = {}
    for spelling, country, region, caller, expect in ROWS:
        own.setdefault((spelling, country, region), set())
        if expect:
            own[(spelling, country, region)].add(caller)
    callers = {caller for *_, caller, _ in ROWS}
    false_matches = []
    for (spelling, country, region), expected in own.items():
        keys = caller_keys(spelling, country, region)
        for caller in callers:
            if caller in keys and caller not in expected:
                false_matches.append((spelling, country, caller))
    assert false_matches == []
    assert len(own) >= 150 and len(callers) >= 50  # the product really is large (> 7,500 pairs)


def test_many_spellings_per_number() -> None:
    by_caller: dict[str, set[str]] = {}
    for spelling, _country, _region, caller, expect in ROWS:
        if expect:
            by_caller.setdefault(caller, set()).add(spelling)
    assert len(by_caller["+4930123456"]) >= 25
    assert len(by_caller["+436641234567"]) >= 15
    assert len(by_caller["+41441234567"]) >= 12


def test_extension_spelling_yields_main_and_direct_dial_number() -> None:
    [number] = numbers_in_field("0316/123456-12", country="AT", default_region="DE")
    assert (number.e164, number.extension, number.full_e164) == ("+43316123456", "12", "+4331612345612")
    assert number.match_keys == ("+43316123456", "+4331612345612")
    [plain] = numbers_in_field("0171-5550123", country=None, default_region="DE")
    assert (plain.e164, plain.extension) == ("+491715550123", None)  # "0171" alone is no number: not an extension


def test_two_numbers_keep_their_own_spelling_and_fax_is_flagged() -> None:
    numbers = numbers_in_field("Tel. 030 123456 / 0171 5550123, Fax 030 123457", country="DE", default_region="DE")
    assert [(n.e164, n.raw, n.fax) for n in numbers] == [
        ("+4930123456", "030 123456", False),
        ("+491715550123", "0171 5550123", False),
        ("+4930123457", "030 123457", True),
    ]


@pytest.mark.parametrize("garbage", ["", "   ", "bitte anrufen", "k.A.", "0", "---", "(0)", "+", "+49", "x" * 500, "0" * 40, "☎️"])
def test_garbage_gives_no_number(garbage: str) -> None:
    assert numbers_in_field(garbage, country="DE", default_region="DE") == []


def test_unknown_country_falls_back_to_the_business_region() -> None:
    assert [n.e164 for n in numbers_in_field("01 5550123", country="Österreich", default_region="AT")] == ["+4315550123"]
    assert [n.e164 for n in numbers_in_field("01 5550123", country="XX", default_region="AT")] == ["+4315550123"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        None,
        "anonymous",
        "Anonymous",
        "restricted",
        "unknown",
        "+266696687",
        "+7378742833",
        "+2562533",
        "+8656696",
        "+86282452253",
        "266696687",
    ],
)
def test_withheld_callers(value: str | None) -> None:
    assert is_withheld(value)
    assert caller_e164(value, "DE") is None


@pytest.mark.parametrize(
    ("value", "region", "expected"),
    [
        ("+4930123456", "DE", "+4930123456"),
        ("030 123456", "DE", "+4930123456"),
        ("01 5550123", "AT", "+4315550123"),
        ("+41 44 123 45 67", "AT", "+41441234567"),
        ("client:alice", "DE", None),
        ("12", "DE", None),
    ],
)
def test_caller_e164(value: str, region: str, expected: str | None) -> None:
    assert not is_withheld("+4930123456")
    assert caller_e164(value, region) == expected
