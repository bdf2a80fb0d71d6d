"""Outbox: idempotent enqueue, claiming with leases, expiry, and concurrent workers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Business, OutboxMessage, utcnow


async def seed(db: Database, count: int, *, business_id: str = "mueller") -> list[int]:
    async with db.transaction() as session:
        if await session.get(Business, business_id) is None:
            session.add(Business(id=business_id, name=business_id))
            await session.flush()
        ids = []
        for n in range(count):
            message = await outbox.enqueue(session, business_id, "trade.create_activity", {"n": n}, f"call-{n}")
            ids.append(message.id)
        return ids


async def test_enqueue_twice_with_the_same_key_is_a_no_op(database: Database) -> None:
    (first,) = await seed(database, 1)
    async with database.transaction() as session:
        again = await outbox.enqueue(session, "mueller", "trade.create_activity", {"n": "other"}, "call-0")
        other_kind = await outbox.enqueue(session, "mueller", "sms.notify", {"n": 0}, "call-0")
    assert again.id == first and again.payload == {"n": 0}
    assert other_kind.id != first
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


async def test_enqueue_rolls_back_with_the_callers_transaction(database: Database) -> None:
    await seed(database, 0)
    try:
        async with database.transaction() as session:
            await outbox.enqueue(session, "mueller", "sms.notify", {}, "k")
            raise RuntimeError("the call could not be finalised")
    except RuntimeError:
        pass
    assert await outbox.claim(database, "w1") == []


async def test_claim_leases_then_complete(database: Database) -> None:
    ids = await seed(database, 3)
    claimed = await outbox.claim(database, "worker-1", limit=2, lease_seconds=30)
    assert [m.id for m in claimed] == ids[:2]
    assert all(m.attempts == 1 and m.lease_owner == "worker-1" for m in claimed)
    assert claimed[0].payload == {"n": 0} and claimed[0].business_id == "mueller"
    # leased rows are not handed out again while the lease holds
    assert [m.id for m in await outbox.claim(database, "worker-2", limit=10)] == [ids[2]]
    assert await outbox.claim(database, "worker-3", limit=10) == []
    async with database.transaction() as session:
        assert await outbox.complete(session, claimed[0].id, "worker-1")
        assert not await outbox.complete(session, claimed[1].id, "worker-2")  # not its lease
    async with database.read() as session:
        done = await outbox.get_message(session, "mueller", claimed[0].id)
        assert done.status == "done" and done.delivered_at is not None and done.lease_owner is None
        assert await outbox.get_message(session, "huber", claimed[0].id) is None


async def test_expired_lease_is_reclaimed_and_the_old_worker_loses_it(database: Database) -> None:
    (message_id,) = await seed(database, 1)
    (_first,) = await outbox.claim(database, "crashed-worker", lease_seconds=60)
    assert await outbox.claim(database, "w2", now=utcnow() + timedelta(seconds=30)) == []
    (second,) = await outbox.claim(database, "w2", now=utcnow() + timedelta(seconds=61))
    assert second.id == message_id and second.attempts == 2 and second.lease_owner == "w2"
    async with database.transaction() as session:
        assert not await outbox.complete(session, message_id, "crashed-worker")
        assert await outbox.complete(session, message_id, "w2")


async def test_retry_later_and_dead(database: Database) -> None:
    first_id, second_id = await seed(database, 2)
    claimed = await outbox.claim(database, "w1")
    assert {m.id for m in claimed} == {first_id, second_id}
    async with database.transaction() as session:
        assert await outbox.retry_later(session, first_id, "w1", 120, "trade software answered 503")
        assert await outbox.dead(session, second_id, "w1", "unknown address code")
    assert await outbox.claim(database, "w1") == []  # not due yet; dead stays dead
    (again,) = await outbox.claim(database, "w1", now=utcnow() + timedelta(seconds=121))
    assert again.id == first_id and again.attempts == 2
    async with database.read() as session:
        dead = await outbox.list_messages(session, "mueller", status="dead")
        assert [(m.id, m.last_error) for m in dead] == [(second_id, "unknown address code")]
        retried = await outbox.get_message(session, "mueller", first_id)
        assert retried.last_error == "trade software answered 503"


async def test_concurrent_claimers_never_share_a_row(database: Database) -> None:
    ids = await seed(database, 40)
    results = await asyncio.gather(*(outbox.claim(database, f"worker-{n}", limit=7) for n in range(4)))
    claimed = [m.id for batch in results for m in batch]
    assert len(claimed) == len(set(claimed)) == 28
    rest = await outbox.claim(database, "late", limit=100)
    assert sorted(claimed + [m.id for m in rest]) == sorted(ids)
    async with database.read() as session:
        owners = dict((await session.execute(select(OutboxMessage.id, OutboxMessage.lease_owner))).all())
    for n, batch in enumerate(results):
        assert all(owners[m.id] == f"worker-{n}" for m in batch)
