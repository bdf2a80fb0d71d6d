"""Issue 11, blind dev sets C–E: details a receptionist gets right in the dialogue — a document
number corrected in part at the read-back, the hour of a callback wished for a day only.

Each test plays a whole call through the real webhooks (the Twilio call simulator against
``create_app``, the local intent engine, the German example business; the clock on Tuesday,
1 December 2026, 10:00) and reads the activity the call left behind.
"""

from __future__ import annotations

import pytest

from .conftest import STRANGER, WITHHELD, Phone, stored

pytestmark = pytest.mark.usefixtures("local_engine")


@pytest.mark.parametrize(
    ("correction", "number"),
    [
        ("nein, die Angebotsnummer ist falsch, nicht null zwei acht acht, sondern null zwei neun acht", "AN20270298"),
        ("nein, am Schluss ist es acht neun, nicht acht acht", "AN20270289"),
        ("nein, die Angebotsnummer endet auf acht neun. A N zwei null zwei sieben null zwei acht neun", "AN20270289"),
    ],
)
async def test_an_offer_number_corrected_in_part_at_the_readback(phone: Phone, correction: str, number: str) -> None:
    """Seen in the blind dev sets: "die Angebotsnummer" was not taken for the number read back
    ("Was soll ich korrigieren?"), and a part said anew became the whole number ("FALSCH0298")."""
    result, activity = await phone.call(
        STRANGER,
        "Ich habe Ihr Angebot für den neuen Speicher bekommen und hätte eine Frage dazu.",
        "Anna Vogel",
        "a n zwei null zwei sieben null zwei acht acht",
        correction,
        "ja",
    )
    heard = result.said()
    assert not any("Was soll ich korrigieren" in line for line in heard), result.transcript()
    assert any("korrigiert" in line and "acht" in line for line in heard), result.transcript()
    text = stored(activity)
    assert number in text, text
    assert "AN20270288" not in text, text


async def test_a_callback_wished_for_a_day_only_is_asked_for_the_hour_once(phone: Phone) -> None:
    """Seen in the blind dev sets: "könnte mich Herr Müller heute zurückrufen" was stored as
    "heute" and never asked for the hour; a receptionist asks "Um welche Uhrzeit ungefähr?"."""
    result, activity = await phone.call(
        STRANGER,
        "Könnte mich Frau Berger morgen zurückrufen?",
        "Anna Vogel",
        "so gegen drei",
        "ja",
    )
    heard = result.said()
    assert sum("Um welche Uhrzeit ungefähr?" in line for line in heard) == 1, result.transcript()
    text = stored(activity)
    assert "15 Uhr" in text or "15:00" in text, text
    assert "Mittwoch, 2. Dezember" in text, text


async def test_a_callback_hour_not_known_is_not_asked_again(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER, "Könnte mich Frau Berger morgen zurückrufen?", "Anna Vogel", "weiß ich nicht", "ja"
    )
    heard = result.said()
    assert sum("Uhrzeit" in line for line in heard) == 1, result.transcript()
    assert "Ich habe notiert" in heard[-2], result.transcript()
    assert "Mittwoch, 2. Dezember" in stored(activity), stored(activity)


async def test_a_callback_wished_with_a_part_of_the_day_is_not_asked_for_the_hour(phone: Phone) -> None:
    result, _ = await phone.call(STRANGER, "Könnte mich jemand morgen Vormittag zurückrufen?", "Anna Vogel", "ja")
    assert not any("Uhrzeit" in line for line in result.said()), result.transcript()


@pytest.mark.parametrize(
    ("answer", "number"),
    [
        ("null dreißig, fünf fünf fünf, dreiundsiebzig, null null, na halt, dreiundsiebzig null neun", "030 5557309"),
        ("null dreißig, fünf fünf fünf, dreiundneunzig, vierundsechzig, nein halt, vierundfünfzig", "030 5559354"),
    ],
)
async def test_the_end_of_a_phone_number_corrected_within_the_answer(phone: Phone, answer: str, number: str) -> None:
    """Seen in the blind dev sets: "… null null, na halt, dreiundsiebzig null neun" kept the number
    with "00" at the end. The groups said after the correction replace the end of the number."""
    result, activity = await phone.call(
        WITHHELD, "Kann mich Frau Berger zurückrufen?", "Anna Vogel", answer, "weiß ich nicht", "ja"
    )
    text = stored(activity)
    spaced = number.replace(" ", "")
    assert spaced in text.replace(" ", ""), result.transcript() + text
    wrong = "0305557300" if spaced.endswith("309") else "0305559364"
    assert wrong not in text.replace(" ", ""), text


async def test_a_maker_corrected_within_the_answer_is_the_one_stored(phone: Phone) -> None:
    """Seen in the blind dev sets: "das ist ne Junkers, nee quatsch, Vaillant" stored "Junkers,
    Vaillant ecoTEC" as the device."""
    result, activity = await phone.call(
        STRANGER,
        "Meine Therme zeigt F28 und die Heizung bleibt kalt.",
        "Petra Lehmann",
        "Kastanienallee neunundvierzig",
        "eins null vier drei fünf",
        "das ist ne Junkers, nee quatsch, Vaillant, ecotec steht drauf",
        "ja",
    )
    text = stored(activity)
    assert "Vaillant" in text, result.transcript() + text
    assert "Junkers" not in text, text


async def test_an_error_code_corrected_within_the_reason_is_the_one_stored(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER,
        "Meine Vaillant Therme zeigt F28, nein quatsch, F29, und die Heizung bleibt kalt.",
        "Petra Lehmann",
        "Kastanienallee neunundvierzig",
        "eins null vier drei fünf",
        "ja",
    )
    text = stored(activity)
    assert "F29" in text, result.transcript() + text
    assert "F28" not in text, text


async def test_an_error_code_of_digit_and_letter_corrected_at_the_readback(phone: Phone) -> None:
    """Seen in the blind dev sets: "nee, nicht sechs a, sechs c" replaced the whole fault
    description with the words "sechs c" (a code like Buderus 6A was not known as a code)."""
    result, activity = await phone.call(
        STRANGER,
        "Meine Gasheizung geht ständig auf Störung.",
        "Peter Krause",
        "Wühlischstraße zwölf",
        "eins null zwei vier fünf",
        "Buderus, da steht sechs a und die Lampe blinkt",
        "nee, nicht sechs a, sechs c",
        "ja",
    )
    text = stored(activity)
    assert "6C" in text, result.transcript() + text
    assert "6A" not in text and "sechs c" not in text, text


async def test_the_maker_named_as_the_part_to_correct_replaces_the_old_maker(phone: Phone) -> None:
    """ "Der Hersteller, Rika" after "Was soll ich korrigieren?": the maker is replaced, the
    device stays (it was kept as a note, the old maker stored)."""
    result, activity = await phone.call(
        STRANGER,
        "Meine Therme ist kaputt.",
        "Peter Krause",
        "Wühlischstraße zwölf",
        "eins null zwei vier fünf",
        "Junkers, Fehler F28",
        "nein",
        "der Hersteller, Rika",
        "ja",
    )
    heard = result.said()
    assert any(line.startswith("Danke, ich habe das korrigiert.") and "Rika" in line for line in heard), result.transcript()
    text = stored(activity)
    assert "Rika Therme" in text, text
    assert "Junkers" not in text, text


async def test_a_day_answered_to_the_callback_question_is_not_asked_for_the_hour(phone: Phone) -> None:
    """Only a day said unasked gets the hour question: who answers "morgen" to "Wann passt es
    Ihnen?" has chosen."""
    result, _ = await phone.call(STRANGER, "Kann mich Frau Berger zurückrufen?", "Anna Vogel", "morgen", "ja")
    assert not any("Uhrzeit" in line for line in result.said()), result.transcript()


@pytest.mark.parametrize(
    "reason",
    [
        "Der Monteur kommt morgen zur Wartung, da bin ich aber nicht daheim.",
        "Der Monteur kommt morgen zur Wartung, den Termin muss ich leider verschieben.",
    ],
)
async def test_the_appointment_to_move_is_stored_as_its_day(phone: Phone, reason: str) -> None:
    """Seen in the blind dev sets: "der Monteur kommt morgen …, da bin i aber ned daheim" kept no
    earlier appointment, and "morgen … verschieben" was stored as "Bisheriger Termin: morgen" — no
    day for staff who read it later."""
    result, activity = await phone.call(
        STRANGER, reason, "Frank Lehmann", "eine Weishaupt Ölheizung", "Donnerstag Nachmittag", "ja"
    )
    assert any("stattdessen" in line for line in result.said()), result.transcript()
    text = stored(activity)
    assert "Bisheriger Termin: Mittwoch, 2. Dezember" in text, result.transcript() + text
    assert "Donnerstag, 3. Dezember" in text, text


async def test_an_apology_before_the_answer_is_no_correction(phone: Phone) -> None:
    """Seen in the blind dev sets: "so, Entschuldigung, der Hund. Pohl ist mein Name" stored the
    name "Hund": an "Entschuldigung" with no answer before it corrects nothing."""
    result, activity = await phone.call(
        STRANGER,
        "Bei uns läuft die Klospülung dauernd nach.",
        "so, Entschuldigung, der Hund. Pohl ist mein Name, p o h l",
        "Bergmannstraße vierzig, nee, vierundvierzig, sorry",
        "eins null neun sechs eins",
        "ja",
    )
    text = stored(activity)
    assert "Name: Pohl" in text, result.transcript() + text
    assert "Hund" not in text.split("Gesagt wurde")[0] and "Name: Hund" not in text, text
    assert "Bergmannstraße 44" in text, text


async def test_asking_whether_we_are_a_person_is_no_request_for_one(phone: Phone) -> None:
    """Seen in the blind dev sets: "sind Sie en Mensch oder en Computer? egal. d Heizig isch uus"
    was forwarded as a wish to speak to a person, again at every repeat; the reason was lost."""
    result, activity = await phone.call(
        STRANGER,
        "Sind Sie ein Mensch oder ein Computer? Egal. Die Heizung ist aus, wir haben nur noch sechzehn Grad.",
        "Elsbeth Hürlimann",
        "Seestraße zwölf",
        "wieso bruuched Sie mini Postleitzahl?",
        "eins null vier drei fünf",
        "Vaillant Gastherme, Fehler F29",
        "ja",
    )
    assert not any("verbinde" in line for line in result.said()), result.transcript()
    assert activity.task_id == "stoerung", result.transcript()
    assert any(line.startswith("Damit") for line in result.said()), result.transcript()
    assert "Seestraße 12" in stored(activity), result.transcript()


@pytest.mark.parametrize(
    ("correction", "kept", "gone"),
    [
        ("die hausnummer stimmt nicht das ist zwölf nicht zwanzig", "Lindenstraße 12", "Lindenstraße 20"),
        ("die postleitzahl passt nicht des is eins null vier zwei drei", "10423", "10405"),
    ],
)
async def test_a_verdict_before_the_correction_keeps_the_new_value(phone: Phone, correction: str, kept: str, gone: str) -> None:
    """Seen in blind dev set N (speech recognition without commas): "die hausnummer stimmt nicht das
    ist zwölf nicht zwanzig" kept 20 — the verdict's "nicht" was read as negating all after it."""
    result, activity = await phone.call(
        STRANGER,
        "Bei uns tropft der Wasserhahn in der Küche.",
        "Anna Vogel",
        "Lindenstraße zwanzig",
        "eins null vier null fünf",
        correction,
        "ja",
    )
    text = stored(activity)
    assert kept in text, result.transcript() + text
    assert gone not in text, text


async def test_a_house_number_said_to_the_code_question_is_no_code(phone: Phone) -> None:
    """Seen in CI: a caller answering in his own order said "Gartenstraße 4" to "Zeigt das Gerät
    einen Fehlercode an?" and the activity read "Anzeige 4"."""
    result, activity = await phone.call(
        STRANGER,
        "Guten Tag, unsere Heizung ist ausgefallen.",
        "Petra Schmidt",
        "Gartenstraße 4",
        "10115 Berlin",
        "eine Gastherme",
        "Vaillant",
        "das ist in der Gartenstraße 4",
        "ja",
    )
    text = stored(activity)
    assert any("Fehlercode" in line for line in result.said()), result.transcript()
    assert "Gartenstraße 4" in text, result.transcript() + text
    assert "Anzeige 4" not in text, result.transcript() + text
