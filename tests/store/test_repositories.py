"""Repositories: scoping by business, idempotent calls/turns, staff sync, contacts, trade CAS, secrets."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from zentrale.store.db import Database
from zentrale.store.models import Call, ConnectionStatus, Secret, TradeConnection, Turn
from zentrale.store.repositories import activities, businesses, calls, contacts, secrets, trade_connections
from zentrale.store.secrets import SecretBox, SecretError, generate_key


def staff(id: str, name: str, **extra: object) -> SimpleNamespace:
    fields = {"mobile": None, "email": None, "trade_user": None, "teams": [], "role": None}
    fields.update(extra)
    return SimpleNamespace(id=id, name=name, **fields)


def config(business_id: str, name: str, *members: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(business=SimpleNamespace(id=business_id, name=name), staff=list(members))


async def two_businesses(db: Database) -> None:
    async with db.transaction() as session:
        await businesses.sync_business(session, config("mueller", "Heizung Müller GmbH", staff("km", "Klaus Müller")))
        await businesses.sync_business(session, config("huber", "Installateur Huber", staff("ah", "Anna Huber")))


async def test_sync_business_upserts_and_deactivates_removed_staff(database: Database) -> None:
    async with database.transaction() as session:
        await businesses.sync_business(
            session,
            config(
                "mueller",
                "Heizung Müller GmbH",
                staff("km", "Klaus Müller", mobile="+491715550101", trade_user="KM", teams=["buero"]),
                staff("sb", "Sabine Berg", teams=["kundendienst"]),
            ),
        )
    async with database.transaction() as session:
        await businesses.sync_business(
            session, config("mueller", "Heizung Müller & Sohn GmbH", staff("km", "Klaus Müller", teams=["buero", "chef"]))
        )
    async with database.read() as session:
        business = await businesses.get_business(session, "mueller")
        assert business is not None and business.name == "Heizung Müller & Sohn GmbH"
        active = await businesses.list_staff(session, "mueller")
        assert [(m.staff_key, m.teams, m.trade_user) for m in active] == [("km", ["buero", "chef"], None)]
        everyone = await businesses.list_staff(session, "mueller", include_inactive=True)
        assert {(m.staff_key, m.active) for m in everyone} == {("km", True), ("sb", False)}
    async with database.transaction() as session:  # Sabine is back
        await businesses.sync_business(
            session, config("mueller", "Heizung Müller & Sohn GmbH", staff("km", "Klaus Müller"), staff("sb", "Sabine Berg"))
        )
    async with database.read() as session:
        assert len(await businesses.list_staff(session, "mueller")) == 2


async def test_queries_never_cross_businesses(database: Database) -> None:
    await two_businesses(database)
    async with database.transaction() as session:
        a_call, _ = await calls.create_call(session, "mueller", "CA-a", from_number="+4930123456")
        b_call, _ = await calls.create_call(session, "huber", "CA-b", from_number="+4930123456")
        a_act = await activities.create_activity(session, "mueller", type="Rückruf", subject="Rückruf Frau Weber")
        b_act = await activities.create_activity(session, "huber", type="Rückruf", subject="Rückruf Herr Brandl")
        for business_id, code in (("mueller", "WEB01"), ("huber", "BRA01")):
            await contacts.upsert_contact(session, business_id, code, name=code, phones=[contacts.PhoneInput("030 123456")])
        await secrets.set_secret(session, SecretBox([generate_key()]), "huber", "smtp_password", "geheim")

    async with database.read() as session:
        assert [a.id for a in await activities.list_activities(session, "mueller")] == [a_act.id]
        assert await activities.get_activity(session, "mueller", b_act.id) is None
        assert await calls.get_call(session, "mueller", b_call.id) is None
        assert await calls.get_call_by_sid(session, "mueller", "CA-b") is None
        assert [c.id for c in await calls.list_calls(session, "huber")] == [b_call.id]
        assert [c.address_code for c in await contacts.find_contacts_by_e164(session, "mueller", "+4930123456")] == ["WEB01"]
        assert await contacts.get_contact(session, "mueller", "BRA01") is None
        assert await secrets.list_secret_names(session, "mueller") == []
    with pytest.raises(LookupError):
        async with database.transaction() as session:
            await calls.append_turn(session, "mueller", b_call.id, "caller", "Hallo?")
    with pytest.raises(calls.CallOwnershipError):
        async with database.transaction() as session:
            await calls.create_call(session, "mueller", "CA-b")
    assert a_call.id != b_call.id


async def test_create_call_is_idempotent_even_concurrently(database: Database) -> None:
    await two_businesses(database)

    async def create() -> tuple[str, bool]:
        async with database.transaction() as session:
            call, created = await calls.create_call(session, "mueller", "CA123", from_number="+4930555")
            return call.id, created

    results = await asyncio.gather(create(), create())
    again = await create()
    assert len({call_id for call_id, _ in [*results, again]}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert again[1] is False
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Call)) == 1


async def test_append_turn_is_idempotent_by_request_key(database: Database) -> None:
    await two_businesses(database)
    async with database.transaction() as session:
        call, _ = await calls.create_call(session, "mueller", "CA1")
    async with database.transaction() as session:
        first, created = await calls.append_turn(session, "mueller", call.id, "bot", "Guten Tag!", request_key="r1")
        assert created
    async with database.transaction() as session:  # Twilio retries the same webhook
        repeat, created_again = await calls.append_turn(session, "mueller", call.id, "bot", "Guten Tag!", request_key="r1")
    async with database.transaction() as session:
        _second, _ = await calls.append_turn(session, "mueller", call.id, "caller", "Meine Heizung ist kalt.", request_key="r2")
        _third, _ = await calls.append_turn(session, "mueller", call.id, "bot", "Das tut mir leid.")
    assert not created_again and repeat.id == first.id
    async with database.read() as session:
        turns = await calls.list_turns(session, "mueller", call.id)
    assert [(t.seq, t.speaker, t.text) for t in turns] == [
        (1, "bot", "Guten Tag!"),
        (2, "caller", "Meine Heizung ist kalt."),
        (3, "bot", "Das tut mir leid."),
    ]
    with pytest.raises(ValueError):
        async with database.transaction() as session:
            await calls.append_turn(session, "mueller", call.id, "operator", "?")


async def test_concurrent_appends_get_distinct_sequence_numbers(database: Database) -> None:
    await two_businesses(database)
    async with database.transaction() as session:
        call, _ = await calls.create_call(session, "mueller", "CA2")

    async def append(n: int) -> None:
        async with database.transaction() as session:
            await calls.append_turn(session, "mueller", call.id, "caller", f"Satz {n}", request_key=f"k{n}")

    await asyncio.gather(*(append(n) for n in range(5)))
    async with database.read() as session:
        assert sorted(t.seq for t in await calls.list_turns(session, "mueller", call.id)) == [1, 2, 3, 4, 5]
        assert await session.scalar(select(func.count()).select_from(Turn)) == 5


async def test_call_updates_use_optimistic_locking(database: Database) -> None:
    """Two requests load the same call; the one that writes second gets StaleDataError, not a silent overwrite."""
    await two_businesses(database)
    async with database.transaction() as session:
        call, _ = await calls.create_call(session, "mueller", "CA3")
    async with database.read() as session:
        stale = await calls.get_call(session, "mueller", call.id)  # version 1, as a slow request saw it
    async with database.transaction() as session:
        await calls.finish_call(session, "mueller", call.id, status="completed", summary="Rückruf erbeten")
    with pytest.raises(StaleDataError):
        async with database.transaction() as session:
            late = await session.merge(stale, load=False)
            late.dialogue_state = {"step": "greet"}
            late.status = "in-progress"
    async with database.read() as session:
        current = await calls.get_call(session, "mueller", call.id)
    assert (current.status, current.summary, current.version, current.dialogue_state) == ("completed", "Rückruf erbeten", 2, {})
    assert current.ended_at is not None and current.ended_at.tzinfo is not None


async def test_activities_create_list_and_validate(database: Database) -> None:
    await two_businesses(database)
    due = datetime(2030, 1, 2, 9, 0, tzinfo=UTC)
    async with database.transaction() as session:
        first = await activities.create_activity(
            session,
            "mueller",
            type="Störung",
            subject="Heizung ausgefallen",
            text="Therme zeigt F28",
            priority="urgent",
            assignee="KM",
            due_at=due,
        )
        await activities.create_activity(session, "mueller", type="Rückruf", subject="Rückruf")
        await activities.set_status(session, "mueller", first.id, "done")
        await activities.set_external_id(session, "mueller", first.id, "A-4711")
    async with database.read() as session:
        done = await activities.list_activities(session, "mueller", status="done")
        assert [(a.subject, a.priority, a.external_id, a.due_at) for a in done] == [
            ("Heizung ausgefallen", "urgent", "A-4711", due)
        ]
        assert [a.subject for a in await activities.list_activities(session, "mueller", status="open")] == ["Rückruf"]
    with pytest.raises(ValueError, match="80"):
        async with database.transaction() as session:
            await activities.create_activity(session, "mueller", type="Rückruf", subject="x" * 81)
    with pytest.raises(ValueError):
        async with database.transaction() as session:
            await activities.create_activity(session, "mueller", type="Rückruf", subject="ok", priority="sofort")


async def test_contacts_upsert_replaces_phones_and_finds_by_e164(database: Database) -> None:
    await two_businesses(database)
    async with database.transaction() as session:
        await contacts.upsert_contact(
            session,
            "mueller",
            "WEB01",
            name="Weber, Anna",
            phones=[contacts.PhoneInput("030 / 12 34 56", "landline"), contacts.PhoneInput("0171-5550123", "mobile", True)],
        )
        await contacts.upsert_contact(
            session, "mueller", "GRU01", name="Gruber", country="AT", phones=[contacts.PhoneInput("01 5550123")]
        )
        await contacts.upsert_contact(session, "mueller", "XX01", name="Ohne", phones=[contacts.PhoneInput("bitte anrufen")])
    async with database.read() as session:
        assert [c.address_code for c in await contacts.find_contacts_by_e164(session, "mueller", "+4930123456")] == ["WEB01"]
        assert [c.address_code for c in await contacts.find_contacts_by_e164(session, "mueller", "+4315550123")] == ["GRU01"]
        weber = await contacts.get_contact(session, "mueller", "WEB01")
        phones = await contacts.list_phones(session, "mueller", weber.id)
        assert [(p.e164, p.kind, p.sms_consent) for p in phones] == [
            ("+4930123456", "landline", False),
            ("+491715550123", "mobile", True),
        ]
        odd = await contacts.get_contact(session, "mueller", "XX01")
        assert [(p.raw, p.e164) for p in await contacts.list_phones(session, "mueller", odd.id)] == [("bitte anrufen", None)]
    async with database.transaction() as session:  # new sync: landline gone, contact deleted later
        await contacts.upsert_contact(
            session, "mueller", "WEB01", name="Weber, Anna", phones=[contacts.PhoneInput("0171 5550123")]
        )
    async with database.read() as session:
        assert await contacts.find_contacts_by_e164(session, "mueller", "+4930123456") == []
        assert len(await contacts.find_contacts_by_e164(session, "mueller", "+491715550123")) == 1
    async with database.transaction() as session:
        await contacts.upsert_contact(
            session, "mueller", "WEB01", name="Weber, Anna", deleted=True, phones=[contacts.PhoneInput("0171 5550123")]
        )
    async with database.read() as session:
        assert await contacts.find_contacts_by_e164(session, "mueller", "+491715550123") == []


async def test_trade_connection_tokens_are_encrypted_and_compare_and_swap(database: Database) -> None:
    await two_businesses(database)
    box = SecretBox([generate_key()])
    async with database.transaction() as session:
        version = await trade_connections.configure_connection(
            session, "mueller", kind="kwp", base_url="https://kwp.example", firm_code="MUELLER"
        )
    first = trade_connections.TradeTokens("access-1", "refresh-1", datetime.now(UTC) + timedelta(hours=1), ["addresses:read"])
    second = trade_connections.TradeTokens("access-2", "refresh-2", None)
    async with database.transaction() as session:
        assert await trade_connections.save_tokens(session, box, "mueller", first, expected_version=version)
    async with database.transaction() as session:  # a worker that read the old version loses
        assert not await trade_connections.save_tokens(session, box, "mueller", second, expected_version=version)
    async with database.read() as session:
        stored = await trade_connections.get_connection(session, box, "mueller")
        raw = await session.scalar(select(TradeConnection).where(TradeConnection.business_id == "mueller"))
        assert await trade_connections.get_connection(session, box, "huber") is None
    assert stored.tokens.access_token == "access-1" and stored.tokens.refresh_token == "refresh-1"
    assert stored.tokens.scopes == ["addresses:read"]
    assert stored.status is ConnectionStatus.CONNECTED and stored.version == version + 1
    assert "access-1" not in raw.access_token and "refresh-1" not in raw.refresh_token
    with pytest.raises(SecretError):
        async with database.read() as session:
            await trade_connections.get_connection(session, SecretBox([generate_key()]), "mueller")
    async with database.transaction() as session:
        assert await trade_connections.mark_reauth_required(session, "mueller", expected_version=stored.version)
    async with database.read() as session:
        after = await trade_connections.get_connection(session, box, "mueller")
    assert after.status is ConnectionStatus.REAUTH_REQUIRED and after.tokens is None


async def test_secrets_are_stored_encrypted_per_business(database: Database) -> None:
    await two_businesses(database)
    box = SecretBox([generate_key()])
    async with database.transaction() as session:
        await secrets.set_secret(session, box, "mueller", "smtp_password", "Sommer2024!")
        await secrets.set_secret(session, box, None, "twilio_auth_token", "tok")
        await secrets.set_secret(session, box, "mueller", "smtp_password", "Winter2025!")
    async with database.read() as session:
        assert await secrets.get_secret(session, box, "mueller", "smtp_password") == "Winter2025!"
        assert await secrets.get_secret(session, box, "huber", "smtp_password") is None
        assert await secrets.get_secret(session, box, None, "twilio_auth_token") == "tok"
        stored = list(await session.scalars(select(Secret.value)))
    assert len(stored) == 2 and all("Winter" not in v and v != "tok" for v in stored)
    async with database.transaction() as session:
        assert await secrets.delete_secret(session, "mueller", "smtp_password")
    async with database.read() as session:
        assert await secrets.get_secret(session, box, "mueller", "smtp_password") is None
