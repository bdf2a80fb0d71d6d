"""Calls played through the dialogue: the read-back names a fault told at length by its symptom, a
question back in dialect about the name is answered and the name given in after it is the name,
and an appointment moved "am liebsten in die nächste Woche" keeps the day it had as the
appointment to move."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import _brief_fault

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_EVENING = datetime(2028, 1, 11, 17, 40, tzinfo=BERLIN)
MONDAY_MORNING = datetime(2028, 1, 24, 9, 0, tzinfo=BERLIN)
MOBILE = "+4917623418850"

MONOLOGUE = (
    "n abend ich weiß gar nicht ob da noch jemand ist also ich bin der markus tränkle aus öhringen limpurger weg "
    "vierzehn und bei uns verliert die heizung dauernd druck ich hab heut morgen noch auf eins komma fünf bar "
    "aufgefüllt und jetzt steht sie schon wieder bei null komma sechs das ist eine buderus gb hundertzweiundsiebzig"
)


def test_a_long_fault_is_named_by_the_clause_of_its_symptom():
    assert _brief_fault("nur lauwarm, rote Störlampe") == "nur lauwarm, rote Störlampe"
    brief = _brief_fault(MONOLOGUE)
    assert "druck" in brief and "tränkle" not in brief and len(brief.split()) <= 10, brief
    coded = _brief_fault(
        "also die therme unten im keller macht seit gestern so komische geräusche und zeigt F28 an wir wissen nicht"
    )
    assert "geräusche" in coded and "F28" in coded, coded


async def test_the_read_back_of_a_monologue_names_the_key_detail_briefly(mueller):
    call = Call(mueller, TUESDAY_EVENING, back_on_forward=False)
    await call.start(MOBILE)
    await call.say(MONOLOGUE)
    readback = await call.answer_until(
        "Stimmt das so?",
        {"Namen": "markus tränkle", "Straße": "limpurger weg vierzehn", "Postleitzahl": "sieben vier sechs eins drei"},
    )
    assert "ich weiß gar nicht ob da noch jemand ist" not in readback.text, readback.text
    assert "Ihr Name: Markus Tränkle." in readback.text, readback.text


async def test_what_do_you_want_with_my_name_is_answered_before_asking_again(mueller):
    call = Call(mueller, MONDAY_MORNING, back_on_forward=False)
    await call.start("anonymous")
    await call.say("tach ick hab jehört sie suchen monteure ick bin jelernter anlagenmechaniker")
    answered = await call.say("wat wollen se denn mit meinem namen")
    assert answered.text.startswith("Damit wir wissen, wer angerufen hat"), answered.text
    assert "nicht richtig verstanden" not in answered.text


async def test_a_move_wished_into_next_week_keeps_the_day_it_had(mueller):
    call = Call(mueller, MONDAY_MORNING, back_on_forward=False)
    await call.start("anonymous")
    await call.say(
        "ja hallo kern hier sie haben mir für donnerstag den siebenundzwanzigsten den kundendienst eingetragen "
        "da bin ich aber beim arzt können wir das verschieben am liebsten in die nächste woche"
    )
    earlier = call.slot("bisheriger_termin")
    assert "donnerstag" in str(earlier.get("value", "")).lower(), call.slots


async def test_a_name_given_in_after_a_question_back_is_the_name_that_follows(huber, meier):
    call = Call(huber, MONDAY_MORNING, back_on_forward=False)
    await call.start("anonymous")
    await call.say("grüß gott bei uns wär die abgasmessung für die gastherme fällig", "für was brauchens denn mein namen")
    await call.say("na guat elfriede kainz")
    assert call.slot("caller_name")["value"] == "Elfriede Kainz", call.slots

    swiss = Call(meier, MONDAY_MORNING, back_on_forward=False)
    await swiss.start("anonymous")
    await swiss.say("grüezi ich hätt gern en service für üsi wärmepumpe", "wieso bruuched si mi name")
    await swiss.say("ja guet keller andrea")
    assert swiss.slot("caller_name")["value"] == "Andrea Keller", swiss.slots


async def test_a_place_or_a_remark_after_the_name_is_no_part_of_it(huber, meier):
    swiss = Call(meier, MONDAY_MORNING, back_on_forward=False)
    await swiss.start("anonymous")
    await swiss.say("grüezi ich ha e mahnig übercho aber ich ha die rechnig scho zahlt", "heidi ramseier z belp")
    assert swiss.slot("caller_name")["value"] == "Heidi Ramseier", swiss.slots

    austrian = Call(huber, MONDAY_MORNING, back_on_forward=False)
    await austrian.start("anonymous")
    await austrian.say(
        "grüß gott der erlagschein war bei der rechnung vom kehren nicht dabei",
        "brandstätter aloisia aber alle sagen luise zu mir",
    )
    assert "Brandstätter" in austrian.slot("caller_name").get("value", ""), austrian.slots
    assert "Luise" not in austrian.slot("caller_name").get("value", "")


@pytest.mark.parametrize(
    ("first", "answer", "before", "after"),
    [
        (
            "ich wollte fragen wann dieses jahr die wartung ist",
            "also ehrlich gesagt deswegen ruf ich an, die heizkörper werden seit gestern nur noch halb warm",
            "termin",
            "stoerung",
        ),
        (
            "ich habe eine frage zu meiner rechnung",
            "nee also nicht so ne rechnung, ich mein ich überlege ob wir auf eine wärmepumpe umsteigen "
            "und würde mich gern beraten lassen",
            "rechnung",
            "neue-heizung",
        ),
    ],
    ids=["drum-ruf-ich-an", "nicht-so-ne-rechnung"],
)
async def test_a_first_reason_taken_back_in_the_answer_to_the_name_question_switches_the_task(
    mueller, first, answer, before, after
):
    """The engine says the first reason was taken back ('retracted_first_reason'): as plain a
    topic change as 'eigentlich', also in the answer to the name question."""
    call = Call(mueller, MONDAY_MORNING, back_on_forward=False)
    await call.start("anonymous")
    await call.say(first)
    assert call.state.task_id == before
    await call.say(answer)
    assert call.state.task_id == after, call.heard
