"""What a technician reads in the summary from what the caller said: since when, for whom, where,
the amount in the caller's currency, sizes, and no value the caller took back."""

from datetime import UTC, datetime

import pytest

from tests.bot.summary_calls import Task, caller_turns
from zentrale.bot.intents.base import Slots, SlotValue
from zentrale.bot.summary import problem_text, summarize_local

FAULT = Task("stoerung", "Heizungsstörung")
INVOICE = Task("rechnung", "Rechnung")
OFFER = Task("angebot", "Kostenvoranschlag")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


# --- since when, for whom, where ---------------------------------------------------------------


def test_the_onset_kept_by_the_dialogue_follows_the_fault() -> None:
    slots = Slots(
        values={
            "device": SlotValue("Viessmann Vitodens"),
            "fault": SlotValue("Fehler F2", "F2"),
            "onset": SlotValue("seit Samstag, 5.12.", "2026-12-05"),
        }
    )
    text = summarize_local(caller_turns("die vitodens zeigt f zwei"), FAULT, slots).text  # type: ignore[arg-type]
    assert text.startswith("Ein Anrufer ruft an wegen „Heizungsstörung“: Viessmann Vitodens zeigt F2, seit Samstag, 5.12."), text


def test_the_person_the_call_is_about_is_named() -> None:
    slots = Slots(
        values={
            "caller_name": SlotValue("Thomas Lange"),
            "person_concerned": SlotValue("Mutter Elfriede Lange", "Elfriede Lange"),
        }
    )
    turns = caller_turns("meine mutter hat eine mahnung bekommen", "thomas lange")
    text = summarize_local(turns, INVOICE, slots).text  # type: ignore[arg-type]
    assert "Betrifft: Mutter Elfriede Lange." in text


def test_the_room_is_shown() -> None:
    slots = Slots(
        values={"device": SlotValue("Fußbodenheizung"), "fault": SlotValue("bleibt kalt"), "location": SlotValue("Kinderzimmer")}
    )
    text = summarize_local(caller_turns("im kinderzimmer bleibt die fußbodenheizung kalt"), FAULT, slots).text  # type: ignore[arg-type]
    assert "Fußbodenheizung, bleibt kalt, Stelle: Kinderzimmer" in text


def test_a_room_already_named_is_not_repeated() -> None:
    slots = Slots(values={"device": SlotValue("Heizkörper im Wohnzimmer"), "location": SlotValue("Wohnzimmer, Kinderzimmer")})
    text = summarize_local(caller_turns("zwei neue heizkörper im wohnzimmer und im kinderzimmer"), OFFER, slots).text  # type: ignore[arg-type]
    assert "Heizkörper im Wohnzimmer, Stelle: Kinderzimmer" in text, text


def test_what_the_question_is_about_and_the_size_are_shown() -> None:
    slots = Slots(
        values={
            "device": SlotValue("Boiler"),
            "subject": SlotValue("Entkalkung"),
            "quantity": SlotValue("300 Liter"),
        }
    )
    turns = caller_turns("ich hätte gern einen termin zum boiler entkalken", "der boiler hat dreihundert liter")
    text = summarize_local(turns, Task("service", "Service-Termin"), slots).text  # type: ignore[arg-type]
    assert "„Service-Termin“: Boiler, Entkalkung, 300 Liter." in text, text  # the size once


def test_the_room_temperature_is_named_after_a_few_words() -> None:
    said = "bei ihr ist die heizung komplett aus draußen sind minus neun grad und in der wohnung sind es nur noch zwölf grad"
    text = summarize_local(caller_turns(said), FAULT, Slots(values={"fault": SlotValue("ausgefallen")})).text  # type: ignore[arg-type]
    assert "Außentemperatur minus 9 Grad, Raumtemperatur 12 Grad" in text, text


# --- the fault text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "shown"),
    [
        ("guten tag ich bin mieter und bei uns ist seit gestern abend das warmwasser kalt, kein Warmwasser",
         "Warmwasser kalt seit gestern Abend"),
        ("grüezi, ich bin frau keller und unsere therme tropft", "Therme tropft"),
        ("hallo ich bin der hans, fehler f28", "Fehler F28"),
        ("Fehler F28, Heizung bleibt kalt", "Fehler F28, Heizung bleibt kalt"),  # no lead: as it was
        ("seit gestern kein warmwasser", "seit gestern kein warmwasser"),
    ],
)  # fmt: skip
def test_the_fault_is_no_greeting_or_introduction(fault: str, shown: str) -> None:
    assert problem_text(Slots(values={"fault": SlotValue(fault)})) == shown


def test_the_onset_is_not_said_twice() -> None:
    slots = Slots(
        values={
            "fault": SlotValue("guten tag ich bin mieter und bei uns ist seit gestern abend das warmwasser kalt"),
            "onset": SlotValue("seit gestern Abend (Montag, 14.12.)", "2026-12-14"),
        }
    )
    text = summarize_local(
        caller_turns("guten tag ich bin mieter und bei uns ist seit gestern abend das warmwasser kalt"), FAULT, slots
    ).text  # type: ignore[arg-type]
    assert "„Heizungsstörung“: Warmwasser kalt, seit gestern Abend (Montag, 14.12.)." in text


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "amount"),
    [
        ("ich han e frag zur rächnig über vierhundertdrüüesibezg franke füfzg, d arbeitsstunde sind doppelt verrächnet",
         "Betrag 473.50 CHF"),
        ("d rechnig über Fr. 480.50 han ich scho zahlt", "480.50"),
        ("die rechnung über CHF 1200 ist doppelt gekommen", "CHF 1200"),
        ("die rechnung über 114,00 € ist schon bezahlt", "114,00 €"),
        ("die rechnung über achthundertsiebenundvierzig euro zwanzig ist falsch", "Betrag 847,20 €"),
    ],
)  # fmt: skip
def test_an_amount_is_written_as_in_the_callers_country(said: str, amount: str) -> None:
    slots = Slots(values={"rechnungsnummer": SlotValue("R260511", "R260511")})
    text = summarize_local(caller_turns(said), INVOICE, slots).text  # type: ignore[arg-type]
    assert amount in text, text  # in the facts, or in the caller's words quoted


# --- sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "size"),
    [
        ("wir haben das angebot für den neuen warmwasserspeicher bekommen und ich hätte eine frage zur größe, "
         "ob dreihundert liter reichen oder wir vierhundert brauchen", "300 liter"),
        ("wir wollen unser bad renovieren lassen so ungefähr acht quadrat meter", "Bad 8 Quadratmeter"),
        ("der boiler hat achtzig l und wird nicht mehr warm", "Boiler 80 Liter"),
        ("der neue warmwasserspeicher, zweihundert l oder dreihundert l", "Speicher 200 / 300 Liter"),
    ],
)  # fmt: skip
def test_litres_and_square_metres_are_facts(said: str, size: str) -> None:
    slots = Slots(values={"angebotsnummer": SlotValue("AN20260419", "AN20260419")})
    text = summarize_local(caller_turns(said), OFFER, slots).text  # type: ignore[arg-type]
    assert size in text or size in text.lower(), text


def test_litres_without_a_tank_are_no_fact() -> None:
    text = summarize_local(
        caller_turns("ich hab zwei liter wasser aufgewischt unter der spüle"),
        FAULT,
        Slots(values={"fault": SlotValue("undicht")}),
    ).text  # type: ignore[arg-type]
    assert "Liter" not in text.split("Gesagt wurde")[0]


# --- no value the caller took back ---------------------------------------------------------------


def test_a_quote_shows_the_corrected_amount() -> None:
    turns = caller_turns(
        "hallo, ich hab eine mahnung kriegt, aber ich hab die hundertvierzig euro eh schon am zwanzigsten november überwiesen",
        "ernst pirker",
        "grazer straße neunzehn in gratkorn, ah und es waren ned hundertvierzig sondern hundertvierzehn euro, hab grad nachgschaut",
    )
    slots = Slots(values={"caller_name": SlotValue("Ernst Pirker"), "street": SlotValue("Grazer Straße 19")})
    text = summarize_local(turns, INVOICE, slots).text  # type: ignore[arg-type]
    assert "140" not in text and "114" in text, text


def test_a_quote_shows_the_corrected_house_number() -> None:
    turns = caller_turns(
        "grüezi also ich ha es problem mit de heizig, an de bahnhofstrasse vierzäh in winterthur, de brenner gaht immer wieder us",
        "keller, bruno keller. und äh d husnummer vorhin isch falsch gsi, es isch sächzäh, nid vierzäh",
    )
    slots = Slots(values={"device": SlotValue("Brenner"), "street": SlotValue("Bahnhofstrasse 16")})
    text = summarize_local(turns, FAULT, slots).text  # type: ignore[arg-type]
    assert "bahnhofstrasse 14" not in text.lower() and "bahnhofstrasse 16" in text.lower(), text
