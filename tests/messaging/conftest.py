"""Fixtures for the messaging tests: a fake of Twilio's Messages API on a real port (Twilio's
wire protocol: form POST with Basic auth, JSON answers and error bodies), a real SMTP server
(aiosmtpd), a business with quiet hours, and a clock the tests move."""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import secrets
import socket
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.messaging.notify import messaging_handlers
from zentrale.integrations.messaging.settings import MessagingSettings
from zentrale.integrations.worker import OutboxWorker
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, Call, new_id
from zentrale.store.repositories.activities import ActivityDraft, activity_values
from zentrale.store.repositories.businesses import sync_business

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
SMS_FROM = "+4930555099"
PUBLIC_URL = "https://zentrale.example"

KM_MOBILE = "+491715550101"
TW_MOBILE = "+491715550103"
LANDLINE = "+4930555010"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- fake Twilio -------------------------------------------------------------------------------


@dataclass
class FakeTwilio:
    """Twilio's ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``.

    ``refuse[to] = (status, code, message)`` answers that error for a number; ``fail_next`` is a
    list of HTTP statuses (5xx) answered to the next requests before anything is stored."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    refuse: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    fail_next: list[int] = field(default_factory=list)
    fail_on: dict[int, int] = field(default_factory=dict)  # request number (1-based) -> HTTP status

    async def create(self, request: web.Request) -> web.Response:
        form = await request.post()
        header = request.headers.get("Authorization", "")
        auth = base64.b64decode(header[6:]).decode() if header.startswith("Basic ") else None
        record = {
            "account": request.match_info["account"],
            "auth": auth,
            "form": {k: str(v) for k, v in form.items()},
            "content_type": request.content_type,
        }
        self.requests.append(record)
        if auth != f"{ACCOUNT_SID}:{AUTH_TOKEN}" or request.match_info["account"] != ACCOUNT_SID:
            return self._error(401, 20003, "Authenticate")
        if self.fail_next or len(self.requests) in self.fail_on:
            status = self.fail_next.pop(0) if self.fail_next else self.fail_on[len(self.requests)]
            return self._error(status, 20500, "Internal Server Error")
        to = str(form.get("To") or "")
        if not to:
            return self._error(400, 21604, "A 'To' phone number is required.")
        if to in self.refuse:
            status, code, text = self.refuse[to]
            return self._error(status, code, text)
        sid = "SM" + secrets.token_hex(16)
        now = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        body = {
            "account_sid": ACCOUNT_SID,
            "api_version": "2010-04-01",
            "body": form.get("Body"),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}/Media.json"},
            "to": to,
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }
        self.messages.append({**record["form"], "sid": sid})
        return web.json_response(body, status=201)

    @staticmethod
    def _error(status: int, code: int, message: str) -> web.Response:
        return web.json_response(
            {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status},
            status=status,
        )


@pytest.fixture
async def fake_twilio() -> AsyncIterator[FakeTwilio]:
    fake = FakeTwilio()
    app = web.Application()
    app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", fake.create)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()


# -- SMTP ----------------------------------------------------------------------------------------


class Mailbox:
    """Collects what the SMTP server accepted; ``busy`` answers that many RCPTs with 451."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []
        self.busy = 0
        self.refused_rcpts = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.busy > 0:
            self.busy -= 1
            self.refused_rcpts += 1
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for _, rcpts, m in self.received if address in rcpts]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


# -- the business -----------------------------------------------------------------------------


def business_config(**business: Any) -> BusinessConfig:
    return BusinessConfig.model_validate(
        {
            "version": 1,
            "business": {
                "id": "heizung-test",
                "name": "Heizung Test GmbH",
                "region": "DE",
                "timezone": "Europe/Berlin",
                "phone_numbers": [SMS_FROM],
                "quiet_hours": "20:00-07:00",
                "opening_hours": {"mon-fri": "07:30-17:00"},
                **business,
            },
            "staff": [
                {"id": "km", "name": "Klaus Meister", "mobile": KM_MOBILE, "email": "km@heizung-test.de", "teams": ["buero"]},
                {"id": "tw", "name": "Tobias Wagner", "mobile": TW_MOBILE, "email": "tw@heizung-test.de", "teams": ["monteure"]},
                {"id": "jk", "name": "Jan Krüger", "mobile": TW_MOBILE.replace("103", "104"), "teams": ["monteure"]},
                {"id": "al", "name": "Anna Lange", "email": "al@heizung-test.de", "teams": ["buero"]},
                {"id": "fl", "name": "Frank Lehmann", "mobile": LANDLINE, "email": "fl@heizung-test.de"},
            ],
            "tasks": [
                {
                    "id": "stoerung",
                    "name": "Störung",
                    "description": "Eine Anlage ist ausgefallen.",
                    "actions": [
                        {"activity": {"assignee": "km"}},
                        {"notify": {"staff": "km", "via": ["sms", "email"]}},
                    ],
                },
                {"id": "rueckruf", "name": "Rückruf", "description": "Der Anrufer möchte zurückgerufen werden."},
                {
                    "id": "wartung",
                    "name": "Wartung",
                    "description": "Wartungstermin.",
                    "actions": [{"activity": {"team": "monteure"}}, {"notify": {"team": "monteure", "via": ["sms"]}}],
                },
                {
                    "id": "interessent",
                    "name": "Interessent",
                    "description": "Anfrage für ein Angebot.",
                    "actions": [
                        {"activity": {"assignee": "tw"}},
                        {"notify": {"staff": "tw", "via": ["sms"], "when": "business_hours"}},
                    ],
                },
            ],
        }
    )


class Clock:
    """A settable clock (UTC); with ``ticking`` it runs on in real time from the set moment."""

    def __init__(self, moment: datetime) -> None:
        self.now = moment
        self.ticking = False
        self._started = time.monotonic()

    def __call__(self) -> datetime:
        if self.ticking:
            return self.now + timedelta(seconds=time.monotonic() - self._started)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def berlin(text: str) -> datetime:
    """A Berlin wall-clock time in the future of the real clock (outbox rows written with the
    real time are then already due), as UTC."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)


@dataclass
class Setup:
    db: Database
    config: BusinessConfig
    installation: Installation
    settings: MessagingSettings
    clock: Clock
    twilio: FakeTwilio
    mailbox: Mailbox

    def worker(self, **kwargs: Any) -> OutboxWorker:
        handlers = messaging_handlers(self.db, self.installation, None, self.settings, clock=self.clock)
        return OutboxWorker(self.db, handlers=handlers, clock=self.clock, **kwargs)

    async def run(self, **kwargs: Any) -> Any:
        # The clock stands still: a retry would never come due, so a stuck run fails instead.
        return await asyncio.wait_for(self.worker(**kwargs).run_until_idle(horizon=3), timeout=20)

    async def activity(
        self,
        task_id: str,
        *,
        priority: str = "normal",
        summary: str = "Die Heizung ist ausgefallen, die Wohnung wird kalt.",
        caller_name: str | None = "Petra Schmidt",
        from_number: str = "+491605550177",
        assignee: str | None = None,
        team: str | None = None,
        follow_up_at: datetime | None = None,
    ) -> str:
        task = self.config.task(task_id)
        assert task is not None
        spec = next((a.activity for a in task.effective_actions(self.config) if a.activity is not None), None)
        now = self.clock()
        call_id = new_id()
        who = caller_name or from_number
        activity, messages = activity_values(
            self.config,
            ActivityDraft(
                type=task.name,
                subject=f"{task.name}: {who}"[:80],
                text=summary,
                call_id=call_id,
                task_id=task_id,
                assignee=assignee or (spec.assignee if spec else None),
                team=team or (spec.team if spec else None),
                priority=priority,
                follow_up_at=follow_up_at,
            ),
            now=now,
        )
        slots = {"caller_name": {"value": caller_name, "normalized": caller_name}} if caller_name else {}

        def write(conn: Any) -> None:
            conn.execute(
                Call.__table__.insert().values(
                    id=call_id,
                    business_id=self.config.id,
                    call_sid="CA" + secrets.token_hex(16),
                    from_number=from_number,
                    to_number=SMS_FROM,
                    status="completed",
                    started_at=now - timedelta(minutes=3),
                    ended_at=now,
                    summary=summary,
                    details={"slots": slots, "task_id": task_id},
                    dialogue_state={},
                    version=1,
                    last_event_at=now,
                    finalized_at=now,
                )
            )
            conn.execute(Activity.__table__.insert().values(**activity))
            for message in messages:
                conn.execute(outbox.insert_message(conn, message))

        await self.db.run_write(write)
        return str(activity["id"])


@pytest.fixture
async def setup(database: Database, fake_twilio: FakeTwilio, smtp_server: tuple[Mailbox, int]) -> Setup:
    mailbox, port = smtp_server
    config = business_config()
    async with database.transaction() as session:
        await sync_business(session, config)
    settings = MessagingSettings(
        public_url=PUBLIC_URL,
        twilio_api_url=fake_twilio.url,
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN,
        sms_from=SMS_FROM,
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="zentrale@heizung-test.de",
        timeout=5.0,
    )
    clock = Clock(berlin("2027-03-10T10:00:00"))  # a Wednesday, open, no quiet hours
    return Setup(database, config, Installation([config]), settings, clock, fake_twilio, mailbox)
