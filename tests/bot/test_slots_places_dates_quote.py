"""Where a caller is from when they say it with their name or firm ("Ruedi Kägi us Seuzach",
"d Bäckerei Gerber in Elgg"), what a quote for a block of flats covers ("in zwölf Wohnungen",
"hydraulischer Abgleich"), where the firm's name ends ("… GmbH, Bauer am Apparat"), and days that
date something already received, paid or invoiced, no wish ("ich ha hüt e Mahnig übercho", "die
Rächnig vom Boiler-Entchalche im Oktober")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.config.vocabulary import COMPANY_SLOT, QUANTITY_SLOT, SUBJECT_SLOT

ZURICH = ZoneInfo("Europe/Zurich")
THURSDAY = datetime(2027, 1, 21, 10, 0, tzinfo=ZURICH)


def slot(text: str, name: str, region: str = "CH") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=THURSDAY).values.get(name)


@pytest.mark.parametrize(
    ("said", "place"),
    [
        ("grüezi do isch de urs tobler us dinhard, üsi heizig isch uus", "Dinhard"),
        ("grüezi, do isch d schreinerei frei in hettlingen, de boiler leckt", "Hettlingen"),
        ("guten tag hier spricht karin vogt aus wiesbaden", "Wiesbaden"),
        ("grüß gott huber alois aus kapfenberg", "Kapfenberg"),
    ],
)
def test_place_said_with_the_own_name_or_firm(said: str, place: str) -> None:
    found = slot(said, "city")
    assert found is not None and found.value == place
    assert found.confidence >= 0.75  # kept also when the place was not asked for


@pytest.mark.parametrize(
    "said",
    [
        "hier ist müller aus versehen hab ich aufgelegt",
        "hier ist frau schröder aus der lindenstraße",
        "hier ist herr maier aus dem nachbarhaus",
        "do isch de reto us em chäller lauft wasser",
    ],
)
def test_no_place_after_the_name(said: str) -> None:
    assert slot(said, "city") is None


def test_quote_for_a_block_of_flats() -> None:
    said = (
        "wir bräuchten für ein mehrfamilienhaus einen kostenvoranschlag für einen hydraulischen abgleich "
        "und neue thermostatventile in zwölf wohnungen"
    )
    quantity = slot(said, QUANTITY_SLOT, "DE")
    subject = slot(said, SUBJECT_SLOT, "DE")
    assert quantity is not None and quantity.value == "12 Wohnungen"
    assert subject is not None and "Hydraulischer Abgleich" in subject.value
    assert slot("das wasser steht schon in 2 meter", QUANTITY_SLOT, "DE") is None  # a depth, no size of the job


def test_the_legal_form_ends_the_firm_name() -> None:
    found = slot("guten morgen firma immobilien richter gmbh bauer am apparat wir bräuchten ein angebot", COMPANY_SLOT, "DE")
    assert found is not None and found.value == "Immobilien Richter GmbH"


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("guete abig ich ha hüt e mahnig übercho", "CH"),
        ("ich habe heute eine mahnung bekommen, die ist aber schon bezahlt", "DE"),
        ("ich ha d rechnig scho lang zahlt per e-banking am zwölfte dezember", "CH"),
        ("ig bruuche e kopie vo dr rächnig vom boiler entchalche im oktober", "CH"),
        ("ich hab die rechnung von der wartung im november verlegt", "DE"),
    ],
)
def test_a_day_that_dates_something_done_is_no_wish(said: str, region: str) -> None:
    assert slot(said, "preferred_time", region) is None


def test_a_wish_after_something_received_is_still_the_wish() -> None:
    found = slot("ich habe heute eine mahnung bekommen und hätte gern morgen früh einen rückruf", "preferred_time", "DE")
    assert found is not None and "morgen" in found.value


async def test_swiss_caller_from_a_village_gets_the_place_with_the_postcode(meier) -> None:
    call = Call(meier, THURSDAY)
    await call.start("+41522223344")
    await call.say("grüezi mitenand do isch de ruedi kägi us seuzach üsi heizig gaht sit geschter nüme de ölbrenner zeigt rot")
    await call.answer_until("Stimmt das so?", {"Strasse": "wiesenstrasse sechzehn", "Postleitzahl": "acht vier sieben zwei"})
    assert call.slot("city").get("value") == "Seuzach", call.slots
    assert call.slot("postcode").get("value") == "8472", call.slots


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("ich rüefe a will i de überbauung a de zürcherstrasse hundertfünfzig d heizig uusgfalle isch", "Zürcherstrasse 150"),
        ("bi üs a de bahnhofstrasse zwölf e wasserleitig isch platzt", "Bahnhofstrasse 12"),
        ("zürcherstrasse hundertfünfzig d", "Zürcherstrasse 150d"),
        ("zürcherstrasse 150 d in winterthur", "Zürcherstrasse 150d"),
        ("hauptstrasse 12 a, stiege 2", "Hauptstrasse 12a, Stiege 2"),
    ],
)
def test_a_swiss_article_after_the_house_number_is_no_house_letter(said: str, street: str) -> None:
    found = slot(said, "street")
    assert found is not None and found.value == street


def test_austrian_afternoon_as_heard_is_a_part_of_the_day() -> None:
    found = slot("am liabstn am nomittog, do bin i dahoam", "preferred_time", "AT")
    assert found is not None and "nomittog" in found.value


def test_swiss_heat_pump_said_wärmepumpi() -> None:
    found = slot("mir händ ihri offerte für d wärmepumpi übercho und wönd die gärn aanäh", "device")
    assert found is not None and found.value == "Wärmepumpe"
