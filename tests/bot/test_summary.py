"""Local call summaries: two or three German sentences, only facts from task, slots, turns."""

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.summary import readable_phone, summarize_local

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@dataclass
class Task:
    id: str
    name: str
    description: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


STOERUNG = Task("stoerung", "Heizungsstörung")
RUECKRUF = Task("rueckruf", "Rückrufwunsch")


def sentences(text: str) -> list[str]:
    # Sentence ends outside of the quoted caller words.
    unquoted = re.sub(r"„[^“]*“", "Q", text)
    return [s for s in re.split(r"(?<=[^\d][.!?…])\s+", unquoted) if s.strip()]


def test_heating_fault_summary_from_a_real_utterance() -> None:
    said = (
        "meine vaillant gastherme zeigt fehler f achtundzwanzig und ich habe kein warmwasser "
        "rufen sie mich bitte zurück unter null eins sieben eins fünf fünf fünf null eins null eins "
        "am liebsten morgen vormittag"
    )
    slots = extract_slots_local(said, now=NOW)
    summary = summarize_local([ContextTurn("caller", said)], STOERUNG, slots, caller="Herr Huber (Kunde HUB01)")
    assert summary.text == (
        "Herr Huber (Kunde HUB01) ruft an wegen „Heizungsstörung“: Vaillant Gastherme zeigt F28, kein Warmwasser. "
        "Rückruf erbeten unter 0171 5550101, erreichbar Dienstag, 4. März, Vormittag (8–12 Uhr)."
    )
    assert summary.engine == "local"
    assert summary.ms >= 0


def test_address_and_name_from_slots_and_at_most_three_sentences() -> None:
    slots = Slots(
        values={
            "caller_name": SlotValue("Frau Müller"),
            "callback_number": SlotValue("0664 1234567", "+436641234567"),
            "street": SlotValue("Annenstraße 5"),
            "postcode": SlotValue("8010", "8010"),
            "city": SlotValue("Graz"),
            "preferred_time": SlotValue("heute nachmittag", "2025-03-03"),
            "urgency": SlotValue("nicht eilig", "low"),
        }
    )
    text = summarize_local([ContextTurn("caller", "bitte um rückruf")], RUECKRUF, slots).text
    assert text.startswith("Frau Müller ruft an wegen „Rückrufwunsch“.")
    assert "Annenstraße 5, 8010 Graz" in text
    assert "0664 1234567" in text
    assert "Montag, 3. März, Nachmittag" in text
    assert "nicht eilig" in text
    assert 2 <= len(sentences(text)) <= 3


def test_urgent_calls_are_marked() -> None:
    slots = extract_slots_local("es riecht nach gas im keller", now=NOW)
    text = summarize_local([ContextTurn("caller", "es riecht nach gas im keller")], STOERUNG, slots).text
    assert text.startswith("NOTFALL: ")
    assert "Gasgeruch" in text


def test_without_task_quotes_one_whole_utterance_never_cut() -> None:
    # Issue 11: the caller's words were run together and cut at ~200 characters. A quote is one
    # whole utterance; of one too long for a summary, its telling clauses, whole and once.
    long_words = "ich wollte fragen ob sie auch dachrinnen reinigen und fenster putzen " * 10
    turns = [ContextTurn("bot", "Wie kann ich helfen?"), ContextTurn("caller", long_words)]
    text = summarize_local(turns, None, Slots()).text
    assert (
        text
        == "Anruf ohne erkanntes Anliegen. Gesagt wurde: „ich wollte fragen ob sie auch dachrinnen reinigen und fenster putzen …“."
    )
    turns = [
        ContextTurn("caller", "ja hallo"),
        ContextTurn("bot", "Wie kann ich helfen?"),
        ContextTurn("caller", "reinigen sie auch dachrinnen"),
        ContextTurn("caller", "ja passt"),
    ]
    text = summarize_local(turns, None, Slots()).text
    assert text == "Anruf ohne erkanntes Anliegen. Gesagt wurde: „reinigen sie auch dachrinnen“."


def test_without_task_with_known_caller() -> None:
    text = summarize_local([ContextTurn("caller", "äh ja hallo")], None, Slots(), caller="Herr Huber").text
    assert text == "Anruf ohne erkanntes Anliegen von: Herr Huber. Der Anrufer hat nichts Verständliches gesagt."
    text = summarize_local([ContextTurn("caller", "wann kommt der Monteur")], None, Slots(), caller="Herr Huber").text
    assert text == "Anruf ohne erkanntes Anliegen von: Herr Huber. Gesagt wurde: „wann kommt der Monteur“."


def test_silent_call() -> None:
    text = summarize_local([], None, Slots()).text
    assert text == "Anruf ohne erkanntes Anliegen. Der Anrufer hat nichts Verständliches gesagt."


def test_nothing_is_invented() -> None:
    text = summarize_local([ContextTurn("caller", "meine heizung")], STOERUNG, Slots()).text
    assert text == "Ein Anrufer ruft an wegen „Heizungsstörung“. Gesagt wurde: „meine heizung“."
    for invented in ("Rückruf", "Adresse", "Notfall", "Dringend", "Fehler"):
        assert invented not in text


def test_empty_and_odd_slot_values_do_not_crash() -> None:
    slots = Slots(values={"callback_number": SlotValue("", None), "street": SlotValue("   "), "urgency": SlotValue("x", None)})
    text = summarize_local([ContextTurn("caller", "")], STOERUNG, slots).text
    assert text == "Ein Anrufer ruft an wegen „Heizungsstörung“."


@pytest.mark.parametrize(
    ("value", "normalized", "readable"),
    [
        ("0171 5550101", "+491715550101", "0171 5550101"),
        ("01715550101", "+491715550101", "0171 5550101"),
        ("+43 664 1234567", "+436641234567", "+43 664 1234567"),
        ("079 123 45 67", "+41791234567", "079 123 45 67"),
        ("0151 5557309", "+491515557309", "0151 5557309"),  # not in the plan data: keeps its 0
        ("irgendwas", None, "irgendwas"),
    ],
)
def test_phone_numbers_are_shown_in_digit_groups(value: str, normalized: str | None, readable: str) -> None:
    assert readable_phone(value, normalized) == readable
