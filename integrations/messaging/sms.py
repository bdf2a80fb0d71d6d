"""SMS through Twilio's Messages API with the ``twilio`` library's async client.

:class:`SmsSender` sends one message (``client.messages.create_async``) and sorts failures into
the delivery-error taxonomy (:mod:`zentrale.integrations.errors`): Twilio's 4xx with an error
code (invalid number, not a mobile ...) is :class:`SmsRefused`, a
:class:`~zentrale.integrations.errors.GiveUp` for this one SMS (it is failed; the handler falls
back to e-mail), 401/403 is :class:`~zentrale.integrations.errors.Defer` (the account needs
fixing), 429, 5xx, timeouts and resets are :class:`~zentrale.integrations.errors.RetryLater`.

``ZENTRALE_TWILIO_API_URL`` redirects the API (tests talk to a fake speaking Twilio's protocol).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import phonenumbers
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from zentrale.integrations.errors import Defer, GiveUp, RetryLater
from zentrale.integrations.messaging.settings import MessagingSettings, TwilioAccount
from zentrale.integrations.messaging.texts import twilio_error_de
from zentrale.logs import get_logger
from zentrale.settings import DEFAULT_TWILIO_API_URL

log = get_logger(__name__)

MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})
ACCOUNT_PROBLEM_DE = "Twilio lehnt die Zugangsdaten ab (Account SID / Auth Token prüfen); SMS warten."


def is_mobile(number: str | None, region: str = "DE") -> bool:
    """True for a valid mobile number (phonenumbers: MOBILE or FIXED_LINE_OR_MOBILE)."""
    if not number:
        return False
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in MOBILE_TYPES


class SmsRefused(GiveUp):
    """Twilio refused this SMS for good (e.g. 21211 invalid 'To', 21614 not a mobile)."""

    def __init__(self, reason_de: str, *, code: int | None = None, status: int | None = None) -> None:
        super().__init__(reason_de)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SentSms:
    sid: str
    status: str


def _basic_auth(login: str, password: str) -> str:
    encode = getattr(aiohttp, "encode_basic_auth", None)
    if encode is not None:
        return str(encode(login, password))
    return str(aiohttp.BasicAuth(login, password).encode())


class RedirectingHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # twilio ships no types
    """twilio's async HTTP client, with Twilio's hosts replaced by ``api_url`` (default: Twilio
    itself) and a timeout on every request.

    ``request`` is our own: twilio's returns the response through an attribute shared by every
    request of the client, so two SMS sent at once without a shared session could hand one of
    them ``None`` (seen in CI as ``'NoneType' object has no attribute 'status_code'``).
    """

    def __init__(self, api_url: str, session: aiohttp.ClientSession | None, timeout: float) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self.session = session  # shared with the rest of the process; never closed here
        parts = urlsplit(api_url)
        self._target = (parts.scheme, parts.netloc, parts.path.rstrip("/"))
        self._redirect = api_url.rstrip("/") != DEFAULT_TWILIO_API_URL

    def _rewrite(self, url: str) -> str:
        if not self._redirect:
            return url
        parts = urlsplit(url)
        if not parts.netloc.endswith("twilio.com"):
            return url
        scheme, netloc, prefix = self._target
        return urlunsplit((scheme, netloc, prefix + parts.path, parts.query, parts.fragment))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        if auth is not None:
            # aiohttp 3.14 deprecates the BasicAuth object twilio builds: send the header instead.
            headers = {**(headers or {}), "Authorization": _basic_auth(*auth)}
        seconds = timeout if timeout is not None else self.timeout
        session = self.session or aiohttp.ClientSession()
        try:
            async with session.request(
                method.upper(),
                self._rewrite(url),
                params=cast(Any, params),  # twilio types its query as dict[str, object]
                data=data,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=seconds) if seconds else None,
                allow_redirects=allow_redirects,
            ) as response:
                return Response(response.status, await response.text(), response.headers)
        finally:
            if session is not self.session:
                await session.close()


class SmsSender:
    """Sends SMS for any number of Twilio accounts (one client each)."""

    def __init__(self, settings: MessagingSettings, http: aiohttp.ClientSession | None = None) -> None:
        self.settings = settings
        self.http = http
        self._clients: dict[tuple[str, str], Client] = {}

    def _client(self, account: TwilioAccount) -> Client:
        key = (account.account_sid, account.auth_token)
        client = self._clients.get(key)
        if client is None:
            http_client = RedirectingHttpClient(self.settings.twilio_api_url, self.http, self.settings.timeout)
            client = self._clients[key] = Client(account.account_sid, account.auth_token, http_client=http_client)
        return client

    async def send(self, account: TwilioAccount, to: str, body: str, *, status_callback: str | None) -> SentSms:
        """Hand one SMS to Twilio; raises :class:`SmsRefused`, ``Defer`` or ``RetryLater``."""
        client = self._client(account)
        try:
            message: Any = await client.messages.create_async(
                to=to, from_=account.sms_from, body=body, status_callback=status_callback
            )
        except TwilioRestException as exc:
            log.info("sms_refused", status=exc.status, code=exc.code)
            if exc.status in (401, 403) and exc.code in (None, 20003, 20005):
                raise Defer(ACCOUNT_PROBLEM_DE, delay=300) from exc
            if exc.status == 429 or exc.status >= 500:
                raise RetryLater(f"Twilio Messages API: HTTP {exc.status} ({exc.code})") from exc
            raise SmsRefused(twilio_error_de(exc.code), code=exc.code, status=exc.status) from exc
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise RetryLater(f"Twilio Messages API: {type(exc).__name__}") from exc
        return SentSms(sid=str(message.sid), status=str(message.status or "queued"))
