"""A long first turn with no details extracted: the summary carries the caller's telling clauses
(cleaned of greetings and fillers, whole, in their order), "see the transcript" only as the last
resort."""

import re
from dataclasses import dataclass

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import summarize_local


@dataclass
class Task:
    id: str
    name: str
    description: str = ""
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


KEHRTERMIN = Task("kehrtermin", "Kehrtermin")
TERMIN = Task("termin", "Termin")
SEE_TRANSCRIPT = "Das Anliegen steht im Gesprächsverlauf"


def quoted(text: str) -> str:
    match = re.search(r"Gesagt wurde: „([^“]*)“", text)
    assert match, text
    return match.group(1)


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def test_a_long_first_turn_without_details_is_summarised_in_its_telling_clauses() -> None:
    said = (
        "grüß gott äh hier spricht die frau berger von der hausverwaltung es geht um das haus in der "
        "lindengasse vierzehn da ist am montag die überprüfung angekündigt aber der keller ist wegen "
        "einem wasserschaden gesperrt der techniker soll bitte vorher beim hausmeister anrufen herr "
        "brandstätter null sechs sechs vier eins zwei drei vier fünf sechs sieben der sperrt dann auf"
    )
    slots = Slots(
        values={
            "caller_name": SlotValue("Anna Berger", "Anna Berger"),
            "street": SlotValue("Lindengasse 14", "Lindengasse 14"),
            "postcode": SlotValue("8010", "8010"),
        }
    )
    turns = [ContextTurn("bot", "Was kann ich für Sie tun?"), ContextTurn("caller", said), ContextTurn("caller", "ja")]
    text = summarize_local(turns, KEHRTERMIN, slots).text
    assert SEE_TRANSCRIPT not in text, text
    quote = quoted(text)
    # what the technician needs: the locked cellar, whom to ring and the number, as digits
    assert "gesperrt" in quote and "brandstätter" in quote and "06641234567" in quote, quote
    # no greeting, filler or introduction; at most two lines of a summary
    assert not quote.startswith(("grüß", "äh", "hier spricht")) and " äh " not in f" {quote} ", quote
    assert "spricht" not in quote, quote
    assert len(quote) <= 240, quote
    # every word is one the caller said: nothing cut inside a word, nothing made up
    said_words = words_of(said) | {"06641234567", "14"}
    assert words_of(quote) <= said_words, words_of(quote) - said_words
    # the clauses kept are whole and in their order
    for part in re.split(r"\s*(?:,|…)\s*", quote):
        if part:
            assert part in "lindengasse 14".join(said.split("lindengasse vierzehn")).replace(
                "null sechs sechs vier eins zwei drei vier fünf sechs sieben", "06641234567"
            ), part


def test_a_long_turn_that_takes_an_appointment_back_keeps_the_request() -> None:
    said = (
        "ja hallo also ähm ich hab bei ihnen für nächsten dienstag den termin für die wartung aber da muss "
        "ich leider ganz kurzfristig ins krankenhaus und bin mindestens zwei wochen weg "
        "könnten wir das bitte auf anfang des nächsten monats verschieben"
    )
    text = summarize_local(
        [ContextTurn("caller", said)], TERMIN, Slots(values={"caller_name": SlotValue("Jan Roth", "Jan Roth")})
    ).text
    quote = quoted(text)
    assert "verschieben" in quote and "krankenhaus" in quote, quote
    assert not quote.startswith(("ja", "hallo", "also")) and "ähm" not in quote, quote
    assert len(quote) <= 240, quote


def test_one_endless_clause_without_a_boundary_is_left_to_the_transcript() -> None:
    # No clause fits the summary: it is never cut in the middle.
    said = " ".join(f"heizkörper{n} kalt" for n in range(60))
    text = summarize_local([ContextTurn("caller", said)], TERMIN, Slots()).text
    assert SEE_TRANSCRIPT in text, text
    assert "Gesagt wurde" not in text, text
