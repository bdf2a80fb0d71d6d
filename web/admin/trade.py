"""Admin pages for the trade connection, and the OAuth callback (installed by ``create_app``).

Routes:

- ``GET /admin/trade`` – per business: connection status (nicht verbunden / verbunden / neu
  verbinden nötig), technical user, firm, tenant, rights, missing rights in German, last error,
  and a "Mit Handwerkersoftware verbinden" button.
- ``POST /admin/trade/{business_id}/connect`` – starts the flow and redirects to the vendor's
  login page.
- ``GET /admin/trade/callback`` – the OAuth redirect URI: finishes the flow, shows the result.

Access control is a STOP-GAP until the staff login of a later issue exists: one shared admin
token, not per-person accounts. The token is ``ZENTRALE_ADMIN_TOKEN`` from the environment, or
the installation-wide secret ``admin_token`` that ``zentrale trade connect`` creates (stored
encrypted). It is passed once as ``/admin/trade?token=…``; the server answers with a redirect
that drops it from the address bar and sets an HttpOnly, SameSite=Strict cookie holding an HMAC
of the token (not the token itself). Forms carry a CSRF token (another HMAC of the admin token).
Anyone who holds the link can administer every business; there is no audit trail and no logout
other than changing the token. The callback itself needs no cookie (the vendor's redirect is a
cross-site navigation that SameSite=Strict cookies do not follow); it is protected by the
single-use, expiring, unguessable ``state`` of the flow instead.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any

from aiohttp import web

from zentrale.integrations.trade import connect
from zentrale.integrations.trade.oauth import TradeNotConfigured, default_redirect_uri
from zentrale.logs import get_logger
from zentrale.runtime import DATABASE, HTTP, INSTALLATION, SECRETS, SETTINGS
from zentrale.store.models import DeliveryStatus
from zentrale.store.repositories import secrets as secret_repo
from zentrale.store.repositories.activities import list_by_delivery_status
from zentrale.web.render import html_response, install_static

log = get_logger(__name__)

ADMIN_TOKEN_ENV = "ZENTRALE_ADMIN_TOKEN"
ADMIN_TOKEN_SECRET = "admin_token"
COOKIE_NAME = "zentrale_admin"


def _mac(token: str, purpose: str) -> str:
    return hmac.new(token.encode("utf-8"), f"zentrale-admin:{purpose}".encode(), hashlib.sha256).hexdigest()


async def _admin_tokens(request: web.Request) -> list[str]:

    tokens = []
    configured = request.app[SETTINGS].extra.get(ADMIN_TOKEN_ENV) or os.environ.get(ADMIN_TOKEN_ENV)
    if configured and configured.strip():
        tokens.append(configured.strip())
    async with request.app[DATABASE].read() as session:
        stored = await secret_repo.get_secret(session, request.app[SECRETS], None, ADMIN_TOKEN_SECRET)
    if stored:
        tokens.append(stored)
    return tokens


async def _authenticated_token(request: web.Request) -> str | None:
    """The admin token this request's cookie proves, or ``None``."""
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie:
        return None
    for token in await _admin_tokens(request):
        if hmac.compare_digest(cookie, _mac(token, "session")):
            return token
    return None


def _forbidden(reason: str) -> web.Response:
    return html_response("admin_forbidden.html", status=403, reason=reason)


def _secure(request: web.Request) -> bool:

    public = request.app[SETTINGS].public_url or ""
    return request.secure or public.startswith("https://")


async def admin_trade(request: web.Request) -> web.StreamResponse:

    offered = request.query.get("token")
    if offered is not None:
        for token in await _admin_tokens(request):
            if hmac.compare_digest(offered.encode(), token.encode()):
                response = web.HTTPSeeOther("/admin/trade")
                response.set_cookie(
                    COOKIE_NAME,
                    _mac(token, "session"),
                    httponly=True,
                    samesite="Strict",
                    path="/admin",
                    secure=_secure(request),
                )
                raise response
        return _forbidden("Das Admin-Token im Link ist ungültig.")
    token = await _authenticated_token(request)
    if token is None:
        return _forbidden("Dieser Browser ist nicht als Administrator angemeldet.")
    db = request.app[DATABASE]
    items: list[dict[str, Any]] = []
    for business in request.app[INSTALLATION].businesses:
        trade = business.integrations.trade_system if business.integrations else None
        item: dict[str, Any] = {"id": business.id, "name": business.business.name, "configured": trade is not None}
        if trade is not None:
            info = await connect.connection_status(db, business.id)
            item.update(
                info=info,
                firm=trade.firm_code,
                tenant=trade.tenant_code,
                show_error=bool(info.last_error) and info.last_error != " ".join(info.missing_rights),
            )
            # Activities the trade software refused for good, with the reason: the admin fixes
            # the cause (e.g. an address code) and enters them by hand; nothing is silently lost.
            async with db.read() as session:
                item["dead"] = await list_by_delivery_status(session, business.id, DeliveryStatus.DEAD)
        items.append(item)
    return html_response("admin_trade.html", businesses=items, csrf=_mac(token, "csrf"))


async def start_connect(request: web.Request) -> web.StreamResponse:

    token = await _authenticated_token(request)
    if token is None:
        return _forbidden("Dieser Browser ist nicht als Administrator angemeldet.")
    form = await request.post()
    csrf = form.get("csrf")
    if not isinstance(csrf, str) or not hmac.compare_digest(csrf, _mac(token, "csrf")):
        return _forbidden("Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF-Schutz). Bitte die Seite neu laden.")
    business_id = request.match_info["business_id"]
    try:
        business = request.app[INSTALLATION].business(business_id)
    except KeyError:
        raise web.HTTPNotFound(text="Unbekannter Betrieb.") from None
    try:
        redirect_uri = default_redirect_uri(business, request.app[SETTINGS].public_url)
        url = await connect.start_authorization(request.app[DATABASE], request.app[SECRETS], business, redirect_uri=redirect_uri)
    except TradeNotConfigured:
        raise web.HTTPNotFound(text="Für diesen Betrieb ist keine Handwerkersoftware konfiguriert.") from None
    raise web.HTTPSeeOther(url)


async def callback(request: web.Request) -> web.StreamResponse:

    state = request.query.get("state", "")
    db, box = request.app[DATABASE], request.app[SECRETS]
    business_id = await connect.business_for_state(db, box, state) if state else None
    if business_id is None:
        return html_response(
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
        )
    except KeyError:
        return html_response(
            "admin_trade_result.html",
            status=400,
            ok=False,
            error="Der Betrieb dieses Anmeldevorgangs ist nicht mehr konfiguriert.",
        )
    except (connect.ConnectError, TradeNotConfigured) as exc:
        return html_response("admin_trade_result.html", status=400, ok=False, error=str(exc))
    return html_response(
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
    app.router.add_get("/admin/trade", admin_trade)
    app.router.add_post("/admin/trade/{business_id}/connect", start_connect)
    app.router.add_get("/admin/trade/callback", callback)
    app.on_startup.append(_configure_connections)
