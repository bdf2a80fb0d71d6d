"""Restart safety with real server processes (acceptance 4): ``zentrale serve`` is started as a
subprocess on a migrated SQLite file or a fresh PostgreSQL database, driven with signed Twilio
webhooks, killed with SIGKILL (no shutdown, no cleanup) and started again on the same database.

1. Killed between two turns of a call: the new process continues the dialogue where it was
   (the next question, not the greeting) and the call ends with one activity.
2. Killed after the hang-up, before the activity reached the trade software (simulator), either
   after a failed attempt (429 with Retry-After) or while the delivery request is in flight (the
   simulator applied it and holds the answer back): the restarted server's worker delivers it,
   and the trade software holds exactly one activity for the call (``external_ref``).
3. Twilio retrying the status callback after the restart changes nothing.

The trade-software simulator runs in this test's event loop (so nothing here may block it); the
test reads the store through its own connection, never through the server's objects.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from aiohttp import web
from sqlalchemy import select

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.simulator.app import (
    ALL_SCOPES,
    SIMULATOR_STATE,
    ClientSpec,
    SimulatorOptions,
    SimulatorState,
    UserSpec,
    create_simulator_app,
)
from zentrale.store.db import Database
from zentrale.store.models import Activity, Call, OutboxMessage, Turn
from zentrale.store.outbox import OutboxKind
from zentrale.store.secrets import SecretBox, generate_key
from zentrale.webhooks.security import SIGNATURE_HEADER, twilio_signature

TOKEN = "restart-auth-token-0123456789abcdef"
PUBLIC = "https://zentrale.example"
MUELLER = "+4930555010"
STRANGER = "+491705551234"
GREETING = "digitalen Telefonassistenz"
SIM_CLIENT_ID, SIM_CLIENT_SECRET = "zentrale-test", "test-secret"
SIM_USER, SIM_PASSWORD, SIM_FIRM = "PETRA", "petra-pass", "MUELLER"
SIM_REDIRECT_URI = "http://127.0.0.1:8080/admin/trade/callback"
STARTUP_TIMEOUT = 20.0
DEFAULT_TEST_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def zentrale_command() -> list[str]:
    script = Path(sys.executable).with_name("zentrale")  # .venv/bin/zentrale
    return [str(script)] if script.exists() else [sys.executable, "-m", "zentrale"]


async def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    process = await asyncio.create_subprocess_exec(
        *zentrale_command(), *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode == 0, f"zentrale {' '.join(args)} failed:\n{err.decode()}"
    return out.decode()


async def eventually(check: Callable[[], Awaitable[Any]], *, timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy (without blocking the event loop)."""
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(interval)


# -- the server process -------------------------------------------------------------------------


class ServerProcess:
    """``zentrale serve`` as a subprocess on a fixed port; ``kill()`` is SIGKILL, nothing else."""

    def __init__(self, config: Path, env: dict[str, str], port: int, log_dir: Path) -> None:
        self.config = config
        self.env = env
        self.port = port
        self.log_dir = log_dir
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def stderr_path(self) -> Path:
        return self.log_dir / f"server-{self.starts}.err"

    def _log_files(self) -> tuple[Any, Any]:
        return open(self.log_dir / f"server-{self.starts}.out", "wb"), open(self.stderr_path, "wb")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self, http: aiohttp.ClientSession) -> None:
        assert not self.running, "already running"
        self.starts += 1
        out, err = self._log_files()
        with out, err:
            self.process = await asyncio.create_subprocess_exec(
                *zentrale_command(),
                "serve",
                "--config",
                str(self.config),
                "--port",
                str(self.port),
                env=self.env,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

        async def healthy() -> bool:
            assert self.process is not None
            if self.process.returncode is not None:
                raise AssertionError(
                    f"zentrale serve exited with {self.process.returncode}:\n{self.stderr_path.read_text()[-3000:]}"
                )
            try:
                async with http.get(f"{self.base_url}/healthz", timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    return resp.status == 200
            except (aiohttp.ClientError, TimeoutError):
                return False

        await eventually(healthy, timeout=STARTUP_TIMEOUT, what=f"{self.base_url}/healthz to answer 200", interval=0.1)

    async def kill(self) -> None:
        """SIGKILL: no cleanup context runs, no lease is given back, no transaction is finished."""
        assert self.process is not None and self.running, "not running"
        self.process.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(self.process.wait(), 10) == -signal.SIGKILL

    async def stop(self) -> None:
        if self.process is not None and self.running:
            self.process.send_signal(signal.SIGKILL)
            await asyncio.wait_for(self.process.wait(), 10)


# -- Twilio -------------------------------------------------------------------------------------


class Twilio:
    """Posts like Twilio: form-encoded, signed with the account token for the public URL."""

    def __init__(self, http: aiohttp.ClientSession, server: ServerProcess) -> None:
        self.http = http
        self.server = server

    async def post(self, path: str, params: dict[str, str]) -> tuple[int, str]:
        headers = {SIGNATURE_HEADER: twilio_signature(TOKEN, PUBLIC + path, params)}
        async with self.http.post(self.server.base_url + path, data=params, headers=headers) as resp:
            return resp.status, await resp.text()

    async def twiml(self, path: str, params: dict[str, str]) -> str:
        status, body = await self.post(path, params)
        assert status == 200, body
        return body


def call_params(sid: str, **extra: str) -> dict[str, str]:
    return {"AccountSid": "AC" + "0" * 32, "CallSid": sid, "From": STRANGER, "To": MUELLER, "CallStatus": "in-progress", **extra}


def new_call_sid() -> str:
    return "CA" + secrets.token_hex(16)


def said(twiml: str) -> str:
    return " ".join(re.findall(r"<Say[^>]*>(.*?)</Say>", twiml))


def next_step(twiml: str) -> str:
    match = re.search(r'action="((?:gather|dial)\?step=\d+)"', twiml)
    assert match, twiml
    return "/twilio/" + match.group(1)


# -- the store, as the test sees it -------------------------------------------------------------


async def call_rows(db: Database, sid: str) -> tuple[list[Call], list[Turn], list[Activity]]:
    async with db.read() as session:
        calls = list(await session.scalars(select(Call).where(Call.call_sid == sid)))
        ids = [c.id for c in calls]
        turns = list(await session.scalars(select(Turn).where(Turn.call_id.in_(ids)).order_by(Turn.seq)))
        activities = list(await session.scalars(select(Activity).where(Activity.call_id.in_(ids))))
    return calls, turns, activities


async def outbox_rows(db: Database, activity_id: str) -> list[OutboxMessage]:
    async with db.read() as session:
        return list(
            await session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == OutboxKind.TRADE_ACTIVITY_CREATE, OutboxMessage.dedupe_key == activity_id
                )
            )
        )


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database_url(request: pytest.FixtureRequest, tmp_path: Path, run_async: Any) -> Iterator[str]:
    """An empty database (not yet migrated): a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'zentrale.db'}"
        return
    import asyncpg
    from sqlalchemy import make_url

    server_url = os.environ.get("ZENTRALE_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    parsed = make_url(server_url)
    params = {
        "user": parsed.username,
        "password": parsed.password,
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "database": parsed.database or "postgres",
    }
    name = f"zentrale_restart_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(timeout=5, **params)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    try:
        run_async(lambda: admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {parsed.render_as_string(hide_password=True)} unavailable: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        run_async(lambda: admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class Setup:
    url: str
    key: str
    env: dict[str, str]
    db: Database
    tmp_path: Path
    http: aiohttp.ClientSession

    def write_config(self, trade: dict[str, Any] | None) -> Path:
        """The example Heizung Müller configuration, local intent engine, with or without a trade software."""
        data = yaml.safe_load((EXAMPLES_DIR / "heizung-mueller.yaml").read_text(encoding="utf-8"))
        data["intents"] = {**(data.get("intents") or {}), "engine": "local"}
        if trade is None:
            data["integrations"].pop("trade_system", None)
        else:
            data["integrations"]["trade_system"] = trade
        path = self.tmp_path / "heizung-mueller.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    def server(self, config: Path) -> ServerProcess:
        return ServerProcess(config, self.env, free_port(), self.tmp_path)


@pytest.fixture
async def setup(server_database_url: str, tmp_path: Path) -> AsyncIterator[Setup]:
    key = generate_key()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZENTRALE_", "TWILIO_", "OPENAI_", "TRADE_CLIENT_"))}
    env.update(
        ZENTRALE_DATABASE_URL=server_database_url,
        ZENTRALE_SECRET_KEY=key,
        ZENTRALE_PUBLIC_URL=PUBLIC,
        ZENTRALE_VAR_DIR=str(tmp_path / "var"),
        ZENTRALE_LOG_LEVEL="INFO",
        ZENTRALE_LOG_FORMAT="json",
        TWILIO_AUTH_TOKEN=TOKEN,
    )
    output = await run_cli(["db", "upgrade"], env)
    assert "database at revision" in output
    db = Database(server_database_url)
    try:
        async with aiohttp.ClientSession() as http:
            yield Setup(server_database_url, key, env, db, tmp_path, http)
    finally:
        await db.dispose()


@dataclass
class Simulator:
    url: str
    state: SimulatorState

    def refs(self, external_ref: str) -> list[dict[str, Any]]:
        return [a for a in self.state.activities if a["external_ref"] == external_ref]


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    """The trade-software simulator in this event loop, on a free port (client zentrale-test)."""
    options = SimulatorOptions(
        seed=1,
        addresses=300,
        clients=[ClientSpec(SIM_CLIENT_ID, SIM_CLIENT_SECRET, (SIM_REDIRECT_URI,))],
        users=[UserSpec(SIM_USER, SIM_PASSWORD, SIM_FIRM, None, ALL_SCOPES)],
    )
    app = create_simulator_app(options)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.1)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield Simulator(f"http://127.0.0.1:{runner.addresses[0][1]}", app[SIMULATOR_STATE])
    finally:
        await runner.cleanup()


async def connected_trade_config(setup: Setup, simulator: Simulator) -> Path:
    """Write the configuration with the simulator as trade software and connect it (OAuth, as the
    admin page would) into the store the server will use."""
    trade = {
        "kind": "simulator",
        "base_url": simulator.url,
        "firm_code": SIM_FIRM,
        "client_id": SIM_CLIENT_ID,
        "client_secret": SIM_CLIENT_SECRET,
        "redirect_uri": SIM_REDIRECT_URI,
    }
    path = setup.write_config(trade)
    [business] = load_config(path).businesses
    me = await connect_with_password(
        setup.db,
        SecretBox([setup.key]),
        business,
        setup.http,
        username=SIM_USER,
        password=SIM_PASSWORD,
        redirect_uri=SIM_REDIRECT_URI,
    )
    assert me.user == SIM_USER
    return path


# -- 1. killed between two turns ----------------------------------------------------------------


async def test_a_server_killed_between_two_turns_continues_the_call_after_restart(setup: Setup) -> None:
    server = setup.server(setup.write_config(trade=None))
    twilio = Twilio(setup.http, server)
    sid = new_call_sid()
    try:
        await server.start(setup.http)
        greeting = await twilio.twiml("/twilio/voice", call_params(sid))
        assert GREETING in said(greeting)
        reason_step = next_step(greeting)
        reason = call_params(sid, SpeechResult="Die Heizung ist kalt, die Therme zeigt Fehler F28", Confidence="0.9")
        asked_name = await twilio.twiml(reason_step, reason)
        assert "Namen" in said(asked_name)

        await server.kill()
        with pytest.raises(aiohttp.ClientConnectionError):  # down: Twilio would try the fallback URL
            await twilio.post(next_step(asked_name), call_params(sid, SpeechResult="Erika Mustermann"))
        await server.start(setup.http)

        # Twilio's retry of the turn answered just before the kill gets the same document back.
        assert await twilio.twiml(reason_step, reason) == asked_name
        document = await twilio.twiml(next_step(asked_name), call_params(sid, SpeechResult="Erika Mustermann", Confidence="0.9"))
        assert GREETING not in said(document), "the restarted server must not greet again"
        assert "Namen" not in said(document), "the restarted server must know the name was already asked"
        assert "Straße" in said(document), said(document)
        answers = {"Straße": "Musterstraße 12", "Postleitzahl": "10115", "Ort": "Berlin"}
        for _ in range(8):
            if "<Hangup" in document:
                break
            reply = next((v for k, v in answers.items() if k in said(document)), "ja")
            document = await twilio.twiml(next_step(document), call_params(sid, SpeechResult=reply, Confidence="0.9"))
        assert "<Hangup" in document and "Auf Wiederhören" in said(document)

        status, _ = await twilio.post("/twilio/status", call_params(sid, CallStatus="completed", CallDuration="95"))
        assert status == 204
        calls, turns, activities = await call_rows(setup.db, sid)
        assert len(calls) == 1 and calls[0].finalized_at is not None
        [activity] = activities
        assert activity.task_id == "stoerung" and activity.subject == "Störung: Erika Mustermann"
        assert "F28" in activity.text and "Musterstraße 12" in activity.text
        keys = [t.request_key for t in turns]
        assert len(keys) == len(set(keys)), "no turn stored twice"
        assert sum(1 for t in turns if GREETING in (t.text or "")) == 1, "greeted exactly once"
    finally:
        await server.stop()


# -- 2. and 3. killed after the hang-up, before the activity reached the trade software ---------


async def hang_up_after_one_turn(twilio: Twilio, sid: str) -> None:
    greeting = await twilio.twiml("/twilio/voice", call_params(sid))
    assert GREETING in said(greeting)
    await twilio.twiml(
        next_step(greeting),
        call_params(sid, SpeechResult="Bitte rufen Sie mich zurück, es geht um die Rechnung", Confidence="0.9"),
    )


async def assert_retried_status_callback_changes_nothing(
    setup: Setup, twilio: Twilio, simulator: Simulator, sid: str, completed: dict[str, str], activity_id: str
) -> None:
    """3.: Twilio sends the same status callback again after the restart."""
    status, _ = await twilio.post("/twilio/status", completed)
    assert status == 204
    await asyncio.sleep(1.0)  # a duplicate would be queued and delivered within the worker's poll
    _, _, activities = await call_rows(setup.db, sid)
    assert [a.id for a in activities] == [activity_id]
    assert len(await outbox_rows(setup.db, activity_id)) == 1
    assert len(simulator.refs(activity_id)) == 1
    assert len(simulator.state.activities) == 1


async def test_killed_after_a_failed_delivery_the_restarted_server_delivers_the_activity_once(
    setup: Setup, simulator: Simulator
) -> None:
    config = await connected_trade_config(setup, simulator)
    # The trade software refuses at first: 429 with Retry-After 4 s, so after the first attempt
    # the message waits (not leased) for at least 4 s: the kill lands between two attempts.
    simulator.state.faults.update({"rate_limit_rate": 1.0, "retry_after_s": 4})
    server = setup.server(config)
    twilio = Twilio(setup.http, server)
    sid = new_call_sid()
    try:
        await server.start(setup.http)
        await hang_up_after_one_turn(twilio, sid)
        completed = call_params(sid, CallStatus="completed", CallDuration="25")
        status, _ = await twilio.post("/twilio/status", completed)
        assert status == 204
        [activity] = (await call_rows(setup.db, sid))[2]

        async def failed_once() -> list[OutboxMessage]:
            rows = await outbox_rows(setup.db, activity.id)
            return rows if rows and rows[0].status == "pending" and rows[0].attempts == 1 else []

        [message] = await eventually(failed_once, timeout=5, what="the first delivery attempt to fail")
        await server.kill()
        assert "429" in (message.last_error or "") or "rate" in (message.last_error or "").lower(), message.last_error
        assert simulator.state.faults_injected["rate_limit"] >= 1 and simulator.state.activities == []

        simulator.state.faults.update({"rate_limit_rate": 0.0})  # the trade software is back
        await server.start(setup.http)

        async def delivered() -> Activity | None:
            [row] = (await call_rows(setup.db, sid))[2]
            return row if row.delivery_status == "delivered" else None

        local = await eventually(delivered, timeout=12, what="the restarted server's worker to deliver")
        refs = simulator.refs(activity.id)
        assert len(refs) == 1, f"the trade software holds {len(refs)} activities for the call"
        [remote] = refs
        assert len(simulator.state.activities) == 1
        assert local.external_id == remote["id"] and remote["subject"] == local.subject
        [message] = await outbox_rows(setup.db, activity.id)
        assert message.status == "done" and message.attempts == 2

        await assert_retried_status_callback_changes_nothing(setup, twilio, simulator, sid, completed, activity.id)
    finally:
        await server.stop()


async def test_killed_while_the_delivery_is_in_flight_the_activity_still_arrives_once(setup: Setup, simulator: Simulator) -> None:
    config = await connected_trade_config(setup, simulator)
    # The trade software applies the write and holds the answer back (commit, then timeout):
    # the server is killed while its request is in flight and the activity already exists there.
    simulator.state.faults.update({"commit_then_timeout_rate": 1.0, "commit_then_timeout_mode": "delay", "timeout_delay_s": 30.0})
    server = setup.server(config)
    twilio = Twilio(setup.http, server)
    sid = new_call_sid()
    try:
        await server.start(setup.http)
        await hang_up_after_one_turn(twilio, sid)
        completed = call_params(sid, CallStatus="completed", CallDuration="25")
        status, _ = await twilio.post("/twilio/status", completed)
        assert status == 204
        [activity] = (await call_rows(setup.db, sid))[2]

        async def applied_remotely() -> bool:
            return simulator.state.faults_injected["commit_then_timeout"] >= 1

        await eventually(applied_remotely, timeout=5, what="the simulator to apply the write and hold the answer")
        await server.kill()
        assert len(simulator.refs(activity.id)) == 1
        [message] = await outbox_rows(setup.db, activity.id)
        assert message.status == "in_flight" and message.attempts == 1
        [local] = (await call_rows(setup.db, sid))[2]
        assert local.delivery_status == "pending" and local.external_id is None

        simulator.state.faults.update({"commit_then_timeout_rate": 0.0})
        await server.start(setup.http)
        # The dead process held the lease (60 s). The restarted server sees that the lease's
        # owner was a process of this host that no longer runs and retries at once: the
        # look-up by external_ref finds the activity the dead one's request created.
        started = time.monotonic()

        async def delivered() -> Activity | None:
            [row] = (await call_rows(setup.db, sid))[2]
            return row if row.delivery_status == "delivered" else None

        local = await eventually(delivered, timeout=12, what="the restarted server's worker to deliver")
        assert time.monotonic() - started < 10, "the orphaned lease must not be waited out"
        refs = simulator.refs(activity.id)
        assert len(refs) == 1, f"{len(refs)} activities for the call: the look-up by external_ref must prevent a second create"
        [remote] = refs
        assert len(simulator.state.activities) == 1
        assert local.external_id == remote["id"]
        [message] = await outbox_rows(setup.db, activity.id)
        assert message.status == "done" and message.attempts == 2

        await assert_retried_status_callback_changes_nothing(setup, twilio, simulator, sid, completed, activity.id)
    finally:
        await server.stop()
