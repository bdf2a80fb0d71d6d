"""Swiss and Austrian number words in every detail, names of couples and titled callers, streets
and postcodes corrected, and since when the fault is there (DE/AT/CH)."""

from datetime import datetime

import pytest

from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import ONSET_SLOT, PERSON_SLOT


def slot(text: str, name: str, region: str = "DE", now: datetime | None = None):
    return extract_slots_local(text, (name,), region=region, now=now).values.get(name)


# ---------------------------------------------------------------- Swiss and Austrian numbers


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("kundennummer drüü eis null nüün", "kundennummer 3109"),
        ("vierhundertdrüüesibezg franke füfzg", "473 franke 50"),
        ("im gheid siebe", "im gheid 7"),
        ("zwee null zwee", "202"),
        ("zwöituusigfüfhundert franke", "2500 franke"),
        ("tuusig franke", "1000 franke"),
        ("sibzg", "70"),
        ("hausnummer fünfe", "hausnummer 5"),
        ("sechse null null", "600"),
        ("null sibe sächs, drüü eis zäh", "076, 3110"),
        # the words that are something else alone stay words
        ("das öl ist ganz zäh", "das öl ist ganz zäh"),
        ("die leitung ist voller eis", "die leitung ist voller eis"),
    ],
)
def test_swiss_and_austrian_number_words(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


def test_a_swiss_customer_number_is_no_postcode() -> None:
    said = "guete morge, chundenummer drüü eis null nüün, de elco brenner gaht uf störig"
    values = extract_slots_local(said, ("postcode", "kundennummer"), region="CH").values
    assert "postcode" not in values
    assert values["kundennummer"].value == "3109"


# ---------------------------------------------------------------- streets and postcodes


def test_a_swiss_gass_with_its_town_is_the_street_without_the_town() -> None:
    value = slot("schlossgass drüü in wiesendange", "street", "CH")
    assert value is not None and value.value == "Schlossgass 3"
    checked = check_answer("street", "schlossgass drüü in wiesendange", None, region="CH")
    assert checked is not None and checked.value == "Schlossgass 3"


def test_a_street_named_after_a_field_without_a_street_word() -> None:
    value = slot("im gheid siebe, d nummer won ich aalüte isch rächt", "street", "CH")
    assert value is not None and value.value == "Im Gheid 7"
    assert slot("im keller 2 rohre", "street") is None
    assert slot("am montag 10 uhr", "street") is None


def test_a_postcode_corrected_while_said_is_the_last_one() -> None:
    checked = check_answer("postcode", "achtvierhundertvier, nei sorry, achtvierhundertfüüf", None, region="CH")
    assert checked is not None and checked.value == "8405"


def test_a_street_taken_back_is_replaced_by_the_next() -> None:
    value = slot("lindengasse acht, äh na, lindenweg acht, lindengasse ist die nachbarin", "street", "AT")
    assert value is not None and value.value == "Lindenweg 8"
    # two streets without a correction: the first
    value = slot("hauptstraße 5 und die bahnhofstraße 3", "street")
    assert value is not None and value.value == "Hauptstraße 5"


def test_a_heat_pump_display_text_is_the_fault() -> None:
    value = slot("e stiebel eltron, luft wasser, im display staht hochdruck, sit geschter", "fault", "CH")
    assert value is not None and "Hochdruck" in value.value


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("markus und eva leitgeb, ich bin der markus", "Markus Leitgeb"),
        ("diplomingenieur wolfgang trummer", "Wolfgang Trummer"),
        ("mein name ist magister eva huber", "Eva Huber"),
        ("ja tach hier spricht bärbel kunze der herr wagner war letzte woche bei uns", "Bärbel Kunze"),
    ],
)
def test_names_of_couples_titled_callers_and_less_common_first_names(said: str, name: str) -> None:
    value = slot(said, "caller_name", "AT")
    assert value is not None and value.value == name
    checked = check_answer("caller_name", said, value, region="AT")
    assert checked is not None and checked.value == name


# ---------------------------------------------------------------- since when


MONDAY = datetime(2026, 12, 7, 8, 30)
TUESDAY = datetime(2026, 12, 15, 9, 20)


@pytest.mark.parametrize(
    ("said", "now", "value", "iso"),
    [
        ("unsere vitodens zeigt seit samstag f zwei", MONDAY, "seit Samstag, 5.12.", "2026-12-05"),
        ("bei uns ist seit gestern abend das warmwasser kalt", TUESDAY, "seit gestern Abend (Montag, 14.12.)", "2026-12-14"),
        ("seit drei tagen tropft es", MONDAY, "seit 3 Tagen (Freitag, 4.12.)", "2026-12-04"),
        ("seit dem dritten dezember", MONDAY, "seit Donnerstag, 3.12.", "2026-12-03"),
        ("sit geschter znacht gaht d heizig nöd", MONDAY, "seit gestern Nacht (Sonntag, 6.12.)", "2026-12-06"),
        ("seit montag früh", MONDAY, "seit Montag früh, 7.12.", "2026-12-07"),
        ("seit montag", MONDAY, "seit Montag, 30.11.", "2026-11-30"),
    ],
)
def test_since_when_the_fault_is_there(said: str, now: datetime, value: str, iso: str) -> None:
    found = slot(said, ONSET_SLOT, now=now)
    assert found is not None
    assert (found.value, found.normalized) == (value, iso)


def test_no_onset_without_a_day() -> None:
    assert slot("ich bin seit 20 jahren kunde", ONSET_SLOT, now=MONDAY) is None
    assert slot("die heizung geht nicht", ONSET_SLOT, now=MONDAY) is None
    # only when asked for by name
    assert ONSET_SLOT not in extract_slots_local("seit gestern kalt", now=MONDAY).values


# ---------------------------------------------------------------- the person a call is about


@pytest.mark.parametrize(
    ("said", "person"),
    [
        ("sabine kaczmarek und mein neffe heißt leon kaczmarek", "Neffe Leon Kaczmarek"),
        ("ich ruf an für meine mutter, frau huber", "Mutter, Frau Huber"),
        ("mein sohn leon sucht eine lehrstelle", "Sohn Leon"),
    ],
)
def test_the_person_a_call_is_about(said: str, person: str) -> None:
    found = extract_slots_local(said, (PERSON_SLOT, "caller_name")).values
    assert found[PERSON_SLOT].value == person
    if "sabine" in said:
        assert found["caller_name"].value == "Sabine Kaczmarek"  # the caller stays the caller


def test_no_person_without_a_name() -> None:
    assert slot("mein mann ist nicht da", PERSON_SLOT) is None
    assert slot("meine tochter hat angerufen", PERSON_SLOT) is None
