"""The summary names the appointment a caller wants moved next to the new wish: the technician
reads which visit is freed ("der Monteur sollte morgen früh kommen, das schaff ich nicht")."""

from __future__ import annotations

from dataclasses import dataclass

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import summarize_local


@dataclass
class Task:
    id: str
    name: str


TERMIN = Task("termin", "Termin")
TURNS = [ContextTurn("caller", "der monteur sollte ja morgen früh kommen, das schaff ich aber nicht")]
EARLIER = SlotValue(
    "Donnerstag, 14. Januar, früh (gesagt: „morgen früh“)", "2027-01-14T07:00:00+01:00/2027-01-14T10:00:00+01:00", 0.9
)


def test_the_wish_says_which_appointment_it_replaces():
    slots = Slots(
        {
            "caller_name": SlotValue("Peters", None, 0.9),
            "preferred_time": SlotValue("am freitag, ab 8", "2027-01-15T08:00:00+01:00/2027-01-15T20:00:00+01:00", 0.9),
            "bisheriger_termin": EARLIER,
        }
    )
    text = summarize_local(TURNS, TERMIN, slots).text
    assert "Wunschtermin: Freitag, 15. Januar, ab 8 Uhr statt bisher Donnerstag, 14. Januar" in text


def test_an_appointment_to_move_without_a_new_wish_is_named():
    slots = Slots({"caller_name": SlotValue("Peters", None, 0.9), "bisheriger_termin": EARLIER})
    text = summarize_local(TURNS, TERMIN, slots).text
    assert "Bisheriger Termin: Donnerstag, 14. Januar" in text
