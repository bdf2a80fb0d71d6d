"""After the call every caller turn is read again for details said in passing
(``services.aftercall``). What the dialogue judged during the call must not come back through
that re-read: a day declined ("das gaht nöd") is no fault, a number or name the caller called
wrong is not the callback number or name, a danger denied or settled is no emergency, an address
word from a correction ("nicht 8041 sondern 8042") is no town, and a time of something that
happened is no wished appointment. Sentences of our own."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from tests.bot.finished_calls import outcome
from zentrale.bot.intents.base import SlotValue
from zentrale.services.aftercall import CallFacts, plan

ZURICH = ZoneInfo("Europe/Zurich")
BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2027, 1, 19, 9, 30, tzinfo=ZURICH)
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)


def _details(text: str) -> str:
    """The activity without its transcript: summary and labelled details."""
    return text.split("Gesprächsverlauf:", 1)[0]


def _facts(start: datetime, number: str | None = "+4917155501234") -> CallFacts:
    return CallFacts("call-1", "completed", start, start + timedelta(seconds=90), number)


async def test_a_day_declined_in_the_call_is_no_fault_in_the_activity(meier):
    call = Call(meier, TUESDAY)
    await call.start("+41786549012")
    await call.say("grüezi ich hett gern en termin für de jährlich service vo minere ölheizig")
    answers = {
        "Namen": "ruedi keller",
        "Wann": "am mäntig, nei das gaht nöd, da bin i nöd dehei, lieber am mittwuch namittag",
        "Strasse": "bahnhofstrasse drü",
        "Postleitzahl": "acht vier null null winterthur",
        "Gerät": "e elco",
    }
    await call.answer_until("Stimmt das so?", answers)
    await call.until_end()
    assert not call.slot("fault"), call.heard  # the dialogue dropped it
    after = plan(meier, call.dialogue.outcome(call.state), _facts(TUESDAY, "+41786549012"))
    shown = _details(after.activities[0].text)
    assert "funktioniert nicht" not in shown and "Fehlerbild" not in shown, shown
    assert "Mittwoch, 20. Januar, Nachmittag (12–17 Uhr)" in shown, shown


def test_a_number_the_caller_called_wrong_is_not_the_callback_number(mueller):
    turns = [
        ("bot", "Wie kann ich Ihnen helfen?"),
        (
            "caller",
            "meine heizung ist kalt, rufen sie mich zurück unter null eins sieben eins fünf fünf fünf null eins null eins",
        ),
        ("bot", "Ich habe notiert: … Stimmt das so?"),
        ("caller", "nein die nummer stimmt nicht, das war die alte"),
    ]
    slots = {"caller_name": SlotValue("Karin Vogel"), "fault": SlotValue("Heizung kalt")}
    after = plan(mueller, outcome(turns, slots), _facts(MONDAY, None))
    shown = _details(after.activities[0].text)
    assert "5550101" not in shown.replace(" ", ""), shown


def test_a_number_said_after_the_complaint_is_still_taken(mueller):
    turns = [
        ("bot", "Wie kann ich Ihnen helfen?"),
        ("caller", "meine heizung ist kalt"),
        ("bot", "Ich habe notiert: … Stimmt das so?"),
        ("caller", "nein die nummer stimmt nicht"),
        ("caller", "rufen sie mich bitte unter null eins sieben eins fünf fünf fünf null eins null eins zurück"),
    ]
    slots = {"caller_name": SlotValue("Karin Vogel"), "fault": SlotValue("Heizung kalt")}
    after = plan(mueller, outcome(turns, slots), _facts(MONDAY, None))
    assert "5550101" in _details(after.activities[0].text).replace(" ", "")


def test_a_danger_denied_is_no_emergency_in_the_details(mueller):
    turns = [
        ("bot", "Wie kann ich Ihnen helfen?"),
        ("caller", "ich wollte nur sagen es brennt nix und es raucht nix, der rauchmelder braucht eine neue batterie"),
    ]
    after = plan(mueller, outcome(turns, {"caller_name": SlotValue("Karin Vogel")}, "termin"), _facts(MONDAY))
    shown = _details(after.activities[0].text)
    assert "Notfall" not in shown and "Dringlichkeit" not in shown, shown


def test_a_word_of_a_postcode_correction_is_no_town(mueller):
    turns = [
        ("bot", "Ich habe notiert: … Stimmt das so?"),
        ("caller", "nein die postleitzahl ist nicht zehn eins eins fünf sondern zehn eins eins sieben"),
    ]
    slots = {"caller_name": SlotValue("Karin Vogel"), "postcode": SlotValue("10117", "10117")}
    after = plan(mueller, outcome(turns, slots), _facts(MONDAY))
    shown = _details(after.activities[0].text)
    assert "Sondern" not in shown and "Ort:" not in shown, shown


def test_a_time_of_what_happened_is_no_wish_but_a_time_to_call_is(mueller):
    past = [("caller", "die heizung ist aus, ich hab erst im november öl tanken lassen und seit heute nacht um drei geht nix")]
    shown = _details(plan(mueller, outcome(past, {"caller_name": SlotValue("Karin Vogel")}), _facts(MONDAY)).activities[0].text)
    assert "Wunschtermin" not in shown and "November" not in shown, shown
    wish = [("caller", "die heizung ist aus, rufen sie mich am besten nach siebzehn uhr zurück")]
    shown = _details(plan(mueller, outcome(wish, {"caller_name": SlotValue("Karin Vogel")}), _facts(MONDAY)).activities[0].text)
    assert "17" in shown and ("Wunschtermin" in shown or "erreichbar" in shown), shown


def test_what_the_caller_told_the_fallback_is_read_for_every_detail(mueller):
    start = MONDAY
    facts = CallFacts(
        "call-2", "completed", start, start + timedelta(seconds=60), "+4917155501234",
        fallback_texts=("heizung ist ausgefallen, es ist dringend, musterstraße zwölf in zehn eins eins fünf berlin",),
    )  # fmt: skip
    shown = _details(plan(mueller, None, facts).activities[0].text)
    assert "Musterstraße 12" in shown and "10115" in shown, shown
