"""The database handle: one ``AsyncEngine`` per process, transactions owned by services.

Usage::

    db = Database(settings.database_url)
    async with db.transaction() as session:   # write: commits on success, rolls back on error
        await repositories.calls.create_call(session, business_id, ...)
    async with db.read() as session:          # read-only work; nothing is committed
        ...

Repositories take a session and never commit; the service that opened ``transaction()`` owns it.

SQLite (the embedded default) runs in WAL mode and SQLAlchemy, not pysqlite, controls the
transactions (see SQLAlchemy's "Transactions with SQLite and the sqlite3 driver"): pysqlite's
own BEGIN handling is switched off on connect and the ``begin`` event emits our BEGIN. Write
transactions start with ``BEGIN IMMEDIATE`` so that two writers that read before they write
queue up on the write lock (``busy_timeout``) instead of failing with "database is locked" when
the second one tries to upgrade its read lock. Reads use a plain (deferred) ``BEGIN`` and never
block writers.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, event, make_url, text
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from zentrale.errors import CliError
from zentrale.logs import get_logger

log = get_logger(__name__)

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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in a write transaction: committed when the block ends, rolled back on error."""
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

    async def dispose(self) -> None:
        await self.engine.dispose()


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
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

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        begin = conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN")
        if begin:  # "" = autocommit: each statement is its own (read) transaction
            conn.exec_driver_sql(begin)
