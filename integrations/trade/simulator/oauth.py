"""OAuth 2.0 of the simulator: ``/oauth/authorize`` (German login form for the technical user,
PKCE S256, ``firm``/``tenant``) and ``/oauth/token`` (authorization_code and refresh_token with
rotation and reuse detection; client_secret_basic or client_secret_post). Errors per RFC 6749."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from html import escape
from typing import Any
from urllib.parse import unquote

from aiohttp import web
from yarl import URL

from zentrale.integrations.trade.port import SCOPE_RIGHTS_DE
from zentrale.integrations.trade.simulator.state import AuthCode, Grant, SimulatorState

AUTH_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "firm",
    "tenant",
)

routes = web.RouteTableDef()


def _state(request: web.Request) -> SimulatorState:
    from zentrale.integrations.trade.simulator.app import SIMULATOR_STATE

    return request.app[SIMULATOR_STATE]


# -- /oauth/authorize -------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font-family:system-ui,sans-serif;background:#eef1f4;margin:0;padding:2rem}}
main{{max-width:28rem;margin:auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 4px #0002}}
label{{display:block;margin-top:1rem;font-weight:600}} input{{width:100%;padding:.5rem;box-sizing:border-box}}
.error{{color:#a00;background:#fee;padding:.5rem;border-radius:4px}} .buttons{{margin-top:1.5rem;display:flex;gap:1rem}}
button{{padding:.5rem 1.2rem}} ul{{padding-left:1.2rem}}
</style></head>
<body><main>{body}</main></body></html>"""


def _page(title: str, body: str, status: int = 200) -> web.Response:
    html = PAGE.format(title=escape(title), body=body)
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


def _error_page(message: str, status: int = 400) -> web.Response:
    return _page(
        "Anmeldung nicht möglich", f'<h1>Anmeldung nicht möglich</h1><p class="error" role="alert">{escape(message)}</p>', status
    )


def _redirect(redirect_uri: str, **params: str | None) -> web.Response:
    target = URL(redirect_uri).update_query({k: v for k, v in params.items() if v is not None})
    raise web.HTTPFound(location=str(target))


def _login_form(params: dict[str, str], *, error: str | None = None, username: str = "", status: int = 200) -> web.Response:
    scopes = params.get("scope", "").split()
    rights = "".join(f"<li>{escape(SCOPE_RIGHTS_DE.get(s, s))} <small>({escape(s)})</small></li>" for s in scopes)
    firm = escape(params.get("firm", ""))
    tenant = params.get("tenant")
    where = f"Firma <strong>{firm}</strong>" + (f", Mandant <strong>{escape(tenant)}</strong>" if tenant else "")
    hidden = "".join(
        f'<input type="hidden" name="{k}" value="{escape(params[k])}">' for k in AUTH_PARAMS if params.get(k) is not None
    )
    err = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = f"""<h1>Anmeldung Handwerkersoftware</h1>
<p>Die Anwendung <strong>{escape(params.get("client_id", ""))}</strong> möchte für {where} auf die
Handwerkersoftware zugreifen. Bitte melden Sie sich mit dem technischen Benutzer an.</p>
<p>Angefragte Rechte:</p><ul id="rights">{rights}</ul>
{err}
<form method="post" action="/oauth/authorize">
{hidden}
<label for="username">Benutzer</label>
<input id="username" name="username" value="{escape(username)}" autocomplete="username" required>
<label for="password">Passwort</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<div class="buttons">
<button type="submit" name="action" value="login">Anmelden</button>
<button type="submit" name="action" value="deny" formnovalidate>Ablehnen</button>
</div>
</form>"""
    return _page("Anmeldung Handwerkersoftware", body, status)


def _validate_authorize(state: SimulatorState, params: dict[str, str]) -> web.Response | None:
    """Errors that must not redirect (unknown client, unregistered redirect URI) are shown as a
    page; the others redirect to the client with ``error``. ``None`` = valid."""
    client_id = params.get("client_id")
    if not client_id or client_id not in state.clients:
        return _error_page("Unbekannte Anwendung (client_id). Bitte wenden Sie sich an den Anbieter der Anwendung.")
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri or redirect_uri not in state.redirect_uris[client_id]:
        return _error_page("Die Rücksprungadresse (redirect_uri) ist für diese Anwendung nicht registriert.")
    st = params.get("state")
    if params.get("response_type") != "code":
        _redirect(redirect_uri, error="unsupported_response_type", error_description="response_type must be code", state=st)
    if not st:
        _redirect(redirect_uri, error="invalid_request", error_description="state is required")
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        _redirect(
            redirect_uri,
            error="invalid_request",
            error_description="PKCE is required: code_challenge with code_challenge_method=S256",
            state=st,
        )
    scopes = params.get("scope", "").split()
    unknown = [s for s in scopes if s not in SCOPE_RIGHTS_DE]
    if not scopes or unknown:
        _redirect(
            redirect_uri,
            error="invalid_scope",
            error_description=f"unknown scope(s): {' '.join(unknown)}" if unknown else "scope is required",
            state=st,
        )
    firm = params.get("firm")
    if not firm:
        _redirect(redirect_uri, error="invalid_request", error_description="firm (Firmenkürzel) is required", state=st)
    tenant = params.get("tenant") or None
    if (firm, tenant) not in state.firms:
        what = f"firm {firm}" + (f" / tenant {tenant}" if tenant else "")
        _redirect(redirect_uri, error="invalid_request", error_description=f"unknown {what}", state=st)
    return None


@routes.get("/oauth/authorize")
async def authorize_form(request: web.Request) -> web.Response:
    state = _state(request)
    params = {k: request.query[k] for k in AUTH_PARAMS if k in request.query}
    refused = _validate_authorize(state, params)
    if refused is not None:
        return refused
    return _login_form(params)


@routes.post("/oauth/authorize")
async def authorize_submit(request: web.Request) -> web.Response:
    state = _state(request)
    form = await request.post()
    params = {k: str(form[k]) for k in AUTH_PARAMS if k in form and str(form[k]) != ""}
    refused = _validate_authorize(state, params)
    if refused is not None:
        return refused
    redirect_uri, st = params["redirect_uri"], params["state"]
    if form.get("action") == "deny":
        _redirect(redirect_uri, error="access_denied", error_description="the user refused", state=st)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    user = state.users.get(username) or state.users.get(username.upper())
    if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
        return _login_form(params, error="Benutzer oder Passwort ist falsch.", username=username, status=401)
    tenant = params.get("tenant") or None
    if user.firm != params["firm"] or user.tenant != tenant:
        where = f"zur Firma {params['firm']}" + (f" (Mandant {tenant})" if tenant else "")
        return _login_form(params, error=f"Der Benutzer {user.username} gehört nicht {where}.", username=username, status=403)
    requested = params["scope"].split()
    granted = tuple(s for s in requested if s in user.scopes)
    code = secrets.token_urlsafe(24)
    state.codes[code] = AuthCode(
        code=code,
        client_id=params["client_id"],
        redirect_uri=redirect_uri,
        code_challenge=params["code_challenge"],
        grant_args={"user": user.username, "firm": user.firm, "tenant": user.tenant, "scopes": granted},
        expires_at=time.time() + state.options.code_ttl,
    )
    _redirect(redirect_uri, code=code, state=st)
    raise AssertionError("unreachable")  # pragma: no cover


# -- /oauth/token -----------------------------------------------------------------------------


def _token_error(error: str, description: str, status: int = 400, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": description},
        status=status,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _client_credentials(request: web.Request, form: Any) -> tuple[str | None, str | None, str | None]:
    """(client_id, secret, method) from Basic auth or the form; method None = none given."""
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        try:
            raw = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, None, "basic-invalid"
        client_id, sep, secret = raw.partition(":")
        if not sep:
            return None, None, "basic-invalid"
        if "client_secret" in form:
            return None, None, "both"
        # RFC 6749 2.3.1: form-urlencoded before base64
        return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " ")), "basic"
    if "client_id" in form and "client_secret" in form:
        return str(form["client_id"]), str(form["client_secret"]), "post"
    return (str(form["client_id"]) if "client_id" in form else None), None, None


def verify_pkce(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(expected, challenge)


@routes.post("/oauth/token")
async def token(request: web.Request) -> web.Response:
    state = _state(request)
    if request.content_type != "application/x-www-form-urlencoded":
        return _token_error("invalid_request", "the body must be application/x-www-form-urlencoded")
    form = await request.post()
    client_id, secret, method = _client_credentials(request, form)
    if method == "both":
        return _token_error("invalid_request", "use one client authentication method, not two")
    basic_challenge = {"WWW-Authenticate": 'Basic realm="simulator"'}
    if method is None or method == "basic-invalid":
        return _token_error("invalid_client", "client authentication required", 401, basic_challenge)
    client = state.clients.get(client_id or "")
    if client is None or not hmac.compare_digest(client.client_secret.encode(), (secret or "").encode()):
        return _token_error(
            "invalid_client", "unknown client or wrong client secret", 401, basic_challenge if method == "basic" else None
        )
    grant_type = form.get("grant_type")
    if not isinstance(grant_type, str):
        grant_type = None
    if grant_type == "authorization_code":
        return _authorization_code(state, client.client_id, form)
    if grant_type == "refresh_token":
        return _refresh(state, client.client_id, form)
    if not grant_type:
        return _token_error("invalid_request", "grant_type is required")
    return _token_error("unsupported_grant_type", f"grant_type {grant_type} is not supported")


def _token_response(body: dict[str, Any]) -> web.Response:
    return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _authorization_code(state: SimulatorState, client_id: str, form: Any) -> web.Response:
    for name in ("code", "redirect_uri", "code_verifier"):
        if not form.get(name):
            return _token_error("invalid_request", f"{name} is required")
    code = state.codes.get(str(form["code"]))
    if code is None or code.client_id != client_id:
        return _token_error("invalid_grant", "unknown authorization code")
    if code.used:
        # RFC 6749 4.1.2: a code used twice revokes what was issued with it
        if code.grant_id and code.grant_id in state.grants:
            state.revoke_grant(state.grants[code.grant_id])
        return _token_error("invalid_grant", "authorization code already used")
    code.used = True
    if time.time() > code.expires_at:
        return _token_error("invalid_grant", "authorization code expired")
    if str(form["redirect_uri"]) != code.redirect_uri:
        return _token_error("invalid_grant", "redirect_uri does not match the authorization request")
    if not verify_pkce(str(form["code_verifier"]), code.code_challenge):
        return _token_error("invalid_grant", "PKCE verification failed")
    grant = Grant(id=f"G{len(state.grants) + 1}", client_id=client_id, **code.grant_args)
    state.grants[grant.id] = grant
    code.grant_id = grant.id
    return _token_response(state.issue_tokens(grant))


def _refresh(state: SimulatorState, client_id: str, form: Any) -> web.Response:
    token = form.get("refresh_token")
    if not token:
        return _token_error("invalid_request", "refresh_token is required")
    entry = state.refresh_tokens.get(str(token))
    if entry is None:
        return _token_error("invalid_grant", "unknown refresh token")
    grant_id, valid = entry
    grant = state.grants[grant_id]
    if grant.client_id != client_id:
        return _token_error("invalid_grant", "refresh token was issued to another client")
    if grant.revoked:
        return _token_error("invalid_grant", "the grant has been revoked")
    if not valid:
        # reuse of a rotated refresh token: someone else may hold it; revoke the whole grant
        state.reuse_detections += 1
        state.revoke_grant(grant)
        return _token_error("invalid_grant", "refresh token reused; the grant has been revoked")
    if "scope" in form and str(form["scope"]).strip():
        asked = str(form["scope"]).split()
        if any(s not in grant.scopes for s in asked):
            return _token_error("invalid_scope", "a refresh cannot widen the grant")
    state.refresh_tokens[str(token)] = (grant_id, False)
    state.refresh_count += 1
    return _token_response(state.issue_tokens(grant))
