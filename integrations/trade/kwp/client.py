"""``KwpClient``: the :class:`TradePort` over HTTP, as the contract describes it.

Error mapping (what the caller must do):

=====================================================  ==========================================
server / network                                        raised
=====================================================  ==========================================
422, 400, 404 on a write, other 4xx                     :class:`PermanentError` (error, detail)
403 ``insufficient_scope``                              :class:`InsufficientScope` (German hint)
429                                                     :class:`TemporarilyUnavailable` (Retry-After)
5xx on a GET; connect error/timeout (nothing sent)      :class:`TemporarilyUnavailable`
POST/PATCH: timeout, reset/disconnect, 5xx after send   :class:`AmbiguousFailure` (look up
                                                        ``external_ref`` before creating again)
401                                                     one forced token refresh and one retry;
                                                        if it persists :class:`ReauthRequired`
=====================================================  ==========================================
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

import aiohttp

from zentrale.config.schema import BusinessConfig
from zentrale.integrations.trade.kwp import mapping
from zentrale.integrations.trade.oauth import DEFAULT_TIMEOUT_SECONDS, oauth_client_for, trade_config
from zentrale.integrations.trade.port import (
    Activity,
    ActivityCreate,
    ActivityPatch,
    Address,
    AddressPage,
    AmbiguousFailure,
    Employee,
    Equipment,
    InsufficientScope,
    Me,
    PermanentError,
    ReauthRequired,
    TemporarilyUnavailable,
    TradePort,
)
from zentrale.integrations.trade.tokens import TokenManager
from zentrale.logs import get_logger
from zentrale.store.db import Database
from zentrale.store.secrets import SecretBox

log = get_logger(__name__)

MAX_PAGE_SIZE = 500
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


class TokenSource(Protocol):
    async def access_token(self, *, rejected: str | None = None) -> str: ...

    async def mark_unauthorized(self) -> None: ...


class StaticToken:
    """A token that cannot be refreshed (used right after the code exchange, before it is stored)."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def access_token(self, *, rejected: str | None = None) -> str:
        if rejected is not None and rejected == self._token:
            raise ReauthRequired("the new access token was refused")
        return self._token

    async def mark_unauthorized(self) -> None:
        return None


class _Response:
    __slots__ = ("headers", "payload", "status")

    def __init__(self, status: int, headers: Any, payload: Any) -> None:
        self.status = status
        self.headers = headers
        self.payload = payload


class KwpClient:
    """One business's connection to its trade software (implements :class:`TradePort`)."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        tokens: TokenSource,
        *,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.timeout = timeout

    # -- HTTP ------------------------------------------------------------------------------

    async def _send(
        self, method: str, path: str, token: str, *, params: dict[str, Any] | None, json: Any, headers: dict[str, str]
    ) -> _Response:
        write = method in WRITE_METHODS
        url = f"{self.base_url}{path}"
        all_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", **headers}
        timeout = aiohttp.ClientTimeout(total=self.timeout, sock_connect=min(self.timeout, 5.0))
        try:
            async with self.http.request(
                method, url, params=params, json=json, headers=all_headers, timeout=timeout, allow_redirects=False
            ) as response:
                body = await response.read()
                status = response.status
                resp_headers = response.headers
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            # The connection was never made: nothing was sent.
            raise TemporarilyUnavailable(f"{method} {path}: cannot connect ({type(exc).__name__})") from None
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            if write:
                raise AmbiguousFailure(f"{method} {path}: {type(exc).__name__} after sending") from None
            raise TemporarilyUnavailable(f"{method} {path}: {type(exc).__name__}") from None
        payload: Any = None
        if body:
            try:
                payload = jsonlib.loads(body)
            except ValueError:
                payload = None
        return _Response(status, resp_headers, payload)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        not_found_ok: bool = False,
    ) -> Any:
        params = {k: v for k, v in (params or {}).items() if v is not None} or None
        token = await self.tokens.access_token()
        response = await self._send(method, path, token, params=params, json=json, headers=headers or {})
        if response.status == 401:
            # The token may have been revoked or expired early: one forced refresh, one retry.
            token = await self.tokens.access_token(rejected=token)
            response = await self._send(method, path, token, params=params, json=json, headers=headers or {})
            if response.status == 401:
                await self.tokens.mark_unauthorized()
                raise ReauthRequired(f"{method} {path}: 401 even after a token refresh")
        if 200 <= response.status < 300:
            return response.payload
        if response.status == 404 and not_found_ok:
            return None
        self._raise_for(method, path, response)

    @staticmethod
    def _raise_for(method: str, path: str, response: _Response) -> None:
        status = response.status
        payload = response.payload if isinstance(response.payload, dict) else {}
        error = payload.get("error")
        detail = payload.get("detail") or payload.get("error_description")
        detail_text = None if detail is None else str(detail)
        if status == 429:
            raise TemporarilyUnavailable(
                f"{method} {path}: 429 rate limited", retry_after=_retry_after(response.headers.get("Retry-After"))
            )
        if status >= 500:
            retry_after = _retry_after(response.headers.get("Retry-After"))
            if method in WRITE_METHODS:
                raise AmbiguousFailure(f"{method} {path}: {status} after sending", retry_after=retry_after)
            raise TemporarilyUnavailable(f"{method} {path}: {status}", retry_after=retry_after)
        if status == 403 and error == "insufficient_scope":
            raise InsufficientScope(_scope_from(detail_text), detail_text)
        raise PermanentError(f"{method} {path}: {status} {error or ''}".strip(), status=status, error=error, detail=detail_text)

    # -- the port ----------------------------------------------------------------------------

    async def me(self) -> Me:
        return mapping.me_from_json(await self._request("GET", "/api/v1/me"))

    async def addresses(
        self, *, updated_since: datetime | None = None, page_size: int = MAX_PAGE_SIZE
    ) -> AsyncIterator[AddressPage]:
        limit = max(1, min(int(page_size), MAX_PAGE_SIZE))
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit, "cursor": cursor}
            if updated_since is not None:
                params["updated_since"] = mapping.format_datetime(updated_since)
            page = mapping.address_page_from_json(await self._request("GET", "/api/v1/addresses", params=params))
            yield page
            if not page.next_cursor or page.next_cursor == cursor:
                return
            cursor = page.next_cursor

    async def address(self, code: str) -> Address | None:
        data = await self._request("GET", f"/api/v1/addresses/{_segment(code)}", not_found_ok=True)
        return None if data is None else mapping.address_from_json(data)

    async def equipment(self, address_code: str) -> list[Equipment]:
        data = await self._request("GET", f"/api/v1/addresses/{_segment(address_code)}/equipment")
        return [mapping.equipment_from_json(item) for item in data or []]

    async def employees(self) -> list[Employee]:
        data = await self._request("GET", "/api/v1/employees")
        return [mapping.employee_from_json(item) for item in data or []]

    async def create_activity(self, activity: ActivityCreate) -> Activity:
        data = await self._request(
            "POST",
            "/api/v1/activities",
            json=mapping.activity_create_to_json(activity),
            headers={"Idempotency-Key": activity.external_ref},
        )
        return mapping.activity_from_json(data)

    async def find_activity(self, external_ref: str) -> Activity | None:
        data = await self._request("GET", "/api/v1/activities", params={"external_ref": external_ref})
        items = data.get("items") if isinstance(data, dict) else data
        matches = [mapping.activity_from_json(item) for item in items or []]
        matches = [a for a in matches if a.external_ref == external_ref]
        return matches[0] if matches else None

    async def get_activity(self, activity_id: str) -> Activity:
        return mapping.activity_from_json(await self._request("GET", f"/api/v1/activities/{_segment(activity_id)}"))

    async def update_activity(self, activity_id: str, patch: ActivityPatch) -> Activity:
        data = await self._request(
            "PATCH", f"/api/v1/activities/{_segment(activity_id)}", json=mapping.activity_patch_to_json(patch)
        )
        return mapping.activity_from_json(data)

    async def convert_to_order(self, activity_id: str) -> str:
        data = await self._request("POST", f"/api/v1/activities/{_segment(activity_id)}/convert-to-order")
        order_ref = data.get("order_ref") if isinstance(data, dict) else None
        if not order_ref:
            raise mapping.MappingError("convert-to-order: no order_ref in the answer")
        return str(order_ref)


def _segment(value: str) -> str:
    return quote(str(value), safe="")


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def _scope_from(detail: str | None) -> str:
    """The missing scope named in ``detail`` (e.g. ``"equipment:read"`` or ``"requires equipment:read"``)."""
    if not detail:
        return "unknown"
    for word in detail.replace(",", " ").split():
        if ":" in word:
            return word.strip(".;'\"()")
    return detail.strip()


def open_port(
    db: Database,
    box: SecretBox,
    business_config: BusinessConfig,
    http: aiohttp.ClientSession,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> TradePort:
    """The business's trade port, bound to its stored tokens through a :class:`TokenManager`.

    Nothing is fetched here; the first call reads the tokens (and refreshes them when due).
    Raises :class:`~zentrale.integrations.trade.oauth.TradeNotConfigured` without a
    ``trade_system`` in the business's configuration.
    """
    trade = trade_config(business_config)
    oauth = oauth_client_for(business_config, timeout=timeout)
    tokens = TokenManager(db, box, business_config.id, oauth, http)
    return KwpClient(http, trade.base_url, tokens, timeout=timeout)
