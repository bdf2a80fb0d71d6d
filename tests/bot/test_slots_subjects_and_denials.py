"""What a booking is about when the caller says it as a compound ("ein Wartungstermin", "die
Anlage zeigt eine Wartungsmeldung"), and no maintenance read into an expectation or a contract."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.config.vocabulary import SUBJECT_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = datetime(2027, 1, 21, 10, 0, tzinfo=BERLIN)


def slot(text: str, name: str, region: str = "DE") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=THURSDAY).values.get(name)


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("könnten wir für die brennwerttherme einen wartungstermin ausmachen", "DE"),
        ("im display steht seit gestern eine wartungsanzeige", "DE"),
        ("die therme meldet wartungsbedarf, wann hätten sie zeit", "DE"),
        ("mir bräuchted en wartigstermin für de öpfelbaum-boiler", "CH"),
        ("die jährlichen wartungen hat immer ihr kollege gemacht", "AT"),
    ],
)
def test_maintenance_said_inside_a_compound_is_the_subject(said: str, region: str) -> None:
    found = slot(said, SUBJECT_SLOT, region)
    assert found is not None and "Wartung" in found.value


@pytest.mark.parametrize(
    "said",
    ["das war leider nicht so wie in meiner erwartung", "die wartungsfirma von früher gibt es nicht mehr"],
)
def test_no_maintenance_in_an_expectation_or_a_firm(said: str) -> None:
    found = slot(said, SUBJECT_SLOT)
    assert found is None or "Wartung" not in found.value


@pytest.mark.parametrize(
    ("said", "region", "symptom"),
    [
        ("die therme zeigt e 9 an und heißes wasser haben wir seit gestern auch keins", "DE", "kein Warmwasser"),
        ("warmwasser hamma a koans mehr", "AT", "kein Warmwasser"),
        ("warms wasser hämmer au keis", "CH", "kein Warmwasser"),
        ("am manometer schau ich grad, druck ist keiner mehr drauf", "DE", "Druck zu niedrig"),
        ("wärme haben wir im ganzen haus keine", "DE", "Heizung bleibt kalt"),
    ],
)
def test_a_lack_denied_after_its_noun_is_a_fault(said: str, region: str, symptom: str) -> None:
    found = slot(said, "fault", region)
    assert found is not None and symptom in found.value


@pytest.mark.parametrize(
    "said",
    ["warmwasser haben wir keine probleme, nur die heizung klopft", "der druck passt, einen fehler zeigt sie keinen"],
)
def test_something_else_denied_after_the_noun_is_no_lack(said: str) -> None:
    found = slot(said, "fault")
    assert found is None or not {"kein Warmwasser", "Druck zu niedrig"} & set(found.value.split(", "))
