"""Four defects seen on dev sets: a daytime taken as the street, a denied symptom in the fault
text, a doubled daytime in a corrected wish, a third person's number taken as the callback number."""

from __future__ import annotations

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.validate import check_answer

# -- a daytime is no street


@pytest.mark.parametrize(
    "said",
    ["nachmittags", "am liebsten vormittags", "eher so gegen Abend", "morgens früh", "Freitag nachmittags bitte"],
)
def test_a_daytime_answered_to_the_street_question_is_refused(said: str) -> None:
    assert check_answer("street", said, None, region="DE") is None
    assert check_answer("street", said, SlotValue(said, None, 0.7), region="DE") is None


@pytest.mark.parametrize("said", ["Abendweg 3", "Am Morgen 12", "Mittagsgasse 4", "Im Morgental"])
def test_a_street_with_a_daytime_word_in_its_name_stays_a_street(said: str) -> None:
    assert check_answer("street", said, None, region="DE") is not None


# -- a corrected wish does not double the part it repeats


@pytest.mark.parametrize(
    ("old", "negated", "new", "expected"),
    [
        ("Donnerstag Nachmittag", "Donnerstag", "Freitag Nachmittag", "Freitag Nachmittag"),
        ("Montag früh", "Montag", "Dienstag früh", "Dienstag früh"),
        ("am Donnerstag vormittags", "vormittags", "nachmittags", "am Donnerstag nachmittags"),
        ("Hauptplatz 3", "3", "13", "Hauptplatz 13"),
    ],
)
def test_a_corrected_part_replaces_without_doubling(old: str, negated: str, new: str, expected: str) -> None:
    from zentrale.bot.dialogue import Dialogue

    assert Dialogue._replace_part(old, negated, new) == expected


# -- a denied symptom is no symptom of the fault


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Störung F75, nach Gas riecht es aber nicht", "Fehler F75"),
        ("die Therme zeigt F22, Brandgeruch haben wir keinen", "Fehler F22"),
        ("Fehler E9, es riecht nicht nach Gas", "Fehler E9"),
    ],
)
def test_a_denied_symptom_is_not_in_the_fault(said: str, expected: str) -> None:
    from zentrale.bot.slots import extract_slots_local

    fault = extract_slots_local(said, ["fault"]).values.get("fault")
    assert fault is not None and fault.value == expected, fault


def test_a_denied_gas_smell_alone_gives_no_fault() -> None:
    from zentrale.bot.slots import extract_slots_local

    assert "fault" not in extract_slots_local("kein Fehler im Display, Gasgeruch gibt es keinen", ["fault"]).values


def test_a_gas_smell_said_stays_in_the_fault() -> None:
    from zentrale.bot.slots import extract_slots_local

    fault = extract_slots_local("Fehler F28 und es riecht nach Gas im Heizraum", ["fault"]).values.get("fault")
    assert fault is not None and "Gasgeruch" in fault.value, fault


# -- another person's number is no callback number


@pytest.mark.parametrize(
    ("said", "person"),
    [
        (
            "der Monteur soll beim Hausmeister klingeln, Herr Brunner, null eins sieben zwei drei vier fünf sechs sieben acht neun",
            "Herr Brunner",
        ),
        ("die Handynummer von meiner Tochter ist null eins fünf eins eins zwei drei vier fünf sechs sieben", "Tochter"),
        (
            "falls keiner da ist, beim Nachbarn Frau Oberhuber läuten, null sechs sechs null eins zwei drei vier fünf sechs",
            "Frau Oberhuber",
        ),
    ],
)
def test_a_number_for_another_person_is_no_callback_number(said: str, person: str) -> None:
    from zentrale.bot.slots import extract_slots_local, other_persons_numbers

    assert "callback_number" not in extract_slots_local(said, ["callback_number", "postcode"], region="AT").values
    assert [p for p, _ in other_persons_numbers(said, "AT")] == [person]


@pytest.mark.parametrize(
    "said",
    [
        "Sie erreichen mich unter null eins sieben eins zwei drei vier fünf sechs sieben acht",
        "Herr Maier hier, null eins sieben eins zwei drei vier fünf sechs sieben acht",
        "bitte rufen Sie meinen Sohn zurück unter null eins sieben eins zwei drei vier fünf sechs sieben acht",
    ],
)
def test_the_callers_own_number_stays_the_callback_number(said: str) -> None:
    from zentrale.bot.slots import extract_slots_local

    assert "callback_number" in extract_slots_local(said, ["callback_number"]).values
