"""Address sync: the trade software's address master → the local contacts and phone index.

``sync_addresses`` streams pages (bounded memory: one page at a time), stores each page in its
own transaction with bulk upserts, and saves its position with every page:

- **full sync** (never synced, or ``full=True``): all addresses, no ``updated_since``; the
  cursor is saved with each page, so an interrupted full sync resumes where it stopped; at the
  end contacts not seen since the sync started are marked deleted (the trade software no longer
  has them).
- **incremental sync**: ``updated_since`` = the stored watermark; tombstones mark contacts
  deleted and drop their phones. The watermark moves only when the sync finished, so an
  interrupted incremental sync simply repeats (upserts are idempotent).

The watermark is the newest ``updated_at`` seen, but never later than the sync's start minus
:data:`WATERMARK_SLACK`: an address changed *during* the sync on a page already read is fetched
again next time instead of being skipped.

A lease in ``address_sync_states`` lets only one process sync a business at a time (renewed
with every page). Port errors: :class:`TemporarilyUnavailable` → the page is retried with
backoff (bounded, honouring Retry-After); :class:`ReauthRequired` and everything else → the
sync stops, ``last_error`` is recorded and the error is raised.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from zentrale.integrations.trade.port import (
    Address,
    AddressPage,
    PermanentError,
    ReauthRequired,
    TemporarilyUnavailable,
    TradePort,
)
from zentrale.logs import get_logger
from zentrale.store.db import Database
from zentrale.store.models import AddressSyncState, utcnow
from zentrale.store.repositories import address_sync, contacts
from zentrale.store.repositories.contacts import ContactInput, PhoneInput

log = get_logger(__name__)

DEFAULT_PAGE_SIZE = 500
LEASE_SECONDS = 300.0
WATERMARK_SLACK = timedelta(minutes=5)
MAX_PAGE_ATTEMPTS = 6  # first try + 5 retries
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 30.0


@dataclass(frozen=True)
class SyncResult:
    pages: int = 0
    addresses: int = 0  # addresses stored (created or updated)
    deleted: int = 0  # contacts marked deleted (tombstones and, after a full sync, the sweep)
    phones: int = 0  # phone index rows written
    seconds: float = 0.0
    full: bool = False
    resumed: bool = False  # a full sync continued from a saved cursor


Progress = Callable[[SyncResult], Any]


class SyncBusy(Exception):
    """Another process holds the sync lease of this business."""


class SyncLeaseLost(Exception):
    """The lease expired and another process took over; this sync stopped without storing the page."""


@dataclass(frozen=True)
class _State:
    watermark: datetime | None
    cursor: str | None
    full_started_at: datetime | None
    last_full_sync_at: datetime | None


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def contact_input(address: Address) -> ContactInput:
    return ContactInput(
        address_code=address.code,
        name=address.name,
        phones=tuple(PhoneInput(phone.number, phone.kind, phone.sms_consent) for phone in address.phones),
        salutation=address.salutation,
        title=address.title,
        name2=address.name2,
        street=address.street,
        zip=address.zip,
        city=address.city,
        country=address.country,
        main_sweep_only=address.main_sweep_only,
        remote_updated_at=address.updated_at,
    )


async def sync_addresses(
    db: Database,
    port: TradePort,
    business_config: Any,
    *,
    full: bool | None = None,
    progress: Progress | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    owner: str | None = None,
    lease_seconds: float = LEASE_SECONDS,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> SyncResult:
    """Sync the address master of ``business_config`` through ``port`` into ``db``.

    ``full``: ``None`` = incremental, or full if never synced (or a full sync is unfinished);
    ``True`` = full (an unfinished one is resumed); ``False`` = incremental unless a full sync is
    unfinished. ``progress(result_so_far)`` is called after each stored page.
    Raises :class:`SyncBusy` if another process is syncing this business.
    """
    business_id = business_config.id
    region = business_config.business.region
    owner = owner or default_owner()
    clock = time.monotonic()
    state = await _acquire(db, business_id, owner, lease_seconds)
    error: str | None = None
    try:
        resume_full = state.full_started_at is not None
        do_full = resume_full or full is True or (full is None and state.watermark is None)
        run = _Run(db, port, business_id, region, owner, lease_seconds, page_size, progress, sleep, clock)
        if do_full:
            result = await run.full(state)
        else:
            result = await run.incremental(state)
        log.info(
            "address_sync_done",
            business=business_id,
            full=result.full,
            resumed=result.resumed,
            pages=result.pages,
            addresses=result.addresses,
            deleted=result.deleted,
            phones=result.phones,
            seconds=round(result.seconds, 2),
        )
        return result
    except ReauthRequired as exc:
        error = f"reauth required: {exc}"
        raise
    except Exception as exc:  # recorded for the admin (no personal data in port errors), then raised
        error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        await asyncio.shield(_release(db, business_id, owner, error))


class _Run:
    def __init__(
        self,
        db: Database,
        port: TradePort,
        business_id: str,
        region: str,
        owner: str,
        lease_seconds: float,
        page_size: int,
        progress: Progress | None,
        sleep: Callable[[float], Awaitable[Any]],
        clock: float,
    ) -> None:
        self.db, self.port, self.business_id, self.region = db, port, business_id, region
        self.owner, self.lease_seconds, self.page_size = owner, lease_seconds, page_size
        self.progress, self.sleep, self.clock = progress, sleep, clock
        self.result = SyncResult()

    async def full(self, state: _State) -> SyncResult:
        started_at = state.full_started_at
        cursor = state.cursor
        newest = state.watermark if started_at is not None else None  # running maximum of this full sync
        resumed = started_at is not None
        if started_at is None:
            started_at = utcnow()
            async with self.db.transaction() as session:
                await self._save(session, full_sync_started_at=started_at, full_sync_cursor=None, watermark=None)
        self.result = SyncResult(full=True, resumed=resumed)
        log.info("address_sync_started", business=self.business_id, full=True, resumed=resumed)
        try:
            newest = await self._pages(None, cursor, newest, full=True)
        except PermanentError as exc:
            if not (resumed and cursor and exc.status in {400, 404, 410}):
                raise
            # The saved cursor is no longer valid on the server: start this full sync over.
            log.warning("address_sync_cursor_expired", business=self.business_id, status=exc.status)
            started_at = utcnow()
            async with self.db.transaction() as session:
                await self._save(session, full_sync_started_at=started_at, full_sync_cursor=None, watermark=None)
            newest = await self._pages(None, None, None, full=True)
        finished = utcnow()
        async with self.db.transaction() as session:
            swept = await contacts.sweep_not_synced_since(session, self.business_id, started_at)
            watermark = _watermark(newest, started_at)
            await self._save(
                session,
                watermark=watermark,
                full_sync_cursor=None,
                full_sync_started_at=None,
                last_full_sync_at=finished,
                last_sync_at=finished,
                last_error=None,
            )
        self.result = replace(self.result, deleted=self.result.deleted + swept, seconds=time.monotonic() - self.clock)
        return self.result

    async def incremental(self, state: _State) -> SyncResult:
        started_at = utcnow()
        self.result = SyncResult(full=False)
        log.info("address_sync_started", business=self.business_id, full=False, resumed=False)
        newest = await self._pages(state.watermark, None, None, full=False)
        finished = utcnow()
        watermark = state.watermark
        if newest is not None:
            candidate = _watermark(newest, started_at)
            watermark = candidate if watermark is None or candidate > watermark else watermark
        async with self.db.transaction() as session:
            await self._save(session, watermark=watermark, last_sync_at=finished, last_error=None)
        self.result = replace(self.result, seconds=time.monotonic() - self.clock)
        return self.result

    async def _pages(
        self, updated_since: datetime | None, cursor: str | None, newest: datetime | None, *, full: bool
    ) -> datetime | None:
        """Fetch and store pages from ``cursor`` on; returns the newest ``updated_at`` seen."""
        attempts = 0
        pages = _open(self.port, updated_since, self.page_size, cursor)
        while True:
            try:
                page = await anext(pages)
            except StopAsyncIteration:
                return newest
            except TemporarilyUnavailable as exc:
                attempts += 1
                if attempts >= MAX_PAGE_ATTEMPTS:
                    raise
                delay = _backoff(attempts, exc.retry_after)
                log.info("address_sync_retry", business=self.business_id, attempt=attempts, delay=round(delay, 2))
                await self.sleep(delay)
                pages = _open(self.port, updated_since, self.page_size, cursor)
                continue
            attempts = 0
            newest = await self._store(page, newest, full=full)
            next_cursor = page.next_cursor
            del page  # one page at a time: nothing of it is kept
            if not next_cursor or next_cursor == cursor:
                await _close(pages)
                return newest
            cursor = next_cursor

    async def _store(self, page: AddressPage, newest: datetime | None, *, full: bool) -> datetime | None:
        live = [contact_input(a) for a in page.items if not a.deleted]
        gone = [a.code for a in page.items if a.deleted]
        for address in page.items:
            if newest is None or address.updated_at > newest:
                newest = address.updated_at
        synced_at = utcnow()
        async with self.db.transaction() as session:
            counts = await contacts.upsert_contacts(session, self.business_id, live, region=self.region, synced_at=synced_at)
            deleted = await contacts.mark_deleted(session, self.business_id, gone, synced_at=synced_at)
            position: dict[str, Any] = {}
            if full:  # resumable: the next page's cursor and the running maximum
                position = {"full_sync_cursor": page.next_cursor, "watermark": newest}
            await self._save(session, **position)
        self.result = replace(
            self.result,
            pages=self.result.pages + 1,
            addresses=self.result.addresses + counts.contacts,
            deleted=self.result.deleted + deleted,
            phones=self.result.phones + counts.phones,
            seconds=time.monotonic() - self.clock,
        )
        if self.progress is not None:
            outcome = self.progress(self.result)
            if inspect.isawaitable(outcome):
                await outcome
        return newest

    async def _save(self, session: Any, **values: Any) -> None:
        """Update the sync state and renew the lease, if this process still holds it."""
        if not await address_sync.save_state(session, self.business_id, self.owner, self.lease_seconds, **values):
            raise SyncLeaseLost(f"the address sync lease of {self.business_id} was taken over by another process")


def _watermark(newest: datetime | None, started_at: datetime) -> datetime:
    bound = started_at - WATERMARK_SLACK
    return bound if newest is None or newest > bound else newest


def _backoff(attempt: int, retry_after: float | None) -> float:
    if retry_after is not None and retry_after >= 0:
        return min(float(retry_after), BACKOFF_CAP_SECONDS * 4)
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def _accepts_cursor(port: TradePort) -> bool:
    try:
        return "cursor" in inspect.signature(port.addresses).parameters
    except (TypeError, ValueError):
        return False


def _open(port: TradePort, updated_since: datetime | None, page_size: int, cursor: str | None) -> AsyncIterator[AddressPage]:
    """Pages from ``cursor`` on. A port whose ``addresses`` takes no ``cursor`` is paged from the
    start and the pages before the cursor are skipped without storing them."""
    if cursor is None:
        return aiter(port.addresses(updated_since=updated_since, page_size=page_size))
    if _accepts_cursor(port):
        return aiter(port.addresses(updated_since=updated_since, page_size=page_size, cursor=cursor))  # type: ignore[call-arg]
    return _skip_to(port, updated_since, page_size, cursor)


async def _skip_to(port: TradePort, updated_since: datetime | None, page_size: int, cursor: str) -> AsyncIterator[AddressPage]:
    reached = False
    async for page in port.addresses(updated_since=updated_since, page_size=page_size):
        if reached:
            yield page
        elif page.next_cursor == cursor:
            reached = True
    if not reached:
        raise PermanentError("the saved address cursor was not found again", status=410, error="cursor_expired")


async def _close(pages: AsyncIterator[AddressPage]) -> None:
    close = getattr(pages, "aclose", None)
    if close is not None:
        await close()


async def _acquire(db: Database, business_id: str, owner: str, lease_seconds: float) -> _State:
    async with db.transaction() as session:
        try:
            taken, row = await address_sync.acquire_lease(session, business_id, owner, lease_seconds)
        except address_sync.UnknownBusiness:
            raise LookupError(
                f"business {business_id!r} is not in the database yet: start the server once or run a command that loads the configuration"
            ) from None
        if not taken:
            raise SyncBusy(
                f"another process is syncing the addresses of {business_id} (lease until {row.lease_until:%H:%M:%S} UTC)"
            )
        return _State(row.watermark, row.full_sync_cursor, row.full_sync_started_at, row.last_full_sync_at)


async def _release(db: Database, business_id: str, owner: str, error: str | None) -> None:
    try:
        async with db.transaction() as session:
            await address_sync.release_lease(session, business_id, owner, error=error)
    except Exception as exc:  # the lease expires on its own; never mask the sync's own outcome
        log.warning("address_sync_release_failed", business=business_id, error=type(exc).__name__)


async def sync_state(db: Database, business_id: str) -> AddressSyncState | None:
    """The stored sync state (watermark, unfinished full sync, last error) for status displays."""
    async with db.read() as session:
        return await address_sync.get_state(session, business_id)
