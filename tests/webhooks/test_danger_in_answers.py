"""A danger that comes out in the answer to another question — the name, the device, the read-back
— is taken as an emergency the same way as in the first sentence: the emergency task, priority
urgent, the safety text for its kind, and only what is still needed to send help. An answer that
only denies a danger stays what the call was. Each test plays a whole call through the real
webhooks and reads the activity the call left behind."""

from __future__ import annotations

import pytest

from .conftest import STRANGER, Phone, stored

pytestmark = pytest.mark.usefixtures("local_engine")

LEAVE = "Verlassen Sie bitte"


async def test_danger_told_to_the_name_question_makes_an_emergency(phone: Phone) -> None:
    """Seen in blind set X: dizziness and headaches by the gas boiler said to "Darf ich bitte Ihren
    Namen erfahren?" got "das habe ich nicht richtig verstanden" and a maintenance booking."""
    result, activity = await phone.call(
        STRANGER,
        "Ich hätte gern einen Termin für die Wartung unserer Gastherme",
        "ja weil seit gestern ist uns allen so schwindlig und die Kinder haben Kopfweh, immer wenn die Therme läuft",
        "Gartenweg siebzehn",
        "eins null eins eins fünf",
        "ja",
        "Petra Lange",
    )
    heard = " ".join(result.said())
    assert "Kohlenmonoxid" in heard and LEAVE in heard, result.transcript()
    assert "nicht richtig verstanden" not in heard, result.transcript()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent"), result.transcript()
    text = stored(activity)
    assert "Gartenweg 17" in text and "Petra Lange" in text, text


async def test_gas_smell_told_to_the_device_question_gets_the_gas_advice(phone: Phone) -> None:
    """A sulphur smell named in the answer to the device question: the gas advice (leave the
    building, no switches, no phone inside), the emergency task, what was said before kept."""
    result, activity = await phone.call(
        STRANGER,
        "Meine Heizung ist ausgefallen",
        "Petra Lange",
        "Gartenweg siebzehn",
        "eins null eins eins fünf",
        "eine Vaillant Therme, und in der Küche riecht es seit heute früh so nach Schwefel",
        "ja",
        "ja",
    )
    heard = " ".join(result.said())
    assert "Bei Gasgeruch" in heard and "Lichtschalter" in heard and "telefonieren Sie nicht" in heard, result.transcript()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent"), result.transcript()
    text = stored(activity)
    assert "Petra Lange" in text and "Gartenweg 17" in text, text


async def test_danger_told_at_the_read_back_makes_an_emergency(phone: Phone) -> None:
    """ "Stimmt das so?" – "ja, und jetzt qualmt es aus dem Kamin …": the read-back answer is
    checked for danger like every other answer."""
    result, activity = await phone.call(
        STRANGER,
        "Ich möchte einen Termin für die Wartung",
        "Petra Lange",
        "eine Gastherme",
        "Vaillant",
        "nächste Woche Montag vormittags",
        "Gartenweg siebzehn",
        "eins null eins eins fünf Berlin",
        "ja stimmt, aber jetzt kommt aus dem Kamin auf einmal ganz dicker schwarzer Rauch und Funken",
        "ja",
        "ja",
    )
    heard = " ".join(result.said())
    said = result.said()
    readback = next(i for i, text in enumerate(said) if "Stimmt das so?" in text)
    assert "Bei Rauch oder Feuer" in said[readback + 1], result.transcript()
    assert "Bei Rauch oder Feuer" in heard, result.transcript()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent"), result.transcript()
    assert "Petra Lange" in stored(activity)


async def test_an_answer_that_denies_a_danger_is_no_emergency(phone: Phone) -> None:
    """ "nein, Gasgeruch haben wir keinen" to a question stays the fault it was."""
    result, activity = await phone.call(
        STRANGER,
        "Meine Heizung ist ausgefallen",
        "Petra Lange",
        "Gartenweg siebzehn",
        "eins null eins eins fünf",
        "nein, also Gasgeruch haben wir keinen, die Vaillant Therme zeigt nur F28",
        "ja",
    )
    heard = " ".join(result.said())
    assert LEAVE not in heard, result.transcript()
    assert activity.task_id == "stoerung", result.transcript()
    assert activity.priority != "urgent", result.transcript()


async def test_symptoms_told_later_with_the_boiler_named_first_are_carbon_monoxide(phone: Phone) -> None:
    """The source in the first sentence (a gas boiler burning yellow), the symptoms only in
    the answer to the name question: carbon monoxide, although the answer alone names no boiler."""
    result, activity = await phone.call(
        STRANGER,
        "Unsere Gastherme brennt seit gestern so komisch gelb",
        "und jetzt haben wir alle Kopfschmerzen und meine Tochter hat sich übergeben, ist das schlimm",
        "Petra Lange",
        "Gartenweg siebzehn",
        "eins null eins eins fünf",
        "ja",
    )
    heard = " ".join(result.said())
    assert "Kohlenmonoxid" in heard and LEAVE in heard, result.transcript()
    assert (activity.task_id, activity.priority) == ("notfall", "urgent"), result.transcript()


async def test_hard_frost_told_to_the_name_question_makes_an_emergency(phone: Phone) -> None:
    """Calling for an old mother, the heating out at minus twelve and the pipes freezing, said to the
    name question: the emergency task with the general safety sentence, not a callback wish."""
    result, activity = await phone.call(
        STRANGER,
        "ich rufe für meine Mutter an, die ist einundneunzig",
        "bei ihr ist seit gestern die Heizung aus, draußen minus zwölf Grad, und im Bad frieren die Leitungen schon ein",
        "Petra Lange",
        "Gartenweg siebzehn",
        "eins null eins eins fünf",
        "ja",
        "ja",
    )
    assert activity.task_id == "notfall", result.transcript()
    assert "nicht richtig verstanden" not in " ".join(result.said()), result.transcript()
