"""Call reasons in sentences of our own: a caller who corrects the reason just named ("…, nein Moment,
es ist …", CH "nei momänt", "nicht um …, sondern um …") means the later one; a utility's bill
("Wasserrechnung", "Stromrechnung") is no invoice of the business; a staff member wanted, the job named
only to say who, is a callback (a problem the caller has now stays the reason); Swiss callback wishes
("zruggrüeft werde", "sich mälde") are callbacks.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.base import DialogueContext
from zentrale.bot.intents.local import LocalEngine
from zentrale.bot.intents.openai_engine import classification_rules_de

DE_CORRECTED = [
    ("ich rufe wegen einer Rechnung an, nein Moment, es geht um das Angebot für die neue Dusche", "angebot"),
    ("es geht um ein Angebot, nein sorry, um die Rechnung von letzter Woche", "rechnung"),
    ("es geht nicht um die Rechnung, sondern um ein Angebot für das Bad", "angebot"),
    ("ich ruf nicht wegen der Wartung an, sondern wegen einer Rechnung", "rechnung"),
]

DE_NOT_CORRECTED = [
    # "sondern" that says which bill, no change of reason
    ("es geht um eine Rechnung, nicht die vom Stadtwerk, sondern Ihre für die Reparatur, die kam doppelt", "rechnung"),
    # "nein" answering something else
    ("nein, unsere Heizung geht seit gestern nicht mehr", "stoerung"),
]


@pytest.mark.parametrize(("text", "task"), DE_CORRECTED + DE_NOT_CORRECTED)
def test_the_reason_after_a_correction_wins(de: LocalEngine, text: str, task: str) -> None:
    got = de.classify_sync(text)
    assert got.task == task, got.reason


def test_a_swiss_correction_keeps_the_later_reason(ch: LocalEngine) -> None:
    got = ch.classify_sync("es gaht um e rechnig, nei momänt, es isch wäge de offerte für d chuchi")
    assert got.task == "offerte", got.reason


UTILITY_BILLS = [
    "der Wasserhahn in der Küche tropft seit Tagen, die Wasserrechnung wird immer höher",
    "unser Spülkasten läuft ständig nach, ich fürchte die Wasserrechnung",
]


@pytest.mark.parametrize("text", UTILITY_BILLS)
def test_a_utility_bill_is_no_invoice_of_the_business(de: LocalEngine, text: str) -> None:
    got = de.classify_sync(text)
    assert got.task == "sanitaer", got.reason


def test_a_bill_of_the_business_stays_an_invoice(de: LocalEngine) -> None:
    assert de.classify_sync("ich habe eine Frage zu Ihrer Rechnung für den Wasserhahn").task == "rechnung"


PERSON_WANTED = [
    "ich möchte gern den Herrn Berger sprechen, der war vorige Woche wegen der Dusche bei uns",
    "ich hätte gern den Monteur gesprochen, der war gestern wegen dem Heizkörper im Bad da",
    "kann ich die Frau Lang sprechen, die hat bei uns das Waschbecken repariert",
]


@pytest.mark.parametrize("text", PERSON_WANTED)
def test_a_staff_member_wanted_is_a_callback(de: LocalEngine, text: str) -> None:
    got = de.classify_sync(text)
    assert got.task == "rueckruf", got.reason


def test_a_problem_now_next_to_a_person_stays_the_reason(de: LocalEngine) -> None:
    got = de.classify_sync("ich möchte den Monteur sprechen, der war wegen der Dusche da, und jetzt tropft der Wasserhahn wieder")
    assert got.task == "sanitaer", got.reason


CH_CALLBACK = [
    "grüezi, ich wett gern zruggrüeft werde",
    "chönd Sie sich bitte bi mir mälde",
    "de chef söll mi bitte zrugg aalüüte",
]


@pytest.mark.parametrize("text", CH_CALLBACK)
def test_swiss_callback_wishes(ch: LocalEngine, text: str) -> None:
    got = ch.classify_sync(text)
    assert got.task == "rueckruf", got.reason


def test_the_model_prompt_carries_the_same_rules() -> None:
    rules = classification_rules_de([], "notfall")
    for rule in ("Schwefel", "lüütet", "beim Test", "verbranntem Staub", "Heizung läuft", "Wasserrechnung", "sich mälde"):
        assert rule in rules, rule
    assert "nein Moment" in rules and "sondern um Y" in rules


FINAL_BILLS = [
    "warum ist die Schlussrechnung so viel höher als Ihr Angebot",
    "die Endabrechnung liegt dreihundert Euro über dem Voranschlag",
]


@pytest.mark.parametrize("text", FINAL_BILLS)
def test_a_final_bill_above_the_estimate_is_an_invoice(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "rechnung"


def test_waiting_for_the_technician_is_the_appointment_not_a_fault(de: LocalEngine) -> None:
    assert de.classify_sync("ich sitze seit dem Vormittag da und warte auf Ihren Monteur, kommt der noch").task == "termin"
    assert de.classify_sync("wir sitzen hier ohne Heizung im Kalten").task == "stoerung"


@pytest.mark.parametrize("text", ["ich bin Heizungsbauer und wollte fragen, ob ihr wen brauchts", "braucht ihr noch Leute"])
def test_offering_oneself_is_an_application(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "bewerbung"


def test_experience_of_a_technician_is_no_application(de: LocalEngine) -> None:
    assert de.classify_sync("Ihr Monteur hat viele Jahre Erfahrung, trotzdem geht die Therme nicht").task == "stoerung"


def test_swiss_descaling_is_the_service(ch: LocalEngine) -> None:
    assert ch.classify_sync("de warmwasserspeicher müesst mal entchalchet werde").task == "service"


def test_a_swiss_person_wanted_is_a_callback(ch: LocalEngine) -> None:
    assert ch.classify_sync("ich hett gern de herr meier gsproche").task == "rueckruf"


def test_wait_as_a_correction_drops_the_reason_so_far(at: LocalEngine) -> None:
    context = DialogueContext(current_task="rechnung")
    got = at.classify_sync("na wartens, eigentlich brauch i an Termin für die Abgasmessung, die Rechnung passt eh", context)
    assert got.task == "abgasmessung", got.reason
