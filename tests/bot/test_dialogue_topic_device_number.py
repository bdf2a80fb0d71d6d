"""Calls played through the dialogue: a caller who sets the first reason aside at a question
("die Rechnung ist nicht so wichtig", CH "äigentli gahts um …"), details refined unasked (size,
subject), a maker said later for the device already named, the error code asked once when the
device question was answered without it, a corrected day read as a whole, and the direct number
of someone calling for others."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY_AFTERNOON = datetime(2026, 12, 8, 14, 20, tzinfo=BERLIN)
MONDAY_AFTERNOON_AT = datetime(2026, 12, 7, 14, 0, tzinfo=VIENNA)
MONDAY_MORNING_CH = datetime(2027, 1, 11, 9, 0, tzinfo=ZURICH)
WEDNESDAY_MORNING = datetime(2027, 1, 13, 10, 15, tzinfo=BERLIN)


# ---------------------------------------------------------------- the first reason set aside


@pytest.mark.parametrize(
    ("business", "clock", "reason", "aside"),
    [
        (
            "meier",
            MONDAY_MORNING_CH,
            "grüezi widmer es gaht um d rechnig vom service letschti wuche",
            "äigentli gahts um d heizig, die lauft sit em service nöd meh",
        ),
        (
            "mueller",
            TUESDAY_AFTERNOON,
            "guten tag ich hab eine frage zu ihrer rechnung",
            "die rechnung ist nicht so wichtig, die heizung geht nicht mehr seit gestern",
        ),
        (
            "mueller",
            TUESDAY_AFTERNOON,
            "guten tag ich hab eine frage zu ihrer rechnung",
            "wichtiger ist die heizung, die geht nicht mehr seit gestern",
        ),
        (
            "mueller",
            TUESDAY_AFTERNOON,
            "guten tag ich hab eine frage zu ihrer rechnung",
            "gehts um die heizung, die geht nicht mehr seit gestern",
        ),
    ],
)
async def test_the_first_reason_set_aside_at_a_question_switches_the_task(request, business, clock, reason, aside):
    """Asked for the name after an invoice question, the caller sets the invoice aside: the
    marker ('äigentli', 'gehts um', 'nicht so wichtig', 'wichtiger ist') is enough to switch,
    the engine need not be 0.9 sure of an unmarked sentence."""
    call = Call(request.getfixturevalue(business), clock)
    await call.start("+41522687034" if business == "meier" else "+493068823145")
    await call.say(reason)
    assert call.state.task_id == "rechnung"
    decision = await call.say(aside)
    assert call.state.task_id in ("heizung", "stoerung")
    assert "Heizungsstörung" in decision.text


async def test_a_question_back_or_an_indifferent_time_is_no_new_reason(mueller):
    """'Können Sie mir das nicht einfach sagen …?' asks us, 'ist mir egal, nur nicht Freitag'
    answers the time: the task stays."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493040187254")
    await call.say("wir überlegen von der alten ölheizung auf eine wärmepumpe umzusteigen was kostet sowas")
    task = call.state.task_id
    await call.say("können sie mir das nicht einfach sagen was das kostet")
    assert call.state.task_id == task

    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493068823145")
    await call.say("ich hätte gern einen termin für die wartung von meiner vaillant therme")
    await call.answer_until("Wann", {"Namen": "hans meier"})
    await call.say("ist mir egal, nur nicht am freitag")
    assert call.state.task_id == "termin"


# ---------------------------------------------------------------- details refined unasked


async def test_a_size_said_again_later_replaces_the_first_and_the_subject_is_kept(mueller):
    """'acht Quadratmeter' and later, unasked, 'doch zehn Quadratmeter': the technician prices
    ten; what the call is about ('Entkalkung') is kept though never asked."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493068823145")
    await call.say("guten tag ich hätte gern ein angebot für ein neues bad mit acht quadratmeter")
    assert call.slot("quantity")["value"] == "8 Quadratmeter"
    await call.say("meier, hans meier")
    await call.say("nein, hab ich nicht, und es sind doch zehn quadratmeter")
    assert call.slot("quantity")["value"] == "10 Quadratmeter"
    assert "Quadratmeter" not in call.heard  # never asked

    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493068823145")
    await call.say("guten tag ich hätte eine frage zur entkalkung von meinem boiler")
    assert call.slot("subject")["value"] == "Entkalkung"


# ---------------------------------------------------------------- the maker said later


async def test_a_maker_named_later_joins_the_device_named_first(mueller):
    """'Termin wegen unserem Warmwasserspeicher', then 'der ist von Stiebel Eltron': the
    technician reads 'Stiebel Eltron Warmwasserspeicher', not one of the two."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493068823145")
    await call.say("ja hallo ich wollte mal nen termin machen wegen unserem warmwasserspeicher")
    await call.say(
        "also eigentlich nee warten sie ich möchte erstmal wissen was das kostet wenn man den speicher austauscht "
        "der ist von stiebel eltron ich hätte gern einen kostenvoranschlag"
    )
    device = call.slot("device")["value"]
    assert "Stiebel Eltron" in device
    assert "Warmwasserspeicher" in device


async def test_the_maker_question_answered_with_something_else_is_asked_once_more(mueller):
    """'Von welchem Hersteller?' — 'die steht draußen im Garten': asked once more, plainly; the
    maker and type then join the device ('Stiebel Eltron Wärmepumpe WPL25')."""
    call = Call(mueller, WEDNESDAY_MORNING)
    await call.start("+493081726354")
    await call.say(
        "guten tag mein name ist gregor adler unsere wärmepumpe taut dauernd ab und das haus wird nicht mehr richtig warm"
    )
    await call.answer_until(
        "Hersteller",
        {
            "Straße": "onkel tom straße zweiundneunzig",
            "Postleitzahl": "eins vier eins sechs neun",
            "funktioniert": "einen fehler zeigt sie nicht sie taut halt ständig ab",
        },
    )
    again = await call.say("die steht draußen im garten neben der terrasse")
    assert "Marke" in again.text
    await call.say("ach so die marke stiebel eltron w p l fünfundzwanzig")
    device = call.slot("device")["value"]
    assert "Stiebel Eltron" in device and "WPL" in device
    assert "draußen im garten" in " ".join(call.state.notes)
    assert "Marke" not in call.decisions[-1].text  # once


# ---------------------------------------------------------------- the error code, once


async def test_the_code_is_asked_once_when_the_device_answer_had_none(meier):
    """'Welches Gerät, und zeigt es einen Code?' — 'de Chessel isch vo Hoval': the code is asked
    once on its own and joins the fault."""
    call = Call(meier, MONDAY_MORNING_CH)
    await call.start("+41522143876")
    await call.say("grüezi da isch verena bärtschi, d heizig isch sit geschter znacht chalt")
    await call.answer_until("Code", {})
    asked = await call.say("de chessel im chäller isch vo hoval")
    assert asked.text.endswith("Zeigt das Gerät einen Fehlercode an?")
    await call.say("ja, da blinkt e f achtezwänzg")
    assert "F28" in call.slot("fault")["value"].replace(" ", "")
    assert call.heard.count("Fehlercode an?") == 1


async def test_no_code_question_when_the_caller_said_there_is_none(meier):
    call = Call(meier, MONDAY_MORNING_CH)
    await call.start("+41522143876")
    await call.say("grüezi da isch verena bärtschi, d heizig isch sit geschter znacht chalt")
    await call.answer_until("Code", {})
    await call.say("e hoval chessel, kei fehlermeldig")
    assert "Fehlercode an?" not in call.heard


# ---------------------------------------------------------------- a day corrected in one answer


async def test_a_day_dropped_and_replaced_in_one_answer_is_the_new_day(mueller):
    """'nächste Woche Montag, ach nee, Montag geht nicht, lieber Dienstag': Dienstag."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("anonymous")
    await call.say("hallo ich wollte nen termin für die wartung von meinem öl kessel ausmachen")
    await call.answer_until(
        "Wann",
        {
            "Namen": "hans wieland",
            "Nummer": "null eins sieben drei fünf fünf zwei sechs acht null neun eins",
            "Gerät": "ein buderus öl kessel logano",
        },
    )
    await call.say("nächste woche montag ach nee montag geht nicht lieber dienstag aber nicht vor zehn uhr")
    when = call.slot("preferred_time")
    assert "dienstag" in when["value"].lower() or "2026-12-15" in str(when.get("normalized"))
    assert "montag" not in when["value"].lower()


# ---------------------------------------------------------------- calls for someone else


async def test_a_property_manager_is_asked_for_the_direct_number(huber):
    """'Resch von der Hausverwaltung Pammer': the number shown may be the switchboard, the
    direct line is asked and is the number called back."""
    call = Call(huber, MONDAY_AFTERNOON_AT)
    await call.start("+43316823910")
    await call.say(
        "grüß gott resch von der hausverwaltung pammer wir haben eine rechnung von ihnen bekommen aber der erlagschein "
        "war nicht dabei die rechnungsnummer ist zwanzig sechsundzwanzig schrägstrich vierhundertsiebzehn"
    )
    asked = await call.answer_until("direkt", {"Namen": "brigitte resch"})
    assert "Durchwahl" in asked.text
    await call.say("meine durchwahl null drei eins sechs acht zwei drei neun eins null eins zwei")
    assert call.slot("callback_number")["normalized"] == "+4331682391012"


async def test_a_caller_for_themselves_is_not_asked_for_the_number_shown(huber):
    call = Call(huber, MONDAY_AFTERNOON_AT)
    await call.start("+43316823910")
    await call.say("grüß gott ich hab eine frage zu meiner rechnung, der erlagschein war nicht dabei")
    await call.answer_until("Stimmt das so?", {"Namen": "brigitte resch", "Rechnungsnummer": "hab ich nicht"})
    assert "direkt" not in call.heard


async def test_in_an_emergency_the_place_named_beside_an_unknown_postcode_is_kept(mueller):
    """'Die Postleitzahl genügt auch' — 'weiß ich grad echt nicht, ist Neukölln': the not
    knowing is about the postcode; the on-call technician needs Neukölln."""
    call = Call(mueller, datetime(2027, 1, 16, 23, 10, tzinfo=BERLIN))
    await call.start("anonymous")
    await call.say("bei mir im flur kommt das wasser von der decke runter also richtig viel und oben der nachbar macht nicht auf")
    await call.answer_until(
        "welchem Ort",
        {"Telefonnummer": "null eins fünf sieben drei eins vier vier zwei sechs acht null", "Straße": "sonnenallee hundertzwölf"},
    )
    await call.say("weiß ich grad echt nicht ist neukölln, neukölln")
    assert call.slot("city")["value"] == "Neukölln"
