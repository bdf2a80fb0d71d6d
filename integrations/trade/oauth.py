"""OAuth 2.0 client of the trade API: authorization code flow with PKCE (S256), built on authlib.

authlib supplies the protocol pieces (random ``state``/verifier, the S256 challenge, the grant
URI, the token request body, client_secret_basic); the HTTP goes over the app's
one shared aiohttp session, so there is no second client stack.

Getting a token is separate from using it: this module only talks to ``/oauth/*``;
:mod:`zentrale.integrations.trade.tokens` decides *when* to refresh and stores the result.
Errors follow the port: ``invalid_grant`` → :class:`ReauthRequired` (an admin must connect
again), network trouble, 429 and 5xx → :class:`TemporarilyUnavailable` (wait), anything else the
server refuses (``invalid_client``, ``invalid_request``) → :class:`PermanentError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote_plus

import aiohttp
from authlib.common.security import generate_token
from authlib.oauth2.auth import encode_client_secret_basic
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from zentrale.config.schema import BusinessConfig, TradeSystemConfig
from zentrale.integrations.trade.port import (
    PermanentError,
    ReauthRequired,
    TemporarilyUnavailable,
    TradeError,
)

DEFAULT_REDIRECT_BASE = "http://127.0.0.1:8080"
CALLBACK_PATH = "/admin/trade/callback"
DEFAULT_TIMEOUT_SECONDS = 10.0
# RFC 7636: the verifier is 43-128 characters from [A-Za-z0-9-._~]; generate_token uses letters and digits.
CODE_VERIFIER_LENGTH = 64
STATE_LENGTH = 40


class TradeNotConfigured(TradeError):
    """The business has no ``integrations.trade_system`` in its configuration."""


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint answered, normalised (``expires_in`` may come as a string)."""

    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    scopes: tuple[str, ...] = ()
    firm: str | None = None
    tenant: str | None = None

    def __repr__(self) -> str:  # never print tokens, not even in a traceback's locals
        return f"TokenSet(expires_at={self.expires_at!r}, scopes={self.scopes!r}, firm={self.firm!r})"


@dataclass(frozen=True)
class OAuthClient:
    """The OAuth client of one business (client credentials from its ``trade_system`` config)."""

    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str | None = None
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    @property
    def authorize_endpoint(self) -> str:
        return f"{self.base_url.rstrip('/')}/oauth/authorize"

    @property
    def token_endpoint(self) -> str:
        return f"{self.base_url.rstrip('/')}/oauth/token"

    # -- authorization request ---------------------------------------------------------------

    def authorization_url(
        self,
        *,
        state: str,
        code_verifier: str,
        scopes: list[str] | tuple[str, ...],
        firm: str,
        tenant: str | None = None,
        redirect_uri: str | None = None,
    ) -> str:
        redirect = redirect_uri or self.redirect_uri
        if not redirect:
            raise ValueError("no redirect_uri for the authorization request")
        uri: str = prepare_grant_uri(
            self.authorize_endpoint,
            client_id=self.client_id,
            response_type="code",
            redirect_uri=redirect,
            scope=list(scopes),
            state=state,
            code_challenge=create_s256_code_challenge(code_verifier),
            code_challenge_method="S256",
            firm=firm,
            tenant=tenant,  # left out when None
        )
        return uri

    # -- token endpoint ----------------------------------------------------------------------

    async def exchange_code(self, http: aiohttp.ClientSession, *, code: str, code_verifier: str, redirect_uri: str) -> TokenSet:
        body = prepare_token_request("authorization_code", redirect_uri=redirect_uri, code=code, code_verifier=code_verifier)
        return await self._token_request(http, body)

    async def refresh(self, http: aiohttp.ClientSession, refresh_token: str) -> TokenSet:
        body = prepare_token_request("refresh_token", refresh_token=refresh_token)
        return await self._token_request(http, body)

    async def _token_request(self, http: aiohttp.ClientSession, body: str) -> TokenSet:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        # RFC 6749 2.3.1: id and secret are form-urlencoded before they go into the Basic header.
        credentials = _FormEncodedCredentials(quote_plus(self.client_id), quote_plus(self.client_secret))
        uri, headers, body = encode_client_secret_basic(credentials, "POST", self.token_endpoint, headers, body)
        try:
            async with http.post(
                uri,
                data=body.encode("utf-8"),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                allow_redirects=False,
            ) as response:
                status = response.status
                retry_after = _retry_after(response.headers.get("Retry-After"))
                try:
                    payload: Any = await response.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    payload = None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise TemporarilyUnavailable(f"token endpoint unreachable: {type(exc).__name__}") from None
        if status == 200 and isinstance(payload, dict) and payload.get("access_token"):
            return parse_token_response(payload)
        error = payload.get("error") if isinstance(payload, dict) else None
        detail = payload.get("error_description") or payload.get("detail") if isinstance(payload, dict) else None
        if status == 429 or status >= 500:
            raise TemporarilyUnavailable(f"token endpoint answered {status}", retry_after=retry_after)
        if error == "invalid_grant":
            raise ReauthRequired(f"token endpoint: invalid_grant ({detail or 'grant revoked or expired'})")
        raise PermanentError(
            f"token endpoint refused the request: {status} {error or ''}".strip(),
            status=status,
            error=error,
            detail=detail,
        )


@dataclass(frozen=True)
class _FormEncodedCredentials:
    client_id: str
    client_secret: str = field(repr=False)


def parse_token_response(payload: dict[str, Any], *, now: datetime | None = None) -> TokenSet:
    """Normalise a token response; ``expires_in`` may be an int or a numeric string."""
    expires_in = payload.get("expires_in")
    expires_at: datetime | None = None
    if expires_in is not None and str(expires_in).strip() != "":
        try:
            seconds = int(float(str(expires_in).strip()))
        except ValueError:
            seconds = None
        if seconds is not None:
            expires_at = (now or datetime.now(UTC)) + timedelta(seconds=seconds)
    scope = payload.get("scope") or ""
    scopes = tuple(scope.split()) if isinstance(scope, str) else tuple(scope)
    return TokenSet(
        access_token=str(payload["access_token"]),
        refresh_token=payload.get("refresh_token"),
        expires_at=expires_at,
        scopes=scopes,
        firm=payload.get("firm"),
        tenant=payload.get("tenant"),
    )


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def new_state() -> str:
    return str(generate_token(STATE_LENGTH))


def new_code_verifier() -> str:
    return str(generate_token(CODE_VERIFIER_LENGTH))


def trade_config(business_config: BusinessConfig) -> TradeSystemConfig:
    trade = business_config.integrations.trade_system
    if trade is None:
        raise TradeNotConfigured(f"business {business_config.id!r} has no integrations.trade_system in its configuration")
    return trade


def default_redirect_uri(business_config: BusinessConfig, public_url: str | None = None) -> str:
    """The configured redirect URI, else ``{public_url}/admin/trade/callback`` (the caller passes
    ``Settings.public_url``, i.e. ``ZENTRALE_PUBLIC_URL``), else the local default."""
    trade = trade_config(business_config)
    if trade.redirect_uri:
        return trade.redirect_uri
    return f"{(public_url or DEFAULT_REDIRECT_BASE).rstrip('/')}{CALLBACK_PATH}"


def oauth_client_for(
    business_config: BusinessConfig, *, public_url: str | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> OAuthClient:
    trade = trade_config(business_config)
    return OAuthClient(
        base_url=trade.base_url,
        client_id=trade.client_id,
        client_secret=trade.client_secret.get_secret_value(),
        redirect_uri=default_redirect_uri(business_config, public_url),
        timeout=timeout,
    )
