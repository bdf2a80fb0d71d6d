"""The call simulator against a small fake TwiML server that checks Twilio's signature.

The fake answers each route with TwiML built by twilio's own ``VoiceResponse`` and records every
request it received (method, path, query, form, whether the signature was valid), so the tests
assert what a server sees of the simulated Twilio, and what the simulated caller heard.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from twilio.twiml.voice_response import VoiceResponse

from zentrale.callsim import CallResult, CallSimulator, server_timing_ms
from zentrale.cli import call as call_cli
from zentrale.config import EXAMPLES_DIR
from zentrale.errors import CliError
from zentrale.logs import configure_logging
from zentrale.settings import Settings
from zentrale.webhooks.security import SIGNATURE_HEADER, is_valid_signature, signed_url

TOKEN = "test-auth-token-0123456789abcdef"
CALLER = "+491715550199"
BUSINESS = "+4930555010"

Reply = Callable[["Seen"], Awaitable[web.StreamResponse] | web.StreamResponse | str]


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    signature_ok: bool
    headers: dict[str, str]


def twiml(response: VoiceResponse) -> web.Response:
    return web.Response(text=str(response), content_type="text/xml")


class FakeZentrale:
    """Routes → reply functions. A request with a bad signature gets 403, like the real server."""

    def __init__(self, public_url: str | None = None) -> None:
        self.public_url = public_url
        self.replies: dict[str, Reply] = {}
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self.handle)

    def on(self, path: str, reply: Reply) -> None:
        self.replies[path] = reply

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.01)  # lets concurrent copies overlap
            form = dict(await request.post()) if request.method == "POST" else {}
            url = signed_url(self.public_url, request.raw_path, str(request.url))
            ok = is_valid_signature(TOKEN, url, form, request.headers.get(SIGNATURE_HEADER))
            seen = Seen(request.method, request.path, dict(request.query), form, ok, dict(request.headers))  # type: ignore[arg-type]
            self.seen.append(seen)
            if not ok:
                return web.Response(status=403, text="invalid signature")
            reply = self.replies.get(request.path)
            if reply is None:
                return web.Response(status=404)
            result = reply(seen)
            if asyncio.iscoroutine(result):
                result = await result
            if isinstance(result, str):
                return web.Response(text=result, content_type="text/xml")
            return result  # type: ignore[return-value]
        finally:
            self.in_flight -= 1

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


@pytest.fixture
async def fake(aiohttp_server: Any) -> Any:
    fake = FakeZentrale()
    fake.server = await aiohttp_server(fake.app)
    fake.base = str(fake.server.make_url("")).rstrip("/")
    fake.on("/twilio/status", lambda seen: web.Response(status=204))
    return fake


@pytest.fixture
async def session() -> Any:
    async with aiohttp.ClientSession() as session:
        yield session


def simulator(fake: Any, session: aiohttp.ClientSession, **kwargs: Any) -> CallSimulator:
    return CallSimulator(fake.base, TOKEN, session=session, **kwargs)


def greeting_then_gather(action: str = "/twilio/gather", **gather: Any) -> VoiceResponse:
    r = VoiceResponse()
    r.say("Guten Tag, Sie sprechen mit der digitalen Telefonassistenz.", language="de-DE")
    g = r.gather(input="speech", action=action, language="de-DE", **gather)
    g.say("Was kann ich für Sie tun?")
    r.say("Ich habe Sie leider nicht verstanden. Auf Wiederhören.")
    r.hangup()
    return r


def goodbye(text: str = "Danke, wir melden uns. Auf Wiederhören.") -> VoiceResponse:
    r = VoiceResponse()
    r.say(text)
    r.hangup()
    return r


# ---------------------------------------------------------------------------------------------
# the conversation


async def test_say_gather_posts_signed_speech_and_status_callback(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Meine Heizung ist ausgefallen"])

    assert result.lines == [
        ("zentrale", "Guten Tag, Sie sprechen mit der digitalen Telefonassistenz."),
        ("zentrale", "Was kann ich für Sie tun?"),
        ("Anrufer", "Meine Heizung ist ausgefallen"),
        ("zentrale", "Danke, wir melden uns. Auf Wiederhören."),
    ]
    assert result.transcript().splitlines()[2] == "Anrufer: Meine Heizung ist ausgefallen"
    assert result.ended_by == "hangup"
    assert [s.path for s in fake.seen] == ["/twilio/voice", "/twilio/gather", "/twilio/status"]
    assert all(s.signature_ok for s in fake.seen)
    assert all(s.headers["Content-Type"] == "application/x-www-form-urlencoded" for s in fake.seen)

    start, gather, status = fake.seen
    assert re.fullmatch(r"CA[0-9a-f]{32}", start.form["CallSid"])
    assert re.fullmatch(r"AC[0-9a-f]{32}", start.form["AccountSid"])
    assert start.form["CallSid"] == result.call_sid == gather.form["CallSid"] == status.form["CallSid"]
    assert {k: start.form[k] for k in ("From", "To", "Caller", "Called", "CallStatus", "Direction", "ApiVersion")} == {
        "From": CALLER,
        "To": BUSINESS,
        "Caller": CALLER,
        "Called": BUSINESS,
        "CallStatus": "ringing",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
    }
    assert start.form["FromCountry"] == start.form["ToCountry"] == "DE"
    assert "SpeechResult" not in start.form
    assert gather.form["SpeechResult"] == "Meine Heizung ist ausgefallen"
    assert gather.form["Confidence"] == "0.9"
    assert gather.form["CallStatus"] == "in-progress"

    assert status.form["CallStatus"] == "completed"
    assert status.form["CallbackSource"] == "call-progress-events"
    assert status.form["SequenceNumber"] == "0"
    assert int(status.form["CallDuration"]) == result.duration_s >= 8  # two documents, ~4 s each
    assert parsedate_to_datetime(status.form["Timestamp"]).tzinfo is not None
    assert result.status_callback_status == 204


async def test_given_call_sid_confidence_and_anonymous_caller(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    sid = "CA" + "ab" * 16
    result = await simulator(fake, session).call("anonymous", BUSINESS, ["Hallo"], call_sid=sid, confidence=0.42)
    start, gather, _ = fake.seen
    assert result.call_sid == sid == start.form["CallSid"]
    assert start.form["From"] == start.form["Caller"] == "anonymous"
    assert "FromCountry" not in start.form
    assert gather.form["Confidence"] == "0.42"


async def test_silence_with_action_on_empty_result_posts_without_speech(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather(action_on_empty_result=True)))

    def gather(seen: Seen) -> web.Response:
        if "SpeechResult" not in seen.form:
            return twiml(greeting_then_gather(action_on_empty_result=True))
        return twiml(goodbye())

    fake.on("/twilio/gather", gather)
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["", "Rückruf bitte"])
    gathers = fake.requests("/twilio/gather")
    assert len(gathers) == 2
    assert "SpeechResult" not in gathers[0].form and "Confidence" not in gathers[0].form
    assert gathers[0].form["CallStatus"] == "in-progress"
    assert gathers[1].form["SpeechResult"] == "Rückruf bitte"
    assert ("system", "[Stille]") in result.lines
    assert result.ended_by == "hangup"


async def test_silence_without_action_on_empty_result_continues_after_gather(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    result = await simulator(fake, session).call(CALLER, BUSINESS, [""])
    assert fake.requests("/twilio/gather") == []
    assert result.said()[-1] == "Ich habe Sie leider nicht verstanden. Auf Wiederhören."
    assert result.ended_by == "hangup"


async def test_script_exhausted_caller_hangs_up_and_status_can_be_skipped(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(greeting_then_gather()))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Eins"], send_status=False)
    assert result.ended_by == "caller"
    assert [s.path for s in fake.seen] == ["/twilio/voice", "/twilio/gather"]
    assert result.status_callback_status is None

    fake.seen.clear()
    result = await simulator(fake, session).call(CALLER, BUSINESS, [])
    assert result.ended_by == "caller"
    assert [s.path for s in fake.seen] == ["/twilio/voice", "/twilio/status"]
    assert fake.seen[-1].form["CallStatus"] == "completed"


async def test_server_hangs_up_with_sentences_left(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: "<Response><Say>Wir haben geschlossen.</Say></Response>")
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Hallo", "Noch da?"])
    assert result.ended_by == "hangup"
    assert result.unused_sentences == 2
    assert result.said() == ["Wir haben geschlossen."]


async def test_redirect_post_and_get_follow_the_new_document(fake: Any, session: Any) -> None:
    def voice(seen: Seen) -> web.Response:
        r = VoiceResponse()
        r.say("Einen Moment.")
        r.redirect("step2")  # relative to /twilio/voice
        r.say("never said")
        return twiml(r)

    def step2(seen: Seen) -> web.Response:
        r = VoiceResponse()
        r.redirect("/twilio/step3?turn=3", method="GET")
        return twiml(r)

    fake.on("/twilio/voice", voice)
    fake.on("/twilio/step2", step2)
    fake.on("/twilio/step3", lambda s: twiml(goodbye("Angekommen.")))
    result = await simulator(fake, session).call(CALLER, BUSINESS, [])
    assert result.said() == ["Einen Moment.", "Angekommen."]
    step2_seen, step3_seen = fake.requests("/twilio/step2")[0], fake.requests("/twilio/step3")[0]
    assert step2_seen.method == "POST" and step2_seen.form["CallSid"] == result.call_sid
    assert step3_seen.method == "GET" and step3_seen.signature_ok
    assert step3_seen.query["turn"] == "3" and step3_seen.query["CallSid"] == result.call_sid
    assert [e.method for e in result.exchanges] == ["POST", "POST", "GET", "POST"]


async def test_relative_action_urls_resolve_against_the_current_document(fake: Any, session: Any) -> None:
    def voice(seen: Seen) -> web.Response:
        r = VoiceResponse()
        r.gather(input="speech", action="next?turn=2")  # → /twilio/next?turn=2
        return twiml(r)

    def nxt(seen: Seen) -> web.Response:
        r = VoiceResponse()
        if len(fake.requests("/twilio/next")) == 1:
            r.gather(input="speech")  # no action → the current document's URL, query included
        else:
            r.gather(input="speech", action="../other")  # → /other
        return twiml(r)

    fake.on("/twilio/voice", voice)
    fake.on("/twilio/next", nxt)
    fake.on("/other", lambda s: twiml(goodbye()))
    await simulator(fake, session).call(CALLER, BUSINESS, ["a", "b", "c"])
    assert [(s.path, s.query.get("turn")) for s in fake.seen] == [
        ("/twilio/voice", None),
        ("/twilio/next", "2"),
        ("/twilio/next", "2"),
        ("/other", None),
        ("/twilio/status", None),
    ]
    assert all(s.signature_ok for s in fake.seen)
    assert [s.form.get("SpeechResult") for s in fake.seen[1:4]] == ["a", "b", "c"]


# ---------------------------------------------------------------------------------------------
# Dial and Record


def forward(action: str | None = "/twilio/dial") -> Reply:
    def reply(seen: Seen) -> web.Response:
        r = VoiceResponse()
        r.say("Ich verbinde Sie mit dem Notdienst.")
        d = r.dial(action=action, timeout=20) if action else r.dial(timeout=20)
        d.number("+491715550100")
        r.say("Leider ist niemand erreichbar. Wir rufen zurück.")
        return twiml(r)

    return reply


@pytest.mark.parametrize(
    ("dial_status", "duration", "word"),
    [
        ("no-answer", "0", "nicht angenommen"),
        ("completed", "42", "angenommen"),
        ("busy", "0", "besetzt"),
        ("failed", "0", "fehlgeschlagen"),
    ],
)
async def test_dial_posts_the_callee_outcome(fake: Any, session: Any, dial_status: str, duration: str, word: str) -> None:
    fake.on("/twilio/voice", forward())
    fake.on("/twilio/dial", lambda s: twiml(goodbye()))
    result = await simulator(fake, session, dial_status=dial_status).call(CALLER, BUSINESS, [])
    dial = fake.requests("/twilio/dial")[0]
    assert dial.form["DialCallStatus"] == dial_status
    assert dial.form["DialCallDuration"] == duration
    assert re.fullmatch(r"CA[0-9a-f]{32}", dial.form["DialCallSid"]) and dial.form["DialCallSid"] != result.call_sid
    assert ("system", f"[Weiterleitung an +491715550100 — {word}]") in result.lines
    assert "Leider ist niemand erreichbar. Wir rufen zurück." not in result.said()  # the action's document replaced it


async def test_dial_without_action_continues_unless_answered(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", forward(action=None))
    missed = await simulator(fake, session, dial_status="no-answer").call(CALLER, BUSINESS, [])
    assert missed.said()[-1] == "Leider ist niemand erreichbar. Wir rufen zurück."
    answered = await simulator(fake, session, dial_status="completed").call(CALLER, BUSINESS, [])
    assert answered.said() == ["Ich verbinde Sie mit dem Notdienst."]
    assert answered.ended_by == "hangup"
    assert answered.duration_s >= 42 > missed.duration_s - 20


async def test_record_posts_a_fake_recording(fake: Any, session: Any) -> None:
    def voice(seen: Seen) -> web.Response:
        r = VoiceResponse()
        r.say("Bitte sprechen Sie nach dem Ton.")
        r.record(action="/twilio/recorded", max_length=60)
        return twiml(r)

    fake.on("/twilio/voice", voice)
    fake.on("/twilio/recorded", lambda s: twiml(goodbye()))
    result = await simulator(fake, session, account_sid="AC" + "1" * 32).call(
        CALLER, BUSINESS, ["Bitte um Rückruf wegen der Wartung"]
    )
    recorded = fake.requests("/twilio/recorded")[0].form
    assert re.fullmatch(
        r"https://api\.twilio\.com/2010-04-01/Accounts/AC1{32}/Recordings/RE[0-9a-f]{32}", recorded["RecordingUrl"]
    )
    assert recorded["RecordingUrl"].endswith(recorded["RecordingSid"])
    assert int(recorded["RecordingDuration"]) >= 1
    assert ("Anrufer", "Bitte um Rückruf wegen der Wartung") in result.lines


# ---------------------------------------------------------------------------------------------
# errors and the fallback URL


async def test_500_goes_to_the_fallback_url(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: web.Response(status=500, text="boom"))
    fake.on("/twilio/fallback", lambda s: twiml(goodbye("Es gibt ein technisches Problem. Bitte rufen Sie später an.")))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Hallo"])
    fallback = fake.requests("/twilio/fallback")[0]
    assert fallback.form["ErrorCode"] == "11200"
    assert fallback.form["ErrorUrl"] == fake.base + "/twilio/voice"
    assert fallback.form["CallSid"] == result.call_sid and fallback.form["From"] == CALLER
    assert result.said() == ["Es gibt ein technisches Problem. Bitte rufen Sie später an."]
    assert result.ended_by == "hangup"
    assert [(e.path, e.status) for e in result.exchanges] == [
        ("/twilio/voice", 500),
        ("/twilio/fallback", 200),
        ("/twilio/status", 204),
    ]


async def test_a_failing_gather_action_also_uses_the_fallback(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: "this is not TwiML")
    fake.on("/twilio/fallback", lambda s: twiml(goodbye("Fallback.")))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Hallo"])
    fallback = fake.requests("/twilio/fallback")[0].form
    assert fallback["ErrorCode"] == "12100"  # Twilio's "document parse failure"
    assert fallback["ErrorUrl"] == fake.base + "/twilio/gather"
    assert fallback["SpeechResult"] == "Hallo"  # same params as the failed request
    assert result.said()[-1] == "Fallback."


async def test_slow_response_times_out_into_the_fallback(fake: Any, session: Any) -> None:
    async def slow(seen: Seen) -> web.Response:
        await asyncio.sleep(1)
        return twiml(goodbye("zu spät"))

    fake.on("/twilio/voice", slow)
    fake.on("/twilio/fallback", lambda s: twiml(goodbye("Fallback.")))
    result = await simulator(fake, session, timeout=0.2).call(CALLER, BUSINESS, [])
    assert result.said() == ["Fallback."]
    assert result.exchanges[0].status == 0 and "0.2 s" in (result.exchanges[0].error or "")


async def test_failing_fallback_ends_the_call_with_an_application_error(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: web.Response(status=502))
    fake.on("/twilio/fallback", lambda s: web.Response(status=500))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Hallo"])
    assert result.ended_by == "error"
    assert result.error and "HTTP 502" in result.error and "HTTP 500" in result.error
    assert result.lines[-1][0] == "system" and "Anwendungsfehler" in result.lines[-1][1]
    assert fake.requests("/twilio/status")[0].form["CallStatus"] == "completed"


async def test_unreachable_server_is_an_error_not_an_exception(session: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await CallSimulator(f"http://127.0.0.1:{port}", TOKEN, session=session).call(CALLER, BUSINESS, ["Hallo"])
    assert result.ended_by == "error"
    assert [e.status for e in result.exchanges] == [0, 0, 0]  # voice, fallback, status
    assert all(e.error for e in result.exchanges)


async def test_redirect_loop_is_cut_off(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: "<Response><Redirect>/twilio/voice</Redirect></Response>")
    result = await simulator(fake, session).call(CALLER, BUSINESS, [], send_status=False)
    assert result.ended_by == "error" and "Redirect loop" in (result.error or "")
    assert len(fake.seen) == 100


# ---------------------------------------------------------------------------------------------
# signing, retries, timing


async def test_public_url_is_what_gets_signed(aiohttp_server: Any, session: Any) -> None:
    fake = FakeZentrale(public_url="https://zentrale.example.de")
    server = await aiohttp_server(fake.app)
    base = str(server.make_url("")).rstrip("/")
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather(action="https://zentrale.example.de/twilio/gather")))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    fake.on("/twilio/status", lambda s: web.Response(status=204))

    result = await CallSimulator(base, TOKEN, public_url="https://zentrale.example.de/", session=session).call(
        CALLER, BUSINESS, ["Hallo"]
    )
    assert [(s.path, s.signature_ok) for s in fake.seen] == [
        ("/twilio/voice", True),
        ("/twilio/gather", True),  # absolute public URL mapped onto the server
        ("/twilio/status", True),
    ]
    assert result.ended_by == "hangup"

    # Signed for the URL the server sees instead: the server refuses it.
    fake.seen.clear()
    refused = await CallSimulator(base, TOKEN, session=session).call(CALLER, BUSINESS, ["Hallo"])
    assert [s.signature_ok for s in fake.seen] == [False, False, False]
    assert refused.ended_by == "error"


async def test_unsigned_requests_carry_no_signature(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    result = await simulator(fake, session, sign=False).call(CALLER, BUSINESS, [])
    assert all(SIGNATURE_HEADER not in s.headers for s in fake.seen)
    assert [e.status for e in result.exchanges] == [403, 403, 403]
    assert result.ended_by == "error"


async def test_repeat_sends_every_webhook_three_times_partly_concurrently(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    result = await simulator(fake, session, repeat=3).call(CALLER, BUSINESS, ["Hallo"])
    assert [s.path for s in fake.seen].count("/twilio/voice") == 3
    assert [s.path for s in fake.seen].count("/twilio/gather") == 3
    assert [s.path for s in fake.seen].count("/twilio/status") == 3
    assert len(result.exchanges) == 9
    assert fake.max_in_flight == 2
    # Copies of one webhook are identical (same CallSid, same idempotency token, same body).
    voices = fake.requests("/twilio/voice")
    assert len({s.form["CallSid"] for s in voices}) == 1
    assert len({s.headers["I-Twilio-Idempotency-Token"] for s in voices}) == 1
    assert voices[0].form == voices[2].form
    # The conversation is played once.
    assert result.said("Anrufer") == ["Hallo"]


async def test_repeat_uses_the_first_successful_copy(fake: Any, session: Any) -> None:
    count = 0

    def flaky(seen: Seen) -> web.Response:
        nonlocal count
        count += 1
        return web.Response(status=503) if count <= 2 else twiml(goodbye("Dritter Versuch."))

    fake.on("/twilio/voice", flaky)
    result = await simulator(fake, session, repeat=3).call(CALLER, BUSINESS, [], send_status=False)
    assert result.said() == ["Dritter Versuch."]
    assert fake.requests("/twilio/fallback") == []


async def test_server_timing_header_is_recorded(fake: Any, session: Any) -> None:
    def voice(seen: Seen) -> web.Response:
        response = twiml(greeting_then_gather())
        response.headers["Server-Timing"] = "db;dur=0.4, app;dur=1.25"
        return response

    fake.on("/twilio/voice", voice)
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    result = await simulator(fake, session).call(CALLER, BUSINESS, ["Hallo"])
    voice_exchange, gather_exchange, _ = result.exchanges
    assert voice_exchange.path == "/twilio/voice" and voice_exchange.server_ms == 1.25
    assert gather_exchange.server_ms is None
    assert all(e.client_ms > 0 for e in result.exchanges)


def test_server_timing_parsing() -> None:
    assert server_timing_ms("app;dur=2.5") == 2.5
    assert server_timing_ms('cache;desc="hit", app;desc="x";dur=7') == 7.0
    assert server_timing_ms("db;dur=3") == 3.0  # no app metric: the first duration
    assert server_timing_ms("app") is None
    assert server_timing_ms(None) is None


async def test_many_concurrent_calls_share_one_session(fake: Any, session: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    sim = simulator(fake, session)
    results: list[CallResult] = await asyncio.gather(*(sim.call(CALLER, BUSINESS, [f"Satz {i}"]) for i in range(50)))
    assert len({r.call_sid for r in results}) == 50
    assert all(r.ended_by == "hangup" and r.said("Anrufer") == [f"Satz {i}"] for i, r in enumerate(results))
    assert len(fake.seen) == 150


async def test_own_session_is_closed(fake: Any) -> None:
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    sim = CallSimulator(fake.base, TOKEN)
    result = await sim.call(CALLER, BUSINESS, [])
    assert result.ended_by == "hangup"
    own = sim._session
    await sim.close()
    assert own is not None and own.closed


# ---------------------------------------------------------------------------------------------
# zentrale call


def cli_args(*argv: str, tmp_path: Path, public_url: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="zentrale")
    call_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["call", *argv])
    configure_logging("console", "INFO")  # as zentrale.cli.main does: logs to stderr
    # As zentrale.cli.main does: the settings (here: the Twilio account) come from the environment.
    twilio = {name: value for name, value in os.environ.items() if name.startswith("TWILIO_")}
    args.settings = Settings.from_env({"ZENTRALE_VAR_DIR": str(tmp_path), **twilio}, public_url=public_url)
    return args


async def test_cli_prints_the_conversation_and_a_summary(
    fake: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    fake.on("/twilio/voice", lambda s: twiml(greeting_then_gather()))
    fake.on("/twilio/gather", lambda s: twiml(goodbye()))
    config = EXAMPLES_DIR / "heizung-mueller.yaml"
    args = cli_args(
        "--config",
        str(config),
        "--url",
        fake.base,
        "--from",
        "0171 5550199",
        "--repeat",
        "2",
        "Meine Heizung ist kaputt",
        tmp_path=tmp_path,
    )
    code = await asyncio.to_thread(args.func, args)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[:4] == [
        "zentrale: Guten Tag, Sie sprechen mit der digitalen Telefonassistenz.",
        "zentrale: Was kann ich für Sie tun?",
        "Anrufer: Meine Heizung ist kaputt",
        "zentrale: Danke, wir melden uns. Auf Wiederhören.",
    ]
    assert re.fullmatch(r"--- CA[0-9a-f]{32}: 6 requests, ended by hangup, status callback HTTP 204", out[4])
    start = fake.requests("/twilio/voice")[0].form
    assert start["To"] == "+4930555010"  # the business's first number
    assert start["From"] == "+491715550199"  # national input read in the business's region
    assert all(s.signature_ok for s in fake.seen)


async def test_cli_exit_1_on_application_error_and_no_status(
    fake: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    fake.on("/twilio/voice", lambda s: web.Response(status=500))
    args = cli_args(
        "--config",
        str(EXAMPLES_DIR),
        "--business",
        "rauchfangkehrer-huber",
        "--url",
        fake.base,
        "--from",
        "anonymous",
        "--no-status",
        tmp_path=tmp_path,
    )
    code = await asyncio.to_thread(args.func, args)
    out = capsys.readouterr().out
    assert code == 1
    assert "ended by error" in out and "Anwendungsfehler" in out
    assert fake.requests("/twilio/status") == []
    assert fake.requests("/twilio/voice")[0].form["To"] == "+43316555020"
    assert fake.requests("/twilio/voice")[0].form["From"] == "anonymous"


async def test_cli_signs_for_the_configured_public_url(
    aiohttp_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    fake = FakeZentrale(public_url="https://zentrale.example.de")
    server = await aiohttp_server(fake.app)
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    fake.on("/twilio/status", lambda s: web.Response(status=204))
    args = cli_args(
        "--config",
        str(EXAMPLES_DIR),
        "--to",
        "+4930555010",
        "--url",
        str(server.make_url("")),
        "--from",
        CALLER,
        tmp_path=tmp_path,
        public_url="https://zentrale.example.de",
    )
    assert await asyncio.to_thread(args.func, args) == 0
    assert [s.signature_ok for s in fake.seen] == [True, True]


def test_cli_unreachable_server_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = cli_args(
        "--config",
        str(EXAMPLES_DIR / "heizung-mueller.yaml"),
        "--url",
        f"http://127.0.0.1:{port}",
        "--from",
        CALLER,
        "Hallo",
        tmp_path=tmp_path,
    )
    with pytest.raises(CliError, match=rf"^cannot reach the server at http://127\.0\.0\.1:{port}: ") as exc:
        args.func(args)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--config", "EXAMPLES"], r"2 businesses \(.*\): pass --to NUMBER or --business ID"),
        (["--config", "EXAMPLES", "--business", "nope"], r"no business with id 'nope'"),
        (["--config", "MUELLER", "--to", "hallo"], r"--to: 'hallo' is not a phone number$"),
        (["--config", "MUELLER", "--repeat", "0"], r"--repeat must be at least 1"),
        (["--config", "MUELLER", "--url", "localhost:8080"], r"base_url must be an http\(s\) URL"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    paths = {"EXAMPLES": str(EXAMPLES_DIR), "MUELLER": str(EXAMPLES_DIR / "heizung-mueller.yaml")}
    args = cli_args(*[paths.get(a, a) for a in argv], "--from", CALLER, tmp_path=tmp_path)
    with pytest.raises(CliError, match=message):
        args.func(args)


async def test_cli_signs_with_the_business_token_before_the_environment(
    fake: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "the-installation-token")
    source = (EXAMPLES_DIR / "heizung-mueller.yaml").read_text(encoding="utf-8")
    assert "\nintegrations:\n" in source
    config = tmp_path / "mueller.yaml"
    config.write_text(
        source.replace(
            "\nintegrations:\n",
            f"\nintegrations:\n  twilio:\n    account_sid: AC{'2' * 32}\n    auth_token: {TOKEN}\n",
        ),
        encoding="utf-8",
    )
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    args = cli_args("--config", str(config), "--url", fake.base, "--from", CALLER, tmp_path=tmp_path)
    assert await asyncio.to_thread(args.func, args) == 0
    assert [s.signature_ok for s in fake.seen] == [True, True]
    assert fake.seen[0].form["AccountSid"] == "AC" + "2" * 32


def test_cli_without_auth_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    args = cli_args("--config", str(EXAMPLES_DIR / "heizung-mueller.yaml"), "--from", CALLER, tmp_path=tmp_path)
    with pytest.raises(CliError, match=r"^no Twilio auth token: set TWILIO_AUTH_TOKEN"):
        args.func(args)


def test_cli_through_zentrale_main_when_registered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zentrale import cli

    if "zentrale.cli.call" not in cli.COMMAND_MODULES:
        pytest.skip("zentrale.cli.call is not in zentrale.cli.COMMAND_MODULES yet")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    code = cli.main(["call", "--config", str(EXAMPLES_DIR / "heizung-mueller.yaml"), "--from", CALLER])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no Twilio auth token") and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# zentrale call: which business is called


async def test_cli_to_picks_the_business_whose_number_it_is(fake: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two businesses, a national --to: read in the region of the business it belongs to (Graz),
    not as a German number."""
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    args = cli_args(
        "--config", str(EXAMPLES_DIR), "--url", fake.base, "--to", "0316 555 020", "--from", "0664 5550123", tmp_path=tmp_path
    )
    assert await asyncio.to_thread(args.func, args) == 0
    start = fake.requests("/twilio/voice")[0].form
    assert start["To"] == "+43316555020"
    assert start["From"] == "+436645550123"  # the caller's national number read in Austria too


async def test_cli_one_business_needs_neither_to_nor_business(fake: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    fake.on("/twilio/voice", lambda s: twiml(goodbye()))
    swiss = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "haustechnik-meier-ch.yaml"
    args = cli_args("--config", str(swiss), "--url", fake.base, "--from", "079 555 99 99", tmp_path=tmp_path)
    assert await asyncio.to_thread(args.func, args) == 0
    start = fake.requests("/twilio/voice")[0].form
    assert (start["To"], start["From"]) == ("+41525550300", "+41795559999")


async def test_the_call_the_demo_suggests_works_as_printed(
    database: Any, aiohttp_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`zentrale demo` runs the two-business example configuration and prints a command to try;
    run exactly that command (its environment variable and arguments) against a real server."""
    import shlex

    from zentrale import cli
    from zentrale.config import load_config
    from zentrale.demo import own_call_command
    from zentrale.server import create_app
    from zentrale.store.secrets import generate_key
    from zentrale.webhooks import voice

    installation = load_config(EXAMPLES_DIR)
    assert len(installation) == 2
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=TOKEN)
    server = await aiohttp_server(create_app(settings, installation, database=database, extensions=(voice.install,)))
    url = str(server.make_url("")).rstrip("/")
    printed = own_call_command(TOKEN, EXAMPLES_DIR, url, installation.business("heizung-mueller"))

    assignment, program, *argv = shlex.split(printed)
    name, _, value = assignment.partition("=")
    assert (name, program) == ("TWILIO_AUTH_TOKEN", ".venv/bin/zentrale")
    monkeypatch.setenv(name, value)
    monkeypatch.delenv("ZENTRALE_PUBLIC_URL", raising=False)
    monkeypatch.setenv("ZENTRALE_VAR_DIR", str(tmp_path))
    code = await asyncio.to_thread(cli.main, argv)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "zentrale: Guten Tag, Sie sprechen mit der digitalen Telefonassistenz von Heizung Müller." in out
    assert "Anrufer: Ich brauche einen Termin für die Wartung." in out
