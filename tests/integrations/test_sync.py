"""Address sync against an in-memory trade port (the contract's paging, tombstones and faults),
on SQLite and PostgreSQL. End-to-end runs against the simulator are in test_sync_simulator.py."""

from __future__ import annotations

import gc
import weakref
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from zentrale.integrations.trade.lookup import lookup_caller
from zentrale.integrations.trade.port import Address, AddressPage, Phone, ReauthRequired, TemporarilyUnavailable
from zentrale.integrations.trade.sync import SyncBusy, sync_addresses, sync_state
from zentrale.store.db import Database
from zentrale.store.models import Business, Contact
from zentrale.store.repositories import contacts

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def business(region: str = "DE") -> Any:
    return SimpleNamespace(id="mueller", business=SimpleNamespace(id="mueller", name="Heizung Müller", region=region))


def address(i: int, *, updated: datetime | None = None, phones: tuple[Phone, ...] | None = None, **fields: Any) -> Address:
    return Address(
        code=f"K{i:05d}",
        name=f"Kunde {i}",
        updated_at=updated or T0 + timedelta(minutes=i),
        phones=phones if phones is not None else (Phone(f"030 {1000000 + i}", "landline"),),
        **fields,
    )


class FakePort:
    """Serves ``addresses`` like the contract: cursor paging by code, ``updated_since`` with tombstones."""

    def __init__(self, items: list[Address], *, with_cursor: bool = True) -> None:
        self.items = {a.code: a for a in items}
        self.tombstones: dict[str, datetime] = {}
        self.calls: list[tuple[datetime | None, str | None]] = []  # (updated_since, cursor) per page request
        self.faults: dict[int, BaseException] = {}  # page request number (1-based) -> error raised
        self.yielded: list[weakref.ref[AddressPage]] = []
        self.alive_when_requested: list[int] = []
        if not with_cursor:
            self.addresses = self._addresses_without_cursor  # type: ignore[method-assign]

    def _select(self, updated_since: datetime | None) -> list[Address]:
        rows = [a for a in self.items.values() if updated_since is None or a.updated_at >= updated_since]
        if updated_since is not None:
            rows += [
                Address(code=code, name="", updated_at=when, deleted=True)
                for code, when in self.tombstones.items()
                if when >= updated_since
            ]
        return sorted(rows, key=lambda a: a.code)

    def _page(self, updated_since: datetime | None, cursor: str | None, page_size: int) -> AddressPage:
        self.calls.append((updated_since, cursor))
        gc.collect()
        self.alive_when_requested.append(sum(1 for ref in self.yielded if ref() is not None))
        fault = self.faults.pop(len(self.calls), None)
        if fault is not None:
            raise fault
        rows = self._select(updated_since)
        start = int(cursor) if cursor else 0
        chunk = rows[start : start + page_size]
        next_cursor = str(start + page_size) if start + page_size < len(rows) else None
        page = AddressPage(items=tuple(chunk), next_cursor=next_cursor)
        self.yielded.append(weakref.ref(page))
        return page

    async def addresses(
        self, *, updated_since: datetime | None = None, page_size: int = 500, cursor: str | None = None
    ) -> AsyncIterator[AddressPage]:
        while True:
            page = self._page(updated_since, cursor, page_size)
            cursor = page.next_cursor
            yield page
            del page
            if cursor is None:
                return

    async def _addresses_without_cursor(
        self, *, updated_since: datetime | None = None, page_size: int = 500
    ) -> AsyncIterator[AddressPage]:
        async for page in FakePort.addresses(self, updated_since=updated_since, page_size=page_size):
            yield page


async def add_business(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Business(id="mueller", name="Heizung Müller"))


async def no_sleep(_: float) -> None:
    return None


async def live_codes(db: Database) -> list[str]:
    async with db.read() as session:
        rows = await session.scalars(
            select(Contact.address_code)
            .where(Contact.business_id == "mueller", Contact.deleted.is_(False))
            .order_by(Contact.address_code)
        )
        return list(rows)


async def find(db: Database, number: str) -> list[str]:
    async with db.read() as session:
        return [m.address_code for m in await lookup_caller(session, "mueller", number, region="DE")]


async def test_full_then_incremental_with_changes_and_tombstones(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 26)])
    seen: list[int] = []
    result = await sync_addresses(
        database, port, business(), page_size=10, progress=lambda r: seen.append(r.addresses), sleep=no_sleep
    )
    assert (result.full, result.pages, result.addresses, result.deleted, result.phones) == (True, 3, 25, 0, 25)
    assert seen == [10, 20, 25]
    assert port.calls[0] == (None, None)
    assert len(await live_codes(database)) == 25
    assert await find(database, "+49301000007") == ["K00007"]

    # The office changes a number, deletes one address and adds one.
    port.items["K00007"] = address(7, updated=T0 + timedelta(days=1), phones=(Phone("0171 5550123 (Handy)", "mobile"),))
    del port.items["K00008"]
    port.tombstones["K00008"] = T0 + timedelta(days=1)
    port.items["K00099"] = address(99, updated=T0 + timedelta(days=1))
    port.calls.clear()
    result = await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    # 2 changed + K00025, whose updated_at is the watermark itself (updated_since is inclusive)
    assert (result.full, result.addresses, result.deleted) == (False, 3, 1)
    assert port.calls[0][0] == T0 + timedelta(minutes=25)  # updated_since = the watermark of the full sync
    assert await find(database, "+49301000007") == []
    assert await find(database, "0171 5550123") == ["K00007"]
    assert await find(database, "+49301000008") == []
    assert await find(database, "+49301000099") == ["K00099"]
    assert "K00008" not in await live_codes(database)
    state = await sync_state(database, "mueller")
    assert state.watermark == T0 + timedelta(days=1)
    assert state.lease_owner is None and state.last_error is None and state.full_sync_cursor is None


async def test_full_sync_marks_addresses_gone_remotely_as_deleted(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 11)])
    await sync_addresses(database, port, business(), page_size=4, sleep=no_sleep)
    for code in ("K00002", "K00009"):
        del port.items[code]  # removed without a tombstone (e.g. the server purged them)
    result = await sync_addresses(database, port, business(), full=True, page_size=4, sleep=no_sleep)
    assert (result.full, result.addresses, result.deleted) == (True, 8, 2)
    assert "K00002" not in await live_codes(database) and len(await live_codes(database)) == 8
    assert await find(database, "+49301000009") == []


@pytest.mark.parametrize("with_cursor", [True, False], ids=["cursor", "skip-forward"])
async def test_interrupted_full_sync_resumes_at_the_saved_cursor(database: Database, with_cursor: bool) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 51)], with_cursor=with_cursor)
    port.faults[4] = RuntimeError("process killed")
    with pytest.raises(RuntimeError):
        await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    state = await sync_state(database, "mueller")
    assert state.full_sync_cursor == "30" and state.full_sync_started_at is not None
    assert "RuntimeError" in state.last_error and state.lease_owner is None
    assert len(await live_codes(database)) == 30

    port.calls.clear()
    result = await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    assert (result.full, result.resumed, result.pages, result.addresses, result.deleted) == (True, True, 2, 20, 0)
    if with_cursor:
        assert [cursor for _, cursor in port.calls] == ["30", "40"]
    assert len(await live_codes(database)) == 50  # nothing of the first half was swept
    state = await sync_state(database, "mueller")
    assert state.full_sync_started_at is None and state.last_full_sync_at is not None and state.last_error is None
    assert state.watermark == T0 + timedelta(minutes=50)


async def test_temporary_errors_are_retried_with_backoff(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 31)])
    port.faults[2] = TemporarilyUnavailable("503")
    port.faults[3] = TemporarilyUnavailable("429", retry_after=7)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    result = await sync_addresses(database, port, business(), page_size=10, sleep=sleep)
    assert (result.pages, result.addresses) == (3, 30)
    assert len(slept) == 2 and 0 < slept[0] <= 0.5 and slept[1] == 7
    assert [cursor for _, cursor in port.calls] == [None, "10", "10", "10", "20"]


async def test_retries_are_bounded_and_the_error_recorded(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 31)])
    for n in range(2, 20):
        port.faults[n] = TemporarilyUnavailable("503")
    with pytest.raises(TemporarilyUnavailable):
        await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    assert len(port.calls) == 7  # page 1, then 6 tries of page 2
    state = await sync_state(database, "mueller")
    assert "TemporarilyUnavailable" in state.last_error and state.lease_owner is None
    assert state.full_sync_cursor == "10"


async def test_reauth_required_stops_and_keeps_what_was_stored(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 31)])
    port.faults[2] = ReauthRequired("invalid_grant")
    with pytest.raises(ReauthRequired):
        await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    assert len(port.calls) == 2  # no retries: a person must reconnect
    state = await sync_state(database, "mueller")
    assert state.last_error.startswith("reauth required")
    assert len(await live_codes(database)) == 10


async def test_only_one_process_syncs_a_business(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 31)])
    second: list[BaseException] = []

    async def progress(_: Any) -> None:
        try:
            await sync_addresses(database, FakePort([]), business(), owner="other", sleep=no_sleep)
        except SyncBusy as exc:
            second.append(exc)

    await sync_addresses(database, port, business(), page_size=10, progress=progress, owner="first", sleep=no_sleep)
    assert len(second) == 3 and "another process" in str(second[0])
    # Released at the end: the other process may sync now.
    result = await sync_addresses(database, port, business(), owner="other", sleep=no_sleep)
    assert result.full is False


async def test_an_expired_lease_is_taken_over(database: Database) -> None:
    """A process that died mid-sync never released its lease: once it expires, another takes over and resumes."""
    from sqlalchemy import update

    from zentrale.store.models import AddressSyncState

    await add_business(database)
    port = FakePort([address(i) for i in range(1, 5)])

    class Died(Exception):
        pass

    def die(_: Any) -> None:
        raise Died

    with pytest.raises(Died):
        await sync_addresses(database, port, business(), page_size=2, progress=die, owner="dead", sleep=no_sleep)
    async with database.transaction() as session:  # as if the release never ran: the lease is still "dead"'s
        await session.execute(
            update(AddressSyncState).values(lease_owner="dead", lease_until=datetime.now(UTC) + timedelta(minutes=5))
        )
    with pytest.raises(SyncBusy):
        await sync_addresses(database, port, business(), page_size=2, owner="alive", sleep=no_sleep)
    async with database.transaction() as session:
        await session.execute(update(AddressSyncState).values(lease_until=datetime.now(UTC) - timedelta(seconds=1)))
    result = await sync_addresses(database, port, business(), page_size=2, owner="alive", sleep=no_sleep)
    assert result.resumed and result.pages == 1 and len(await live_codes(database)) == 4


async def test_pages_are_not_accumulated(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 201)])
    await sync_addresses(database, port, business(), page_size=10, sleep=no_sleep)
    assert len(port.calls) == 20
    # When a page is requested, at most the page just stored is still referenced (by the generator).
    assert max(port.alive_when_requested) <= 1


async def test_addresses_keep_country_and_numbers_read_in_it(database: Database) -> None:
    await add_business(database)
    port = FakePort(
        [
            address(1, country="AT", phones=(Phone("0316/123456-12", "landline"), Phone("01 5550199", "fax"))),
            address(2, country=None, phones=(Phone("030 123456 / 0171 5550123", "unknown"),)),
            address(3, country="D", phones=(Phone("bitte nicht anrufen", "unknown"),)),
        ]
    )
    result = await sync_addresses(database, port, business(region="DE"), sleep=no_sleep)
    assert result.phones == 2 + 1 + 2 + 1  # main + direct dial, the fax, two numbers, the field without a number
    assert await find(database, "+43316123456") == ["K00001"]
    assert await find(database, "+4331612345612") == ["K00001"]
    assert await find(database, "+4315550199") == []  # fax
    assert await find(database, "+4930123456") == ["K00002"]
    async with database.read() as session:
        k3 = await contacts.get_contact(session, "mueller", "K00003")
        assert k3.country == "DE"
        assert [(p.raw, p.e164) for p in await contacts.list_phones(session, "mueller", k3.id)] == [("bitte nicht anrufen", None)]


async def test_a_deleted_address_that_comes_back_is_live_again(database: Database) -> None:
    await add_business(database)
    port = FakePort([address(i) for i in range(1, 4)])
    await sync_addresses(database, port, business(), sleep=no_sleep)
    del port.items["K00002"]
    port.tombstones["K00002"] = T0 + timedelta(days=1)
    await sync_addresses(database, port, business(), sleep=no_sleep)
    assert await find(database, "+49301000002") == []
    del port.tombstones["K00002"]
    port.items["K00002"] = replace(address(2), updated_at=T0 + timedelta(days=2))
    await sync_addresses(database, port, business(), sleep=no_sleep)
    assert await find(database, "+49301000002") == ["K00002"]
