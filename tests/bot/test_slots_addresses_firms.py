"""Details told the long way round: a postcode after "ach, Sie wollen die Postleitzahl", a
number of flats that is no house number, a house number taken back whole, the district between
street and number, several floors, a display code read out letter by letter, the firm's name up
to the caller's own ("… Brandt und Partner, Schulz am Apparat"), the relative named after the
caller's own role, and a name followed by "aber bitte schnell"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import COMPANY_SLOT, LOCATION_SLOT, PERSON_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY = datetime(2026, 12, 11, 9, 0, tzinfo=BERLIN)


def slot(text: str, name: str, region: str = "DE") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=FRIDAY).values.get(name)


def checked(text: str, name: str, region: str = "DE") -> str | None:
    found = check_answer(name, text, slot(text, name, region), region=region)
    return found.value if found else None


@pytest.mark.parametrize(
    ("said", "postcode"),
    [
        ("null sechs sieben sechs ah na sie wollen die postleitzahl achttausendhunderteins", "8101"),
        ("meine telefonnummer is null sechs neun neun, na, sie wollen die postleitzahl achttausendvierundvierzig", "8044"),
        ("alle drei achttausendzwanzig", "8020"),
    ],
)
def test_austrian_postcode_said_after_a_misunderstanding(said: str, postcode: str) -> None:
    assert checked(said, "postcode", "AT") == postcode
    assert slot(said, "city", "AT") is None  # "ah", "na" are no town


def test_a_number_of_flats_is_no_house_number() -> None:
    found = slot("wir verwalten in der seestraße sechs wohnungen und bei einem mieter tropft es", "street")
    assert found is not None and found.value == "Seestraße"


def test_a_house_number_taken_back_is_replaced_whole() -> None:
    found = slot("pestalozzistraße siebzehn äh nein sieben, wir haben auch die siebzehn", "street")
    assert found is not None and found.value == "Pestalozzistraße 7"


def test_the_district_between_street_and_number() -> None:
    found = slot(
        "das ist die ringstraße in lichterfelde nummer neunzehn da wohn ich seit neunzehnhundertzweiundsiebzig", "street"
    )
    assert found is not None and found.value == "Ringstraße 19"


def test_several_floors_are_no_date() -> None:
    said = "pestalozzistraße sieben erster zweiter und vierter stock"
    location = slot(said, LOCATION_SLOT)
    assert location is not None and location.value == "1., 2. und 4. Stock"
    assert slot(said, "preferred_time") is None


def test_a_display_code_read_out_letter_then_digits() -> None:
    found = slot("auf dem kasten im bad steht so ein f und dann zwei zwei und warm wird es nicht", "fault")
    assert found is not None and found.normalized == "F22"


@pytest.mark.parametrize(
    ("said", "firm"),
    [
        (
            "guten morgen hausverwaltung brandt und partner schulz am apparat wir verwalten sechs wohnungen",
            "Hausverwaltung Brandt und Partner",
        ),
        ("ja hallo restaurant zum goldenen hirsch aydin hier ich bin der inhaber", "Restaurant zum Goldenen Hirsch"),
        ("guten morgen zahnarztpraxis doktor schneider ahmadi lehmann am apparat", "Zahnarztpraxis Dr. Schneider Ahmadi"),
        ("hausverwaltung kranich hier", "Hausverwaltung Kranich"),
    ],
)
def test_the_firm_ends_where_the_caller_names_themself(said: str, firm: str) -> None:
    found = slot(said, COMPANY_SLOT)
    assert found is not None and found.value == firm


def test_the_relative_named_after_the_callers_own_role() -> None:
    found = slot("ich bin petra lindner die tochter meine mutter heißt irmgard baumann", PERSON_SLOT)
    assert found is not None and "Irmgard Baumann" in found.value


@pytest.mark.parametrize("said", ["wiese hannelore aber bitte schnell", "wiese, hannelore, und beeilen sie sich"])
def test_a_name_with_a_hurry_after_it(said: str) -> None:
    found = checked(said, "caller_name")
    assert found is not None and "Wiese" in found and "schnell" not in found.lower() and "beeil" not in found.lower()


@pytest.mark.parametrize(
    ("said", "slot_name", "value"),
    [
        (
            "a n zwei null zwei sechs null neun eins vier äh nee warte dat letzte is ne sieben also null neun eins sieben",
            "angebotsnummer",
            "AN20260917",
        ),
        ("r e zwei null zwei sechs null neun acht null nein die letzte ist eine drei", "rechnungsnummer", "RE20260983"),
        (
            "null eins sieben eins zwei drei vier fünf sechs sieben acht nein die letzte ist eine drei",
            "callback_number",
            "0171 2345673",
        ),
    ],
)
def test_the_last_digit_corrected(said: str, slot_name: str, value: str) -> None:
    assert checked(said, slot_name) == value


@pytest.mark.parametrize(
    "said",
    [
        "ja guten tag bäckerei sauer okafor aus der buchhaltung wir brauchen die rechnung noch mal",
        "okafor grace okafor bäckerei sauer buchhaltung",
    ],
)
def test_the_firm_before_the_callers_department(said: str) -> None:
    found = slot(said, COMPANY_SLOT)
    assert found is not None and found.value == "Bäckerei Sauer"


def test_a_firm_only_spoken_about_is_still_none() -> None:
    assert slot("ich hab die rechnung von der firma müller technik bekommen", COMPANY_SLOT) is None
