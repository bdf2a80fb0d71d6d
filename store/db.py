"""The database handle: one ``AsyncEngine`` per process, transactions owned by services.

Usage::

    db = Database(settings.database_url)
    async with db.transaction() as session:   # write: commits on success, rolls back on error
        await repositories.activities.record_activity(session, business, draft)
    async with db.read() as session:          # read-only work; nothing is committed
        ...
    await db.run_write(lambda conn: repositories.calls.touch_call(conn, call_sid, now))  # one hop

Repositories take a session (or a sync ``Connection`` inside ``run_read``/``run_write``) and never
commit; the service that opened the transaction owns it.

SQLite (the embedded default) runs in WAL mode and SQLAlchemy, not pysqlite, controls the
transactions (see SQLAlchemy's "Transactions with SQLite and the sqlite3 driver"): pysqlite's
own BEGIN handling is switched off on connect and the ``begin`` event emits our BEGIN. Write
transactions start with ``BEGIN IMMEDIATE`` so that two writers that read before they write
queue up on the write lock (``busy_timeout``) instead of failing with "database is locked" when
the second one tries to upgrade its read lock. Reads use a plain (deferred) ``BEGIN`` and never
block writers.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import weakref
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import SingletonThreadPool

from zentrale.errors import CliError
from zentrale.logs import get_logger

log = get_logger(__name__)

T = TypeVar("T")
_BUSY = object()


def _is_busy(exc: OperationalError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


# The one-hop writer leaves checkpoints to a thread beside it, every this many writes.
CHECKPOINT_EVERY_WRITES = 100
_WRITER_LOCKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = weakref.WeakKeyDictionary()

SQLITE_BUSY_TIMEOUT_MS = 5000
# Execution option carried by the write engine; the SQLite ``begin`` hook reads it.
_BEGIN_OPTION = "zentrale_sqlite_begin"


class DatabaseUnavailable(CliError):
    """The database cannot be reached or opened. The message is one line for the operator."""


def _reason(exc: BaseException) -> str:
    """A short, single-line reason for a connection failure (no traceback, no SQL)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or getattr(current, "errno", None) == errno.ECONNREFUSED:
            return "connection refused"
        if isinstance(current, socket.gaierror):
            return "unknown host"
        if isinstance(current, TimeoutError):
            return "connection timed out"
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    # SQLAlchemy wraps driver errors; the driver's own text is the useful part.
    original = getattr(exc, "orig", None) or exc
    message = str(original).strip() or type(original).__name__
    if "Multiple exceptions" in message and "refused" in message.lower():
        return "connection refused"
    first = message.splitlines()[0].strip()
    if first.startswith("(") and ") " in first:  # "(sqlite3.OperationalError) unable to open ..."
        first = first.split(") ", 1)[1]
    return first[:300]


class Database:
    """An ``AsyncEngine`` plus the two ways to use it: :meth:`transaction` and :meth:`read`."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        try:
            self.url: URL = make_url(url)
        except ArgumentError:
            # Do not echo the value: it may carry a password.
            raise DatabaseUnavailable(
                "ZENTRALE_DATABASE_URL is not a valid database URL "
                "(expected e.g. sqlite+aiosqlite:///var/zentrale.db or postgresql+asyncpg://user@host/db)"
            ) from None
        backend = self.url.get_backend_name()
        if backend not in {"sqlite", "postgresql"}:
            raise DatabaseUnavailable(f"unsupported database {self.safe_url}: use sqlite+aiosqlite or postgresql+asyncpg")
        self.is_sqlite = backend == "sqlite"
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        self._sync: tuple[Engine, Engine] | None = None
        self._write_pool: ThreadPoolExecutor | None = None
        self._checkpoint_pool: ThreadPoolExecutor | None = None
        self._writes = 0
        self._checkpointing = False
        self._inline: Engine | None = None
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            self._prepare_sqlite_path()
        else:
            kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800, pool_timeout=30)
        try:
            self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise DatabaseUnavailable(f"cannot use the database {self.safe_url}: {_reason(exc)}") from None
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine)
            self._write_engine = self.engine.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
        else:
            self._write_engine = self.engine
        self._write_sessions = async_sessionmaker(self._write_engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Single-statement reads on the hot path (caller lookup while Twilio waits): on SQLite no
        # BEGIN round trip through aiosqlite's thread; one statement is consistent by itself.
        single = self.engine.execution_options(**{_BEGIN_OPTION: ""}) if self.is_sqlite else self.engine
        self._single_read_sessions = async_sessionmaker(single, expire_on_commit=False)

    @property
    def safe_url(self) -> str:
        """The URL with the password replaced by ``***`` (for messages and logs)."""
        return self.url.render_as_string(hide_password=True)

    @property
    def write_engine(self) -> AsyncEngine:
        """The engine whose transactions take SQLite's write lock up front (same pool as ``engine``)."""
        return self._write_engine

    def __repr__(self) -> str:
        return f"Database({self.safe_url!r})"

    def _prepare_sqlite_path(self) -> None:
        database = self.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"cannot create the folder for the database {self.safe_url}: {exc.strerror or exc}"
            ) from None

    def _writer_lock(self) -> asyncio.Lock | None:
        """SQLite has one writer at a time. Writers of this process queue here, in order, instead
        of in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and turns a
        burst of concurrent webhooks into seconds of latency. Other processes still meet the
        busy timeout. One lock per event loop (tests run several loops)."""
        if not self.is_sqlite:
            return None
        loop = asyncio.get_running_loop()
        if self._lock_loop is not loop:
            # Shared by every Database of this file in this loop (the server's in-process worker
            # has its own pool but must queue with the webhooks, not in SQLite's busy handler).
            locks = _WRITER_LOCKS.setdefault(loop, {})
            self._lock = locks.setdefault(str(self.url.database), asyncio.Lock())
            self._lock_loop = loop
        return self._lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in a write transaction: committed when the block ends, rolled back on error.

        Do not open a second write transaction inside one (on SQLite it waits for the first)."""
        lock = self._writer_lock()
        if lock is None:
            async with self._write_sessions() as session:
                async with session.begin():
                    yield session
            return
        async with lock:
            async with self._write_sessions() as session:
                async with session.begin():
                    yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading. On SQLite a deferred transaction, so it never takes the write lock.

        Nothing done in it is committed: closing the session at the end of the block rolls the
        transaction back. Objects loaded in it stay readable afterwards (detached, not expired).
        """
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def single_read(self) -> AsyncIterator[AsyncSession]:
        """A session for ONE read statement (e.g. the caller lookup): on SQLite it runs without an
        explicit transaction, saving a round trip. Use :meth:`read` when several statements must
        see the same snapshot."""
        async with self._single_read_sessions() as session:
            yield session

    async def ping(self) -> bool:
        """``True`` if the database answers; otherwise :class:`DatabaseUnavailable` with one line."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any driver/OS error means "not reachable" to the operator
            log.debug("database_unreachable", database=self.safe_url, error=repr(exc))
            raise DatabaseUnavailable(f"cannot reach the database {self.safe_url}: {_reason(exc)}") from None
        return True

    # ------------------------------------------------------------------ one-hop work
    #
    # The webhooks of a running call do a handful of Core statements per request. Through the
    # async engine on SQLite every statement is several hops to aiosqlite's thread and back
    # (about 1 ms for one SELECT here). ``run_read``/``run_write`` run a whole function of
    # statements at once instead, with SQLAlchemy's sync pysqlite engine on the same file (same
    # pragmas, BEGIN IMMEDIATE):
    #
    # * reads right on the event loop's thread: in WAL mode a read never waits for a lock and
    #   takes a fraction of a millisecond, less than a trip to a thread and back;
    # * writes queued on this process's writer lock (shared with ``transaction()``), then also
    #   on the loop's thread with ``busy_timeout=0``: holding the asyncio lock, nothing in this
    #   process competes, so the transaction runs through. If another process holds SQLite's
    #   lock, BEGIN fails at once and the write goes to a writer thread that may wait for it;
    # * WAL checkpoints in a thread beside the writer (PASSIVE), never inside a write.
    #
    # On PostgreSQL both go through the async engine's ``run_sync`` (asyncpg awaits its socket).
    # The function gets a sync ``Connection`` and must only run statements: no awaiting.

    def _sync_engines(self) -> tuple[Engine, Engine] | None:
        if (
            not self.is_sqlite
            or not self.url.database
            or self.url.database == ":memory:"
            or self.url.database.startswith("file:")
        ):
            return None
        if self._sync is None:
            url = self.url.set(drivername="sqlite+pysqlite")
            # One connection per thread (pysqlite connections stay in the thread that made them).
            # Each thread keeps its own connection; closing them at dispose() happens from the loop.
            args = {"check_same_thread": False}
            reader = create_engine(url, poolclass=SingletonThreadPool, pool_size=4, connect_args=args)
            _install_sqlite_hooks(reader)
            writer = create_engine(url, poolclass=SingletonThreadPool, pool_size=1, connect_args=args)
            _install_sqlite_hooks(writer)

            @event.listens_for(writer, "connect")
            def _no_auto_checkpoint(dbapi_connection: Any, _record: Any) -> None:
                # The writer never copies the WAL back itself (that fsyncs while holding the
                # write lock, stalling every call for tens of milliseconds); see _checkpoint.
                dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

            # The same writer, but for the event loop's own thread: it never waits for the lock
            # (busy_timeout 0) — when another process holds it, the write goes to the thread.
            inline = create_engine(url, poolclass=SingletonThreadPool, pool_size=1, connect_args=args)
            _install_sqlite_hooks(inline)

            @event.listens_for(inline, "connect")
            def _never_wait(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
                dbapi_connection.execute("PRAGMA busy_timeout=0")

            self._inline = inline.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
            self._sync = (
                reader.execution_options(**{_BEGIN_OPTION: ""}),
                writer.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"}),
            )
            self._checkpoint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zentrale-sqlite-checkpoint")
            self._write_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zentrale-sqlite-write")
        return self._sync

    async def run_read(self, fn: Callable[[Connection], T]) -> T:
        """``fn(connection)`` for reading (see above). Nothing is committed."""
        engines = self._sync_engines()
        if engines is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(fn)

        # A read in WAL mode never waits for a lock and takes a fraction of a millisecond: run it
        # right here, which is cheaper than a trip to a thread and back.
        with engines[0].connect() as conn:
            return fn(conn)

    async def run_write(self, fn: Callable[[Connection], T]) -> T:
        """``fn(connection)`` in one write transaction (see above): committed when ``fn`` returns,
        rolled back when it raises."""
        engines = self._sync_engines()
        if engines is None:
            lock = self._writer_lock()
            if lock is None:
                async with self.write_engine.begin() as conn:
                    return await conn.run_sync(fn)
            async with lock, self.write_engine.begin() as conn:
                return await conn.run_sync(fn)

        def work() -> T:
            with engines[1].begin() as conn:
                return fn(conn)

        assert self._write_pool is not None
        lock = self._writer_lock()
        assert lock is not None
        async with lock:
            inline = self._write_inline(fn)
            if inline is _BUSY:
                # Another process (a CLI command, a separate worker) holds SQLite's write lock:
                # wait for it in the writer thread, not on the event loop.
                result = await asyncio.get_running_loop().run_in_executor(self._write_pool, work)
            else:
                result = cast(T, inline)
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY_WRITES == 0 and not self._checkpointing:
            self._checkpointing = True
            assert self._checkpoint_pool is not None
            self._checkpoint_pool.submit(self._checkpoint, engines[0])
        return result

    def _write_inline(self, fn: Callable[[Connection], T]) -> T | object:
        """``fn`` in a write transaction on the event loop's thread, or ``_BUSY`` without running
        it when SQLite's write lock is taken (by another process: this one's writers queue on
        the asyncio lock). With the lock held, the statements and the commit never wait."""
        assert self._inline is not None
        with self._inline.connect() as conn:
            try:
                transaction = conn.begin()  # BEGIN IMMEDIATE: fails at once if the lock is taken
            except OperationalError as exc:
                if _is_busy(exc):
                    return _BUSY
                raise
            try:
                result = fn(conn)
            except BaseException:
                transaction.rollback()
                raise
            transaction.commit()
            return result

    def _checkpoint(self, engine: Engine) -> None:
        """Copy the WAL back into the database file beside the writer (PASSIVE: it takes no lock
        that a writer or reader waits for), on a connection of its own thread."""
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception as exc:  # the next round tries again; SQLite also checkpoints on close
            log.debug("sqlite_checkpoint_failed", error=type(exc).__name__)
        finally:
            self._checkpointing = False

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._sync is not None:
            reader, writer = self._sync
            self._sync = None
            assert self._checkpoint_pool is not None and self._inline is not None
            self._checkpoint_pool.shutdown(wait=True)
            self._inline.dispose()
            self._inline = None
            assert self._write_pool is not None
            self._write_pool.shutdown(wait=True)
            reader.dispose()
            writer.dispose()
            self._write_pool = self._checkpoint_pool = None


def _install_sqlite_hooks(engine: AsyncEngine | Engine) -> None:
    target = engine.sync_engine if isinstance(engine, AsyncEngine) else engine

    @event.listens_for(target, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite; the "begin" hook below emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(target, "begin")
    def _on_begin(conn: Any) -> None:
        begin = conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN")
        if begin:  # "" = autocommit: each statement is its own (read) transaction
            conn.exec_driver_sql(begin)
