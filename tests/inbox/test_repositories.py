"""The inbox on SQLite and PostgreSQL: who sees what, filters and order (the store's queries), and
the rules of working an activity with the outbox rows every change writes (services.activities,
which also offers the queries: the pages use that one module)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from zentrale.services import activities as repo
from zentrale.store.models import Activity, Invitation, Notification, OutboxMessage, WebSession
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories import staff_accounts as accounts
from zentrale.web import auth

from .conftest import START, make_activity, seed, sync_all


def viewer(business, key):
    return auth.viewer_for(business, key)


async def subjects(db, who, filters=None):
    async with db.read() as session:
        return [row.activity.subject for row in await repo.list_activities(session, who, filters or repo.InboxFilter())]


async def outbox_kinds(db, business_id):
    async with db.read() as session:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.payload, OutboxMessage.dedupe_key, OutboxMessage.available_at)
            .where(OutboxMessage.business_id == business_id)
            .order_by(OutboxMessage.id)
        )
        return [tuple(r) for r in rows]


async def test_staff_see_only_their_own_and_their_teams_activities(database, installation, mueller, huber):
    s = await seed(database, installation)
    tw, jk, sb, km = (viewer(mueller, k) for k in ("tw", "jk", "sb", "km"))
    assert await subjects(database, tw) == ["Störung: Hans Schulz", "Rückruf: Erika Mustermann"]
    # jk is in team monteure but nothing is assigned to jk personally: never tw's own activity
    assert await subjects(database, jk) == ["Störung: Hans Schulz"]
    everything = await subjects(database, km)
    assert len(everything) == 5 and "Kehrtermin: Alois Gruber" not in everything  # never another business
    assert await subjects(database, sb) == everything  # admin sees all of the business
    async with database.read() as session:
        assert await repo.get_visible(session, jk, s.ids["tw_own"]) is None
        assert await repo.get_visible(session, tw, s.ids["tw_own"]) is not None
        assert await repo.get_visible(session, km, s.ids["huber_tw"]) is None  # the owner of ANOTHER business
        assert await repo.get_detail(session, jk, s.ids["tw_own"]) is None
        assert (await repo.get_detail(session, viewer(huber, "fh"), s.ids["huber_tw"])).caller_name == "Alois Gruber"
    with pytest.raises(LookupError):
        async with database.transaction() as session:
            await repo.set_done(session, jk, mueller, s.ids["tw_own"], True)
    async with database.read() as session:
        assert (await session.get(Activity, s.ids["tw_own"])).status == "open"


async def test_order_is_open_urgent_then_high_then_newest(database, installation, mueller):
    await seed(database, installation)
    km = viewer(mueller, "km")
    assert await subjects(database, km) == [
        "Notdienst: Gasgeruch Weg 5",  # urgent, oldest
        "Störung: Hans Schulz",  # high
        "Angebot: Lisa Sommer",  # then newest first
        "Rechnung: Petra Klein",
        "Rückruf: Erika Mustermann",
    ]


async def test_filters_mine_teams_open_type_and_search(database, installation, mueller):
    s = await seed(database, installation)
    tw, km = viewer(mueller, "tw"), viewer(mueller, "km")
    assert await subjects(database, tw, repo.InboxFilter(mine=True)) == ["Rückruf: Erika Mustermann"]
    assert await subjects(database, tw, repo.InboxFilter(my_teams=True)) == ["Störung: Hans Schulz"]
    assert await subjects(database, km, repo.InboxFilter(my_teams=True)) == ["Angebot: Lisa Sommer"]
    assert await subjects(database, km, repo.InboxFilter(type="Rechnung")) == ["Rechnung: Petra Klein"]
    assert await subjects(database, km, repo.InboxFilter(search="lisa")) == ["Angebot: Lisa Sommer"]
    assert await subjects(database, km, repo.InboxFilter(search="100%")) == []  # % is a character, not a wildcard
    async with database.transaction() as session:
        await repo.set_done(session, km, mueller, s.ids["buero_new"], True, now=START)
    assert "Angebot: Lisa Sommer" not in await subjects(database, km, repo.InboxFilter(open_only=True))
    async with database.read() as session:
        assert await repo.activity_types(session, tw) == ["Rückruf", "Störung"]


async def test_done_and_undone_record_who_and_queue_a_trade_update(database, installation, mueller):
    s = await seed(database, installation)
    tw = viewer(mueller, "tw")
    async with database.transaction() as session:
        await repo.set_done(session, tw, mueller, s.ids["tw_own"], True, now=START + timedelta(hours=1))
    async with database.read() as session:
        row = await session.get(Activity, s.ids["tw_own"])
        assert (row.status, row.done_by, row.done_at) == ("done", "tw", START + timedelta(hours=1))
    async with database.transaction() as session:
        await repo.set_done(session, tw, mueller, s.ids["tw_own"], True)  # no change: nothing queued
        await repo.set_done(session, tw, mueller, s.ids["tw_own"], False)
    async with database.read() as session:
        row = await session.get(Activity, s.ids["tw_own"])
        assert (row.status, row.done_by, row.done_at) == ("open", None, None)
    updates = [r for r in await outbox_kinds(database, mueller.id) if r[0] == OutboxKind.TRADE_ACTIVITY_UPDATE]
    assert [r[1] for r in updates] == [{"activity_id": s.ids["tw_own"]}] * 2
    assert len({r[2] for r in updates}) == 2 and all(r[2].startswith(s.ids["tw_own"] + ":") for r in updates)


async def test_without_trade_software_changes_queue_no_trade_update(database, installation, huber):
    s = await seed(database, installation)
    fh = viewer(huber, "fh")
    async with database.transaction() as session:
        await repo.set_done(session, fh, huber, s.ids["huber_tw"], True)
        await repo.delegate(session, fh, huber, s.ids["huber_tw"], team="gesellen")
        with pytest.raises(repo.InboxError, match="Ohne Handwerkersoftware"):
            await repo.request_order(session, fh, huber, s.ids["huber_tw"])
    kinds = {r[0] for r in await outbox_kinds(database, huber.id)}
    assert kinds == {"notify.activity"}


async def test_delegate_priority_follow_up_and_convert(database, installation, mueller):
    s = await seed(database, installation)
    sb = viewer(mueller, "sb")
    activity_id = s.ids["tw_own"]
    when = START + timedelta(days=1)
    async with database.transaction() as session:
        await repo.delegate(session, sb, mueller, activity_id, team="monteure")
        await repo.set_priority(session, sb, mueller, activity_id, "urgent")
        await repo.set_follow_up(session, sb, mueller, activity_id, when, now=START)
        await repo.request_order(session, sb, mueller, activity_id)
        await repo.request_order(session, sb, mueller, activity_id)  # twice: one message
        with pytest.raises(repo.InboxError):
            await repo.delegate(session, sb, mueller, activity_id, assignee="nobody")
        with pytest.raises(repo.InboxError):
            await repo.set_priority(session, sb, mueller, activity_id, "sofort")
    async with database.read() as session:
        row = await session.get(Activity, activity_id)
        assert (row.assignee, row.team, row.priority, row.follow_up_at) == (None, "monteure", "urgent", when)
        assert await repo.order_requested(session, mueller.id, activity_id)
    rows = await outbox_kinds(database, mueller.id)
    follow = [r for r in rows if r[0] == "notify.follow_up"]
    assert follow == [
        (
            "notify.follow_up",
            {"activity_id": activity_id, "follow_up_at": when.isoformat()},
            f"{activity_id}:{when.isoformat()}",
            when,
        )
    ]
    assert [r[2] for r in rows if r[0] == OutboxKind.TRADE_ACTIVITY_CONVERT] == [activity_id]
    assert len([r for r in rows if r[0] == OutboxKind.TRADE_ACTIVITY_UPDATE]) == 3
    # tw lost the activity to the team monteure, of which tw is a member: still visible
    async with database.read() as session:
        assert await repo.get_visible(session, viewer(mueller, "tw"), activity_id) is not None
        assert await repo.get_visible(session, viewer(mueller, "sb"), activity_id) is not None


async def test_reply_sms_once_to_the_callers_mobile(database, installation, mueller):
    s = await seed(database, installation)
    tw = viewer(mueller, "tw")
    with pytest.raises(repo.InboxError, match="zu lang"):
        async with database.transaction() as session:
            await repo.reply_by_sms(session, tw, mueller, s.ids["tw_own"], "x" * 307)
    async with database.transaction() as session:
        note = await repo.reply_by_sms(session, tw, mueller, s.ids["tw_own"], "Wir kommen morgen um 9 Uhr.")
        note_id = note.id
    with pytest.raises(repo.InboxError, match="schon"):
        async with database.transaction() as session:
            await repo.reply_by_sms(session, tw, mueller, s.ids["tw_own"], "Noch eine")
    async with database.read() as session:
        notes = list(await session.scalars(select(Notification).where(Notification.business_id == mueller.id)))
        assert [(n.kind, n.channel, n.staff_key, n.recipient, n.status) for n in notes] == [
            ("reply", "sms", None, "+491701234567", "pending")
        ]
        detail = await repo.get_detail(session, tw, s.ids["tw_own"])
        assert detail.reply.body == "Wir kommen morgen um 9 Uhr."
    replies = [r for r in await outbox_kinds(database, mueller.id) if r[0] == OutboxKind.SMS_REPLY]
    assert replies[0][1] == {"activity_id": s.ids["tw_own"], "notification_id": note_id}


async def test_reply_needs_a_mobile_number(database, installation, mueller):
    await sync_all(database, installation)
    landline = await make_activity(database, mueller, subject="Rückruf: Festnetz", assignee="tw", from_number="+4930555123")
    async with database.read() as session:
        detail = await repo.get_detail(session, viewer(mueller, "tw"), landline)
        assert repo.reply_number(detail.call) is None
    with pytest.raises(repo.InboxError, match="Handynummer"):
        async with database.transaction() as session:
            await repo.reply_by_sms(session, viewer(mueller, "tw"), mueller, landline, "Hallo")


async def test_invitations_accounts_and_sessions(database, installation, mueller):
    await sync_all(database, installation)
    token = await auth.invite(database, mueller, "tw", now=START)
    second = await auth.invite(database, mueller, "tw", now=START + timedelta(minutes=1))
    async with database.read() as session:
        stored = list(await session.scalars(select(Invitation.token_hash)))
        assert token not in str(stored) and auth.token_hash(token) in stored
        first = await accounts.find_invitation(session, auth.token_hash(token))
        assert not accounts.invitation_usable(first, START + timedelta(minutes=2))  # replaced by the second
        newer = await accounts.find_invitation(session, auth.token_hash(second))
        assert accounts.invitation_usable(newer, START + timedelta(days=6, hours=23))
        assert not accounts.invitation_usable(newer, START + timedelta(days=7, minutes=2))
        account = await accounts.get_account(session, mueller.id, "tw")
        assert accounts.account_state(account, START) == accounts.AccountState.INVITED and account.role == "staff"
    async with database.transaction() as session:
        invitation = await accounts.find_invitation(session, auth.token_hash(second), lock=True)
        await accounts.use_invitation(session, invitation, auth.hash_password("sehr-geheim-123"), now=START)
    with pytest.raises(LookupError):
        async with database.transaction() as session:
            invitation = await accounts.find_invitation(session, auth.token_hash(second))
            await accounts.use_invitation(session, invitation, auth.hash_password("nochmal-123456"), now=START)
    result = await auth.login(
        database, installation, "TOBIAS@heizung-mueller.example", "sehr-geheim-123", business_id=None, now=START
    )
    assert result.token and result.error is None
    assert (await auth.current(database, installation, result.token, now=START)).viewer.staff_key == "tw"
    async with database.read() as session:
        assert auth.token_hash(result.token) in [r.token_hash for r in await session.scalars(select(WebSession))]
    # sliding expiry: still valid after 29 days of use, gone 30 days after the last use
    assert await auth.current(database, installation, result.token, now=START + timedelta(days=29)) is not None
    assert await auth.current(database, installation, result.token, now=START + timedelta(days=58)) is not None
    assert await auth.current(database, installation, result.token, now=START + timedelta(days=89)) is None
    # blocking ends sessions and refuses the login
    again = await auth.login(database, installation, "tw", "sehr-geheim-123", business_id="heizung-mueller", now=START)
    async with database.transaction() as session:
        await accounts.set_blocked(session, mueller.id, "tw", True)
    assert await auth.current(database, installation, again.token, now=START) is None
    assert (await auth.login(database, installation, "tw", "sehr-geheim-123", business_id=None, now=START)).error == auth.BLOCKED
    assert (
        await auth.login(database, installation, "tw", "falsch-falsch", business_id=None, now=START)
    ).error == auth.LOGIN_FAILED


def test_password_hash_is_salted_scrypt_and_checked():
    one, two = auth.hash_password("korrekt-pferd"), auth.hash_password("korrekt-pferd")
    assert one != two and one.startswith("scrypt$16384$8$1$") and "korrekt" not in one
    assert auth.verify_password("korrekt-pferd", one) and not auth.verify_password("korrekt-pferD", one)
    assert not auth.verify_password("x", None) and not auth.verify_password("x", "md5$abc")
    assert auth.password_problem("kurz", "kurz") == "Das Passwort muss mindestens 10 Zeichen lang sein."
    assert auth.password_problem("lang-genug-1", "lang-genug-2") == "Die beiden Passwörter stimmen nicht überein."
    assert auth.parse_expiry("30m") == timedelta(minutes=30) and auth.parse_expiry("12h") == timedelta(hours=12)
    with pytest.raises(ValueError):
        auth.parse_expiry("7 Tage")
