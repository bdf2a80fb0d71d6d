"""An emergency of no named kind ("Das ist ein Notfall, schicken Sie sofort jemanden") whose answer to
the street question names a danger in words that cannot be a street or a name ("Gartenweg sieben, und
es riecht nach Rauch", "es brennt im Keller", CH "es schmöckt nach Rauch") gets that danger's advice;
a street whose name holds such a word ("Am Brand drei", "Rauchgasse vier") stays a street. Sentences
of our own."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import BERLIN, VIENNA, ZURICH, Call

NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)
NIGHT_AT = datetime(2027, 2, 3, 23, 10, tzinfo=VIENNA)
NIGHT_CH = datetime(2027, 2, 3, 23, 10, tzinfo=ZURICH)
SMOKE = "Bei Rauch oder Feuer gilt"


async def _at_the_street_question(business, clock, caller, first) -> Call:
    call = Call(business, clock)
    await call.start(caller)
    where = await call.say(first)
    assert call.state.hazard == "general", call.heard
    assert "Straße" in where.text or "Strasse" in where.text, call.heard
    return call


async def test_smoke_smelled_in_the_street_answer_gets_the_smoke_advice(mueller):
    call = await _at_the_street_question(
        mueller, NIGHT, "+491715550123", "Das ist ein Notfall, bitte schicken Sie sofort jemanden"
    )
    advice = await call.say("Gartenweg sieben, und jetzt riecht es auch nach Rauch")
    assert SMOKE in advice.text, call.heard
    assert call.state.hazard == "smoke"
    assert call.slot("street")["value"] == "Gartenweg 7"


async def test_a_fire_said_instead_of_the_street_gets_the_fire_advice_at(huber):
    call = await _at_the_street_question(
        huber, NIGHT_AT, "+436641234567", "Bitte schnell, das ist ein Notfall, kommen Sie sofort"
    )
    advice = await call.say("es brennt")
    assert SMOKE in advice.text and "122" in advice.text, call.heard
    assert call.state.hazard == "smoke"


async def test_swiss_smoke_smell_in_the_street_answer(meier):
    call = await _at_the_street_question(
        meier, NIGHT_CH, "+41791112233", "grüezi, es isch en Notfall, chönd Sie bitte sofort öpper schicke"
    )
    advice = await call.say("Sunnegass vierzäh, es schmöckt jetzt nach Rauch")
    assert call.state.hazard == "smoke", call.heard
    assert "Rauch" in advice.text


async def test_a_street_named_after_a_fire_is_no_fire(mueller):
    call = await _at_the_street_question(
        mueller, NIGHT, "+491715550123", "Das ist ein Notfall, bitte schicken Sie sofort jemanden"
    )
    await call.say("Am Brand drei")
    assert call.state.hazard == "general", call.heard
    await call.say("Am Brand")
    assert call.state.hazard == "general", call.heard


async def test_a_street_with_smoke_in_its_name_is_no_fire(mueller):
    call = await _at_the_street_question(
        mueller, NIGHT, "+491715550123", "Das ist ein Notfall, bitte schicken Sie sofort jemanden"
    )
    await call.say("in der Rauchgasse vier")
    assert call.state.hazard == "general", call.heard
