"""The outbox worker: delivers what the transactional outbox holds (activities and their changes
to the trade software, SMS and e-mail) and records the result.

One :class:`OutboxWorker` runs inside the server (the extension :func:`installer` makes) and, for scale on PostgreSQL,
any number more as ``zentrale worker`` processes. Each claims due rows with a lease
(:func:`zentrale.store.outbox.claim`, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), hands each to the
handler registered for its ``kind`` and settles it in one transaction with the state the result
changes. The worker does not know its handlers: the composition root builds them
(:mod:`zentrale.integrations.handlers`) and passes them in. Failures are the delivery-error
taxonomy of :mod:`zentrale.integrations.errors`, interpreted in one place
(:meth:`OutboxWorker._failed`):

- success: the message is ``done`` and the handler records the result (e.g. the activity is
  ``delivered`` with the trade software's id);
- :class:`~zentrale.integrations.errors.RetryLater` (5xx, 429, timeouts, resets, and its
  subclass :class:`~zentrale.integrations.errors.Ambiguous`): due again after an exponential
  backoff with full jitter, never earlier than the server's Retry-After. Handlers look their
  work up before repeating it when ``attempts > 1``, so an ambiguous failure never makes a
  duplicate; an exception nobody classified counts as ambiguous;
- :class:`~zentrale.integrations.errors.GiveUp` (e.g. 422): dead letter with the German reason,
  and the handler records it where a person sees it (activity ``dead`` plus a
  ``notify.dead_letter`` message);
- :class:`~zentrale.integrations.errors.Defer` (a new login, a missing right, something that
  must happen first): kept pending with the German problem, due again after its delay (default:
  the long re-auth delay); nothing is dropped.

A worker that dies mid-delivery simply stops: its lease runs out and another worker claims the
row. When a slow worker finishes after losing its lease, ``complete``/``retry_later`` return
``False`` and its result is thrown away instead of overwriting the other worker's.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import aiohttp
from aiohttp import web

from zentrale.integrations.errors import Ambiguous, Defer, GiveUp, RetryLater
from zentrale.logs import get_logger
from zentrale.runtime import DATABASE, HTTP, INSTALLATION, SECRETS, SETTINGS
from zentrale.settings import DEFAULT_WORKER_CONCURRENCY, Settings
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import utcnow
from zentrale.store.outbox import ClaimedMessage, Connection
from zentrale.store.secrets import SecretBox

log = get_logger(__name__)

DEFAULT_LEASE_SECONDS = 60.0
DEFAULT_POLL_INTERVAL = 0.2
STOP_TIMEOUT_SECONDS = 10.0

Clock = Callable[[], datetime]
# Records the result of a delivery: runs inside the one-hop write (``Database.run_write``) that
# completes the message, on a sync ``Connection``, statements only.
Settle = Callable[[Connection], None]


class OutboxHandler(Protocol):
    """Delivers one ``kind`` of outbox message."""

    @property
    def kind(self) -> str:
        """The outbox kind it delivers (:class:`~zentrale.store.outbox.OutboxKind`)."""
        ...

    async def deliver(self, message: ClaimedMessage) -> Settle:
        """Do the outside work (raising the errors of :mod:`zentrale.integrations.errors`) and
        return what to record about the result; the worker runs it in the transaction that
        completes the message."""
        ...

    def failed(self, conn: Connection, message: ClaimedMessage, reason: str) -> bool:
        """The message is dead (``reason`` is German, for the admin): record it where a person
        sees it. Runs in the worker's one-hop write; True when it enqueued something."""
        ...

    def waiting(self, conn: Connection, message: ClaimedMessage, problem: str | None) -> None:
        """The message waits for a person to fix ``problem`` (``None``: the problem is gone)."""
        ...


@dataclass(frozen=True)
class Backoff:
    """Retry timing. ``delay(attempts)`` is "full jitter": uniform in ``[0, min(cap, base * 2^(attempts-1))]``,
    and never less than the server's Retry-After (itself capped at ``max_retry_after``)."""

    base: float = 1.0
    cap: float = 300.0
    reauth_delay: float = 300.0
    max_retry_after: float = 3600.0

    def ceiling(self, attempts: int) -> float:
        return min(self.cap, self.base * 2.0 ** min(max(attempts - 1, 0), 62))

    def delay(self, attempts: int, rng: random.Random, retry_after: float | None = None) -> float:
        delay = rng.uniform(0, self.ceiling(attempts))
        if retry_after is not None and retry_after > 0:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay


@dataclass
class WorkerStats:
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    deferred: int = 0  # waiting for a person (re-auth, missing right)
    lost_leases: int = 0  # finished after another worker had taken the row over
    errors: int = 0  # unexpected exceptions (retried like a temporary failure)
    latencies: list[float] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, int]:
        return {
            "delivered": self.delivered,
            "retried": self.retried,
            "dead": self.dead,
            "deferred": self.deferred,
            "lost_leases": self.lost_leases,
            "errors": self.errors,
        }


class _LeaseLost(Exception):
    pass


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie or another user's process counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class HandlerFactory(Protocol):
    """Builds the handlers a worker runs (the composition root's choice, e.g.
    :func:`zentrale.integrations.handlers.outbox_handlers`)."""

    def __call__(
        self, db: Database, box: SecretBox, installation: Any, http: aiohttp.ClientSession, settings: Settings
    ) -> Sequence[OutboxHandler]: ...


class OutboxWorker:
    """Claims due outbox rows and delivers up to ``concurrency`` of them at a time."""

    def __init__(
        self,
        db: Database,
        *,
        handlers: Sequence[OutboxHandler],
        worker_id: str | None = None,
        concurrency: int = DEFAULT_WORKER_CONCURRENCY,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        backoff: Backoff | None = None,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if lease_seconds <= 0 or poll_interval <= 0:
            raise ValueError("lease_seconds and poll_interval must be positive")
        self.db = db
        self.worker_id = worker_id or new_worker_id()
        self.concurrency = concurrency
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.rng = rng or random.Random()
        self.handlers: dict[str, OutboxHandler] = {str(h.kind): h for h in handlers}
        self.stats = WorkerStats()
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def kinds(self) -> list[str]:
        return sorted(self.handlers)

    # -- running -------------------------------------------------------------------------

    async def run_until_idle(self, *, horizon: float | None = None) -> WorkerStats:
        """Deliver until nothing is due and nothing is in flight, then return the stats.

        With ``horizon`` (seconds) also wait for retries that come due within that time, so a
        test or ``zentrale worker --once`` can drain a backlog that meets temporary failures.
        """
        await self._run(stop=None, horizon=horizon, until_idle=True)
        return self.stats

    async def run_forever(self, stop: asyncio.Event) -> WorkerStats:
        """Deliver until ``stop`` is set; deliveries in flight are finished first."""
        await self._run(stop=stop, horizon=None, until_idle=False)
        return self.stats

    async def _release_orphans(self) -> None:
        """Deliveries a killed process of this host left in flight are due again now."""
        try:
            async with self.db.transaction() as session:
                released = await outbox.release_orphaned_leases(session, socket.gethostname(), process_alive)
        except Exception as exc:  # never keep the worker from starting
            log.warning("outbox_orphan_check_failed", worker=self.worker_id, error=type(exc).__name__)
            return
        if released:
            log.info("outbox_orphaned_leases_released", worker=self.worker_id, messages=released)

    def wake(self) -> None:
        """Look for work now instead of at the next poll (safe from any thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _run(self, *, stop: asyncio.Event | None, horizon: float | None, until_idle: bool) -> None:
        self._loop = asyncio.get_running_loop()
        outbox.add_commit_listener(self.wake)
        await self._release_orphans()
        tasks: set[asyncio.Task[None]] = set()
        stop_wait = asyncio.ensure_future(stop.wait()) if stop is not None else None
        log.info("outbox_worker_started", worker=self.worker_id, concurrency=self.concurrency, kinds=self.kinds)
        try:
            while stop is None or not stop.is_set():
                free = self.concurrency - len(tasks)
                claimed: list[ClaimedMessage] = []
                if free > 0:
                    self._wake.clear()
                    claimed = await self._claim(free)
                    for message in claimed:
                        tasks.add(asyncio.create_task(self._process(message)))
                if until_idle and not tasks:
                    wait = await self._idle_wait(horizon)
                    if wait is None:
                        break
                    await self._sleep(max(wait, 0.005), stop_wait)
                    continue
                if len(tasks) >= self.concurrency:
                    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                    tasks -= done
                    continue
                waiters: set[asyncio.Future[Any]] = set(tasks)
                wake_wait = asyncio.ensure_future(self._wake.wait())
                waiters.add(wake_wait)
                if stop_wait is not None:
                    waiters.add(stop_wait)
                await asyncio.wait(waiters, timeout=self.poll_interval, return_when=asyncio.FIRST_COMPLETED)
                if not wake_wait.done():
                    wake_wait.cancel()
                tasks = {t for t in tasks if not t.done()}
            if tasks:
                await asyncio.wait(tasks, timeout=self.lease_seconds)
        finally:
            outbox.remove_commit_listener(self.wake)
            if stop_wait is not None and not stop_wait.done():
                stop_wait.cancel()
            for task in tasks:
                if not task.done():
                    task.cancel()
            log.info("outbox_worker_stopped", worker=self.worker_id, **self.stats.as_dict())

    async def _sleep(self, seconds: float, stop_wait: asyncio.Future[Any] | None) -> None:
        waiters: set[asyncio.Future[Any]] = {asyncio.ensure_future(self._wake.wait())}
        if stop_wait is not None:
            waiters.add(stop_wait)
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for waiter in waiters:
            if waiter is not stop_wait and not waiter.done():
                waiter.cancel()

    async def _idle_wait(self, horizon: float | None) -> float | None:
        """``None`` when idle; else how long to sleep before the next row comes due."""
        due = await outbox.due_at(self.db, kinds=self.kinds)
        if due is None:
            return None
        wait = (due - self.clock()).total_seconds()
        if wait <= 0:
            return 0.0
        if horizon is None or wait > horizon:
            return None
        return min(wait, self.poll_interval)

    async def _claim(self, limit: int) -> list[ClaimedMessage]:
        now = self.clock()
        try:
            # A cheap read first, so that an idle poll never takes SQLite's write lock.
            due = await outbox.due_at(self.db, kinds=self.kinds)
            if due is None or due > now:
                return []
            return await outbox.claim(
                self.db, self.worker_id, limit=limit, lease_seconds=self.lease_seconds, kinds=self.kinds, now=now
            )
        except Exception as exc:  # the database is away: try again at the next poll
            log.warning("outbox_claim_failed", worker=self.worker_id, error=type(exc).__name__)
            return []

    # -- one message ---------------------------------------------------------------------

    async def _process(self, message: ClaimedMessage) -> None:
        handler = self.handlers[message.kind]
        started = time.perf_counter()
        context = {"worker": self.worker_id, "kind": message.kind, "message_id": message.id, "attempt": message.attempts}
        try:
            try:
                settle = await handler.deliver(message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                await self._failed(handler, message, exc, context)
            else:
                await self._complete(message, settle)
                self.stats.latencies.append(time.perf_counter() - started)
        except _LeaseLost:
            self.stats.lost_leases += 1
            log.warning("outbox_lease_lost", **context)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # Recording the result failed (database away): the lease runs out and the message is
            # claimed again; the handler's look-up keeps that from delivering twice.
            self.stats.errors += 1
            log.error("outbox_settle_failed", error=type(exc).__name__, exc_info=True, **context)

    async def _failed(self, handler: OutboxHandler, message: ClaimedMessage, exc: Exception, context: dict[str, Any]) -> None:
        """The one place that reads the delivery-error taxonomy (:mod:`zentrale.integrations.errors`)."""
        if isinstance(exc, Defer):  # before GiveUp: a missing right is both, and a person can fix it
            delay = exc.delay if exc.delay is not None else self.backoff.reauth_delay
            log.warning("outbox_deferred", business=message.business_id, error=type(exc).__name__, note=exc.note, **context)
            await self._defer(handler, message, delay, exc.problem_de, exc.note)
        elif isinstance(exc, GiveUp):
            log.warning(
                "outbox_dead_letter",
                error=type(exc).__name__,
                status=getattr(exc, "status", None),
                code=getattr(exc, "error", None),
                **context,
            )
            await self._dead(handler, message, exc.reason_de)
        elif isinstance(exc, RetryLater):
            delay = self.backoff.delay(message.attempts, self.rng, exc.retry_after)
            log.info(
                "outbox_retry",
                error=type(exc).__name__,
                ambiguous=isinstance(exc, Ambiguous),
                retry_after=exc.retry_after,
                delay=round(delay, 3),
                **context,
            )
            await self._retry(message, delay, f"{type(exc).__name__}: {exc}")
        else:
            # A bug or an error the adapter did not classify: treat it as ambiguous (the handler
            # looks up before repeating) and keep the message.
            self.stats.errors += 1
            delay = self.backoff.delay(message.attempts, self.rng)
            log.error("outbox_handler_error", error=type(exc).__name__, delay=round(delay, 3), exc_info=True, **context)
            await self._retry(message, delay, f"{type(exc).__name__}: {exc}")

    # Each result is one short write (``Database.run_write``): the worker shares SQLite's write
    # lock with the webhooks of running calls and must not hold it across event-loop turns.

    async def _complete(self, message: ClaimedMessage, settle: Settle) -> None:
        now = self.clock()

        def write(conn: Connection) -> None:
            if not outbox.complete_in(conn, message.id, self.worker_id, now=now):
                raise _LeaseLost
            settle(conn)

        await self.db.run_write(write)
        self.stats.delivered += 1
        log.debug("outbox_delivered", kind=message.kind, message_id=message.id, attempt=message.attempts)

    async def _retry(self, message: ClaimedMessage, delay: float, error: str) -> None:
        now = self.clock()

        def write(conn: Connection) -> None:
            if not outbox.retry_later_in(conn, message.id, self.worker_id, delay, error, now=now):
                raise _LeaseLost

        await self.db.run_write(write)
        self.stats.retried += 1

    async def _defer(self, handler: OutboxHandler, message: ClaimedMessage, delay: float, problem: str, error: str) -> None:
        now = self.clock()

        def write(conn: Connection) -> None:
            if not outbox.retry_later_in(conn, message.id, self.worker_id, delay, error, now=now):
                raise _LeaseLost
            handler.waiting(conn, message, problem)

        await self.db.run_write(write)
        self.stats.deferred += 1

    async def _dead(self, handler: OutboxHandler, message: ClaimedMessage, reason: str) -> None:
        def write(conn: Connection) -> bool:
            if not outbox.dead_in(conn, message.id, self.worker_id, reason):
                raise _LeaseLost
            return bool(handler.failed(conn, message, reason))

        if await self.db.run_write(write):
            outbox.notify_enqueued()
        self.stats.dead += 1


# -- in the server --------------------------------------------------------------------------


WORKER: web.AppKey[OutboxWorker] = web.AppKey("outbox_worker", OutboxWorker)


def installer(handlers: HandlerFactory) -> Callable[[web.Application], None]:
    """The server extension that runs one outbox worker with ``handlers`` for the app's lifetime."""

    def install(app: web.Application) -> None:
        _install(app, handlers)

    return install


def _install(app: web.Application, handlers: HandlerFactory) -> None:
    """Run one outbox worker inside the server for the app's lifetime."""
    settings = app[SETTINGS]
    concurrency = settings.worker_concurrency
    if concurrency == 0:
        return

    async def worker_ctx(app: web.Application) -> Any:
        # The worker has its own connection pool: deliveries never wait for connections that
        # request handlers hold, and stopping it releases exactly what it opened.
        db = Database(app[DATABASE].url.render_as_string(hide_password=False))
        worker = OutboxWorker(
            db, handlers=handlers(db, app[SECRETS], app[INSTALLATION], app[HTTP], settings), concurrency=concurrency
        )
        app[WORKER] = worker
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run_forever(stop), name="outbox-worker")
        try:
            yield
        finally:
            stop.set()
            try:
                await asyncio.wait_for(task, timeout=STOP_TIMEOUT_SECONDS)
            except TimeoutError:
                log.warning("outbox_worker_stop_timeout", worker=worker.worker_id)
            await db.dispose()

    app.cleanup_ctx.append(worker_ctx)
