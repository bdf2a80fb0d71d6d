"""Staff logins for the inbox: accounts, one-time invitations and browser sessions.

Only hashes of secrets reach the store: ``Invitation.token_hash`` and ``WebSession.token_hash``
are SHA-256 hex digests of the tokens the person holds, ``StaffAccount.password_hash`` is a
salted scrypt string (see :mod:`zentrale.web.auth`). Like every repository these functions
take a session and never commit; lookups by token hash are the only ones not scoped by
``business_id`` up front (the token is what names the business), and they return the row so the
caller can check it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Invitation, StaffAccount, StaffRole, WebSession, utcnow


class AccountState:
    """What the admin page shows for a staff member of the YAML."""

    NONE = "none"  # never invited
    INVITED = "invited"  # invited, no password yet
    ACTIVE = "active"
    BLOCKED = "blocked"
    EXPIRED = "expired"  # access_expires_at has passed


def account_state(account: StaffAccount | None, now: datetime) -> str:
    if account is None:
        return AccountState.NONE
    if account.blocked:
        return AccountState.BLOCKED
    if account.access_expires_at is not None and account.access_expires_at <= now:
        return AccountState.EXPIRED
    if account.password_hash is None:
        return AccountState.INVITED
    return AccountState.ACTIVE


def may_log_in(account: StaffAccount | None, now: datetime) -> bool:
    """A password is set, the account is neither blocked nor past its access expiry."""
    return account_state(account, now) == AccountState.ACTIVE


async def get_account(session: AsyncSession, business_id: str, staff_key: str) -> StaffAccount | None:
    return await session.scalar(
        select(StaffAccount).where(StaffAccount.business_id == business_id, StaffAccount.staff_key == staff_key)
    )


async def list_accounts(session: AsyncSession, business_id: str) -> dict[str, StaffAccount]:
    """The business's accounts by staff key."""
    rows = await session.scalars(select(StaffAccount).where(StaffAccount.business_id == business_id))
    return {row.staff_key: row for row in rows}


async def ensure_account(
    session: AsyncSession, business_id: str, staff_key: str, role: StaffRole | str, *, now: datetime | None = None
) -> StaffAccount:
    """The account of ``staff_key``, created on first use; ``role`` (the YAML's) is mirrored into it."""
    now = now or utcnow()
    account = await get_account(session, business_id, staff_key)
    role = StaffRole(role).value
    if account is None:
        account = StaffAccount(business_id=business_id, staff_key=staff_key, role=role, created_at=now, updated_at=now)
        session.add(account)
    elif account.role != role:
        account.role = role
        account.updated_at = now
    await session.flush()
    return account


async def create_invitation(
    session: AsyncSession,
    business_id: str,
    staff_key: str,
    token_hash: str,
    *,
    role: StaffRole | str,
    expires_at: datetime,
    created_by: str | None = None,
    now: datetime | None = None,
) -> Invitation:
    """A new one-time invitation; older unused invitations of the same person stop working."""
    now = now or utcnow()
    await ensure_account(session, business_id, staff_key, role, now=now)
    await session.execute(
        update(Invitation)
        .where(
            Invitation.business_id == business_id,
            Invitation.staff_key == staff_key,
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(expires_at=now)
    )
    invitation = Invitation(
        business_id=business_id,
        staff_key=staff_key,
        token_hash=token_hash,
        expires_at=expires_at,
        created_by=created_by,
        created_at=now,
    )
    session.add(invitation)
    await session.flush()
    return invitation


async def find_invitation(session: AsyncSession, token_hash: str, *, lock: bool = False) -> Invitation | None:
    query = select(Invitation).where(Invitation.token_hash == token_hash)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


def invitation_usable(invitation: Invitation | None, now: datetime) -> bool:
    return invitation is not None and invitation.used_at is None and invitation.expires_at > now


async def use_invitation(
    session: AsyncSession, invitation: Invitation, password_hash: str, *, now: datetime | None = None
) -> StaffAccount:
    """Spend the invitation and set the password. The person's other sessions end (a new
    password is also how a forgotten one is replaced)."""
    now = now or utcnow()
    # Compare-and-set: of two concurrent uses only one finds used_at still empty.
    spent = cast(
        "CursorResult[Any]",
        await session.execute(
            update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None)).values(used_at=now)
        ),
    )
    if spent.rowcount != 1:
        raise LookupError("invitation already used")
    account = await get_account(session, invitation.business_id, invitation.staff_key)
    if account is None:  # the invitation always creates it; a deleted row is recreated as staff
        account = StaffAccount(business_id=invitation.business_id, staff_key=invitation.staff_key, created_at=now)
        session.add(account)
    account.password_hash = password_hash
    account.password_set_at = now
    account.updated_at = now
    await delete_sessions(session, invitation.business_id, invitation.staff_key)
    await session.flush()
    return account


async def set_blocked(
    session: AsyncSession, business_id: str, staff_key: str, blocked: bool, *, now: datetime | None = None
) -> StaffAccount | None:
    """Block or unblock; blocking ends the person's sessions at once."""
    account = await get_account(session, business_id, staff_key)
    if account is None:
        return None
    account.blocked = blocked
    account.updated_at = now or utcnow()
    if blocked:
        await delete_sessions(session, business_id, staff_key)
    await session.flush()
    return account


async def set_access_expiry(
    session: AsyncSession, business_id: str, staff_key: str, expires_at: datetime | None, *, now: datetime | None = None
) -> StaffAccount | None:
    account = await get_account(session, business_id, staff_key)
    if account is None:
        return None
    account.access_expires_at = expires_at
    account.updated_at = now or utcnow()
    await session.flush()
    return account


async def record_login(session: AsyncSession, account: StaffAccount, *, now: datetime | None = None) -> None:
    account.last_login_at = now or utcnow()
    await session.flush()


# sessions


async def create_session(
    session: AsyncSession,
    business_id: str,
    staff_key: str,
    token_hash: str,
    csrf_token: str,
    *,
    expires_at: datetime,
    now: datetime | None = None,
) -> WebSession:
    now = now or utcnow()
    row = WebSession(
        business_id=business_id,
        staff_key=staff_key,
        token_hash=token_hash,
        csrf_token=csrf_token,
        created_at=now,
        expires_at=expires_at,
        last_seen_at=now,
    )
    session.add(row)
    await session.flush()
    return row


async def find_session(session: AsyncSession, token_hash: str) -> WebSession | None:
    return await session.scalar(select(WebSession).where(WebSession.token_hash == token_hash))


async def extend_session(session: AsyncSession, session_id: int, *, expires_at: datetime, now: datetime) -> None:
    await session.execute(update(WebSession).where(WebSession.id == session_id).values(expires_at=expires_at, last_seen_at=now))


async def delete_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


async def delete_sessions(session: AsyncSession, business_id: str, staff_key: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.business_id == business_id, WebSession.staff_key == staff_key))


async def delete_expired_sessions(session: AsyncSession, now: datetime) -> int:
    result = cast("CursorResult[Any]", await session.execute(delete(WebSession).where(WebSession.expires_at <= now)))
    return int(result.rowcount or 0)
