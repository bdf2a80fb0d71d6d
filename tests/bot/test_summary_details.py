"""The parts of a summary a technician acts on: the problem, the wished time, reachability (issue 11)."""

import pytest

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import problem_text, summarize_local, when_text


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"device": SlotValue("Vaillant Gastherme"), "fault": SlotValue("Fehler F28, Heizung bleibt kalt", "F28")},
         "Vaillant Gastherme zeigt F28, Heizung bleibt kalt"),
        ({"fault": SlotValue("Fehler E133")}, "Fehler E133"),
        ({"device": SlotValue("Wärmepumpe"), "fault": SlotValue("Geräusche")}, "Wärmepumpe, Geräusche"),
        ({"device": SlotValue("Buderus")}, "Buderus"),
        ({"fault": SlotValue("fehler f 28")}, "Fehler F28"),
        ({"fault": SlotValue("x" * 200)}, ""),  # free words stay in the transcript
        ({}, ""),
    ],
)  # fmt: skip
def test_problem_text(values: dict[str, SlotValue], problem: str) -> None:
    assert problem_text(Slots(values=values)) == problem


@pytest.mark.parametrize(
    ("value", "normalized", "text"),
    [
        ("nächsten mittwoch vormittag", "2026-12-09T08:00:00+01:00/2026-12-09T12:00:00+01:00",
         "Mittwoch, 9. Dezember, vormittags (8–12 Uhr)"),
        ("morgen ab 16 uhr", "2026-12-08T16:00:00+01:00/2026-12-08T20:00:00+01:00", "Dienstag, 8. Dezember, ab 16 Uhr"),
        ("morgen zwischen 8 und 10 uhr", "2026-12-08T08:00:00+01:00/2026-12-08T10:00:00+01:00",
         "Dienstag, 8. Dezember, 8–10 Uhr"),
        ("heute um 15 uhr 30", "2026-12-07T15:30:00+01:00", "Montag, 7. Dezember, 15:30 Uhr"),
        ("am freitag", "2026-12-11", "Freitag, 11. Dezember"),
        ("ab 16 uhr", None, "ab 16 Uhr"),
        ("nächste woche", None, "nächste Woche"),
    ],
)  # fmt: skip
def test_when_text_gives_dates_and_hours(value: str, normalized: str | None, text: str) -> None:
    assert when_text(value, normalized, "Europe/Berlin") == text


def test_when_text_uses_the_business_time_zone() -> None:
    # 08:00 in Berlin is 07:00 in London; a business in Vienna reads the Berlin offset as its own.
    assert when_text("morgen vormittag", "2026-12-08T07:00:00+00:00/2026-12-08T11:00:00+00:00", "Europe/Vienna") == (
        "Dienstag, 8. Dezember, vormittags (8–12 Uhr)"
    )


def test_the_issue_example_reads_like_a_note_for_the_technician() -> None:
    said = "unsere vaillant gastherme zeigt fehler f achtundzwanzig die wohnung ist kalt"
    slots = Slots(
        values={
            "device": SlotValue("Vaillant Gastherme", "therme"),
            "fault": SlotValue("Fehler F28, Heizung bleibt kalt", "F28"),
            "callback_number": SlotValue("030 1234567", "+49301234567"),
            "preferred_time": SlotValue("ab 16 uhr", None),
        }
    )
    turns = [
        ContextTurn("caller", said),
        ContextTurn("bot", "Unter welcher Nummer?"),
        ContextTurn("caller", "null drei null eins zwei drei vier fünf sechs sieben erreichbar bin ich ab sechzehn uhr"),
        ContextTurn("caller", "ja passt"),
    ]
    text = summarize_local(turns, None, slots).text
    assert text == (
        "Anruf ohne erkanntes Anliegen (Vaillant Gastherme zeigt F28, Heizung bleibt kalt). "
        "Rückruf erbeten unter 030 1234567, erreichbar ab 16 Uhr."
    )


def test_a_wished_appointment_is_not_reachability() -> None:
    slots = Slots(values={"preferred_time": SlotValue("am freitag", "2026-12-11")})
    turns = [ContextTurn("caller", "ein termin am freitag wäre gut")]
    text = summarize_local(turns, None, slots).text
    assert text == (
        "Anruf ohne erkanntes Anliegen. Gesagt wurde: „ein termin am freitag wäre gut“. Wunschtermin: Freitag, 11. Dezember."
    )


def test_reference_numbers_are_in_the_first_sentence() -> None:
    class Task:
        id = "angebot"
        name = "Angebot"

    slots = Slots(values={"angebotsnummer": SlotValue("AB2345", "AB2345")})
    text = summarize_local([ContextTurn("caller", "zum voranschlag ab zwei drei vier fünf")], Task(), slots).text  # type: ignore[arg-type]
    assert text == "Ein Anrufer ruft an wegen „Angebot“: Voranschlag/Angebot AB2345."


def test_the_quote_is_the_reason_not_a_later_answer() -> None:
    turns = [
        ContextTurn("caller", "ja hallo"),
        ContextTurn("caller", "können sie mich zurückrufen"),
        ContextTurn("caller", "Musterstraße 12 in 10115 Berlin bei Familie Vogel"),
    ]
    text = summarize_local(turns, None, Slots()).text
    assert text == "Anruf ohne erkanntes Anliegen. Gesagt wurde: „können sie mich zurückrufen“."


def test_a_customer_number_is_in_the_first_sentence_instead_of_a_quote() -> None:
    class Task:
        id = "rechnung"
        name = "Rechnung"

    said = "es geht um meine letzte rechnung, meine kundennummer ist vier sieben eins eins"
    slots = Slots(values={"kundennummer": SlotValue("4711", "4711"), "caller_name": SlotValue("Günter Franke")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert text == "Günter Franke ruft an wegen „Rechnung“: Kundennummer 4711."


def test_several_devices_and_the_room_stay_together_with_the_code() -> None:
    slots = Slots(
        values={
            "device": SlotValue("Pelletkessel, ELCO Ölbrenner in der Küche"),
            "fault": SlotValue("Fehler F7, springt nicht an", "F7"),
        }
    )
    assert problem_text(slots) == "Pelletkessel, ELCO Ölbrenner in der Küche zeigt F7, springt nicht an"


def test_an_invoice_number_keeps_the_callers_concern() -> None:
    class Task:
        id = "rechnung"
        name = "Rechnung"

    said = "ich hab eine mahnung bekommen obwohl ich die rechnung schon vor zwei wochen bezahlt habe"
    slots = Slots(values={"rechnungsnummer": SlotValue("RE20261108", "RE20261108")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "RE20261108" in text and "mahnung bekommen" in text, text


def test_a_device_alone_keeps_what_the_caller_wants() -> None:
    class Task:
        id = "heizungstausch"
        name = "Beratung Heizungstausch"

    said = "wir wollen von öl auf pellets umsteigen passt da unser rauchfang"
    slots = Slots(values={"device": SlotValue("Fröling, ÖkoFEN")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Fröling" in text and "pellets" in text, text


def test_a_fault_needs_no_quote() -> None:
    class Task:
        id = "stoerung"
        name = "Heizungsstörung"

    said = "meine vaillant therme zeigt f achtundzwanzig und bleibt kalt"
    slots = Slots(values={"device": SlotValue("Vaillant Therme"), "fault": SlotValue("Fehler F28, kalt", "F28")})
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Gesagt wurde" not in text, text


def test_a_quote_naming_another_day_than_the_wish_is_left_out() -> None:
    class Task:
        id = "termin"
        name = "Termin"

    said = "ich hab am donnerstag den kundendienst termin und muss den leider verschieben"
    slots = Slots(
        values={
            "device": SlotValue("Buderus Logamax"),
            "preferred_time": SlotValue("dienstag ab 4", "2025-03-04T16:00:00+01:00/2025-03-04T20:00:00+01:00"),
        }
    )
    text = summarize_local([ContextTurn("caller", said)], Task(), slots).text  # type: ignore[arg-type]
    assert "Donnerstag" not in text and "donnerstag" not in text and "Dienstag" in text, text
