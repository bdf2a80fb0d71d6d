"""The periodic address sync inside the server (installed by :func:`webhooks.app.create_app`).

One task per business that has ``integrations.trade_system``: soon after start, then every
``sync_interval_minutes``, it syncs the address master if the business is connected (a full
sync the first time, incremental afterwards, see :mod:`zentrale.integrations.trade.sync`).
A business that is not connected yet is checked again every minute, so a sync follows soon
after an admin connects. Failures are logged (counts and error types only, no personal data)
and never end the task or the server; on shutdown a running sync is given a moment, then
cancelled (its page transaction rolls back; the next start resumes where it stopped).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from zentrale.integrations.trade.port import InsufficientScope, PermanentError, ReauthRequired, TemporarilyUnavailable
from zentrale.integrations.trade.sync import SyncBusy, SyncResult, sync_addresses
from zentrale.logs import get_logger
from zentrale.runtime import DATABASE, HTTP, INSTALLATION, SECRETS

log = get_logger(__name__)


@dataclass
class BackgroundSyncOptions:
    """Timing of the periodic sync (tests shorten it by setting ``app[SYNC_OPTIONS]`` before start)."""

    first_delay: float = 15.0  # seconds after start-up before the first sync
    not_connected_recheck: float = 60.0  # seconds between checks while a business is not connected
    interval_seconds: float | None = None  # overrides sync_interval_minutes (tests)
    stop_grace: float = 5.0  # seconds a running sync may take to finish on shutdown before it is cancelled


@dataclass
class BusinessSyncStatus:
    """What the periodic sync of one business did last (for health pages and tests)."""

    business_id: str
    runs: int = 0
    last_result: SyncResult | None = None
    last_error: str | None = None
    history: list[str] = field(default_factory=list)  # "synced" / "not_connected" / "busy" / "failed" per run


SYNC_OPTIONS: web.AppKey[BackgroundSyncOptions] = web.AppKey("address_sync_options", BackgroundSyncOptions)
SYNC_STATUS: web.AppKey[dict[str, BusinessSyncStatus]] = web.AppKey("address_sync_status", dict)


def install(app: web.Application) -> None:
    app[SYNC_OPTIONS] = BackgroundSyncOptions()
    app[SYNC_STATUS] = {}
    app.cleanup_ctx.append(_sync_ctx)


async def _sync_ctx(app: web.Application) -> AsyncIterator[None]:
    options = app[SYNC_OPTIONS]
    stop = asyncio.Event()
    tasks = []
    for business in app[INSTALLATION].businesses:
        if business.integrations.trade_system is None:
            continue
        status = app[SYNC_STATUS].setdefault(business.id, BusinessSyncStatus(business.id))
        tasks.append(asyncio.create_task(_loop(app, business, options, status, stop), name=f"address-sync:{business.id}"))
    if tasks:
        log.info("address_sync_scheduled", businesses=len(tasks))
    yield
    stop.set()
    if not tasks:
        return
    _done, pending = await asyncio.wait(tasks, timeout=options.stop_grace)
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _loop(
    app: web.Application, business: Any, options: BackgroundSyncOptions, status: BusinessSyncStatus, stop: asyncio.Event
) -> None:
    delay = options.first_delay
    while True:
        try:
            await asyncio.wait_for(stop.wait(), timeout=max(delay, 0.0))
            return
        except TimeoutError:
            pass
        try:
            delay = await run_once(app, business, options, status)
        except Exception as exc:  # never let one business's trouble end its schedule or the server
            status.last_error = type(exc).__name__
            status.history.append("failed")
            log.error("address_sync_failed", business=business.id, error=type(exc).__name__)
            log.debug("address_sync_failed_detail", business=business.id, exc_info=True)
            delay = _interval(business, options)


def _interval(business: Any, options: BackgroundSyncOptions) -> float:
    if options.interval_seconds is not None:
        return options.interval_seconds
    return float(business.integrations.trade_system.sync_interval_minutes * 60.0)


async def run_once(app: web.Application, business: Any, options: BackgroundSyncOptions, status: BusinessSyncStatus) -> float:
    """One scheduled run for ``business``; returns the seconds until the next one."""
    from zentrale.integrations.trade.connect import connection_status
    from zentrale.integrations.trade.kwp.client import open_port
    from zentrale.store.models import ConnectionStatus

    db = app[DATABASE]
    interval = _interval(business, options)
    status.runs += 1
    info = await connection_status(db, business.id)
    if info.status != ConnectionStatus.CONNECTED:
        status.history.append("not_connected")
        log.debug("address_sync_waiting_for_connection", business=business.id, status=info.status.value)
        return min(interval, options.not_connected_recheck)
    port = open_port(db, app[SECRETS], business, app[HTTP])
    try:
        result = await sync_addresses(db, port, business)
    except SyncBusy:
        status.history.append("busy")
        log.info("address_sync_skipped", business=business.id, reason="another process is syncing")
        return interval
    except ReauthRequired:
        status.last_error = "reauth_required"
        status.history.append("failed")
        log.warning("address_sync_needs_reconnect", business=business.id)
        return min(interval, options.not_connected_recheck)
    except InsufficientScope as exc:
        status.last_error = f"insufficient_scope:{exc.scope}"
        status.history.append("failed")
        log.warning("address_sync_missing_right", business=business.id, scope=exc.scope)
        return interval
    except (TemporarilyUnavailable, PermanentError) as exc:
        status.last_error = type(exc).__name__
        status.history.append("failed")
        log.warning("address_sync_failed", business=business.id, error=type(exc).__name__)
        return interval
    status.last_result = result
    status.last_error = None
    status.history.append("synced")
    return interval
