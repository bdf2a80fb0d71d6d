"""Details a week's mix of callers gives in passing: a district instead of the town, a model and
the year of the old boiler, Swiss field names and dialect street names, the customer an installer
calls for, what a certificate is for, and numbers said twice or run together."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import LOCATION_SLOT, PERSON_SLOT, SUBJECT_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 1, 14, 10, 0, tzinfo=BERLIN)  # a Thursday in winter


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


def test_district_named_for_the_town() -> None:
    city = slot("weiß ich jetzt nicht, das ist friedrichshain, friedrichshain", "city")
    assert city is not None and city.value == "Friedrichshain"
    assert slot("in der kolonnenstraße zwanzig in schöneberg", "city").value == "Schöneberg"
    assert slot("das ist mir egal", "city") is None


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("also das ist eine vaillant a r o zehn draußen", "Vaillant ARO 10"),
        ("ein viessmann kessel aus neunzehnhundertachtundneunzig", "Viessmann Kessel, Baujahr 1998"),
        ("wir wohnen im haus baujahr neunzehnhundertsiebzig, die gastherme tropft", "Gastherme"),
        ("die wärmepumpe ist von cta", "CTA Wärmepumpe"),
        ("ein hoval kessel seit zwanzig jahren", "Hoval Kessel"),
    ],
)
def test_model_year_and_swiss_maker(said: str, device: str) -> None:
    found = slot(said, "device")
    assert found is not None and found.value == device


def test_cta_is_a_maker_for_a_swiss_caller() -> None:
    assert slot("mir händ e cta wärmepumpe", "device", "CH").value == "CTA Wärmepumpe"


def test_sanitary_maker_of_the_cistern() -> None:
    assert slot("so ein keuco spülkasten, der läuft nach", "device") is not None
    assert "Keuco" in slot("so ein keuco waschtisch", "device").value


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("im gern füf", "Im Gern 5"),
        ("im loh zwölf", "Im Loh 12"),
    ],
)
def test_swiss_field_name_streets(said: str, street: str) -> None:
    found = slot(said, "street", "CH")
    assert found is not None and found.value == street
    checked = check_answer("street", said, found, region="CH")
    assert checked is not None and checked.value == street


def test_field_name_after_im_is_not_an_idiom() -> None:
    assert slot("im übrigen drei", "street", "CH") is None
    assert check_answer("street", "ja gern", None, region="CH") is None


def test_swiss_street_stem_written_as_on_the_map() -> None:
    assert slot("grüezi, da isch d chilchgass drü", "street", "CH").value == "Kirchgass 3"
    assert slot("mir wohned a de schuelhausstrasse nüün", "street", "CH").value == "Schulhausstrasse 9"


def test_house_number_as_one_word_then_postcode_digits() -> None:
    values = extract_slots_local("lindenstraße dreiundzwanzig eins drei null vier sieben", ("street", "postcode"), now=NOW).values
    assert values["street"].value == "Lindenstraße 23"
    assert values["postcode"].value == "13047"
    # a house number said as digits stays one number
    assert slot("lindenstraße zwei drei", "street").value.startswith("Lindenstraße 2")


def test_number_said_then_spelled_counts_once() -> None:
    assert words_to_digits("nein nicht dreizehn sondern dreißig drei null") == "nein nicht 13 sondern 30"
    assert words_to_digits("zweiundvierzig vier zwei") == "42"
    # a phone number with the same digits in a longer run stays as said
    assert words_to_digits("null eins sieben eins dreiunddreißig drei drei") == "01713333"


def test_customer_an_installer_calls_for() -> None:
    person = slot("ich ruf an für unseren kunden den herrn josef pichler in gratkorn", PERSON_SLOT, "AT")
    assert person is not None and person.value == "Kunde, Herr Josef Pichler"
    assert slot("meine mutter ist gestürzt", PERSON_SLOT) is None


def test_tenants_spelled_name_is_not_the_callers() -> None:
    name = slot("urs keller und de mieter heisst yilmaz y i l m a z", "caller_name", "CH")
    assert name is not None and name.value == "Urs Keller"
    assert slot("mein name heißt brandt b r a n d t", "caller_name").value == "Brandt"


@pytest.mark.parametrize(
    ("said", "subject"),
    [
        ("wir verkaufen das haus und brauchen den befund", "Verkauf"),
        ("der notar will eine bestätigung", "Verkauf"),
        ("die wohnung wird neu vermietet", "Vermietung"),
        ("die versicherung will einen kostenvoranschlag", "Versicherung"),
    ],
)
def test_what_a_certificate_or_quote_is_for(said: str, subject: str) -> None:
    found = slot(said, SUBJECT_SLOT)
    assert found is not None and subject in found.value


def test_room_with_indefinite_article() -> None:
    assert slot("wasserschaden in einer küche im zweiten haus", LOCATION_SLOT).value.startswith("Küche")


def test_offer_number_said_a_few_words_after_the_offer() -> None:
    found = slot("mir nämed d offerte für d heizig a, d nummer isch a b zwei null zwei sieben eins eins", "angebotsnummer", "CH")
    assert found is not None and found.value == "AB202711"
    # a phone number said there is the number to call back
    assert slot("wegen der rechnung, die nummer ist null sieben neun eins zwei drei vier fünf sechs", "rechnungsnummer") is None


def test_afternoon_hour_written_with_the_day() -> None:
    found = slot("nächste woche mittwoch oder freitag so ab vier am nachmittag", "preferred_time", "AT")
    assert found is not None and "16 Uhr" in found.value
    # without a part of the day the hour stays as said
    assert slot("übermorgen um halb drei", "preferred_time").value == "übermorgen um halb 3"


def test_swiss_hour_with_article() -> None:
    found = slot("am mittwuch am morge vor de zäni", "preferred_time", "CH")
    assert found is not None and "vor 10 Uhr" in found.value


def test_part_of_day_the_caller_is_away_is_no_wish() -> None:
    found = slot("am freitag vormittag so ab zehn uhr, nachmittags bin ich in der arbeit", "preferred_time")
    assert found is not None and found.normalized is not None and "T10:00" in found.normalized
    assert slot("i hab an brief kriagt, dass sie am montag kommen, aber do bin i in da arbeit", "preferred_time", "AT") is None
