"""Three confusions of the autumn calls, in sentences of our own: paying or the items of an offer the caller
has (no bill named) are a question about the offer; a change of heating weighed up with its subsidy is a new
heating even when an offer is asked for (an offer received stays the offer); AT "kummts"/"kimmt" is "kommt",
and a verb ending in "-halten"/"-schalten" ("eingschalten", "erhalten") names no old heating.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine

OFFER_QUESTIONS_DE = [
    "wir haben Ihr Angebot für die Wärmepumpe bekommen, warum ist der Speicher extra aufgeführt, geht das auch in Raten",
    "Ihr Kostenvoranschlag für das neue Bad ist gekommen, kann man den Betrag auch in Raten bezahlen?",
    "das angebot für den neuen kessel haben wir erhalten ist die mehrwertsteuer da schon drin",
    "ich hab ihr angebot für die wärmepumpe da steht keine förderung drin warum",
]


@pytest.mark.parametrize("text", OFFER_QUESTIONS_DE)
def test_paying_an_offer_is_the_offer_de(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "angebot"


def test_paying_an_offer_is_the_offer_ch(ch: LocalEngine) -> None:
    assert ch.classify_sync("grüezi, mir hend d offerte für d wärmepumpe becho, chönd mir das i rate zahle").task == "offerte"


BILLS_STILL = [
    "die rechnung ist höher als das angebot, können wir in raten zahlen",
    "können wir die rechnung für die wärmepumpe in raten zahlen",
]


@pytest.mark.parametrize("text", BILLS_STILL)
def test_a_named_bill_stays_the_bill(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "rechnung"


NEW_HEATING_DE = [
    "wir überlegen von der Ölheizung auf eine Wärmepumpe umzusteigen, machen Sie uns ein Angebot und wie ist das mit der Förderung",
    "wir möchten unsere alte gasheizung gegen eine wärmepumpe tauschen können sie ein angebot machen und gibt es dafür zuschuss",
    "die gasheizung ist zwanzig jahre alt wir denken an pellets machen sie angebote und helfen sie bei der bafa förderung",
]


@pytest.mark.parametrize("text", NEW_HEATING_DE)
def test_heating_change_with_subsidy_is_new_heating(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "neue-heizung"


def test_a_quote_for_a_job_stays_a_quote(de: LocalEngine) -> None:
    assert de.classify_sync("ich brauche ein angebot für einen neuen heizkörper im wohnzimmer").task == "angebot"


SWEEP_DATES_AT = [
    "servus, wann kummts heuer zum Kehren, mir ham den Pelletskessel wieder eingschalten",
    "wann kimmt der rauchfangkehrer heuer, mir ham den kachelofen wieder eingheizt",
    "mir ham die pelletsheizung jetzt wieder eingschalten, wann kommt der rauchfangkehrer heuer",
]


@pytest.mark.parametrize("text", SWEEP_DATES_AT)
def test_sweep_date_with_heating_running_again_at(at: LocalEngine, text: str) -> None:
    assert at.classify_sync(text).task == "kehrtermin"


def test_offer_named_as_that_one_with_subsidy_question(de: LocalEngine) -> None:
    text = "es geht um dit angebot für unsre wärmepumpe, da hab ick ne frage, ob die förderung schon abjezogen is"
    assert de.classify_sync(text).task == "angebot"


NAME_INTRODUCED_AT = [
    "guten morgen da is die maria pichler aus hittisau postleitzahl sechs neun fünf zwei",
    "servus do is da gruber franz aus lienz",
]


@pytest.mark.parametrize("text", NAME_INTRODUCED_AT)
def test_da_is_die_name_is_no_wish_for_a_person_at(at: LocalEngine, text: str) -> None:
    assert at.classify_sync(text).task != "rueckruf"


def test_da_is_keeps_a_danger_at(at: LocalEngine) -> None:
    assert at.classify_sync("da is der rauch im stiegenhaus, es riecht verbrannt").task == "notfall"


ASIDE_DE = [
    (
        "zwei sachen, vor allem möchte ich einen wartungstermin für die therme ausmachen, und nebenbei bräuchte ich noch "
        "eine kopie der rechnung vom letzten jahr",
        "termin",
    ),
    (
        "ich möchte das angebot für den neuen speicher annehmen und übrigens ist die rechnung vom service nie angekommen",
        "angebot",
    ),
]


@pytest.mark.parametrize(("text", "task"), ASIDE_DE)
def test_what_is_asked_by_the_way_counts_less_de(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task


def test_what_is_asked_by_the_way_counts_less_ch(ch: LocalEngine) -> None:
    text = "grüezi, ich wett d offerte für de neu boiler aanäh, und nebebi: d rächnig vom service isch nie cho"
    assert ch.classify_sync(text).task == "offerte"


def test_a_gauge_reading_is_no_standing_water(de: LocalEngine) -> None:
    text = "der druck an der therme steht auf null komma fünf, ich hab schon zweimal wasser nachgefüllt, der fällt immer wieder"
    assert de.classify_sync(text).task == "stoerung"


STANDING_WATER_STILL = [
    "der druck steht auf null, im keller steht wasser",
    "der druck ist auf null und das wasser steht im heizungsraum",
]


@pytest.mark.parametrize("text", STANDING_WATER_STILL)
def test_standing_water_beside_a_gauge_stays_an_emergency(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall"


PRICE_OF_A_FAULT_DE = [
    "was kostet es ungefähr, wenn ein techniker kommt, unsere heizung springt dauernd nicht an",
    "was würde es kosten, wenn jemand nach dem kessel schaut, der geht immer wieder aus",
]


@pytest.mark.parametrize("text", PRICE_OF_A_FAULT_DE)
def test_the_price_of_a_fault_now_is_the_fault(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "stoerung"


def test_the_price_of_help_for_a_supposed_fault_is_a_price(de: LocalEngine) -> None:
    text = "was verlangen sie eigentlich für den notdienst an feiertagen, falls mal die heizung ausfällt"
    assert de.classify_sync(text).task == "angebot"
