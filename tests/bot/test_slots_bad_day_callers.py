"""Bad-day and everyday callers (DE/AT/CH): names spelled letter by letter or split by the
recogniser, day-of-month and clock words (also Swiss), the week after next, the turn of the
year, an hour said again, and error codes said in passing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import extract_slots_local

TUESDAY = datetime(2026, 12, 15, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def slot(text: str, name: str, region: str = "DE", now: datetime | None = TUESDAY):
    return extract_slots_local(text, (name,), region=region, now=now).values.get(name)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("brandt hab ich doch gesagt b r a n d t", "Brandt"),
        ("pfeiffer mit drei f also p f e i f f e r edith pfeiffer", "Edith Pfeiffer"),
        ("s z y m a n s k i", "Szymanski"),
        ("szymanski s z y m a n s k i agnieszka szymanski", "Agnieszka Szymanski"),
        ("ah so na gut mayrhofer mit a y und r also m a y r h o f e r", "Mayrhofer"),
        ("pfeiffer mit e i", "Pfeiffer"),
        ("mayer mit a y", "Mayer"),
        ("hans wie land also wieland in einem wort", "Hans Wieland"),
        ("olaf brenner", "Olaf Brenner"),
    ],
)
def test_spelled_and_split_names(said: str, name: str) -> None:
    found = slot(said, "caller_name")
    assert found is not None and found.value == name


def test_a_model_spelled_is_no_name() -> None:
    assert slot("von wolf steht zumindest so in unseren unterlagen wolf c g b", "caller_name") is None


# ---------------------------------------------------------------- dates and times


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("am zwänzigste", "am 20."),
        ("am achtezwänzigste am namittag", "am 28. am namittag"),
        ("am zwänzigschte", "am 20."),
    ],
)
def test_swiss_ordinal_days(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


@pytest.mark.parametrize(
    ("said", "region", "normalized"),
    [
        # the hour said again after a fuller wish is the same wish
        (
            "dann sagen wir am zwanzigsten also am zwanzigsten januar so viertel nach acht wenn das geht viertel nach acht",
            "DE",
            "2027-01-20T08:15:00+01:00",
        ),
        (
            "am donnerstag in der früh so um dreiviertel acht das wär mir recht dreiviertel acht",
            "AT",
            "2026-12-17T07:45:00+01:00",
        ),
        # the week after next
        ("übernächste woche am dienstag so um dreiviertel acht", "DE", "2026-12-29T07:45:00+01:00"),
        # Swiss
        ("nächsti wuche am zischtig am namittag so halbi drü", "CH", "2026-12-22T14:30:00+01:00"),
        ("am zwänzigste am morge viertel nach achti", "CH", "2026-12-20T08:15:00+01:00"),
        ("am zwanzigsten", "DE", "2026-12-20"),
    ],
)
def test_wished_times(said: str, region: str, normalized: str) -> None:
    found = slot(said, "preferred_time", region)
    assert found is not None and found.normalized == normalized


def test_between_the_years_is_kept_with_its_days_but_asked_for_when_vague() -> None:
    found = slot("am liebschte zwüsche de jahr", "preferred_time", "CH")
    assert found is not None and "27.–30.12." in found.value
    assert found.confidence < 0.75  # said unasked it is vague: the dialogue still asks for a day


def test_after_new_year_kept_as_said() -> None:
    found = slot("bitte erst nach neujahr am nachmittag", "preferred_time", "AT")
    assert found is not None and "neujahr" in found.value and "nachmittag" in found.value


def test_between_the_years_then_a_date_after_epiphany() -> None:
    said = (
        "zwischen den jahren na warten sie da sind wir ja gar nicht da doch lieber nach dreikönig am zwölften jänner am vormittag"
    )
    found = slot(said, "preferred_time", "AT")
    assert found is not None and found.normalized is not None and found.normalized.startswith("2027-01-12T08:00")


# ---------------------------------------------------------------- error codes in passing


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("junkers steht da drauf, da steht e a drauf also e und a und ein lämpchen blinkt", "EA"),
        ("heizung ist aus buderus zeigt sechs a hauptstraße siebenundvierzig", "6A"),
    ],
)
def test_codes_said_in_passing(said: str, code: str) -> None:
    found = slot(said, "fault")
    assert found is not None and found.normalized == code


def test_a_spelled_correction_with_its_hint_letter() -> None:
    found = slot("nein, meyer mit y. m e y e r", "caller_name")
    assert found is not None and found.value == "Meyer"


def test_a_maker_spelled_is_no_name() -> None:
    assert slot("na, ned hase. rika heißt der, r i k a", "caller_name") is None


def test_the_day_named_after_a_vague_week_wins() -> None:
    found = slot("ginge es in der woche nach neujahr, also ab dem vierten januar, vormittags?", "preferred_time")
    assert found is not None and found.normalized is not None and found.normalized.startswith("2027-01-04T08:00")


@pytest.mark.parametrize(
    ("said", "region", "normalized"),
    [
        # a day taken back ("nei halt"), the other day busy with the doctor
        (
            "am liebschte am zischtig vormittag nei halt am mittwuch vormittag am zischtig han ich dokter",
            "CH",
            "2026-12-16T08:00:00+01:00/2026-12-16T12:00:00+01:00",
        ),
        ("nächste woche montag ach nee montag geht nicht lieber dienstag", "DE", "2026-12-22"),
        # the part of the day said apart from the day
        ("am montag, lieber nachmittags", "DE", "2026-12-21T12:00:00+01:00/2026-12-21T17:00:00+01:00"),
    ],
)
def test_days_corrected_or_busy(said: str, region: str, normalized: str) -> None:
    found = slot(said, "preferred_time", region)
    assert found is not None and found.normalized == normalized


def test_two_days_to_choose_from_keep_both_and_the_part() -> None:
    found = slot("am besten mittwoch oder donnerstag lieber vormittags", "preferred_time")
    assert found is not None and found.normalized is None
    assert "mittwoch oder donnerstag" in found.value and "vormittags" in found.value


# ---------------------------------------------------------------- the person a call is about


@pytest.mark.parametrize(
    ("said", "region", "person"),
    [
        (
            "seidel hausverwaltung krause ich rufe an wegen einem mieter von uns herr öztürk in der prenzlauer allee",
            "DE",
            "Herr Öztürk",
        ),
        ("lange claudia lange meine mutter heißt hertha kaminski", "DE", "Hertha Kaminski"),
        ("ich rufe für meine mutter an, elfriede lange", "DE", "Elfriede Lange"),
        ("grüß gott ich ruf für mei muatter, frau gruber", "AT", "Frau Gruber"),
        ("ich rüef aa wägem herr rüegg eim vo üsne mieter a de zürcherstrasse", "CH", "Herr Rüegg"),
        ("stutz nadine stutz min vater heisst ernst stutz", "CH", "Ernst Stutz"),
        ("die mieterin frau dragić hat kein warmwasser", "AT", "Frau Dragić"),
    ],
)
def test_person_concerned(said: str, region: str, person: str) -> None:
    from zentrale.config.vocabulary import PERSON_SLOT

    found = slot(said, PERSON_SLOT, region)
    assert found is not None and found.normalized == person


# ---------------------------------------------------------------- corrections said at once


def test_a_house_number_taken_back() -> None:
    said = "frankfurter allee zweihundertdreizehn nein was sag ich zweihunderteinunddreißig a zweihunderteinunddreißig a, ja die nummer hier"
    assert slot(said, "street").value == "Frankfurter Allee 231a"
    assert (
        slot("kärntner straße hundertzwanzig, na ned hundertzwanzig, hundertzweiundzwanzig", "street", "AT").value
        == "Kärntner Straße 122"
    )
    # a flat's unit is no house number to replace
    assert slot("annenstraße drei stiege zwei tür sieben, nein tür acht", "street", "AT").value.startswith("Annenstraße 3")


def test_an_offer_number_misread_and_corrected() -> None:
    from zentrale.bot.slots import reference_code

    said = (
        "a n zwei null zwei sechs null acht eins fünf ach nein falsch gelesen null acht fünf eins am ende"
        " also a n zwei null zwei sechs null acht fünf eins"
    )
    assert reference_code(said) == "AN20260851"


# ---------------------------------------------------------------- names said impatiently


def test_a_name_said_again_impatiently() -> None:
    assert slot("keller hani doch gseit marco keller", "caller_name", "CH").value == "Keller"
    assert slot("vaillant hab ich doch gesagt", "caller_name") is None


def test_a_swiss_greeting_before_the_name_and_no_city_nummere() -> None:
    said = (
        "hoi keller marco boiler macht kei warms wasser meh seenerstrasse hundertzwänzg achtvierhundertfüf nummere null sibe acht"
    )
    assert slot(said, "caller_name", "CH").value == "Marco Keller"
    city = slot(said, "city", "CH")
    assert city is None or city.value != "Nummere"


# ---------------------------------------------------------------- where, how much, what about


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("bei uns ist die fuß boden heizung im kinder zimmer kalt", "Fußbodenheizung im Kinderzimmer"),
        ("bei mir in der küche tropft der wasser hahn", "Wasserhahn in der Küche"),
        ("ich hab ein angebot für den neuen heiz körper im wohnzimmer", "Heizkörper im Wohnzimmer"),
    ],
)
def test_compounds_split_by_the_recogniser(said: str, device: str) -> None:
    assert slot(said, "device").value == device


@pytest.mark.parametrize(
    ("said", "region", "location"),
    [
        ("bei uns ist die fuß boden heizung im kinder zimmer kalt", "DE", "Kinderzimmer"),
        ("unterm wasch becken im bad tropft der siphon", "DE", "Waschbecken, Bad"),
        ("de boiler im chäller macht kei warms wasser", "CH", "Keller"),
        ("die mieterin frau schulz im zweiten stock hat kein warmes wasser", "DE", "2. Stock"),
    ],
)
def test_location(said: str, region: str, location: str) -> None:
    from zentrale.config.vocabulary import LOCATION_SLOT

    assert slot(said, LOCATION_SLOT, region).value == location


def test_no_location_in_an_address() -> None:
    from zentrale.config.vocabulary import LOCATION_SLOT

    assert slot("ich wohne in der hauptstraße acht", LOCATION_SLOT) is None


@pytest.mark.parametrize(
    ("said", "quantity"),
    [
        ("wir wollen unser bad renovieren lassen so ungefähr acht quadrat meter", "8 Quadratmeter"),
        ("der speicher hat dreihundert liter", "300 Liter"),
    ],
)
def test_quantity(said: str, quantity: str) -> None:
    from zentrale.config.vocabulary import QUANTITY_SLOT

    assert slot(said, QUANTITY_SLOT).value == quantity


@pytest.mark.parametrize(
    ("said", "region", "subject"),
    [
        ("grüezi ich hett gern en termin zum de boiler entkalche", "CH", "Entkalkung"),
        (
            "wir sollen auf pellets umsteigen was kostet das und gibts da heuer noch eine förderung",
            "AT",
            "Umstieg auf Pellets, Förderung",
        ),
        ("ob sie jemanden für den kunden dienst suchen", "DE", "Kundendienst"),
        ("wir wollen unser bad renovieren lassen", "DE", "Badsanierung"),
    ],
)
def test_subject(said: str, region: str, subject: str) -> None:
    from zentrale.config.vocabulary import SUBJECT_SLOT

    assert slot(said, SUBJECT_SLOT, region).value == subject


def test_new_details_only_when_asked_for() -> None:
    values = extract_slots_local("unterm waschbecken im bad tropft es, acht quadratmeter, entkalken").values
    assert not {"location", "quantity", "subject"} & set(values)


def test_a_surname_that_is_a_word_said_around_the_first_name() -> None:
    assert slot("lange claudia lange meine mutter heißt hertha kaminski", "caller_name").value == "Claudia Lange"


def test_whose_flat_is_no_part_of_the_street() -> None:
    assert slot("bei meiner mutter akazienweg drei in biesdorf", "street").value == "Akazienweg 3"
    assert slot("bi mim vatter rebweg sibe in seuzach", "street", "CH").value == "Rebweg 7"


def test_after_new_year_sometime_in_the_afternoon() -> None:
    found = slot("nach neujahr irgendwann am nachmittag", "preferred_time", "AT")
    assert found is not None and "neujahr" in found.value and "nachmittag" in found.value
