"""Calls played through the dialogue: an emergency's fault names the danger the caller described
(not only the noise said beside it), a sanitary fixture with its fault gets one question for its
make, and a surname two staff share is the one the role said beside it names ("den Meister, den
Herrn Huber")."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import Call
from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import summarize_local

from .test_dialogue_details_asked import FRIDAY_EVENING, TUESDAY_AFTERNOON, VIENNA

FRIDAY_AFTERNOON_AT = datetime(2026, 12, 11, 13, 15, tzinfo=VIENNA)


async def test_a_smouldering_smell_stays_in_the_emergency_fault(mueller):
    """'verschmorter Geruch … und der Brenner macht Geräusche': the technician reads the smell
    first, not only 'Geräusche'."""
    call = Call(mueller, FRIDAY_EVENING)
    await call.start("+493078812345")
    await call.say(
        "guten abend ähm aus dem heizungskeller kommt so ein verschmorter geruch als ob ein kabel "
        "durchbrennt und der brenner macht dabei so komische geräusche"
    )
    fault = call.slot("fault")["value"]
    assert fault.startswith("verschmorter Geruch")
    assert "Geräusche" in fault


async def test_a_swiss_burnt_smell_with_smoke_keeps_the_danger(meier):
    call = Call(meier, FRIDAY_EVENING)
    await call.start("anonymous")
    await call.say("guete abig us em heizigsruum chunnt so en verbrännte gschmack und s hät e chli rauch bim brenner")
    fault = call.slot("fault")["value"].lower()
    assert "geruch" in fault or "rauch" in fault


def test_the_summary_of_an_emergency_reads_the_danger_before_the_device() -> None:
    slots = Slots(
        values={
            "device": SlotValue("Brenner im Heizungskeller", None),
            "fault": SlotValue("verschmorter Geruch, Geräusche", None),
            "urgency": SlotValue("Notfall", "urgent"),
        }
    )
    text = summarize_local([ContextTurn("caller", "verschmorter geruch")], None, slots).text
    assert "Verschmorter Geruch, Brenner im Heizungskeller, Geräusche" in text


async def test_a_running_toilet_gets_one_question_for_its_make(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493029384756")
    await call.say("n abend die klo spülung läuft seit gestern ununterbrochen nach kann man das reparieren")
    answers = {"Namen": "jens pohl", "Straße": "boxhagener straße einundsechzig", "Postleitzahl": "eins null zwei vier fünf"}
    question = await call.answer_until("Fabrikat", answers)
    assert question.text == "Was genau ist da verbaut, wissen Sie das Fabrikat?"
    await call.say("das ist so ein geberit spülkasten unter putz")
    assert "Geberit" in call.slot("device")["value"]
    readback = await call.say("ja")  # the landline shown reaches the caller
    assert "Stimmt das so?" in readback.text


async def test_a_sanitary_emergency_gets_no_make_question(mueller):
    call = Call(mueller, FRIDAY_EVENING)
    await call.start("+493029384756")
    await call.say("bei uns ist ein rohrbruch im bad das wasser läuft überall raus")
    assert "Fabrikat" not in call.heard


async def test_the_master_asked_for_by_a_shared_surname_is_the_master(huber):
    """'mit dem herrn huber … mit dem meister': two Hubers work there; the Meister is Franz."""
    call = Call(huber, FRIDAY_AFTERNOON_AT)
    await call.start("+43316461937")
    await call.say(
        "grüß gott ich möcht bitte mit dem herrn huber reden mit dem meister der war immer so nett zu mir "
        "der herr huber soll mich bitte anläuten"
    )
    assert call.slot("person")["normalized"] == "staff:fh"


def test_the_summary_names_whom_the_caller_wants() -> None:
    class Task:
        id = "rueckruf"
        name = "Rückruf"

    slots = Slots(values={"person": SlotValue("Herrn Huber", "staff:fh")})
    turns = [ContextTurn("caller", "der herr huber soll mich anläuten")]
    text = summarize_local(turns, Task(), slots).text  # type: ignore[arg-type]
    assert "Gewünschter Gesprächspartner: Herr Huber" in text
    assert "Gesprächsverlauf" not in text


async def test_a_flush_that_keeps_running_into_the_bowl_is_no_emergency(mueller):
    """The make question answered with more of the fault ('das wasser hört nicht auf in die
    schüssel zu laufen'): water where it belongs, no burst-pipe advice."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+4917144321087")
    await call.say("ja hallo die klo spülung läuft die ganze zeit nach das rauscht die ganze nacht")
    answers = {"Namen": "herbert schulze", "Straße": "bergstraße sechs", "Postleitzahl": "eins zwei eins sechs neun"}
    await call.answer_until("Fabrikat", answers)
    await call.say("der spülkasten läuft ständig nach das wasser hört nicht auf in die schüssel zu laufen")
    assert "Hauptwasserhahn" not in call.heard
    assert call.state.hazard is None
