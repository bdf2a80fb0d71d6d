"""The audit log: the repository on SQLite and PostgreSQL (scoped by business, newest first, part
of the caller's transaction, no personal data in the details), and one entry with the person for
every admin action - invite (page and command), block, unblock, access expiry set and cleared,
a role change seen by the YAML mirror - shown on the admin pages in the business's time zone."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from alembic import command
from sqlalchemy import func, select

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.migrate import alembic_config, head_revision, upgrade
from zentrale.store.models import AuditEntry, Secret
from zentrale.store.repositories import audit
from zentrale.store.repositories import secrets as secret_repo
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key
from zentrale.web import auth, inbox
from zentrale.web.admin import trade as admin_trade

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
PASSWORD = "Verwaltung-2025!"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def installation():
    return load_config(EXAMPLES_DIR, {})


async def sync_all(database, installation) -> None:
    async with database.transaction() as session:
        for business in installation.businesses:
            await sync_business(session, business)


async def all_entries(database, business_id: str = "heizung-mueller") -> list[AuditEntry]:
    async with database.read() as session:
        return list(
            await session.scalars(select(AuditEntry).where(AuditEntry.business_id == business_id).order_by(AuditEntry.id))
        )


# ----------------------------------------------------------------------------- the repository


async def test_record_and_list_recent_are_scoped_newest_first(database, installation):
    await sync_all(database, installation)
    async with database.transaction() as session:
        for minute in range(3):
            await audit.record(
                session,
                "heizung-mueller",
                "km",
                audit.AuditAction.STAFF_BLOCKED,
                subject="tw",
                now=START + timedelta(minutes=minute),
            )
        await audit.record(session, "rauchfangkehrer-huber", "mh", audit.AuditAction.STAFF_INVITED, subject="ls", now=START)
        await audit.record(
            session,
            "heizung-mueller",
            "sb",
            audit.AuditAction.ACCESS_EXPIRY_SET,
            subject="ay",
            details={"until": "2025-03-31"},
            now=START + timedelta(minutes=5),
        )
    async with database.read() as session:
        recent = await audit.list_recent(session, "heizung-mueller")
        two = await audit.list_recent(session, "heizung-mueller", limit=2)
        huber = await audit.list_recent(session, "rauchfangkehrer-huber")
    assert [(e.actor, e.action) for e in recent] == [("sb", "access_expiry_set")] + [("km", "staff_blocked")] * 3
    assert [e.created_at for e in recent] == sorted((e.created_at for e in recent), reverse=True)
    assert recent[0].created_at == START + timedelta(minutes=5) and recent[0].details == {"until": "2025-03-31"}
    assert len(two) == 2
    assert [(e.actor, e.subject) for e in huber] == [("mh", "ls")]


async def test_record_is_part_of_the_callers_transaction(database, installation):
    await sync_all(database, installation)
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            await audit.record(session, "heizung-mueller", "km", audit.AuditAction.STAFF_UNBLOCKED, subject="tw")
            raise RuntimeError("the action failed")
    assert await all_entries(database) == []  # rolled back with the action: never committed on its own


async def test_record_refuses_personal_details_and_unknown_actions(database, installation):
    await sync_all(database, installation)
    async with database.transaction() as session:
        with pytest.raises(ValueError, match="mobile"):
            await audit.record(
                session, "heizung-mueller", "km", audit.AuditAction.STAFF_INVITED, details={"mobile": "+491715550103"}
            )
        with pytest.raises(ValueError):
            await audit.record(session, "heizung-mueller", "km", "password_changed")
        with pytest.raises(ValueError):
            await audit.record(session, "heizung-mueller", "", audit.AuditAction.STAFF_INVITED)
    assert await all_entries(database) == []


async def test_a_role_change_in_the_yaml_is_recorded_by_the_mirror(database, installation):
    await sync_all(database, installation)
    await sync_all(database, installation)  # nothing changed: nothing recorded
    assert await all_entries(database) == []
    business = installation.business("heizung-mueller")

    def with_role(key: str, role: str | None) -> SimpleNamespace:
        staff = [
            SimpleNamespace(**{**member.model_dump(), "role": role if member.id == key else member.role})
            for member in business.staff
        ]
        return SimpleNamespace(id=business.id, business=business.business, staff=staff)

    async with database.transaction() as session:
        await sync_business(session, with_role("tw", "admin"))
    async with database.transaction() as session:
        await sync_business(session, with_role("tw", "admin"))  # already mirrored
    async with database.transaction() as session:
        await sync_business(session, business)  # back to the YAML's staff
    found = await all_entries(database)
    assert [(e.actor, e.action, e.subject, e.details) for e in found] == [
        ("config", "role_changed", "tw", {"from": "staff", "to": "admin"}),
        ("config", "role_changed", "tw", {"from": "admin", "to": "staff"}),
    ]


async def test_the_migration_forgets_the_retired_admin_token(database):
    key = generate_key()
    async with database.write_engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.downgrade(alembic_config(sync_conn), "0004"))
    async with database.transaction() as session:
        await secret_repo.set_secret(session, SecretBox([key]), None, "admin_token", "old-shared-token")
    assert await upgrade(database) == head_revision()
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Secret).where(Secret.name == "admin_token")) == 0


# ----------------------------------------------------------------------------- every admin action


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
async def client(database, aiohttp_client, installation, tmp_path):
    settings = Settings(var_dir=tmp_path, public_url="http://zentrale.test", secret_key=generate_key())
    app = create_app(settings, installation, database=database, extensions=(inbox.install, admin_trade.install))
    clock = Clock()
    app[CLOCK] = clock
    client = await aiohttp_client(app)
    client.clock = clock
    return client


async def log_in(client, database, installation, staff_key: str) -> None:
    token = await auth.invite(database, installation.business("heizung-mueller"), staff_key, now=client.clock())
    async with client.get(f"/inbox/invite/{token}") as response:
        page = await response.text()
    response = await client.post(
        f"/inbox/invite/{token}", data={"csrf": csrf_of(page), "passwort": PASSWORD, "passwort2": PASSWORD}, allow_redirects=False
    )
    assert response.status == 303


async def test_every_staff_admin_action_leaves_its_entry_with_the_person(client, database, installation):
    await log_in(client, database, installation, "sb")  # a command invited Sabine: actor cli
    async with client.get("/inbox/admin") as response:
        page = await response.text()
    csrf = csrf_of(page)
    client.clock.now = START + timedelta(minutes=1)
    invite = await client.post("/inbox/admin/staff/tw/invite", data={"csrf": csrf})
    assert invite.status == 200
    client.clock.now = START + timedelta(minutes=2)
    await client.post("/inbox/admin/staff/tw/block", data={"csrf": csrf, "sperren": "1"})
    client.clock.now = START + timedelta(minutes=3)
    await client.post("/inbox/admin/staff/tw/block", data={"csrf": csrf, "sperren": "0"})
    client.clock.now = START + timedelta(minutes=4)
    await client.post("/inbox/admin/staff/tw/expiry", data={"csrf": csrf, "bis": "2025-03-31"})
    client.clock.now = START + timedelta(minutes=5)
    response = await client.post("/inbox/admin/staff/tw/expiry", data={"csrf": csrf, "bis": ""})
    page = await response.text()

    # refused actions change nothing and leave no entry
    assert (await client.post("/inbox/admin/staff/tw/block", data={"csrf": "falsch", "sperren": "1"})).status == 403
    assert (await client.post("/inbox/admin/staff/km/block", data={"csrf": csrf, "sperren": "1"})).status == 400

    found = await all_entries(database)
    assert [(e.actor, e.action, e.subject, e.created_at) for e in found] == [
        ("cli", "staff_invited", "sb", START),
        ("sb", "staff_invited", "tw", START + timedelta(minutes=1)),
        ("sb", "staff_blocked", "tw", START + timedelta(minutes=2)),
        ("sb", "staff_unblocked", "tw", START + timedelta(minutes=3)),
        ("sb", "access_expiry_set", "tw", START + timedelta(minutes=4)),
        ("sb", "access_expiry_cleared", "tw", START + timedelta(minutes=5)),
    ]
    assert found[4].details == {"until": "2025-03-31"}
    for entry in found:  # no phone number, no password, no token
        shown = str(entry.details)
        assert "+49" not in shown and PASSWORD not in shown and "invite/" not in shown

    # the staff admin page and the trade admin page show them, in Berlin time, in German
    for path in ("/inbox/admin", "/admin/trade"):
        async with client.get(path) as response:
            assert response.status == 200
            page = await response.text()
        assert "Protokoll" in page
        assert '10.03.2025 10:05</time> · <span class="who">Sabine Berger</span>: ' in page
        for text in (
            "Befristung des Zugangs von Tobias Wagner aufgehoben",
            "Zugang von Tobias Wagner befristet bis 31.03.2025",
            "Zugang von Tobias Wagner entsperrt",
            "Zugang von Tobias Wagner gesperrt",
            "Tobias Wagner eingeladen",
            'Kommandozeile</span>: <span class="what">Sabine Berger eingeladen',
        ):
            assert text in page, text


def test_the_invite_command_records_cli(database_url, tmp_path, capsys, run_async, installation):
    from zentrale.cli.staff import register
    from zentrale.store.db import Database

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["staff", "invite", "--config", str(EXAMPLES_DIR), "--business", "heizung-mueller", "--staff", "ay"])
    args.settings = Settings(var_dir=tmp_path, database_url=database_url, public_url="https://zentrale.example/")
    assert args.func(args) == 0
    assert "/inbox/invite/" in capsys.readouterr().out

    async def entries():
        db = Database(database_url)
        try:
            return [(e.actor, e.action, e.subject) for e in await all_entries(db)]
        finally:
            await db.dispose()

    assert run_async(entries) == [("cli", "staff_invited", "ay")]
