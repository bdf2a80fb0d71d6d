"""The Twilio voice webhooks through the real app, with requests signed the way Twilio signs them.

The public URL is https (Twilio's view), the test client talks plain http to the app (a
TLS-terminating proxy in between): signatures are checked against the public URL.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, Call, Turn
from zentrale.store.secrets import generate_key
from zentrale.webhooks import voice
from zentrale.webhooks.security import SIGNATURE_HEADER, twilio_signature
from zentrale.webhooks.voice import SPOOL, watchdog_once

TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC = "https://zentrale.example"
MUELLER = "+4930555010"
ERIKA_LANDLINE = "+493055501099"  # MUST01 in the simulator's data; not synced here
STRANGER = "+491705551234"


class Clock:
    def __init__(self) -> None:
        # Tuesday 1 December 2026, 10:00 in Berlin: the office is open.
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Twilio:
    """Posts like Twilio: form-encoded, signed for the public URL."""

    def __init__(self, client, token: str = TOKEN, public: str = PUBLIC) -> None:
        self.client = client
        self.token = token
        self.public = public

    async def post(self, path: str, params: dict[str, str], *, signature: str | None = "sign", signed_for: str | None = None):
        headers = {}
        if signature == "sign":
            headers[SIGNATURE_HEADER] = twilio_signature(self.token, signed_for or self.public + path, params)
        elif signature is not None:
            headers[SIGNATURE_HEADER] = signature
        return await self.client.post(path, data=params, headers=headers)

    async def twiml(self, path: str, params: dict[str, str]) -> str:
        resp = await self.post(path, params)
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "text/xml"
        return await resp.text()


def call_params(sid: str, caller: str = STRANGER, **extra: str) -> dict[str, str]:
    return {"AccountSid": "AC" + "0" * 32, "CallSid": sid, "From": caller, "To": MUELLER, "CallStatus": "in-progress", **extra}


def said(twiml: str) -> str:
    return " ".join(re.findall(r"<Say[^>]*>(.*?)</Say>", twiml))


def next_step(twiml: str) -> str:
    match = re.search(r'action="((?:gather|dial)\?step=\d+)"', twiml)
    assert match, twiml
    return "/twilio/" + match.group(1)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def installation():
    return load_config(EXAMPLES_DIR)


@pytest.fixture
def settings(tmp_path):
    return Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=TOKEN, public_url=PUBLIC)


@pytest.fixture
async def app(database, installation, settings, clock):
    application = create_app(settings, installation, database=database, extensions=(voice.install,))
    application[CLOCK] = clock
    return application


@pytest.fixture
async def twilio(app, aiohttp_client):
    return Twilio(await aiohttp_client(app))


async def counts(database) -> dict[str, int]:
    async with database.read() as session:
        return {
            "calls": await session.scalar(select(func.count()).select_from(Call)),
            "turns": await session.scalar(select(func.count()).select_from(Turn)),
            "activities": await session.scalar(select(func.count()).select_from(Activity)),
        }


async def activities(database) -> list[Activity]:
    async with database.read() as session:
        return list(await session.scalars(select(Activity).order_by(Activity.created_at)))


async def run_fault_call(twilio: Twilio, sid: str, caller: str = STRANGER) -> list[str]:
    """A heating fault from an unknown caller, answered in full; returns every TwiML document."""
    answers = [
        "Meine Heizung ist ausgefallen, die Therme zeigt Fehler F28.",
        "Erika Mustermann",
        "Musterstraße 12",
        "10115",
        "Berlin",
        "ja",
    ]
    documents = [await twilio.twiml("/twilio/voice", call_params(sid, caller))]
    for answer in answers:
        if "<Hangup" in documents[-1]:
            break
        documents.append(
            await twilio.twiml(next_step(documents[-1]), call_params(sid, caller, SpeechResult=answer, Confidence="0.92"))
        )
    return documents


async def test_a_signed_call_is_greeted_questioned_and_leaves_one_activity(twilio, database):
    documents = await run_fault_call(twilio, "CA" + "1" * 32)
    greeting = said(documents[0])
    assert "digitalen Telefonassistenz" in greeting  # EU AI Act: the caller knows it is a machine
    assert 'language="de-DE"' in documents[0] and 'voice="Polly.Vicki-Neural"' in documents[0]
    assert 'input="speech"' in documents[0] and "Heizungsstörung" in documents[0]  # hints from the tasks
    assert "<Hangup" in documents[-1]
    assert "Auf Wiederhören" in said(documents[-1])
    assert (await counts(database))["activities"] == 0  # nothing before the call has ended

    resp = await twilio.post("/twilio/status", call_params("CA" + "1" * 32, CallStatus="completed", CallDuration="95"))
    assert resp.status == 204
    [activity] = await activities(database)
    assert activity.type == "Störung" and activity.team == "monteure" and activity.task_id == "stoerung"
    assert activity.subject == "Störung: Erika Mustermann"
    assert "F28" in activity.text and "Musterstraße 12" in activity.text
    assert "Gesprächsverlauf:" in activity.text and "Anrufer: Meine Heizung ist ausgefallen" in activity.text
    assert activity.follow_up_at is not None  # the task's follow_up: 2h
    assert activity.delivery_status == "pending"  # queued for the trade software in the same transaction


@pytest.mark.parametrize(
    "case",
    ["missing", "forged", "other_url", "other_token", "http_instead_of_https"],
)
async def test_bad_signatures_are_refused_with_403_and_write_nothing(twilio, database, case):
    params = call_params("CA" + "2" * 32)
    if case == "missing":
        resp = await twilio.post("/twilio/voice", params, signature=None)
    elif case == "forged":
        resp = await twilio.post("/twilio/voice", params, signature="AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    elif case == "other_url":
        # A genuine signature of another request (the status callback) replayed at /twilio/voice.
        resp = await twilio.post("/twilio/voice", params, signed_for=PUBLIC + "/twilio/status")
    elif case == "other_token":
        resp = await Twilio(twilio.client, token="not-the-account-token").post("/twilio/voice", params)
    else:
        resp = await twilio.post("/twilio/voice", params, signed_for="http://zentrale.example/twilio/voice")
    assert resp.status == 403
    assert (await counts(database)) == {"calls": 0, "turns": 0, "activities": 0}


async def test_changed_parameters_break_the_signature(twilio, database):
    params = call_params("CA" + "3" * 32)
    signature = twilio_signature(TOKEN, PUBLIC + "/twilio/voice", params)
    tampered = dict(params, From="+491709999999")
    resp = await twilio.post("/twilio/voice", tampered, signature=signature)
    assert resp.status == 403
    assert (await counts(database))["calls"] == 0


async def test_without_any_auth_token_every_webhook_is_refused(database, installation, tmp_path, aiohttp_client):
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), public_url=PUBLIC)
    app = create_app(settings, installation, database=database, extensions=(voice.install,))
    client = Twilio(await aiohttp_client(app))
    resp = await client.post("/twilio/voice", call_params("CA" + "4" * 32))
    assert resp.status == 403
    assert "no Twilio auth token" in await resp.text()
    assert (await counts(database))["calls"] == 0


async def test_every_webhook_sent_up_to_three_times_partly_concurrently_gives_one_call_and_one_activity(twilio, database):
    sid = "CA" + "5" * 32
    answers = ["Ich möchte einen Rückruf, es geht um eine Rechnung.", "Max Meier", "ja"]

    async def thrice(path: str, params: dict[str, str]) -> str:
        # Twilio's retries: two copies at once, a third after the first answer.
        first, second = await asyncio.gather(twilio.post(path, params), twilio.post(path, params))
        bodies = [await first.text(), await second.text()]
        third = await twilio.post(path, params)
        bodies.append(await third.text())
        assert first.status == second.status == third.status == 200
        assert bodies[0] == bodies[1] == bodies[2], "a retry must get exactly the first answer"
        return bodies[0]

    document = await thrice("/twilio/voice", call_params(sid))
    for answer in answers:
        if "<Hangup" in document:
            break
        document = await thrice(next_step(document), call_params(sid, SpeechResult=answer, Confidence="0.9"))
    before = await counts(database)
    status = call_params(sid, CallStatus="completed", CallDuration="40")
    results = await asyncio.gather(*(twilio.post("/twilio/status", status) for _ in range(3)))
    assert all(r.status == 204 for r in results)
    after = await counts(database)
    assert after["calls"] == 1 and after["activities"] == 1
    assert after["turns"] == before["turns"]
    async with database.read() as session:
        keys = list(await session.scalars(select(Turn.request_key)))
    assert len(keys) == len(set(keys)), "no turn stored twice"


async def test_status_callbacks_late_twice_and_out_of_order(twilio, database, clock):
    sid = "CA" + "6" * 32
    await run_fault_call(twilio, sid)
    completed = call_params(sid, CallStatus="completed", CallDuration="80")
    assert (await twilio.post("/twilio/status", completed)).status == 204
    # Earlier events arriving after the end change nothing, a second "completed" neither.
    for late in ("ringing", "in-progress", "completed"):
        clock.now += timedelta(seconds=5)
        assert (await twilio.post("/twilio/status", call_params(sid, CallStatus=late))).status == 204
    [_activity] = await activities(database)
    async with database.read() as session:
        call = await session.scalar(select(Call).where(Call.call_sid == sid))
    assert call.status == "completed" and call.finalized_at is not None


async def test_a_missed_call_the_voice_webhook_never_saw_still_becomes_an_activity(twilio, database):
    sid = "CA" + "7" * 32
    resp = await twilio.post("/twilio/status", call_params(sid, CallStatus="no-answer", CallDuration="0"))
    assert resp.status == 204
    [activity] = await activities(database)
    assert activity.type == "Anruf ohne erkanntes Anliegen"
    assert "0170 555 12 34" in activity.text and "nicht angenommen" in activity.text
    assert activity.assignee == "km"  # the first staff member


async def test_a_hang_up_before_the_reason_still_keeps_everything_said(twilio, database):
    sid = "CA" + "8" * 32
    first = await twilio.twiml("/twilio/voice", call_params(sid))
    await twilio.twiml(next_step(first), call_params(sid, SpeechResult="Ja also, hallo, ich weiß nicht recht", Confidence="0.5"))
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed", CallDuration="20"))
    [activity] = await activities(database)
    assert activity.type == "Anruf ohne erkanntes Anliegen"
    assert "ich weiß nicht recht" in activity.text


async def test_silence_is_asked_again_once_then_a_message_is_taken(twilio, database):
    sid = "CA" + "9" * 32
    document = await twilio.twiml("/twilio/voice", call_params(sid))
    document = await twilio.twiml(next_step(document), call_params(sid))  # no SpeechResult: silence
    assert "nicht verstanden" in said(document) and "<Gather" in document
    document = await twilio.twiml(next_step(document), call_params(sid))
    assert "<Hangup" in document
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed"))
    assert len(await activities(database)) == 1


async def test_asking_for_a_person_dials_and_an_unanswered_forward_comes_back_to_the_bot(twilio, database):
    sid = "CA" + "a" * 32
    document = await twilio.twiml("/twilio/voice", call_params(sid))
    document = await twilio.twiml(
        next_step(document), call_params(sid, SpeechResult="Ich möchte mit einem Menschen sprechen", Confidence="0.9")
    )
    assert "<Dial" in document and "<Number>+49" in document and 'timeout="' in document
    document = await twilio.twiml(next_step(document), call_params(sid, DialCallStatus="no-answer", DialCallDuration="0"))
    assert "niemand erreichbar" in said(document) and "<Gather" in document
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed"))
    [activity] = await activities(database)
    assert "weitergeleitet (nicht angenommen)" in activity.text


async def test_gas_smell_gets_safety_advice_and_the_emergency_number_even_at_night(twilio, database, clock):
    clock.now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 03:00 in Berlin
    sid = "CA" + "b" * 32
    document = await twilio.twiml("/twilio/voice", call_params(sid))
    assert "nicht besetzt" in said(document)
    document = await twilio.twiml(
        next_step(document), call_params(sid, SpeechResult="Im Keller riecht es stark nach Gas", Confidence="0.9")
    )
    assert "Verlassen Sie bitte sofort das Gebäude" in said(document)
    assert "<Number>+491715550100</Number>" in document  # business.emergency_number
    document = await twilio.twiml(next_step(document), call_params(sid, DialCallStatus="completed", DialCallDuration="120"))
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed"))
    [activity] = await activities(database)
    assert activity.priority == "urgent" and "GASGERUCH" in activity.text


async def test_a_restarted_server_continues_the_call_from_the_store(database, installation, settings, clock, aiohttp_client):
    sid = "CA" + "c" * 32

    async def fresh_client() -> Twilio:
        application = create_app(settings, installation, database=database, extensions=(voice.install,))
        application[CLOCK] = clock
        return Twilio(await aiohttp_client(application))

    first = await fresh_client()
    document = await first.twiml("/twilio/voice", call_params(sid))
    document = await first.twiml(
        next_step(document), call_params(sid, SpeechResult="Die Heizung ist kalt, Fehler F28", Confidence="0.9")
    )
    assert "Namen" in said(document)
    await first.client.close()  # the first server process is gone

    second = await fresh_client()
    document = await second.twiml(next_step(document), call_params(sid, SpeechResult="Erika Mustermann", Confidence="0.9"))
    assert "Namen" not in said(document), "the new server must know the name was already asked"
    while "<Hangup" not in document:
        answer = {"Straße": "Musterstraße 12", "Postleitzahl": "10115", "Ort": "Berlin"}
        reply = next((v for k, v in answer.items() if k in said(document)), "ja")
        document = await second.twiml(next_step(document), call_params(sid, SpeechResult=reply, Confidence="0.9"))
    await second.post("/twilio/status", call_params(sid, CallStatus="completed"))
    [activity] = await activities(database)
    assert activity.task_id == "stoerung" and "Erika Mustermann" in activity.text


async def test_the_watchdog_finalizes_a_call_whose_status_callback_never_came(app, twilio, database, clock):
    sid = "CA" + "d" * 32
    await run_fault_call(twilio, sid)
    assert await watchdog_once(app) == 0  # too early: the call may still be running
    clock.now += timedelta(minutes=11)
    assert await watchdog_once(app) == 1
    [activity] = await activities(database)
    assert activity.task_id == "stoerung"
    # The late status callback then changes nothing.
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed"))
    assert len(await activities(database)) == 1


async def test_the_fallback_takes_a_message_and_spools_it_while_the_store_is_down(app, twilio, database):
    sid = "CA" + "e" * 32
    async with database.transaction() as session:
        await session.execute(text("ALTER TABLE calls RENAME TO calls_away"))
    resp = await twilio.post("/twilio/voice", call_params(sid))
    assert resp.status == 500  # Twilio now requests the fallback URL
    document = await twilio.twiml("/twilio/fallback", call_params(sid, ErrorCode="11200", ErrorUrl=PUBLIC + "/twilio/voice"))
    assert "technische Störung" in said(document) and 'action="fallback/message?n=1"' in document
    document = await twilio.twiml(
        "/twilio/fallback/message?n=1",
        call_params(sid, SpeechResult="Hier ist Meier, die Heizung ist aus, bitte unter 0170 5551234 zurückrufen"),
    )
    assert "Nachricht ist notiert" in said(document) and "<Hangup" in document
    spool = app[SPOOL]
    assert spool.pending() == 1
    assert "Meier" not in spool.path.read_text()  # encrypted at rest

    async with database.transaction() as session:
        await session.execute(text("ALTER TABLE calls_away RENAME TO calls"))
    await watchdog_once(app)  # the store is back: the spooled message goes in
    assert spool.pending() == 0
    await twilio.post("/twilio/status", call_params(sid, CallStatus="completed", CallDuration="30"))
    [activity] = await activities(database)
    assert "die Heizung ist aus" in activity.text and "Notfall-Annahme" in activity.text


async def test_bad_requests_get_4xx(twilio, database):
    resp = await twilio.post("/twilio/gather?step=abc", call_params("CA" + "f" * 32, SpeechResult="hallo"))
    assert resp.status == 400
    resp = await twilio.post("/twilio/voice", {k: v for k, v in call_params("CA" + "f" * 32).items() if k != "CallSid"})
    assert resp.status == 400
    assert (await counts(database))["calls"] == 0


async def test_austrian_business_speaks_with_the_austrian_voice(twilio, installation, database):
    huber = installation.business("rauchfangkehrer-huber")
    number = huber.business.phone_numbers[0]
    params = dict(call_params("CA" + "0" * 31 + "1"), To=number)
    document = await twilio.twiml("/twilio/voice", params)
    assert 'language="de-AT"' in document and huber.business.voice in document


async def test_info_logs_of_a_call_carry_no_number_name_or_words(twilio, database):
    from structlog.testing import capture_logs

    sid = "CA" + "1" * 31 + "2"
    with capture_logs() as logs:
        await run_fault_call(twilio, sid)
        await twilio.post("/twilio/status", call_params(sid, CallStatus="completed", CallDuration="95"))
    info = [entry for entry in logs if entry["log_level"] in ("info", "warning", "error")]
    assert any(entry["event"] == "call_finalized" for entry in info)
    text = repr(info)
    for personal in ("5551234", "Mustermann", "Musterstraße", "F28", "ausgefallen"):
        assert personal not in text, personal
