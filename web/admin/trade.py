"""Admin pages for the trade connection, and the OAuth callback (installed by ``create_app``).

Routes:

- ``GET /admin/trade`` – the logged-in owner's/admin's business: connection status (nicht
  verbunden / verbunden / neu verbinden nötig), technical user, firm, tenant, rights, missing
  rights in German, last error, refused activities, the buttons "Mit Handwerkersoftware
  verbinden" and "Verbindung trennen", and the recent audit log ("Protokoll").
- ``POST /admin/trade/{business_id}/connect`` – starts the flow and redirects to the vendor's
  login page.
- ``POST /admin/trade/{business_id}/disconnect`` – forgets the tokens (audit entry in the same
  transaction).
- ``GET /admin/trade/callback`` – the OAuth redirect URI: finishes the flow, shows the result.

Access: the staff login of :mod:`zentrale.web.auth` (:func:`~zentrale.web.auth.require_login`),
owner or admin of the business only; staff get 403, a browser without a session goes to the
login page and comes back here. Every form carries the session's CSRF token. The callback itself
needs no session (``zentrale trade connect`` starts flows too): it is protected by the
single-use, expiring, unguessable ``state`` of the flow. Its audit entry names the logged-in
owner/admin of that business (the session cookie is SameSite=Lax, so the vendor's redirect
brings it along), or ``cli`` when there is none (a flow of ``zentrale trade connect``).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from zentrale.integrations.trade import connect
from zentrale.integrations.trade.oauth import TradeNotConfigured, default_redirect_uri
from zentrale.logs import get_logger
from zentrale.runtime import DATABASE, HTTP, INSTALLATION, SECRETS, SETTINGS
from zentrale.store.models import ConnectionStatus, DeliveryStatus
from zentrale.store.repositories import audit
from zentrale.store.repositories import trade_connections as connections
from zentrale.store.repositories.activities import list_by_delivery_status
from zentrale.web import auth
from zentrale.web.audit import describe
from zentrale.web.render import html_response, install_static

log = get_logger(__name__)

ADMIN_PATH = "/admin/trade"
# No form-action here: the connect button's redirect leads to the vendor's login page.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
}
NOTICES = {
    "getrennt": "Die Verbindung zur Handwerkersoftware ist getrennt.",
}


def _page(template: str, *, status: int = 200, **context: Any) -> web.Response:
    return html_response(template, status=status, headers=SECURITY_HEADERS, **context)


def _refuse(request: web.Request, title: str, text: str, status: int, who: auth.Auth | None) -> web.Response:
    return _page("admin_message.html", status=status, title=title, text=text, auth=who)


def admins_only(handler: auth.Handler) -> auth.Wrapped:
    """Owner or admin of the business, logged in; POSTs with the session's CSRF token."""
    return auth.require_login(
        _refuse, roles=auth.ADMIN_ROLES, roles_text="Der Verwaltungsbereich ist nur für Inhaber und Verwaltung."
    )(handler)


def _own_business(request: web.Request, who: auth.Auth) -> Any:
    """The business of the URL, which must be the person's own."""
    if request.match_info["business_id"] != who.business.id:
        raise web.HTTPNotFound(text="Unbekannter Betrieb.")
    return who.business


async def admin_trade(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    db = request.app[DATABASE]
    business = who.business
    trade = business.integrations.trade_system if business.integrations else None
    item: dict[str, Any] = {"id": business.id, "name": business.business.name, "configured": trade is not None}
    async with db.read() as session:
        entries = await audit.list_recent(session, business.id)
    if trade is not None:
        info = await connect.connection_status(db, business.id)
        item.update(
            info=info,
            firm=trade.firm_code,
            tenant=trade.tenant_code,
            show_error=bool(info.last_error) and info.last_error != " ".join(info.missing_rights),
            can_disconnect=info.status != ConnectionStatus.DISCONNECTED,
        )
        # Activities the trade software refused for good, with the reason: the admin fixes the
        # cause (e.g. an address code) and enters them by hand; nothing is silently lost.
        async with db.read() as session:
            item["dead"] = await list_by_delivery_status(session, business.id, DeliveryStatus.DEAD)
    return _page(
        "admin_trade.html",
        businesses=[item],
        auth=who,
        csrf=who.csrf,
        notice=NOTICES.get(request.query.get("ok", "")),
        audit_entries=[describe(entry, business) for entry in entries],
    )


async def start_connect(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    business = _own_business(request, who)
    try:
        redirect_uri = default_redirect_uri(business, request.app[SETTINGS].public_url)
        url = await connect.start_authorization(request.app[DATABASE], request.app[SECRETS], business, redirect_uri=redirect_uri)
    except TradeNotConfigured:
        raise web.HTTPNotFound(text="Für diesen Betrieb ist keine Handwerkersoftware konfiguriert.") from None
    log.info("admin_trade_connect", business=business.id)
    raise web.HTTPSeeOther(url)


async def disconnect(request: web.Request, who: auth.Auth) -> web.StreamResponse:
    business = _own_business(request, who)
    db, box = request.app[DATABASE], request.app[SECRETS]
    for _ in range(3):  # the version may move under us (a token refresh); read again
        async with db.transaction() as session:
            current = await connections.get_connection(session, box, business.id, for_update=not db.is_sqlite)
            if current is None or current.status == ConnectionStatus.DISCONNECTED:
                break
            if await connections.disconnect(session, business.id, expected_version=current.version):
                await audit.record(
                    session, business.id, who.staff_key, audit.AuditAction.TRADE_DISCONNECTED, now=auth.now_of(request)
                )
                log.info("admin_trade_disconnected", business=business.id)
                break
    raise web.HTTPSeeOther(f"{ADMIN_PATH}?ok=getrennt")


async def _callback_actor(request: web.Request, business_id: str) -> str:
    who = await auth.request_auth(request)
    if who is not None and who.business.id == business_id and who.is_admin:
        return who.staff_key
    return audit.ACTOR_CLI


async def callback(request: web.Request) -> web.StreamResponse:
    state = request.query.get("state", "")
    db, box = request.app[DATABASE], request.app[SECRETS]
    business_id = await connect.business_for_state(db, box, state) if state else None
    if business_id is None:
        return _page(
            "admin_trade_result.html",
            status=400,
            ok=False,
            error="Dieser Anmeldevorgang ist unbekannt oder abgelaufen.",
        )
    try:
        business = request.app[INSTALLATION].business(business_id)
        me = await connect.finish_authorization(
            db,
            box,
            business,
            request.app[HTTP],
            state=state,
            code=request.query.get("code"),
            error=request.query.get("error"),
            actor=await _callback_actor(request, business_id),
        )
    except KeyError:
        return _page(
            "admin_trade_result.html",
            status=400,
            ok=False,
            error="Der Betrieb dieses Anmeldevorgangs ist nicht mehr konfiguriert.",
        )
    except (connect.ConnectError, TradeNotConfigured) as exc:
        return _page("admin_trade_result.html", status=400, ok=False, error=str(exc))
    return _page(
        "admin_trade_result.html",
        ok=True,
        me=me,
        rights=connect.rights_de(me.scopes),
        missing=connect.missing_rights_de(me.scopes),
    )


async def _configure_connections(app: web.Application) -> None:
    """Mirror every business's configured trade endpoint into the store at start-up (a changed
    endpoint or firm drops the old tokens: they belonged to another grant)."""

    for business in app[INSTALLATION].businesses:
        if business.integrations and business.integrations.trade_system:
            await connect.configure(app[DATABASE], business)


def install(app: web.Application) -> None:
    install_static(app)
    app.router.add_get(ADMIN_PATH, admins_only(admin_trade))
    app.router.add_post(f"{ADMIN_PATH}/{{business_id}}/connect", admins_only(start_connect))
    app.router.add_post(f"{ADMIN_PATH}/{{business_id}}/disconnect", admins_only(disconnect))
    app.router.add_get(f"{ADMIN_PATH}/callback", callback)
    app.on_startup.append(_configure_connections)
