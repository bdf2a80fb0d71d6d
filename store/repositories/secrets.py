"""Other secrets at rest (per business, or installation-wide with ``business_id=None``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Secret
from zentrale.store.secrets import SecretBox


def _scope(business_id: str | None):  # type: ignore[no-untyped-def]
    return Secret.business_id.is_(None) if business_id is None else Secret.business_id == business_id


async def get_secret(session: AsyncSession, box: SecretBox, business_id: str | None, name: str) -> str | None:
    token = await session.scalar(select(Secret.value).where(_scope(business_id), Secret.name == name))
    return None if token is None else box.decrypt(token)


async def set_secret(session: AsyncSession, box: SecretBox, business_id: str | None, name: str, value: str) -> None:
    row = await session.scalar(select(Secret).where(_scope(business_id), Secret.name == name))
    if row is None:
        session.add(Secret(business_id=business_id, name=name, value=box.encrypt(value)))
    else:
        row.value = box.encrypt(value)
    await session.flush()


async def delete_secret(session: AsyncSession, business_id: str | None, name: str) -> bool:
    result: Any = await session.execute(delete(Secret).where(_scope(business_id), Secret.name == name))
    return int(result.rowcount or 0) > 0


async def list_secret_names(session: AsyncSession, business_id: str | None) -> list[str]:
    return list(await session.scalars(select(Secret.name).where(_scope(business_id)).order_by(Secret.name)))
