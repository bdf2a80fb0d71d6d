"""Valid access tokens for a business's trade connection, refreshed once, under a lock.

Refresh tokens rotate, and presenting an already used one revokes the whole grant. So two
refreshes of the same refresh token must never happen, neither between the tasks of one process
nor between processes (server, ``zentrale worker``, ``zentrale trade sync``):

1. in-process, an ``asyncio.Lock`` per business lets one task refresh while the others wait;
2. across processes, the refresh runs inside a write transaction that holds the connection row:
   PostgreSQL ``SELECT ... FOR UPDATE``, SQLite the ``BEGIN IMMEDIATE`` write lock;
3. after getting the lock the row is read again: a process that waited finds the token another
   process has just stored and uses it instead of refreshing again;
4. the new tokens are saved with a compare-and-swap on ``version``.

``invalid_grant`` marks the connection ``reauth_required`` (with a German reason for the admin)
and raises :class:`ReauthRequired`; callers keep whatever they wanted to deliver and retry later.
Tokens are never logged.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp

from zentrale.integrations.trade.oauth import OAuthClient
from zentrale.integrations.trade.port import ReauthRequired, TemporarilyUnavailable
from zentrale.logs import get_logger
from zentrale.store.db import Database
from zentrale.store.models import ConnectionStatus
from zentrale.store.repositories import trade_connections as repo
from zentrale.store.secrets import SecretBox

log = get_logger(__name__)

DEFAULT_SKEW_SECONDS = 60.0
SQLITE_LOCK_WAIT_SECONDS = 30.0

REASON_INVALID_GRANT_DE = (
    "Die Handwerkersoftware hat die Verbindung widerrufen oder die Anmeldung ist abgelaufen. "
    "Bitte im Adminbereich „Mit Handwerkersoftware verbinden“ wählen oder `zentrale trade connect` ausführen."
)
REASON_UNAUTHORIZED_DE = (
    "Die Handwerkersoftware lehnt auch das frisch erneuerte Zugangstoken ab (401). "
    "Bitte die Verbindung neu herstellen und die Rechte des technischen Benutzers prüfen."
)
REASON_NOT_CONNECTED_DE = "Noch nicht mit der Handwerkersoftware verbunden."

# One asyncio.Lock per (event loop, database, business): tasks of one process queue here before
# they queue on the database lock.
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], asyncio.Lock]] = weakref.WeakKeyDictionary()


def _process_lock(database_key: str, business_id: str) -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    per_loop = _locks.setdefault(loop, {})
    return per_loop.setdefault((database_key, business_id), asyncio.Lock())


@dataclass(frozen=True)
class _Cached:
    token: str
    expires_at: datetime | None


class TokenManager:
    """Hands out a valid access token for one business; see the module docstring."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        business_id: str,
        oauth: OAuthClient,
        http: aiohttp.ClientSession,
        *,
        skew_seconds: float = DEFAULT_SKEW_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.box = box
        self.business_id = business_id
        self.oauth = oauth
        self.http = http
        self.skew = timedelta(seconds=skew_seconds)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._cached: _Cached | None = None
        self.refreshes = 0  # refreshes done by this manager (for tests and diagnostics)

    def _fresh(self, expires_at: datetime | None) -> bool:
        return expires_at is None or expires_at - self.skew > self._clock()

    def _usable(self, cached: _Cached | None, rejected: str | None) -> bool:
        return cached is not None and cached.token != rejected and self._fresh(cached.expires_at)

    async def access_token(self, *, rejected: str | None = None) -> str:
        """A token that is valid for at least the skew. ``rejected``: a token the API just refused
        with 401; it is not handed out again (a forced refresh unless someone else already did)."""
        if self._usable(self._cached, rejected):
            return self._cached.token  # type: ignore[union-attr]
        async with _process_lock(self.db.safe_url, self.business_id):
            if self._usable(self._cached, rejected):
                return self._cached.token  # type: ignore[union-attr]
            async with self.db.read() as session:
                connection = await repo.get_connection(session, self.box, self.business_id)
            current = self._check(connection)
            if self._usable(current, rejected):
                self._cached = current
                return current.token
            return await self._refresh(rejected)

    def _check(self, connection: repo.StoredConnection | None) -> _Cached:
        if connection is None or connection.status == ConnectionStatus.DISCONNECTED or connection.tokens is None:
            if connection is not None and connection.status == ConnectionStatus.REAUTH_REQUIRED:
                raise ReauthRequired(f"trade connection of {self.business_id} needs to be connected again")
            raise ReauthRequired(f"business {self.business_id} is not connected to its trade software")
        if connection.status == ConnectionStatus.REAUTH_REQUIRED:
            raise ReauthRequired(f"trade connection of {self.business_id} needs to be connected again")
        return _Cached(connection.tokens.access_token, connection.tokens.expires_at)

    async def _refresh(self, rejected: str | None) -> str:
        deadline = time.monotonic() + SQLITE_LOCK_WAIT_SECONDS
        while True:
            try:
                return await self._refresh_once(rejected)
            except repo.StoreBusy as exc:
                # SQLite: another process held the write lock longer than busy_timeout (it was
                # refreshing); wait for it rather than giving up.
                if not self.db.is_sqlite or "locked" not in str(exc).lower() or time.monotonic() > deadline:
                    raise TemporarilyUnavailable("token store is busy") from None
                await asyncio.sleep(0.05)

    async def _refresh_once(self, rejected: str | None) -> str:
        reauth: ReauthRequired | None = None
        token: str | None = None
        async with self.db.transaction() as session:
            connection = await repo.get_connection(session, self.box, self.business_id, for_update=not self.db.is_sqlite)
            current = self._check(connection)
            assert connection is not None and connection.tokens is not None
            if self._usable(current, rejected):
                # Another process refreshed while this one waited for the lock: use its token.
                self._cached = current
                return current.token
            refresh_token = connection.tokens.refresh_token
            if not refresh_token:
                reauth = ReauthRequired("no refresh token stored")
                await repo.mark_reauth_required(
                    session, self.business_id, expected_version=connection.version, reason=REASON_INVALID_GRANT_DE
                )
            else:
                try:
                    new = await self.oauth.refresh(self.http, refresh_token)
                except ReauthRequired as exc:
                    reauth = exc
                    await repo.mark_reauth_required(
                        session, self.business_id, expected_version=connection.version, reason=REASON_INVALID_GRANT_DE
                    )
                else:
                    tokens = repo.TradeTokens(
                        access_token=new.access_token,
                        refresh_token=new.refresh_token or refresh_token,
                        expires_at=new.expires_at,
                        scopes=list(new.scopes) or list(connection.scopes),
                    )
                    saved = await repo.save_tokens(
                        session,
                        self.box,
                        self.business_id,
                        tokens,
                        expected_version=connection.version,
                        last_error=connection.last_error if _is_rights_note(connection.last_error) else None,
                    )
                    if not saved:  # only possible if a writer bypassed the lock
                        raise TemporarilyUnavailable("trade connection changed during the token refresh")
                    self.refreshes += 1
                    self._cached = _Cached(new.access_token, new.expires_at)
                    token = new.access_token
        if reauth is not None:
            self._cached = None
            log.warning("trade_reauth_required", business_id=self.business_id)
            raise ReauthRequired(str(reauth))
        log.info("trade_token_refreshed", business_id=self.business_id)
        assert token is not None
        return token

    async def mark_unauthorized(self) -> None:
        """The API refused even a freshly refreshed token: the grant is unusable, a person must reconnect."""
        async with _process_lock(self.db.safe_url, self.business_id):
            async with self.db.transaction() as session:
                connection = await repo.get_connection(session, self.box, self.business_id, for_update=not self.db.is_sqlite)
                if connection is not None and connection.status == ConnectionStatus.CONNECTED:
                    await repo.mark_reauth_required(
                        session, self.business_id, expected_version=connection.version, reason=REASON_UNAUTHORIZED_DE
                    )
            self._cached = None
        log.warning("trade_reauth_required", business_id=self.business_id, reason="unauthorized")


RIGHTS_NOTE_PREFIX = "Dem technischen Benutzer fehlt"


def _is_rights_note(message: str | None) -> bool:
    """``last_error`` about missing rights stays after a refresh (the rights did not change)."""
    return bool(message) and message.startswith(RIGHTS_NOTE_PREFIX)  # type: ignore[union-attr]
