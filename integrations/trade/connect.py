"""Connecting a business to its trade software (the OAuth authorization code flow, end to end).

``start_authorization`` stores a fresh ``state`` and PKCE verifier (encrypted) and returns the
authorize URL; the admin logs in as the technical user (e.g. PETRA) in the vendor's form; the
vendor redirects to ``/admin/trade/callback`` where ``finish_authorization`` exchanges the code
(single use, expiring), asks ``/api/v1/me`` who the grant belongs to, stores the tokens and
reports every right the technical user lacks, in German.

``connect_with_password`` drives the same flow without a browser (tests, the demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import aiohttp
from authlib.oauth2.rfc6749.errors import MismatchingStateException, MissingCodeException
from authlib.oauth2.rfc6749.parameters import parse_authorization_code_response
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.integrations.trade.kwp.client import KwpClient, StaticToken
from zentrale.integrations.trade.oauth import (
    new_code_verifier,
    new_state,
    oauth_client_for,
    trade_config,
)
from zentrale.integrations.trade.port import (
    REQUIRED_SCOPES,
    SCOPE_RIGHTS_DE,
    Me,
    PermanentError,
    ReauthRequired,
    TemporarilyUnavailable,
)
from zentrale.integrations.trade.tokens import RIGHTS_NOTE_PREFIX
from zentrale.logs import get_logger
from zentrale.store.db import Database
from zentrale.store.models import ConnectionStatus
from zentrale.store.outbox import OutboxKind, release_waiting
from zentrale.store.repositories import audit
from zentrale.store.repositories import trade_connections as repo
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox

log = get_logger(__name__)

AUTHORIZATION_TTL = timedelta(minutes=10)


class ConnectError(Exception):
    """The connect flow failed. ``str()`` is German and says what to do (shown to the admin)."""


# -- rights --------------------------------------------------------------------------------


def missing_scopes(granted: frozenset[str] | tuple[str, ...] | list[str]) -> list[str]:
    return [scope for scope in REQUIRED_SCOPES if scope not in set(granted)]


def missing_rights_de(granted: frozenset[str] | tuple[str, ...] | list[str]) -> list[str]:
    """One German sentence per missing right, e.g. „Dem technischen Benutzer fehlt das Recht „Anlagedaten LESEN““."""
    return [f"{RIGHTS_NOTE_PREFIX} das Recht „{SCOPE_RIGHTS_DE.get(scope, scope)}“." for scope in missing_scopes(granted)]


def rights_de(scopes: frozenset[str] | tuple[str, ...] | list[str]) -> list[str]:
    return [SCOPE_RIGHTS_DE.get(scope, scope) for scope in sorted(scopes)]


# -- start ---------------------------------------------------------------------------------


async def ensure_business(db: Database, business_config: Any) -> None:
    """The business row must exist before flows and connections can reference it."""
    async with db.transaction() as session:
        await sync_business(session, business_config)


async def _configure_in(session: AsyncSession, business_config: Any) -> None:
    trade = trade_config(business_config)
    await repo.configure_connection(
        session,
        business_config.id,
        kind=trade.kind,
        base_url=trade.base_url,
        firm_code=trade.firm_code,
        tenant_code=trade.tenant_code,
    )


async def configure(db: Database, business_config: Any) -> None:
    """Mirror the configured endpoint/firm into ``trade_connections`` (drops tokens if they changed)."""
    async with db.transaction() as session:
        await _configure_in(session, business_config)


async def start_authorization(
    db: Database,
    box: SecretBox,
    business_config: Any,
    *,
    redirect_uri: str,
    scopes: tuple[str, ...] = REQUIRED_SCOPES,
    now: datetime | None = None,
) -> str:
    """Store a new flow (state + encrypted PKCE verifier, 10 minutes) and return the authorize URL."""
    trade = trade_config(business_config)
    oauth = oauth_client_for(business_config)
    state, verifier = new_state(), new_code_verifier()
    created = now or datetime.now(UTC)
    async with db.transaction() as session:
        await sync_business(session, business_config)
        await _configure_in(session, business_config)
        await repo.delete_expired_authorizations(session, before=created - timedelta(days=1))
        await repo.create_authorization(
            session,
            box,
            business_config.id,
            state=state,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            scopes=list(scopes),
            expires_at=created + AUTHORIZATION_TTL,
        )
    log.info("trade_connect_started", business_id=business_config.id)
    return oauth.authorization_url(
        state=state,
        code_verifier=verifier,
        scopes=scopes,
        firm=trade.firm_code,
        tenant=trade.tenant_code,
        redirect_uri=redirect_uri,
    )


async def business_for_state(db: Database, box: SecretBox, state: str) -> str | None:
    """Which business a callback's ``state`` belongs to (``None`` if unknown)."""
    async with db.read() as session:
        pending = await repo.get_authorization(session, box, state)
    return None if pending is None else pending.business_id


# -- finish --------------------------------------------------------------------------------


async def finish_authorization(
    db: Database,
    box: SecretBox,
    business_config: Any,
    http: aiohttp.ClientSession,
    *,
    state: str,
    code: str | None = None,
    error: str | None = None,
    now: datetime | None = None,
    actor: str = audit.ACTOR_CLI,
) -> Me:
    """Complete the flow of ``state`` (once): exchange the code, store the tokens, return who we are.
    ``actor`` (a staff key, or ``cli`` for commands) goes into the audit log with the tokens."""
    business_id = business_config.id
    trade = trade_config(business_config)
    current = now or datetime.now(UTC)
    async with db.transaction() as session:
        pending = await repo.get_authorization(session, box, state, for_update=not db.is_sqlite)
        if pending is None or pending.business_id != business_id:
            raise ConnectError("Dieser Anmeldevorgang ist unbekannt. Bitte die Verbindung im Adminbereich neu starten.")
        if pending.completed_at is not None:
            raise ConnectError("Dieser Anmeldevorgang wurde bereits verwendet. Bitte die Verbindung im Adminbereich neu starten.")
        # Single use: the flow is consumed whatever happens next.
        await repo.complete_authorization(session, state)
        if pending.expires_at <= current:
            message = "Der Anmeldevorgang ist abgelaufen (nach 10 Minuten). Bitte die Verbindung neu starten."
            await repo.set_authorization_error(session, state, message)
            expired = True
        else:
            expired = False
    if expired:
        raise ConnectError(message)

    async def fail(message: str) -> ConnectError:
        async with db.transaction() as session:
            await repo.set_authorization_error(session, state, message)
            await repo.set_last_error(session, business_id, message)
        log.warning("trade_connect_failed", business_id=business_id)
        return ConnectError(message)

    if error or not code:
        if error == "access_denied":
            raise await fail(
                "Die Anmeldung wurde in der Handwerkersoftware abgelehnt. Bitte erneut verbinden und den Zugriff erlauben."
            )
        raise await fail(
            f"Die Handwerkersoftware hat die Anmeldung nicht abgeschlossen ({(error or 'kein Code')[:80]}). "
            "Bitte die Verbindung neu starten."
        )

    oauth = oauth_client_for(business_config)
    try:
        tokens = await oauth.exchange_code(
            http, code=code, code_verifier=pending.code_verifier, redirect_uri=pending.redirect_uri
        )
        me = await KwpClient(http, trade.base_url, StaticToken(tokens.access_token), timeout=oauth.timeout).me()
    except ReauthRequired:
        raise await fail(
            "Der Anmeldecode wurde von der Handwerkersoftware nicht angenommen (abgelaufen oder schon benutzt). "
            "Bitte die Verbindung neu starten."
        ) from None
    except TemporarilyUnavailable:
        raise await fail(
            "Die Handwerkersoftware ist gerade nicht erreichbar. Bitte in ein paar Minuten erneut verbinden."
        ) from None
    except PermanentError as exc:
        hint = ""
        if exc.error == "invalid_client":
            hint = " Bitte client_id und client_secret in der Konfiguration prüfen."
        raise await fail(f"Die Handwerkersoftware hat die Anmeldung abgelehnt ({exc.error or exc.status}).{hint}") from None

    if trade.firm_code and me.firm and me.firm.upper() != trade.firm_code.upper():
        raise await fail(
            f"Der technische Benutzer {me.user} gehört zur Firma {me.firm}, konfiguriert ist {trade.firm_code}. "
            "Bitte mit dem Benutzer der richtigen Firma anmelden."
        )
    if trade.tenant_code and me.tenant and me.tenant.upper() != trade.tenant_code.upper():
        raise await fail(
            f"Der technische Benutzer {me.user} gehört zum Mandanten {me.tenant}, konfiguriert ist {trade.tenant_code}."
        )

    granted = me.scopes or frozenset(tokens.scopes)
    notes = missing_rights_de(granted)
    stored = repo.TradeTokens(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        scopes=sorted(granted),
        remote_user=me.user,
    )
    for _ in range(3):
        async with db.transaction() as session:
            await _configure_in(session, business_config)
            connection = await repo.get_connection(session, box, business_id, for_update=not db.is_sqlite)
            assert connection is not None
            if await repo.save_tokens(
                session,
                box,
                business_id,
                stored,
                expected_version=connection.version,
                connected=True,
                last_error=" ".join(notes) or None,
            ):
                # Everything for the trade software that waited out the lost connection (new
                # activities, their updates and conversions) goes out now, not after the re-auth delay.
                await release_waiting(session, business_id, kinds=OutboxKind.trade())
                await audit.record(
                    session,
                    business_id,
                    actor,
                    audit.AuditAction.TRADE_CONNECTED,
                    details={
                        "user": me.user,
                        "firm": me.firm,
                        "tenant": me.tenant,
                        "missing_rights": len(missing_scopes(granted)),
                    },
                )
                break
    else:  # pragma: no cover - three lost compare-and-swaps in a row
        raise ConnectError("Die Verbindung konnte nicht gespeichert werden. Bitte erneut verbinden.")
    log.info("trade_connected", business_id=business_id, scopes=sorted(granted), missing=missing_scopes(granted))
    return Me(user=me.user, firm=me.firm, tenant=me.tenant, scopes=frozenset(granted))


# -- without a browser ---------------------------------------------------------------------


class _FormParser(HTMLParser):
    """The first ``<form>`` of a page: action, method and its input fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._current = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []}
            self.forms.append(self._current)
        elif tag in {"input", "button", "select", "textarea"} and self._current is not None and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if tag == "button" or kind in {"submit", "button", "image", "reset"}:
                self._current["fields"].append((a["name"], a.get("value", ""), "submit"))
            else:
                self._current["fields"].append((a["name"], a.get("value", ""), kind))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


USERNAME_FIELDS = ("username", "user", "login", "benutzer", "benutzername")
PASSWORD_FIELDS = ("password", "passwort", "pass", "kennwort")


def _fill_login_form(html: str, page_url: str, username: str, password: str) -> tuple[str, str, list[tuple[str, str]]]:
    parser = _FormParser()
    parser.feed(html)
    form = next((f for f in parser.forms if any(kind == "password" for _, _, kind in f["fields"])), None)
    if form is None:
        raise ConnectError("Die Anmeldeseite der Handwerkersoftware enthält kein Anmeldeformular.")
    data: list[tuple[str, str]] = []
    submit_added = False
    for name, value, kind in form["fields"]:
        if kind == "password" or name.lower() in PASSWORD_FIELDS:
            data.append((name, password))
        elif name.lower() in USERNAME_FIELDS or (kind in {"text", "email"} and not value):
            data.append((name, username))
        elif kind == "submit":
            # Like a browser: only the button that was pressed (the first one: "Anmelden"/"Erlauben").
            if not submit_added:
                data.append((name, value))
                submit_added = True
        else:
            data.append((name, value))
    return urljoin(page_url, form["action"] or page_url), form["method"], data


async def connect_with_password(
    db: Database,
    box: SecretBox,
    business_config: Any,
    http: aiohttp.ClientSession,
    *,
    username: str,
    password: str,
    redirect_uri: str,
    actor: str = audit.ACTOR_CLI,
) -> Me:
    """Run the whole flow without a browser: authorize URL → login form → redirect → finish."""
    url = await start_authorization(db, box, business_config, redirect_uri=redirect_uri)
    state = dict(parse_qsl(urlsplit(url).query))["state"]
    timeout = aiohttp.ClientTimeout(total=30)
    try:
        location: str | None = None
        page_url = url
        async with http.get(url, allow_redirects=False, timeout=timeout) as response:
            if response.status in {301, 302, 303, 307, 308}:
                location = urljoin(url, response.headers.get("Location", ""))
            elif response.status != 200:
                raise ConnectError(
                    f"Die Anmeldeseite der Handwerkersoftware antwortet mit Status {response.status}. "
                    "Bitte client_id, Firmenkürzel und Redirect-URI prüfen."
                )
            else:
                html = await response.text()
                page_url = str(response.url)
        for _ in range(5):  # login form, maybe a consent page after it
            if location is not None:
                break
            action, method, data = _fill_login_form(html, page_url, username, password)
            async with http.request(
                method.upper(),
                action,
                data=data if method == "post" else None,
                params=data if method != "post" else None,
                allow_redirects=False,
                timeout=timeout,
            ) as response:
                if response.status in {301, 302, 303, 307, 308}:
                    location = urljoin(action, response.headers.get("Location", ""))
                elif response.status in {200, 400, 401, 403}:
                    html = await response.text()
                    page_url = str(response.url)
                    if response.status != 200 or 'type="password"' in html.replace("'", '"'):
                        raise ConnectError(
                            "Die Anmeldung als technischer Benutzer ist fehlgeschlagen: "
                            "Benutzername oder Passwort falsch, oder der Benutzer ist gesperrt."
                        )
                else:
                    raise ConnectError(f"Die Handwerkersoftware antwortet mit Status {response.status}.")
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ConnectError(
            f"Die Handwerkersoftware ist nicht erreichbar ({type(exc).__name__}). Bitte base_url und Netzwerk prüfen."
        ) from None
    if location is None:
        raise ConnectError("Die Handwerkersoftware hat nach der Anmeldung nicht zurückgeleitet.")
    if not location.startswith(redirect_uri):
        raise ConnectError("Die Handwerkersoftware hat an eine andere Adresse als die Redirect-URI zurückgeleitet.")
    params = dict(parse_qsl(urlsplit(location).query))
    if "error" in params:
        return await finish_authorization(
            db, box, business_config, http, state=params.get("state", state), error=params["error"], actor=actor
        )
    try:
        parsed = parse_authorization_code_response(location, state=state)
    except MismatchingStateException:
        raise ConnectError("Der zurückgegebene state passt nicht zum Anmeldevorgang (möglicher Angriff).") from None
    except MissingCodeException:
        raise ConnectError("Die Handwerkersoftware hat keinen Anmeldecode zurückgegeben.") from None
    return await finish_authorization(db, box, business_config, http, state=state, code=parsed["code"], actor=actor)


# -- status --------------------------------------------------------------------------------


STATUS_DE = {
    ConnectionStatus.DISCONNECTED: "nicht verbunden",
    ConnectionStatus.CONNECTED: "verbunden",
    ConnectionStatus.REAUTH_REQUIRED: "neu verbinden nötig",
}


@dataclass(frozen=True)
class ConnectionInfo:
    business_id: str
    status: ConnectionStatus
    user: str | None
    firm: str | None
    tenant: str | None
    scopes: tuple[str, ...]
    missing_rights: tuple[str, ...]
    last_error: str | None
    connected_at: datetime | None
    expires_at: datetime | None

    @property
    def status_de(self) -> str:
        return STATUS_DE[self.status]

    @property
    def rights_de(self) -> list[str]:
        return rights_de(self.scopes)


async def connection_status(db: Database, business_id: str) -> ConnectionInfo:
    """The connection as the admin sees it (no tokens: works without the secret key)."""
    async with db.read() as session:
        row = await repo.get_status_row(session, business_id)
    if row is None:
        return ConnectionInfo(business_id, ConnectionStatus.DISCONNECTED, None, None, None, (), (), None, None, None)
    status = ConnectionStatus(row.status)
    scopes = tuple(row.scopes or ())
    connected = status == ConnectionStatus.CONNECTED
    return ConnectionInfo(
        business_id=business_id,
        status=status,
        user=row.remote_user,
        firm=row.firm_code,
        tenant=row.tenant_code,
        scopes=scopes,
        missing_rights=tuple(missing_rights_de(scopes)) if connected else (),
        last_error=row.last_error,
        connected_at=row.connected_at,
        expires_at=row.expires_at,
    )
