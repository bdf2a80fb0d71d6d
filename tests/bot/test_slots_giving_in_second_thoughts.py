"""Answers from a cold-spell week: a name said after giving in ("na gut …") with a spelling hint
and the full name after it, surnames that are ordinary words, a time taken back for another in
the same breath, weekday and part of the day run together (also in Swiss German), an error code
listed with the device, street names with a first word of their own, a device read off its
plate that is no person, and what a long first turn or a job application is about."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import SUBJECT_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 1, 14, 10, 0, tzinfo=BERLIN)  # a Thursday


def slot(text: str, name: str, region: str = "DE") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


def checked(text: str, name: str, region: str = "DE") -> str | None:
    found = check_answer(name, text, slot(text, name, region), region=region)
    return found.value if found else None


# --------------------------------------------------------------------------------------------
# 1. giving in, then the surname with a spelling hint, then the full name


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("na gut, maier mit ai, ulrike maier", "Ulrike Maier"),
        ("also gut hell mit zwei l jens hell", "Jens Hell"),
        ("okay ach so, seifert mit ei gerda seifert", "Gerda Seifert"),
        ("alles klar, philipps mit ph, anke philipps", "Anke Philipps"),
        ("ach so na dann, könig mit ö petra könig", "Petra König"),
    ],
)
def test_name_after_giving_in_and_a_spelling_hint(said: str, name: str) -> None:
    assert checked(said, "caller_name") == name


def test_spelling_hint_letters_are_no_name() -> None:
    assert checked("agnes kühn, kühn mit ü und h", "caller_name") == "Agnes Kühn"
    assert checked("müller mit der mieterin", "caller_name") is None


# --------------------------------------------------------------------------------------------
# 2. surnames that are ordinary words


@pytest.mark.parametrize(
    "said",
    ["tobias weiß", "jana fröhlich", "sabine schwarz", "hermann groß", "ines winter", "paul könig", "lena kaiser"],
)
def test_word_surname_after_a_first_name_is_a_name(said: str) -> None:
    assert checked(said, "caller_name") == " ".join(w.capitalize() for w in said.split())


@pytest.mark.parametrize("said", ["weiß nicht", "ich weiß es nicht", "das weiß ich nicht", "tobias weiß nicht"])
def test_not_knowing_is_no_name(said: str) -> None:
    assert checked(said, "caller_name") is None


# --------------------------------------------------------------------------------------------
# 3. the time taken back and another said


@pytest.mark.parametrize(
    ("said", "day", "hour"),
    [
        ("gerne dienstag früh nein halt dienstags hab ich schicht also donnerstags ab sechzehn uhr", "2027-01-21", "16:00"),
        ("mittwoch vormittag ach nein da ist ja elternabend also dann freitag nach zehn", "2027-01-15", "10:00"),
        ("am montag um neun oder besser dienstag um neun", "2027-01-19", "09:00"),
    ],
)
def test_the_later_corrected_time_wins(said: str, day: str, hour: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and found.normalized is not None
    assert found.normalized.startswith(f"{day}T{hour}")


def test_a_day_with_a_meeting_is_no_wish() -> None:
    found = slot("am dienstag hab ich besprechung, mittwoch geht", "preferred_time")
    assert found is not None and found.normalized == "2027-01-20"


# --------------------------------------------------------------------------------------------
# 4. weekday and part of the day in one word, dialect days and parts


@pytest.mark.parametrize(
    ("said", "region", "day", "first_hour"),
    [
        ("gerne donnerstagvormittag", "DE", "2027-01-21", 8),
        ("am liebschte zischtignamittag", "CH", "2027-01-19", 12),
        ("am dunschtig am abig", "CH", "2027-01-21", 17),
        ("friitig znacht wär guet", "CH", "2027-01-15", 17),
        ("mäntigvormittag", "CH", "2027-01-18", 8),
        ("am mittwuch am namittag", "CH", "2027-01-20", 12),
    ],
)
def test_joined_and_dialect_weekday_parts(said: str, region: str, day: str, first_hour: int) -> None:
    found = slot(said, "preferred_time", region)
    assert found is not None and found.normalized is not None
    assert found.normalized.startswith(f"{day}T{first_hour:02d}:00")


# --------------------------------------------------------------------------------------------
# 5. a code listed with the device; street names with a first word of their own


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("vaillant ecotec, f sechs, und es ist kalt", "F6"),
        ("die buderus therme, e neun, seit heute früh", "E9"),
    ],
)
def test_code_listed_after_the_device(said: str, code: str) -> None:
    fault = slot(said, "fault")
    assert fault is not None and fault.normalized == code
    assert slot(said, "device") is not None


def test_a_flat_after_the_device_is_no_code() -> None:
    assert slot("vaillant therme, stiege 2, top 5", "fault") is None


def test_pressure_below_one_bar_is_too_low() -> None:
    fault = slot("de druck isch under eis bar", "fault", "CH")
    assert fault is not None and "Druck zu niedrig" in fault.value


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("sankt galler strasse zwölf", "Sankt Galler Strasse 12"),
        ("sankt georgenstraße neun", "Sankt Georgenstraße 9"),
        ("st. leonhardstrasse 4", "St. Leonhardstrasse 4"),
        ("neu ulmer straße sieben", "Neu Ulmer Straße 7"),
        ("bad kissinger straße 3", "Bad Kissinger Straße 3"),
    ],
)
def test_street_keeps_its_first_word(said: str, street: str) -> None:
    assert checked(said, "street") == street


# --------------------------------------------------------------------------------------------
# 6. a device read off its plate is no person; a name after a firm in the first turn


@pytest.mark.parametrize(
    "said", ["moment da steht hier wärmepumpe stiebel", "hier steht gastherme junkers", "da steht hier brennwerttherme wolf"]
)
def test_device_words_are_no_name(said: str) -> None:
    assert checked(said, "caller_name") is None


def test_name_after_the_firm_in_the_first_turn() -> None:
    said = "guten tag immobilien krause und söhne mein name ist jonas ebert ich melde einen wasserschaden"
    found = slot(said, "caller_name")
    assert found is not None and found.value == "Jonas Ebert"


# --------------------------------------------------------------------------------------------
# 7. what a long first turn or a job application is about


def test_maintenance_named_in_a_long_first_turn() -> None:
    said = (
        "grüß gott hier ist frau berger mein sohn kümmert sich sonst um alles aber der ist jetzt im ausland "
        "und ich hab gefunden dass die wartung vom kessel immer im mai gemacht wurde können sie wieder kommen"
    )
    found = slot(said, SUBJECT_SLOT)
    assert found is not None and "Wartung" in found.value


def test_a_maintenance_contract_is_no_maintenance_visit() -> None:
    assert slot("der wartungsvertrag läuft aus", SUBJECT_SLOT) is None


@pytest.mark.parametrize(
    ("said", "subject"),
    [
        ("ich hab gelesen dass sie einen installateur suchen ich bin gesellin", "Installateur, Gesellin"),
        ("hätten sie noch eine lehrstelle als elektroniker", "Lehrstelle, Elektroniker"),
        ("ich bin heizungsbauer und würde gern bei ihnen anfangen", "Heizungsbauer"),
        ("nehmen sie noch lehrlinge", "Lehrling"),
    ],
)
def test_position_of_a_job_application(said: str, subject: str) -> None:
    found = slot(said, SUBJECT_SLOT)
    assert found is not None and found.value == subject


def test_a_trade_without_a_job_is_no_position() -> None:
    assert slot("der monteur war gestern da und hat nichts gefunden", SUBJECT_SLOT) is None


# --------------------------------------------------------------------------------------------
# more from the same weeks: an apology before the name, a sentence with a firm word is no
# name, a digit corrected "am Schluss is a …", a greeting "Morgen" before a question, the day
# of a visit asked about, the hour the caller leaves for work


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ja sorry war kurz abgelenkt jonas pfeiffer", "Jonas Pfeiffer"),
        ("entschuldigung hab sie nicht gehört, eva roth", "Eva Roth"),
    ],
)
def test_name_after_an_apology(said: str, name: str) -> None:
    assert checked(said, "caller_name") == name


def test_a_sentence_about_an_invoice_is_no_name() -> None:
    said = "nei sorry nöd d offerte d rechnig vom letschte service da isch de betrag z hoch als abgmacht"
    assert checked(said, "caller_name", "CH") is None


@pytest.mark.parametrize(
    ("said", "region", "number"),
    [
        ("null sechs sechs null eins zwei drei vier fünf sechs sieben na falsch am schluss is a acht", "AT", "+436601234568"),
        ("null drei null neun acht sieben sechs fünf vier drei, nein, hinten kommt eine zwei", "DE", "+49309876542"),
    ],
)
def test_last_digit_corrected_with_a_verb(said: str, region: str, number: str) -> None:
    found = slot(said, "callback_number", region)
    assert found is not None and found.normalized == number


def test_greeting_and_the_day_asked_about_are_no_wish() -> None:
    found = slot("morgen, sagen sie mal, wann kommt denn heute der techniker, ich muss um zehn zur arbeit", "preferred_time")
    # the hour the caller must leave is kept as said (a limit), but no day: neither the greeting
    # "Morgen" nor the "heute" of the question about the visit
    assert found is not None and found.normalized is None
    assert "morgen" not in found.value and "heute" not in found.value


def test_wish_after_asking_for_the_visit_stays() -> None:
    found = slot("wann kommt der monteur, morgen um neun wär gut", "preferred_time")
    assert found is not None and found.normalized == "2027-01-15T09:00:00+01:00"
