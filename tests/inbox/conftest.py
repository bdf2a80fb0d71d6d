"""Fixtures for the inbox: the example installation (heizung-mueller with a trade software,
rauchfangkehrer-huber without), a controllable clock, and activities made the way calls make them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.store.models import Speaker, new_id
from zentrale.store.repositories import calls
from zentrale.store.repositories.activities import ActivityDraft, record_activity
from zentrale.store.repositories.businesses import sync_business

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # a Monday morning
_sids = itertools.count(1)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def installation() -> Any:
    return load_config(EXAMPLES_DIR, {})


@pytest.fixture
def mueller(installation: Any) -> Any:
    return installation.business("heizung-mueller")


@pytest.fixture
def huber(installation: Any) -> Any:
    return installation.business("rauchfangkehrer-huber")


async def sync_all(db: Any, installation: Any) -> None:
    async with db.transaction() as session:
        for business in installation.businesses:
            await sync_business(session, business)


async def make_activity(
    db: Any,
    business: Any,
    *,
    subject: str,
    type: str = "Rückruf",
    assignee: str | None = None,
    team: str | None = None,
    priority: str = "normal",
    created_at: datetime | None = None,
    from_number: str | None = "+491701234567",
    caller_name: str | None = "Erika Mustermann",
    turns: tuple[tuple[str, str], ...] = (("bot", "Wie kann ich helfen?"), ("caller", "Bitte um Rückruf.")),
    task_id: str | None = "rueckruf",
    summary: str | None = "Bitte um Rückruf wegen der Wartung.",
    slots: dict[str, Any] | None = None,
) -> str:
    """An activity with its call (turns, slots, summary), created through the store's own functions."""
    at = created_at or START
    call_id = new_id()
    call = calls.call_values(
        call_id,
        business.id,
        f"CA{next(_sids):032d}",
        from_number=from_number,
        to_number=business.business.phone_numbers[0],
        now=at,
    )
    details = {
        "status": "completed",
        "duration_seconds": 95,
        "task_id": task_id,
        "end_reason": "done",
        "slots": slots
        if slots is not None
        else ({"caller_name": {"value": caller_name, "normalized": caller_name}} if caller_name else {}),
    }
    call.update(
        calls.final_values(status="completed", now=at + timedelta(seconds=95), summary=summary, details=details, task_id=task_id)
    )
    rows = [
        calls.turn_values(business.id, call_id, seq, Speaker(speaker), text, None, None, at)
        for seq, (speaker, text) in enumerate(turns, 1)
    ]

    def write(conn: Any) -> None:
        calls.insert_call(conn, call)
        if rows:
            calls.insert_turns(conn, rows)

    await db.run_write(write)
    async with db.transaction() as session:
        activity = await record_activity(
            session,
            business,
            ActivityDraft(
                type=type,
                subject=subject,
                text="- Name: x",
                call_id=call_id,
                task_id=task_id,
                assignee=assignee,
                team=team,
                priority=priority,
            ),
        )
        if created_at is not None:
            activity.created_at = created_at
            activity.updated_at = created_at
        await session.flush()
        return activity.id


@dataclass
class Seeded:
    ids: dict[str, str] = field(default_factory=dict)


async def seed(db: Any, installation: Any) -> Seeded:
    """A small mixed inbox for heizung-mueller and one activity of rauchfangkehrer-huber."""
    await sync_all(db, installation)
    mueller = installation.business("heizung-mueller")
    huber = installation.business("rauchfangkehrer-huber")
    s = Seeded()
    t = START
    s.ids["tw_own"] = await make_activity(
        db, mueller, subject="Rückruf: Erika Mustermann", assignee="tw", created_at=t + timedelta(minutes=1)
    )
    s.ids["monteure_high"] = await make_activity(
        db,
        mueller,
        subject="Störung: Hans Schulz",
        type="Störung",
        team="monteure",
        priority="high",
        created_at=t + timedelta(minutes=2),
        task_id="stoerung",
        caller_name="Hans Schulz",
    )
    s.ids["sb_low"] = await make_activity(
        db,
        mueller,
        subject="Rechnung: Petra Klein",
        type="Rechnung",
        assignee="sb",
        priority="low",
        created_at=t + timedelta(minutes=3),
        task_id="rechnung",
        caller_name="Petra Klein",
    )
    s.ids["km_urgent"] = await make_activity(
        db,
        mueller,
        subject="Notdienst: Gasgeruch Weg 5",
        type="Notdienst",
        assignee="km",
        priority="urgent",
        created_at=t + timedelta(minutes=0),
        task_id="notfall",
        caller_name="Otto Weg",
    )
    s.ids["buero_new"] = await make_activity(
        db,
        mueller,
        subject="Angebot: Lisa Sommer",
        type="Angebot",
        team="buero",
        created_at=t + timedelta(minutes=4),
        task_id="angebot",
        caller_name="Lisa Sommer",
    )
    s.ids["huber_tw"] = await make_activity(
        db,
        huber,
        subject="Kehrtermin: Alois Gruber",
        type="Kehrtermin",
        assignee="ls",
        created_at=t + timedelta(minutes=5),
        task_id="kehrtermin",
        from_number="+436641234567",
        caller_name="Alois Gruber",
    )
    return s
