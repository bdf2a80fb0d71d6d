"""Repositories: scoping by business, the calls' one-hop statements (idempotent creation, turns by
request key, version checks), activities and their outbox rows, staff sync, contacts, trade CAS, secrets."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.db import Database
from zentrale.store.models import Call, ConnectionStatus, OutboxMessage, Secret, Speaker, TradeConnection, Turn, new_id
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories import activities, businesses, calls, contacts, secrets, trade_connections
from zentrale.store.secrets import SecretBox, SecretError, generate_key


def staff(id: str, name: str, **extra: object) -> SimpleNamespace:
    fields = {"mobile": None, "email": None, "trade_user": None, "teams": [], "role": None}
    fields.update(extra)
    return SimpleNamespace(id=id, name=name, **fields)


def config(business_id: str, name: str, *members: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(business=SimpleNamespace(id=business_id, name=name), staff=list(members))


async def upsert_contact(
    session: AsyncSession,
    business_id: str,
    code: str,
    *,
    name: str,
    phones: list[contacts.PhoneInput],
    country: str | None = None,
    deleted: bool = False,
) -> None:
    """One contact the way the address sync stores it (a batch of one, then its tombstone)."""
    contact = contacts.ContactInput(code, name, tuple(phones), country=country)
    await contacts.upsert_contacts(session, business_id, [contact], region="DE")
    if deleted:
        await contacts.mark_deleted(session, business_id, [code])


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


def business_config(business_id: str, *members: SimpleNamespace, trade: bool = False) -> SimpleNamespace:
    """What record_activity reads of a BusinessConfig."""
    by_id = {m.id: m for m in members}
    return SimpleNamespace(
        id=business_id,
        staff=list(members),
        integrations=SimpleNamespace(trade_system="kwp" if trade else None),
        staff_member=by_id.get,
        default_assignee=members[0] if members else None,
    )


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def new_call(business_id: str, call_sid: str, *, from_number: str | None = "+4930123456", now: datetime = NOW) -> dict:
    return calls.call_values(
        new_id(), business_id, call_sid, from_number=from_number, to_number="+4930555000", now=now, state={"step": "greet"}
    )


async def test_queries_never_cross_businesses(database: Database) -> None:
    await two_businesses(database)
    mueller, huber = business_config("mueller", staff("km", "Klaus Müller")), business_config("huber")
    a_call, b_call = new_call("mueller", "CA-a"), new_call("huber", "CA-b")
    await database.run_write(lambda conn: [calls.insert_call(conn, a_call), calls.insert_call(conn, b_call)])
    async with database.transaction() as session:
        a_act = await activities.record_activity(
            session, mueller, activities.ActivityDraft(type="Rückruf", subject="Rückruf Frau Weber", call_id=a_call["id"])
        )
        b_act = await activities.record_activity(
            session, huber, activities.ActivityDraft(type="Rückruf", subject="Rückruf Herr Brandl", call_id=b_call["id"])
        )
        for business_id, code in (("mueller", "WEB01"), ("huber", "BRA01")):
            await upsert_contact(session, business_id, code, name=code, phones=[contacts.PhoneInput("030 123456")])
        await secrets.set_secret(session, SecretBox([generate_key()]), "huber", "smtp_password", "geheim")

    async with database.read() as session:
        assert [a.id for a in await activities.list_activities(session, "mueller")] == [a_act.id]
        assert await activities.get_activity(session, "mueller", b_act.id) is None
        assert (await activities.for_call_sid(session, "mueller", "CA-a")).id == a_act.id
        assert await activities.for_call_sid(session, "mueller", "CA-b") is None
        assert [m.address_code for m in await contacts.match_callers(session, "mueller", "+4930123456")] == ["WEB01"]
        assert await contacts.get_contact(session, "mueller", "BRA01") is None
        assert await secrets.list_secret_names(session, "mueller") == []
    assert await database.run_read(lambda conn: activities.get_activity_in(conn, "huber", a_act.id)) is None
    assert [
        m.address_code for m in await database.run_read(lambda conn: contacts.match_callers_in(conn, "huber", "+4930123456"))
    ] == ["BRA01"]
    # A CallSid is Twilio's, unique across businesses: the call says whose it is, and a second
    # business can never take it over (the service compares business_id before it acts).
    assert not await database.run_write(lambda conn: calls.insert_call(conn, new_call("mueller", "CA-b")))
    row = await database.run_read(lambda conn: calls.read_call(conn, "CA-b", "voice"))
    assert (row.id, row.business_id) == (b_call["id"], "huber")


async def test_insert_call_is_idempotent_even_concurrently(database: Database) -> None:
    await two_businesses(database)

    async def create() -> bool:
        values = new_call("mueller", "CA123")
        return await database.run_write(lambda conn: calls.insert_call(conn, values))

    results = await asyncio.gather(create(), create())
    assert sorted(results) == [False, True]
    assert await create() is False
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Call)) == 1
    assert await database.run_read(calls.count_open_calls) == 1


async def test_turns_keep_the_answer_of_their_request_key(database: Database) -> None:
    """A retried webhook finds its key (``read_call(...).stored``); the newest answer is what the
    caller hears; fallback notes are numbered after the last turn and found by key."""
    await two_businesses(database)
    call = new_call("mueller", "CA1")
    greeting = calls.turn_values("mueller", call["id"], 1, Speaker.BOT, "Guten Tag!", "voice", "<Say>Guten Tag!</Say>", NOW)

    def start(conn: Connection) -> None:
        assert calls.insert_call(conn, call)
        calls.insert_turns(conn, [greeting])

    await database.run_write(start)
    row = await database.run_read(lambda conn: calls.read_call(conn, "CA1", "voice"))
    assert (row.version, row.state, row.finalized, row.stored) == (1, {"step": "greet"}, False, "<Say>Guten Tag!</Say>")
    assert (await database.run_read(lambda conn: calls.read_call(conn, "CA1", "gather:1"))).stored is None
    assert await database.run_read(lambda conn: calls.read_call(conn, "CA-unknown", "voice")) is None

    turns = [
        calls.turn_values("mueller", call["id"], 2, Speaker.CALLER, "Meine Heizung ist kalt.", "gather:1:caller", None, NOW),
        calls.turn_values("mueller", call["id"], 3, Speaker.BOT, "Das tut mir leid.", "gather:1", "<Say>leid</Say>", NOW),
    ]
    await database.run_write(lambda conn: calls.insert_turns(conn, turns))
    assert await database.run_read(lambda conn: calls.last_response(conn, call["id"])) == "<Say>leid</Say>"

    def note(conn: Connection, key: str, text: str) -> bool:
        locked = calls.lock_call(conn, "CA1")
        if calls.has_turn(conn, locked.id, key):
            return False
        seq = calls.next_seq(conn, locked.id)
        calls.insert_turns(conn, [calls.turn_values("mueller", locked.id, seq, Speaker.CALLER, text, key, None, NOW)])
        return True

    assert await database.run_write(lambda conn: note(conn, "fallback:1", "Bitte rufen Sie zurück."))
    assert not await database.run_write(lambda conn: note(conn, "fallback:1", "Bitte rufen Sie zurück."))
    async with database.read() as session:
        stored = list(await session.scalars(select(Turn).where(Turn.call_id == call["id"]).order_by(Turn.seq)))
    assert [(t.seq, t.speaker, t.request_key) for t in stored] == [
        (1, "bot", "voice"),
        (2, "caller", "gather:1:caller"),
        (3, "bot", "gather:1"),
        (4, "caller", "fallback:1"),
    ]
    final = await database.run_read(lambda conn: calls.read_for_finalize(conn, "CA1"))
    assert final.fallback_texts == ("Bitte rufen Sie zurück.",) and final.from_number == "+4930123456"


async def test_concurrent_notes_get_distinct_sequence_numbers(database: Database) -> None:
    await two_businesses(database)
    call = new_call("mueller", "CA2")
    await database.run_write(lambda conn: calls.insert_call(conn, call))

    async def append(n: int) -> None:
        def write(conn: Connection) -> None:
            locked = calls.lock_call(conn, "CA2")
            seq = calls.next_seq(conn, locked.id)
            calls.insert_turns(
                conn, [calls.turn_values("mueller", locked.id, seq, Speaker.CALLER, f"Satz {n}", f"k{n}", None, NOW)]
            )

        await database.run_write(write)

    await asyncio.gather(*(append(n) for n in range(5)))
    async with database.read() as session:
        assert sorted(await session.scalars(select(Turn.seq).where(Turn.call_id == call["id"]))) == [1, 2, 3, 4, 5]


async def test_call_writes_check_the_version_they_read(database: Database) -> None:
    """Two requests read version 1; the one that writes second changes nothing and learns it. A
    finalized call moves no more, and the watchdog only sees calls that are quiet and open."""
    await two_businesses(database)
    call = new_call("mueller", "CA3")
    await database.run_write(lambda conn: calls.insert_call(conn, call))
    later = NOW + timedelta(seconds=5)

    def advance(conn: Connection, version: int, step: str) -> bool:
        return calls.advance_call(conn, call["id"], version, {"step": step}, "rueckruf", later)

    assert await database.run_write(lambda conn: advance(conn, 1, "ask"))
    assert not await database.run_write(lambda conn: advance(conn, 1, "stale"))
    assert await database.run_write(lambda conn: calls.touch_call(conn, "CA3", later))
    assert [c.call_sid for c in await database.run_read(lambda conn: calls.quiet_calls(conn, later + timedelta(seconds=1)))] == [
        "CA3"
    ]
    assert await database.run_read(lambda conn: calls.quiet_calls(conn, later)) == []

    end = NOW + timedelta(minutes=2)
    final = calls.final_values(
        status="completed", now=end, summary="Rückruf erbeten", details={"task_id": "rueckruf"}, task_id="rueckruf"
    )
    assert not await database.run_write(lambda conn: calls.finalize_call(conn, call["id"], 1, final))
    assert await database.run_write(lambda conn: calls.finalize_call(conn, call["id"], 2, final))
    assert not await database.run_write(lambda conn: calls.finalize_call(conn, call["id"], 3, final))
    assert not await database.run_write(lambda conn: advance(conn, 3, "after"))
    assert not await database.run_write(lambda conn: calls.touch_call(conn, "CA3", end))
    async with database.read() as session:
        current = await session.get(Call, call["id"])
    assert (current.status, current.summary, current.version, current.dialogue_state, current.task_id) == (
        "completed",
        "Rückruf erbeten",
        3,
        {"step": "ask"},
        "rueckruf",
    )
    assert current.finalized_at == end and current.ended_at.tzinfo is not None
    row = await database.run_read(lambda conn: calls.read_for_finalize(conn, "CA3"))
    assert row.finalized and row.version == 3
    assert await database.run_read(calls.count_open_calls) == 0
    assert await database.run_read(lambda conn: calls.quiet_calls(conn, end + timedelta(hours=1))) == []


async def test_activities_record_queue_and_validate(database: Database) -> None:
    await two_businesses(database)
    due = datetime(2030, 1, 2, 9, 0, tzinfo=UTC)
    follow_up = datetime(2030, 1, 1, 8, 0, tzinfo=UTC)
    mueller = business_config("mueller", staff("km", "Klaus Müller"), staff("sb", "Sabine Berg"), trade=True)
    async with database.transaction() as session:
        first = await activities.record_activity(
            session,
            mueller,
            activities.ActivityDraft(
                type="Störung",
                subject="Heizung ausgefallen",
                text="Therme zeigt F28",
                priority="urgent",
                assignee="sb",
                due_at=due,
                follow_up_at=follow_up,
            ),
        )
        second = await activities.record_activity(session, mueller, activities.ActivityDraft(type="Rückruf", subject="Rückruf"))
    assert await database.run_write(lambda conn: activities.mark_dead_in(conn, "mueller", first.id, "HTTP 422"))
    assert not await database.run_write(lambda conn: activities.mark_dead_in(conn, "huber", second.id, "HTTP 422"))
    async with database.read() as session:
        dead = await activities.list_by_delivery_status(session, "mueller", "dead")
        assert [(a.subject, a.priority, a.assignee, a.due_at, a.delivery_error) for a in dead] == [
            ("Heizung ausgefallen", "urgent", "sb", due, "HTTP 422")
        ]
        pending = await activities.list_by_delivery_status(session, "mueller", "pending")
        assert [(a.subject, a.assignee, a.priority) for a in pending] == [("Rückruf", "km", "normal")]  # the default assignee
        queued = [
            (m.kind, m.dedupe_key, m.available_at)
            for m in await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]
    assert queued == [
        (OutboxKind.TRADE_ACTIVITY_CREATE, first.id, queued[0][2]),
        (OutboxKind.NOTIFY_ACTIVITY, first.id, queued[1][2]),
        (OutboxKind.NOTIFY_FOLLOW_UP, f"{first.id}:{follow_up.isoformat()}", follow_up),
        (OutboxKind.TRADE_ACTIVITY_CREATE, second.id, queued[3][2]),
        (OutboxKind.NOTIFY_ACTIVITY, second.id, queued[4][2]),
    ]
    local, messages = activities.activity_values(
        business_config("huber"), activities.ActivityDraft(type="Rückruf", subject="Rückruf"), now=NOW
    )
    assert (local["delivery_status"], local["assignee"], local["created_at"]) == ("local", None, NOW)
    assert [m["kind"] for m in messages] == [OutboxKind.NOTIFY_ACTIVITY]  # no trade software: nothing to deliver
    with pytest.raises(ValueError, match="80"):
        activities.activity_values(mueller, activities.ActivityDraft(type="Rückruf", subject="x" * 81))
    with pytest.raises(ValueError):
        activities.activity_values(mueller, activities.ActivityDraft(type="Rückruf", subject="ok", priority="sofort"))
    with pytest.raises(ValueError, match="unknown staff id 'xx'"):
        activities.activity_values(mueller, activities.ActivityDraft(type="Rückruf", subject="ok", assignee="xx"))


async def test_contacts_upsert_replaces_phones_and_finds_by_e164(database: Database) -> None:
    await two_businesses(database)
    async with database.transaction() as session:
        await upsert_contact(
            session,
            "mueller",
            "WEB01",
            name="Weber, Anna",
            phones=[contacts.PhoneInput("030 / 12 34 56", "landline"), contacts.PhoneInput("0171-5550123", "mobile", True)],
        )
        await upsert_contact(session, "mueller", "GRU01", name="Gruber", country="AT", phones=[contacts.PhoneInput("01 5550123")])
        await upsert_contact(session, "mueller", "XX01", name="Ohne", phones=[contacts.PhoneInput("bitte anrufen")])
    async with database.read() as session:
        assert [m.address_code for m in await contacts.match_callers(session, "mueller", "+4930123456")] == ["WEB01"]
        assert [m.address_code for m in await contacts.match_callers(session, "mueller", "+4315550123")] == ["GRU01"]
        weber = await contacts.get_contact(session, "mueller", "WEB01")
        phones = await contacts.list_phones(session, "mueller", weber.id)
        assert [(p.e164, p.kind, p.sms_consent) for p in phones] == [
            ("+4930123456", "landline", False),
            ("+491715550123", "mobile", True),
        ]
        odd = await contacts.get_contact(session, "mueller", "XX01")
        assert [(p.raw, p.e164) for p in await contacts.list_phones(session, "mueller", odd.id)] == [("bitte anrufen", None)]
    async with database.transaction() as session:  # new sync: landline gone, contact deleted later
        await upsert_contact(session, "mueller", "WEB01", name="Weber, Anna", phones=[contacts.PhoneInput("0171 5550123")])
    async with database.read() as session:
        assert await contacts.match_callers(session, "mueller", "+4930123456") == []
        assert len(await contacts.match_callers(session, "mueller", "+491715550123")) == 1
    async with database.transaction() as session:
        await upsert_contact(
            session, "mueller", "WEB01", name="Weber, Anna", deleted=True, phones=[contacts.PhoneInput("0171 5550123")]
        )
    async with database.read() as session:
        assert await contacts.match_callers(session, "mueller", "+491715550123") == []


async def test_caller_matches_name_each_contact_once(database: Database) -> None:
    """The greeting and the lookup page share one rule: one entry per contact, its first spelling."""
    await two_businesses(database)
    async with database.transaction() as session:
        await upsert_contact(
            session,
            "mueller",
            "FAM01",
            name="Familie Weber",
            phones=[contacts.PhoneInput("030 123456", "landline"), contacts.PhoneInput("+49 30 123456", "mobile")],
        )
        await upsert_contact(session, "mueller", "WEB02", name="Weber, Jonas", phones=[contacts.PhoneInput("030-123456")])
        await upsert_contact(session, "mueller", "FAX01", name="Fax", phones=[contacts.PhoneInput("030 123456", "fax")])
    async with database.read() as session:
        every = await contacts.match_phone(session, "mueller", "+4930123456")
        once = await contacts.match_callers(session, "mueller", "+4930123456")
    assert [m.address_code for m in every] == ["FAM01", "FAM01", "WEB02"]
    assert [(m.address_code, m.raw) for m in once] == [("FAM01", "030 123456"), ("WEB02", "030-123456")]
    assert await database.run_read(lambda conn: contacts.match_callers_in(conn, "mueller", "+4930123456")) == once
    assert await database.run_read(lambda conn: contacts.match_callers_in(conn, "mueller", "+4930999999")) == []


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
