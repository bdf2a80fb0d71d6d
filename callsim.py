"""A simulated Twilio caller: plays Twilio's voice engine against zentrale's HTTP routes.

Twilio cannot reach a developer machine, a test or a benchmark, so this client does what Twilio
does towards our server: it POSTs signed ``application/x-www-form-urlencoded`` webhooks with
Twilio's call parameters and follows the TwiML the server returns, verb by verb:

- ``<Say>`` → a bot line; ``<Pause>`` ignored; ``<Play>`` → a system line.
- ``<Gather>`` (its nested ``<Say>`` first) → the next scripted sentence is POSTed to ``action``
  as ``SpeechResult`` + ``Confidence``; ``""`` is silence (``actionOnEmptyResult="true"`` →
  POST without them, else continue after the Gather); no sentence left → the caller hangs up.
- ``<Redirect>`` → request its URL (POST or GET) and continue with that document.
- ``<Dial>`` → the simulated callee answers or not (``dial_status``); ``action`` gets
  ``DialCallStatus``/``DialCallSid``/``DialCallDuration``.
- ``<Record>`` → the next sentence is the message; ``action`` gets ``RecordingUrl``,
  ``RecordingDuration`` and ``RecordingSid``.
- ``<Hangup>``, ``<Reject>`` or the end of a document → the call ends.

A failed request (not 2xx, not TwiML, connection error, slower than ``timeout``) goes to the
fallback URL with ``ErrorCode``/``ErrorUrl`` like Twilio; if that fails too the call ends with
an application error. At the end the status callback gets ``CallStatus=completed``.

Relative URLs resolve against the URL of the current document. Documents are addressed by the
*public* URL (what Twilio requests and signs); requests go to ``base_url`` with the same path.

One :class:`CallSimulator` can run many concurrent calls over one shared ``aiohttp`` session.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import aiohttp
import phonenumbers

from zentrale.logs import get_logger
from zentrale.webhooks.security import SIGNATURE_HEADER, twilio_signature

log = get_logger("zentrale.callsim")

API_VERSION = "2010-04-01"
DIAL_STATUSES = ("no-answer", "completed", "busy", "failed")
# What the transcript says about a forwarded call, by the callee's answer.
DIAL_OUTCOME_DE = {
    "completed": "angenommen",
    "no-answer": "nicht angenommen",
    "busy": "besetzt",
    "failed": "fehlgeschlagen",
}
# Twilio's error codes for the fallback request.
ERROR_HTTP = "11200"  # HTTP retrieval failure (status, connection, timeout)
ERROR_DOCUMENT = "12100"  # document parse failure (not TwiML)
SECONDS_PER_TURN = 4  # simulated call time per document the call plays
COMPLETED_DIAL_SECONDS = 42  # simulated length of an answered forward
MAX_DOCUMENTS = 100  # guards against a Redirect loop in the server
_CONTINUE = object()  # a verb's outcome: go on with the next verb of the document

Who = str  # "zentrale" | "Anrufer" | "system"


@dataclass
class Exchange:
    """One HTTP request as the simulator saw it. ``status`` 0: no response (connection error,
    timeout); ``server_ms`` from the response's ``Server-Timing`` header (``app;dur=1.23``)."""

    path: str
    status: int
    client_ms: float
    server_ms: float | None
    method: str = "POST"
    error: str | None = None


@dataclass
class CallResult:
    call_sid: str
    lines: list[tuple[Who, str]]
    exchanges: list[Exchange]
    ended_by: str  # "hangup" (the server ended it) | "caller" (script exhausted) | "error"
    error: str | None = None  # why the call ended with an application error
    duration_s: int = 0  # simulated call duration, as sent in the status callback
    unused_sentences: int = 0  # scripted sentences left when the call ended
    status_callback_status: int | None = None  # HTTP status of the status callback, if sent

    def transcript(self) -> str:
        """Printable, one line each: ``zentrale: …``, ``Anrufer: …``, system lines as ``[…]``."""
        return "\n".join(text if who == "system" else f"{who}: {text}" for who, text in self.lines)

    def said(self, who: Who = "zentrale") -> list[str]:
        """The texts of one side, in order."""
        return [text for w, text in self.lines if w == who]

    @property
    def requests(self) -> int:
        return len(self.exchanges)

    def paths(self) -> list[str]:
        return [e.path for e in self.exchanges]


@dataclass
class _Document:
    url: str  # public URL of the request that returned it
    root: ET.Element


@dataclass
class _Response:
    status: int
    body: bytes
    exchange: Exchange


@dataclass
class _Call:
    base_params: dict[str, str]
    script: deque[str]
    confidence: float
    lines: list[tuple[Who, str]] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    ended_by: str = "hangup"
    error: str | None = None
    documents: int = 0
    extra_seconds: int = 0

    def params(self, **extra: str) -> dict[str, str]:
        return {**self.base_params, "CallStatus": "in-progress", **extra}


class _Failure(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def new_sid(prefix: str) -> str:
    """A Twilio-style SID: two letters and 32 hex digits (``CA…``, ``AC…``, ``RE…``)."""
    return prefix + uuid.uuid4().hex


def server_timing_ms(header: str | None, metric: str = "app") -> float | None:
    """``dur`` of ``metric`` from a ``Server-Timing`` header; without it, the first ``dur``."""
    if not header:
        return None
    first: float | None = None
    for entry in header.split(","):
        name, *params = (part.strip() for part in entry.split(";"))
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() != "dur":
                continue
            try:
                dur = float(value.strip().strip('"'))
            except ValueError:
                continue
            if name == metric:
                return dur
            if first is None:
                first = dur
    return first


def _country(number: str) -> str | None:
    if not number.startswith("+"):
        return None
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(number, None)) or None
    except phonenumbers.NumberParseException:
        return None


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class CallSimulator:
    """Plays Twilio towards the zentrale server at ``base_url``.

    ``public_url``: the URL Twilio would use (signatures are computed over it); default
    ``base_url``. ``repeat``: every webhook is sent that many times (Twilio retries), the first
    two concurrently, the rest one after another; the first successful response counts.
    ``dial_status``: how the simulated callee answers a ``<Dial>``. ``sign=False``: no
    ``X-Twilio-Signature`` header (negative tests).
    """

    def __init__(
        self,
        base_url: str,
        auth_token: str,
        *,
        public_url: str | None = None,
        session: aiohttp.ClientSession | None = None,
        repeat: int = 1,
        timeout: float = 15.0,
        dial_status: str = "no-answer",
        account_sid: str | None = None,
        sign: bool = True,
        voice_path: str = "/twilio/voice",
        fallback_path: str = "/twilio/fallback",
        status_path: str = "/twilio/status",
    ) -> None:
        if repeat < 1:
            raise ValueError("repeat must be at least 1")
        if dial_status not in DIAL_STATUSES:
            raise ValueError(f"dial_status must be one of {', '.join(DIAL_STATUSES)}, not {dial_status!r}")
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.public_url = (public_url or base_url).rstrip("/")
        self.auth_token = auth_token
        self.repeat = repeat
        self.timeout = timeout
        self.dial_status = dial_status
        self.account_sid = account_sid or new_sid("AC")
        self.sign = sign
        self.voice_url = self.public_url + voice_path
        self.fallback_url = self.public_url + fallback_path
        self.status_url = self.public_url + status_path
        self._session = session
        self._own_session = session is None
        self._client_timeout = aiohttp.ClientTimeout(total=timeout)

    async def close(self) -> None:
        """Close the HTTP session if this simulator created it."""
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> CallSimulator:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ----------------------------------------------------------------------------------------
    # the call

    async def call(
        self,
        from_number: str,
        to_number: str,
        sentences: Sequence[str],
        *,
        call_sid: str | None = None,
        confidence: float = 0.9,
        send_status: bool = True,
    ) -> CallResult:
        """One inbound call from ``from_number`` (``"anonymous"`` for a withheld number) to
        ``to_number``; the caller says ``sentences`` one per ``<Gather>``/``<Record>``."""
        sid = call_sid or new_sid("CA")
        base = {
            "AccountSid": self.account_sid,
            "CallSid": sid,
            "From": from_number,
            "To": to_number,
            "Caller": from_number,
            "Called": to_number,
            "CallStatus": "ringing",
            "Direction": "inbound",
            "ApiVersion": API_VERSION,
        }
        for key, number in (("FromCountry", from_number), ("ToCountry", to_number)):
            if country := _country(number):
                base[key] = country
        call = _Call(base_params=base, script=deque(sentences), confidence=confidence)
        log.debug("callsim.start", call_sid=sid, from_number=from_number, to_number=to_number)

        document = await self._document(call, self.voice_url, "POST", {**base})
        while document is not None:
            document = await self._play(call, document)

        duration = call.documents * SECONDS_PER_TURN + call.extra_seconds
        result = CallResult(
            call_sid=sid,
            lines=call.lines,
            exchanges=call.exchanges,
            ended_by=call.ended_by,
            error=call.error,
            duration_s=duration,
            unused_sentences=len(call.script),
        )
        if send_status:
            status = {
                **base,
                "CallStatus": "completed",
                "CallDuration": str(duration),
                "SequenceNumber": "0",
                "Timestamp": format_datetime(datetime.now(UTC)),
                "CallbackSource": "call-progress-events",
            }
            response = await self._send(call, self.status_url, "POST", status)
            result.status_callback_status = response.status
        log.debug("callsim.end", call_sid=sid, ended_by=call.ended_by, requests=len(call.exchanges))
        return result

    async def _play(self, call: _Call, document: _Document) -> _Document | None:
        """Execute the verbs of ``document``; the next document, or None when the call ended."""
        for verb in document.root:
            tag = verb.tag
            if tag == "Say":
                self._say(call, verb)
            elif tag == "Pause":
                continue
            elif tag == "Play":
                call.lines.append(("system", f"[Audio: {_text(verb)}]"))
            elif tag == "Gather":
                for child in verb:
                    if child.tag == "Say":
                        self._say(call, child)
                    elif child.tag == "Play":
                        call.lines.append(("system", f"[Audio: {_text(child)}]"))
                if not call.script:
                    call.ended_by = "caller"
                    return None
                sentence = call.script.popleft()
                action, method = self._action(document, verb)
                if sentence.strip():
                    call.lines.append(("Anrufer", sentence))
                    if "speech" in verb.get("input", "dtmf"):
                        extra = {"SpeechResult": sentence, "Confidence": f"{call.confidence:g}"}
                    else:
                        extra = {"Digits": sentence}
                    return await self._document(call, action, method, call.params(**extra))
                call.lines.append(("system", "[Stille]"))
                if verb.get("actionOnEmptyResult", "false").lower() == "true":
                    return await self._document(call, action, method, call.params())
            elif tag == "Redirect":
                url = urljoin(document.url, _text(verb)) if _text(verb) else document.url
                return await self._document(call, url, verb.get("method", "POST").upper(), call.params())
            elif tag == "Dial":
                outcome = await self._dial(call, document, verb)
                if outcome is not _CONTINUE:
                    return outcome  # type: ignore[return-value]
            elif tag == "Record":
                if not call.script:
                    call.ended_by = "caller"
                    return None
                message = call.script.popleft()
                if not message.strip():
                    call.lines.append(("system", "[Stille: keine Aufnahme]"))
                    continue
                call.lines.append(("Anrufer", message))
                seconds = max(1, round(len(message.split()) * 0.5))
                call.extra_seconds += seconds
                recording = new_sid("RE")
                action, method = self._action(document, verb)
                extra = {
                    "RecordingUrl": f"https://api.twilio.com/{API_VERSION}/Accounts/{self.account_sid}/Recordings/{recording}",
                    "RecordingDuration": str(seconds),
                    "RecordingSid": recording,
                }
                return await self._document(call, action, method, call.params(**extra))
            elif tag in ("Hangup", "Reject"):
                call.ended_by = "hangup"
                return None
            else:
                call.lines.append(("system", f"[unbekanntes TwiML-Verb <{tag}> übersprungen]"))
        call.ended_by = "hangup"
        return None

    def _say(self, call: _Call, verb: ET.Element) -> None:
        text = _text(verb)
        if text:
            call.lines.append(("zentrale", text))

    @staticmethod
    def _action(document: _Document, verb: ET.Element) -> tuple[str, str]:
        action = (verb.get("action") or "").strip()
        url = urljoin(document.url, action) if action else document.url
        return url, (verb.get("method") or "POST").upper()

    async def _dial(self, call: _Call, document: _Document, verb: ET.Element) -> _Document | object | None:
        """Simulate the forward: the action's document, None when the call ends, or
        ``_CONTINUE`` (no action, not answered: Twilio goes on with the next verb)."""
        targets = [_text(child) for child in verb if child.tag in ("Number", "Client", "Sip", "Conference", "Queue")]
        target = ", ".join(t for t in targets if t) or (verb.text or "").strip()
        status = self.dial_status
        call.lines.append(("system", f"[Weiterleitung an {target} — {DIAL_OUTCOME_DE[status]}]"))
        if status == "completed":
            duration = COMPLETED_DIAL_SECONDS
        else:
            duration = 0
        try:
            ring_seconds = int(verb.get("timeout", "30"))
        except ValueError:
            ring_seconds = 30
        call.extra_seconds += duration + (ring_seconds if status == "no-answer" else 0)
        if verb.get("action"):
            action, method = self._action(document, verb)
            extra = {"DialCallStatus": status, "DialCallSid": new_sid("CA"), "DialCallDuration": str(duration)}
            return await self._document(call, action, method, call.params(**extra))
        if status == "completed":
            call.ended_by = "hangup"
            return None
        return _CONTINUE

    # ----------------------------------------------------------------------------------------
    # HTTP

    async def _document(self, call: _Call, url: str, method: str, params: dict[str, str]) -> _Document | None:
        """Fetch and parse a TwiML document; on failure the fallback URL, then give up."""
        if call.documents >= MAX_DOCUMENTS:
            return self._fail(call, f"more than {MAX_DOCUMENTS} TwiML documents (a Redirect loop?)")
        try:
            return await self._fetch(call, url, method, params)
        except _Failure as failure:
            first = failure
        log.debug("callsim.fallback", call_sid=call.base_params["CallSid"], reason=str(first))
        fallback = {**params, "ErrorCode": first.code, "ErrorUrl": url}
        try:
            return await self._fetch(call, self.fallback_url, "POST", fallback)
        except _Failure as failure:
            return self._fail(call, f"{first}; fallback: {failure}")

    @staticmethod
    def _fail(call: _Call, message: str) -> None:
        call.ended_by = "error"
        call.error = message
        call.lines.append(("system", f"[Anwendungsfehler — Anruf beendet: {message}]"))
        return None

    async def _fetch(self, call: _Call, url: str, method: str, params: dict[str, str]) -> _Document:
        response = await self._send(call, url, method, params)
        path = response.exchange.path
        if response.status == 0:
            raise _Failure(ERROR_HTTP, f"{method} {path}: {response.exchange.error}")
        if not 200 <= response.status < 300:
            raise _Failure(ERROR_HTTP, f"{method} {path}: HTTP {response.status}")
        try:
            root = ET.fromstring(response.body)
        except ET.ParseError as exc:
            raise _Failure(ERROR_DOCUMENT, f"{method} {path}: not TwiML ({exc})") from None
        if root.tag != "Response":
            raise _Failure(ERROR_DOCUMENT, f"{method} {path}: not TwiML (root <{root.tag}>)")
        call.documents += 1
        return _Document(url=url, root=root)

    def _target(self, url: str) -> str:
        """The URL to connect to for a public URL: same path under ``base_url``."""
        public = self.public_url
        if url == public or url.startswith(public + "/") or url.startswith(public + "?"):
            return self.base_url + url[len(public) :]
        return url

    async def _send(self, call: _Call, url: str, method: str, params: Mapping[str, str]) -> _Response:
        """Send one webhook ``repeat`` times; every copy is recorded; the first success counts."""
        if method == "GET":
            parts = urlsplit(url)
            query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
            signed_url, body = urlunsplit(parts._replace(query=query)), None
            signed_params: Mapping[str, str] = {}
        else:
            signed_url, body, signed_params = url, dict(params), params
        headers = {
            "User-Agent": "TwilioProxy/1.1",
            "I-Twilio-Idempotency-Token": secrets.token_hex(16),
        }
        if self.sign:
            headers[SIGNATURE_HEADER] = twilio_signature(self.auth_token, signed_url, signed_params)
        target = self._target(signed_url)

        async def one() -> _Response:
            return await self._request(method, target, headers, body)

        concurrent = min(2, self.repeat)
        responses = list(await asyncio.gather(*(one() for _ in range(concurrent))))
        for _ in range(self.repeat - concurrent):
            responses.append(await one())
        call.exchanges.extend(r.exchange for r in responses)
        for response in responses:
            if 200 <= response.status < 300:
                return response
        return responses[0]

    async def _request(self, method: str, url: str, headers: dict[str, str], body: dict[str, str] | None) -> _Response:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        path = urlsplit(url).path or "/"
        started = time.perf_counter()
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=self._client_timeout, allow_redirects=False
            ) as resp:
                body_bytes = await resp.read()
                client_ms = (time.perf_counter() - started) * 1000
                server_ms = server_timing_ms(resp.headers.get("Server-Timing"))
                exchange = Exchange(path, resp.status, round(client_ms, 3), server_ms, method)
                return _Response(resp.status, body_bytes, exchange)
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            client_ms = (time.perf_counter() - started) * 1000
            if isinstance(exc, asyncio.TimeoutError):
                reason = f"no response within {self.timeout:g} s"
            else:
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            return _Response(0, b"", Exchange(path, 0, round(client_ms, 3), None, method, reason))
