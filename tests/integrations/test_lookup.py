"""Caller lookup on SQLite and PostgreSQL: zero, one or several contacts; withheld, fax and
deleted never match; every spelling of the table in test_phone_spellings stored and found."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from zentrale.integrations.trade.lookup import CallerMatch, lookup_caller
from zentrale.store.db import Database
from zentrale.store.models import Business
from zentrale.store.repositories import contacts
from zentrale.store.repositories.contacts import ContactInput, PhoneInput


async def seed(db: Database) -> None:
    async with db.transaction() as session:
        session.add_all([Business(id="mueller", name="Heizung Müller"), Business(id="huber", name="Huber")])
        await session.flush()
        await contacts.upsert_contacts(
            session,
            "mueller",
            [
                ContactInput(
                    "WEB01",
                    "Weber, Anna",
                    (PhoneInput("030 / 12 34 56", "landline"), PhoneInput("0171-5550123 (Handy)", "mobile")),
                ),
                ContactInput("WEB02", "Weber, Karl", (PhoneInput("+49 (0)30 123456", "landline"),)),  # same household
                ContactInput("GRU01", "Gruber GmbH", (PhoneInput("0316/123456-12", "landline"),), country="AT"),
                ContactInput(
                    "FAX01",
                    "Faxfirma",
                    (PhoneInput("030 999888", "fax"), PhoneInput("Tel 030 999887, Fax 030 999886", "unknown")),
                ),
                ContactInput("OLD01", "Alt, Otto", (PhoneInput("089 1234567", "landline"),)),
            ],
            region="DE",
        )
        await contacts.mark_deleted(session, "mueller", ["OLD01"])
        await contacts.upsert_contacts(
            session, "huber", [ContactInput("H1", "Anderer Betrieb", (PhoneInput("0171 5550123"),))], region="AT"
        )


async def find(db: Database, number: str | None, business_id: str = "mueller", region: str = "DE") -> list[CallerMatch]:
    async with db.read() as session:
        return await lookup_caller(session, business_id, number, region=region)


async def test_one_several_and_no_contact(database: Database) -> None:
    await seed(database)
    assert await find(database, "+491715550123") == [CallerMatch("WEB01", "Weber, Anna", "0171-5550123 (Handy)", "mobile")]
    both = await find(database, "+4930123456")
    assert [(m.address_code, m.matched_raw) for m in both] == [("WEB01", "030 / 12 34 56"), ("WEB02", "+49 (0)30 123456")]
    assert await find(database, "+4930123457") == []
    assert await find(database, "+4930123455") == []


async def test_national_caller_numbers_are_read_in_the_business_region(database: Database) -> None:
    await seed(database)
    assert [m.address_code for m in await find(database, "030 123456")] == ["WEB01", "WEB02"]
    assert [m.address_code for m in await find(database, "0171 5550123", business_id="huber", region="AT")] == ["H1"]
    assert await find(database, "0171 5550123", business_id="huber", region="DE") == []


async def test_direct_dial_and_main_number(database: Database) -> None:
    await seed(database)
    assert [m.address_code for m in await find(database, "+43316123456")] == ["GRU01"]
    assert [m.address_code for m in await find(database, "+4331612345612")] == ["GRU01"]
    assert await find(database, "+4331612345613") == []


async def test_withheld_fax_and_deleted_never_match(database: Database) -> None:
    await seed(database)
    for withheld in (
        "",
        None,
        "anonymous",
        "restricted",
        "unknown",
        "+266696687",
        "+7378742833",
        "+2562533",
        "+8656696",
        "+86282452253",
    ):
        assert await find(database, withheld) == []
    assert await find(database, "+4930999888") == []  # kind fax
    assert await find(database, "+4930999886") == []  # "Fax" written in the field
    assert [m.address_code for m in await find(database, "+4930999887")] == ["FAX01"]
    assert await find(database, "+49891234567") == []  # deleted contact
    assert await find(database, "keine Nummer") == []


async def test_lookup_is_scoped_to_the_business(database: Database) -> None:
    await seed(database)
    assert [m.address_code for m in await find(database, "+491715550123", business_id="huber")] == []  # AT reading of 0171...
    assert [m.address_code for m in await find(database, "+431715550123", business_id="huber")] == ["H1"]
    assert [m.address_code for m in await find(database, "+491715550123")] == ["WEB01"]


def _spelling_rows() -> list[tuple[str, str | None, str, str, bool]]:
    path = Path(__file__).with_name("test_phone_spellings.py")
    spec = importlib.util.spec_from_file_location("phone_spellings_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ROWS


async def test_every_spelling_of_the_table_is_found_through_the_store(database: Database) -> None:
    rows = _spelling_rows()
    spellings = list(dict.fromkeys((s, c, r) for s, c, r, _, _ in rows))
    code_of = {key: f"S{i:04d}" for i, key in enumerate(spellings)}
    async with database.transaction() as session:
        session.add(Business(id="mueller", name="Heizung Müller"))
        await session.flush()
        for region in ("DE", "AT", "CH"):
            batch = [ContactInput(code_of[(s, c, r)], s, (PhoneInput(s),), country=c) for s, c, r in spellings if r == region]
            await contacts.upsert_contacts(session, "mueller", batch, region=region)
    async with database.read() as session:
        for spelling, country, region, caller, expect in rows:
            codes = {m.address_code for m in await lookup_caller(session, "mueller", caller, region=region)}
            assert (code_of[(spelling, country, region)] in codes) is expect, (spelling, country, caller)
