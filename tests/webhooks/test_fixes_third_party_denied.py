"""A denied symptom in the fault answer, a third person's number in the first sentence: what the
read-back says and what is stored."""

from __future__ import annotations

import pytest

from .conftest import STRANGER, WITHHELD, Phone, stored

pytestmark = pytest.mark.usefixtures("local_engine")


async def test_a_gas_smell_denied_in_the_fault_answer_is_no_symptom(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER,
        "Unsere Heizung ist ausgefallen.",
        "Petra Lindner",
        "null drei null eins zwei drei vier fünf sechs sieben",
        "Im Display steht F28, Gasgeruch gibt es keinen",
        "Gartenweg 7",
        "10115",
        "ja",
        "nein danke",
    )
    print(result.transcript())
    text = stored(activity)
    assert "F28" in text, text
    readback = " ".join(result.said())
    assert "Gasgeruch" not in readback.split("Stimmt das so?")[0].split("notiert:")[-1], result.transcript()
    assert "Gasgeruch" not in text or "kein Gasgeruch" in text, text


async def test_the_caretakers_number_is_a_detail_and_the_caller_is_asked_for_their_own(phone: Phone) -> None:
    result, activity = await phone.call(
        WITHHELD,
        "Ich hätte gern einen Termin für die Wartung der Gastherme, bitte beim Hausmeister klingeln, "
        "Herr Brunner, null eins sieben zwei drei vier fünf sechs sieben acht neun, der schließt auf",
        "Petra Lindner",
        "null drei null neun acht sieben sechs fünf vier drei",
        "Gartenweg 7",
        "10115",
        "Donnerstag Vormittag",
        "ja",
        "nein danke",
    )
    said = " ".join(result.said())
    assert "null eins sieben zwei" not in said, result.transcript()
    text = stored(activity)
    callback = text.split("- Rückrufnummer:")[1].split("\n")[0]
    assert callback.strip().startswith("030") and "0172" not in callback, text
    assert "Ansprechpartner vor Ort: Herr Brunner, 0172 3456789" in text, text
