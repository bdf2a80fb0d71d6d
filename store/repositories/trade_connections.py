"""The trade-software connection of a business; tokens are stored encrypted (SecretBox).

Token refreshes race (two workers notice an expired token at once), so writes of tokens are a
compare-and-swap on ``version``: read the connection, refresh, then :func:`save_tokens` with the
version you read. ``False`` means someone else won; re-read and use their tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import ConnectionStatus, TradeConnection, utcnow
from zentrale.store.secrets import SecretBox


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


async def get_connection(session: AsyncSession, box: SecretBox, business_id: str) -> StoredConnection | None:
    row = await session.scalar(
        select(TradeConnection)
        .where(TradeConnection.business_id == business_id)
        .execution_options(populate_existing=True)
    )
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
    )


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
            business_id=business_id, kind=kind, base_url=base_url, firm_code=firm_code, tenant_code=tenant_code,
            status=ConnectionStatus.DISCONNECTED.value, scopes=[], version=1,
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
    session: AsyncSession, box: SecretBox, business_id: str, tokens: TradeTokens, *, expected_version: int
) -> bool:
    """Store new tokens (encrypted) and mark the connection connected, if ``version`` still matches."""
    return await _swap(
        session,
        business_id,
        expected_version,
        access_token=box.encrypt(tokens.access_token),
        refresh_token=box.encrypt(tokens.refresh_token) if tokens.refresh_token is not None else None,
        expires_at=tokens.expires_at,
        scopes=list(tokens.scopes),
        remote_user=tokens.remote_user,
        status=ConnectionStatus.CONNECTED.value,
    )


async def mark_reauth_required(session: AsyncSession, business_id: str, *, expected_version: int) -> bool:
    """The grant was revoked or the refresh token expired: a person must reconnect."""
    return await _swap(
        session, business_id, expected_version,
        access_token=None, refresh_token=None, expires_at=None, status=ConnectionStatus.REAUTH_REQUIRED.value,
    )


async def disconnect(session: AsyncSession, business_id: str, *, expected_version: int) -> bool:
    return await _swap(
        session, business_id, expected_version,
        access_token=None, refresh_token=None, expires_at=None, remote_user=None,
        status=ConnectionStatus.DISCONNECTED.value,
    )


async def _swap(session: AsyncSession, business_id: str, expected_version: int, **values: object) -> bool:
    result = await session.execute(
        update(TradeConnection)
        .where(TradeConnection.business_id == business_id, TradeConnection.version == expected_version)
        .values(version=TradeConnection.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
