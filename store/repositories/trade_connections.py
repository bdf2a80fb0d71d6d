"""The trade-software connection of a business; tokens are stored encrypted (SecretBox).

Token refreshes race (two workers notice an expired token at once), so writes of tokens are a
compare-and-swap on ``version``: read the connection, refresh, then :func:`save_tokens` with the
version you read. ``False`` means someone else won; re-read and use their tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import ConnectionStatus, OAuthAuthorization, TradeConnection, utcnow
from zentrale.store.secrets import SecretBox

StoreBusy = OperationalError
"""What a write of the token store raises when the database refused it (e.g. SQLite's "database
is locked" after another process held the write lock past ``busy_timeout``)."""


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class TradeTokens:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    scopes: list[str] = field(default_factory=list)
    remote_user: str | None = None


@dataclass(frozen=True)
class StoredConnection:
    """A decrypted snapshot of the connection; ``version`` is what :func:`save_tokens` expects."""

    business_id: str
    kind: str
    base_url: str
    firm_code: str | None
    tenant_code: str | None
    status: ConnectionStatus
    tokens: TradeTokens | None
    version: int
    remote_user: str | None = None
    scopes: tuple[str, ...] = ()
    connected_at: datetime | None = None
    last_error: str | None = None
    updated_at: datetime | None = None


async def get_connection(
    session: AsyncSession, box: SecretBox, business_id: str, *, for_update: bool = False
) -> StoredConnection | None:
    """The connection, decrypted. ``for_update=True`` locks the row until the transaction ends
    (PostgreSQL ``SELECT ... FOR UPDATE``; on SQLite the ``BEGIN IMMEDIATE`` write transaction of
    ``Database.transaction()`` already serialises writers, and the clause is left out)."""
    query = select(TradeConnection).where(TradeConnection.business_id == business_id).execution_options(populate_existing=True)
    if for_update:
        query = query.with_for_update()
    row = await session.scalar(query)
    if row is None:
        return None
    tokens = None
    if row.access_token is not None:
        tokens = TradeTokens(
            access_token=box.decrypt(row.access_token),
            refresh_token=box.decrypt(row.refresh_token) if row.refresh_token is not None else None,
            expires_at=row.expires_at,
            scopes=list(row.scopes or []),
            remote_user=row.remote_user,
        )
    return StoredConnection(
        business_id=row.business_id,
        kind=row.kind,
        base_url=row.base_url,
        firm_code=row.firm_code,
        tenant_code=row.tenant_code,
        status=ConnectionStatus(row.status),
        tokens=tokens,
        version=row.version,
        remote_user=row.remote_user,
        scopes=tuple(row.scopes or ()),
        connected_at=row.connected_at,
        last_error=row.last_error,
        updated_at=row.updated_at,
    )


async def get_status_row(session: AsyncSession, business_id: str) -> TradeConnection | None:
    """The connection row as stored, without decrypting anything (works without the secret key)."""
    return await session.scalar(
        select(TradeConnection).where(TradeConnection.business_id == business_id).execution_options(populate_existing=True)
    )


async def list_connections(session: AsyncSession, box: SecretBox) -> list[StoredConnection]:
    ids = await session.scalars(select(TradeConnection.business_id).order_by(TradeConnection.business_id))
    found = []
    for business_id in list(ids):
        connection = await get_connection(session, box, business_id)
        if connection is not None:
            found.append(connection)
    return found


async def configure_connection(
    session: AsyncSession,
    business_id: str,
    *,
    kind: str,
    base_url: str,
    firm_code: str | None = None,
    tenant_code: str | None = None,
) -> int:
    """Create or update the non-secret part of the connection (from the config). Returns the version.

    Changing the endpoint or the firm drops stored tokens: they belonged to the old grant.
    """
    row = await session.scalar(select(TradeConnection).where(TradeConnection.business_id == business_id))
    if row is None:
        row = TradeConnection(
            business_id=business_id,
            kind=kind,
            base_url=base_url,
            firm_code=firm_code,
            tenant_code=tenant_code,
            status=ConnectionStatus.DISCONNECTED.value,
            scopes=[],
            version=1,
        )
        session.add(row)
    elif (row.kind, row.base_url, row.firm_code, row.tenant_code) != (kind, base_url, firm_code, tenant_code):
        row.kind, row.base_url, row.firm_code, row.tenant_code = kind, base_url, firm_code, tenant_code
        row.access_token = row.refresh_token = None
        row.expires_at = None
        row.status = ConnectionStatus.DISCONNECTED.value
        row.version += 1
    await session.flush()
    return row.version


async def save_tokens(
    session: AsyncSession,
    box: SecretBox,
    business_id: str,
    tokens: TradeTokens,
    *,
    expected_version: int,
    connected: bool = False,
    last_error: str | None = None,
) -> bool:
    """Store new tokens (encrypted) and mark the connection connected, if ``version`` still matches.

    ``connected=True`` (a new grant from the connect flow) also stamps ``connected_at``;
    ``last_error`` replaces the stored one (``None`` clears it: the connection works again).
    """
    values: dict[str, object] = dict(
        access_token=box.encrypt(tokens.access_token),
        refresh_token=box.encrypt(tokens.refresh_token) if tokens.refresh_token is not None else None,
        expires_at=tokens.expires_at,
        scopes=list(tokens.scopes),
        status=ConnectionStatus.CONNECTED.value,
        last_error=last_error,
    )
    if tokens.remote_user is not None or connected:
        values["remote_user"] = tokens.remote_user
    if connected:
        values["connected_at"] = utcnow()
    return await _swap(session, business_id, expected_version, **values)


async def mark_reauth_required(
    session: AsyncSession, business_id: str, *, expected_version: int, reason: str | None = None
) -> bool:
    """The grant was revoked or the refresh token expired: a person must reconnect.

    ``reason`` (German, for the admin; never a token) goes to ``last_error``.
    """
    return await _swap(
        session,
        business_id,
        expected_version,
        access_token=None,
        refresh_token=None,
        expires_at=None,
        status=ConnectionStatus.REAUTH_REQUIRED.value,
        last_error=reason,
    )


async def set_last_error(session: AsyncSession, business_id: str, message: str | None) -> None:
    """Record why the connection needs attention without touching tokens or ``version``."""
    await session.execute(
        update(TradeConnection)
        .where(TradeConnection.business_id == business_id)
        .values(last_error=message, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def disconnect(session: AsyncSession, business_id: str, *, expected_version: int) -> bool:
    return await _swap(
        session,
        business_id,
        expected_version,
        access_token=None,
        refresh_token=None,
        expires_at=None,
        remote_user=None,
        status=ConnectionStatus.DISCONNECTED.value,
    )


async def _swap(session: AsyncSession, business_id: str, expected_version: int, **values: object) -> bool:
    result = await session.execute(
        update(TradeConnection)
        .where(TradeConnection.business_id == business_id, TradeConnection.version == expected_version)
        .values(version=TradeConnection.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


# -- connect flows (oauth_authorizations) ----------------------------------------------------


@dataclass(frozen=True)
class PendingAuthorization:
    id: int
    business_id: str
    state: str
    code_verifier: str
    redirect_uri: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime
    completed_at: datetime | None
    error: str | None


async def create_authorization(
    session: AsyncSession,
    box: SecretBox,
    business_id: str,
    *,
    state: str,
    code_verifier: str,
    redirect_uri: str,
    scopes: list[str],
    expires_at: datetime,
) -> None:
    session.add(
        OAuthAuthorization(
            business_id=business_id,
            state=state,
            code_verifier=box.encrypt(code_verifier),
            redirect_uri=redirect_uri,
            scopes=list(scopes),
            expires_at=expires_at,
        )
    )
    await session.flush()


async def get_authorization(
    session: AsyncSession, box: SecretBox, state: str, *, for_update: bool = False
) -> PendingAuthorization | None:
    query = select(OAuthAuthorization).where(OAuthAuthorization.state == state).execution_options(populate_existing=True)
    if for_update:
        query = query.with_for_update()
    row = await session.scalar(query)
    if row is None:
        return None
    return PendingAuthorization(
        id=row.id,
        business_id=row.business_id,
        state=row.state,
        code_verifier=box.decrypt(row.code_verifier),
        redirect_uri=row.redirect_uri,
        scopes=tuple(row.scopes or ()),
        created_at=row.created_at,
        expires_at=row.expires_at,
        completed_at=row.completed_at,
        error=row.error,
    )


async def complete_authorization(session: AsyncSession, state: str, *, error: str | None = None) -> bool:
    """Mark the flow used (single use). ``False`` if it was already used."""
    result = await session.execute(
        update(OAuthAuthorization)
        .where(OAuthAuthorization.state == state, OAuthAuthorization.completed_at.is_(None))
        .values(completed_at=utcnow(), error=error[:500] if error else None)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


async def set_authorization_error(session: AsyncSession, state: str, error: str) -> None:
    await session.execute(
        update(OAuthAuthorization)
        .where(OAuthAuthorization.state == state)
        .values(error=error[:500])
        .execution_options(synchronize_session=False)
    )


async def delete_expired_authorizations(session: AsyncSession, *, before: datetime) -> int:
    """Forget flows that expired before ``before`` (their verifiers are useless by then)."""
    result = await session.execute(delete(OAuthAuthorization).where(OAuthAuthorization.expires_at < before))
    return _rowcount(result)
