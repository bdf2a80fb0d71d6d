"""The composition root of the server: ``create_app(settings, installation)``.

Resources live in ``cleanup_ctx`` (database engine, one shared HTTP client session) and are
reached through typed ``web.AppKey``s. Handlers stay thin: verify, dedupe, call into
``bot``/``store``, render.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
from aiohttp import web

from zentrale import __version__
from zentrale.config import Installation
from zentrale.integrations import handlers
from zentrale.integrations.trade import background
from zentrale.integrations.trade.connect import connection_status
from zentrale.logs import get_logger
from zentrale.runtime import CLOCK, DATABASE, HTTP, INSTALLATION, SECRETS, SETTINGS
from zentrale.settings import Settings
from zentrale.store.db import Database, DatabaseUnavailable
from zentrale.store.migrate import current_revision, head_revision
from zentrale.store.models import utcnow
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox
from zentrale.web import inbox
from zentrale.web.admin import trade as admin_trade
from zentrale.webhooks import sms, voice

Extension = Callable[[web.Application], None]

# The parts that add routes, pages or background tasks to the server, in this order, after the
# database and HTTP resources are set up. A test passes a shorter tuple to leave parts out.
EXTENSIONS: tuple[Extension, ...] = (
    voice.install,  # the voice webhooks, the call watchdog and the fallback spool
    sms.install,  # Twilio's SMS status callbacks
    inbox.install,  # the staff inbox: login, activities, admin page for staff accounts
    admin_trade.install,  # admin pages: connect the trade software, OAuth callback
    background.install,  # periodic address sync
    handlers.install,  # the outbox worker with every delivery handler
)

log = get_logger("zentrale.server")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def limit_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse oversized bodies before reading them (aiohttp checks again while reading)."""
    limit = request.app[SETTINGS].max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=request.content_length)
    return await handler(request)


@web.middleware
async def access_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    """One INFO line per request: method, route path and status. Never the query or the body,
    which carry callers' numbers and words."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            # Server-side time, for the load benchmark and for anyone reading Twilio's debugger.
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        route = request.match_info.route.resource
        path = route.canonical if route is not None else "(unmatched)"
        log.info(
            "http_request",
            method=request.method,
            route=path,
            status=status,
            ms=round((time.perf_counter() - started) * 1000, 2),
        )


def _database_ctx(database: Database | None) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        db = database or Database(app[SETTINGS].database_url)
        await db.ping()
        # Businesses and their staff are mirrored from the YAML into the store at start-up,
        # so that rows written later can reference them.
        async with db.transaction() as session:
            for business in app[INSTALLATION].businesses:
                await sync_business(session, business)
        app[DATABASE] = db
        log.info("database_ready", backend="sqlite" if db.is_sqlite else "postgresql")
        yield
        if database is None:
            await db.dispose()

    return ctx


async def _http_ctx(app: web.Application) -> AsyncIterator[None]:
    timeout = aiohttp.ClientTimeout(total=30, connect=5)
    async with aiohttp.ClientSession(timeout=timeout, raise_for_status=False) as session:
        app[HTTP] = session
        yield


async def healthz(request: web.Request) -> web.Response:
    """Liveness and readiness: the database answers, the schema is current, configs loaded."""
    app = request.app
    db = app[DATABASE]
    head = head_revision()
    database: dict[str, object] = {"ok": False, "revision": None, "head": head}
    try:
        await db.ping()
        revision = await current_revision(db)
        database.update(revision=revision, ok=revision == head)
        if revision != head:
            database["error"] = "schema is not at head: run `zentrale db upgrade`"
    except DatabaseUnavailable as exc:
        database["error"] = str(exc)
    businesses = []
    for b in app[INSTALLATION].businesses:
        entry: dict[str, object] = {
            "id": b.id,
            "name": b.business.name,
            "tasks": len(b.tasks),
            "phone_numbers": len(b.business.phone_numbers),
            "trade": None,  # no trade software: activities stay in zentrale's inbox
        }
        if b.integrations.trade_system is not None and database["ok"]:
            # "reauth_required" means an admin must connect again; the server itself is fine,
            # so this does not turn health into 503 (nothing queued is dropped meanwhile).
            entry["trade"] = (await connection_status(db, b.id)).status.value
        businesses.append(entry)
    ok = bool(database["ok"]) and bool(businesses)
    body = {
        "status": "ok" if ok else "unavailable",
        "version": __version__,
        "database": database,
        "businesses": businesses,
    }
    return web.json_response(body, status=200 if ok else 503)


def create_app(
    settings: Settings,
    installation: Installation,
    *,
    database: Database | None = None,
    extensions: tuple[Extension, ...] = EXTENSIONS,
) -> web.Application:
    """Build the application. ``database`` lets tests share an already migrated store;
    ``extensions`` lets a test leave out background parts it does not exercise."""
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[access_log, limit_body])
    app[SETTINGS] = settings
    app[INSTALLATION] = installation
    app[SECRETS] = SecretBox.from_settings(settings)
    app[CLOCK] = utcnow
    app.cleanup_ctx.append(_database_ctx(database))
    app.cleanup_ctx.append(_http_ctx)
    app.router.add_get("/healthz", healthz)
    for install in extensions:
        install(app)
    return app
