"""The firm a caller speaks for (a property manager, a bakery, a practice): read from how the
caller introduces themself (DE/AT/CH), kept as the detail "Firma" next to the caller's name and
named in the summary. A firm word is never the caller's name; a firm the caller only talks about
(who installed the boiler, the landlord of a tenant, the business called) is no caller's firm."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.bot.finished_calls import outcome
from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.config.vocabulary import COMPANY_SLOT, slot_label
from zentrale.services.aftercall import CallFacts, plan

STARTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _company(said: str, region: str = "DE") -> str | None:
    value = extract_slots_local(said, (COMPANY_SLOT,), region=region).values.get(COMPANY_SLOT)
    return value.value if value else None


def _name(said: str) -> str | None:
    value = extract_slots_local(said, ("caller_name",)).values.get("caller_name")
    checked = check_answer("caller_name", said, value, region="DE")
    return checked.value if checked else None


def test_the_company_slot_has_a_german_label() -> None:
    assert slot_label(COMPANY_SLOT) == "Firma"


@pytest.mark.parametrize(
    ("said", "region", "firm"),
    [
        # the caller's name, then the firm
        ("karl brandner von der hausverwaltung eichhorn ich ruf wegen einer wohnung an", "DE", "Hausverwaltung Eichhorn"),
        ("grüß gott, hier ist die frau pölzl von der hausverwaltung steinacher", "AT", "Hausverwaltung Steinacher"),
        ("ich bin der andreas kern von der eichhorn immobilien gmbh", "DE", "Eichhorn Immobilien GmbH"),
        ("grüezi da isch de beat vogt vo de verwaltig rosenau", "CH", "Verwaltung Rosenau"),
        ("nina frick vo dr liegenschaftsverwaltig talgut ag", "CH", "Liegenschaftsverwaltung Talgut AG"),
        # the caller's job in the firm
        ("hanna roth ich bin die inhaberin von der metzgerei sommerfeld", "DE", "Metzgerei Sommerfeld"),
        ("grüß gott hier spricht der wirt vom gasthaus zum hirschen", "AT", "Gasthaus zum Hirschen"),
        # the firm introduced as the caller
        (
            "guten tag hier ist die hausverwaltung eichhorn und partner wir haben einen wasserschaden",
            "DE",
            "Hausverwaltung Eichhorn und Partner",
        ),
        ("grüezi da isch d wohnbaugenossenschaft lindenhof", "CH", "Wohnbaugenossenschaft Lindenhof"),
        ("hier ist die praxis doktor albers in der toilette läuft das wasser", "DE", "Praxis Dr. Albers"),
        ("wir sind die kanzlei brenneis und kollegen", "DE", "Kanzlei Brenneis und Kollegen"),
        # calling for a firm
        ("ich ruf an für die firma holzapfel gmbh", "DE", "Holzapfel GmbH"),
        ("i rüef a vo de immobilien schärer", "CH", "Immobilien Schärer"),
        ("ich melde mich im auftrag der gemeinde oberried", "DE", "Gemeinde Oberried"),
        # an answer: the firm alone, after or before the name
        ("bäckerei sommerfeld", "DE", "Bäckerei Sommerfeld"),
        ("brandner hausverwaltung eichhorn", "DE", "Hausverwaltung Eichhorn"),
        ("Hausverwaltung Eichhorn, Karl Brandner", "DE", "Hausverwaltung Eichhorn"),
        ("Hier ist Karl Brandner, Hausverwaltung Eichhorn", "DE", "Hausverwaltung Eichhorn"),
        ("holzapfel bau gmbh", "DE", "Holzapfel Bau GmbH"),
    ],
)
def test_the_firm_a_caller_speaks_for(said: str, region: str, firm: str) -> None:
    assert _company(said, region) == firm


@pytest.mark.parametrize(
    "said",
    [
        # a firm the caller only talks about
        "die firma holzapfel hat uns die therme eingebaut",
        "wir haben eine rechnung von der hausverwaltung eichhorn bekommen",
        "eingebaut hat sie die firma letzte woche",
        "könnte mich die frau berger aus dem büro zurückrufen",
        # the caller is the firm's tenant or customer
        "ich bin mieterin bei der wohnbaugenossenschaft lindenhof",
        "ich bin kunde von der hausverwaltung eichhorn",
        # what the firm is, not which
        "karl brandner von der hausverwaltung",
        "da isch d frau vogt vo de verwaltig",
        # building work is no firm
        "ich brauche ein angebot für den neubau",
        # asking whether this is the business
        "hallo bin ich hier richtig bei der firma holzapfel",
    ],
)
def test_no_firm_of_the_caller(said: str) -> None:
    assert _company(said) is None


def test_the_firm_is_only_read_when_asked_for() -> None:
    assert COMPANY_SLOT not in extract_slots_local("bäckerei sommerfeld").values


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Hier ist die Hausverwaltung Eichhorn", None),
        ("hausverwaltung eichhorn", None),
        ("Bäckerei Sommerfeld", None),
        ("holzapfel immobilien gmbh", None),
        ("karl brandner hausverwaltung eichhorn", "Karl Brandner"),
        ("Hausverwaltung Eichhorn, Karl Brandner", "Karl Brandner"),
        ("grüezi da isch de beat vogt vo de verwaltig rosenau gmbh es gaht um d heizig", "Beat Vogt"),
        ("hanna roth ich bin die inhaberin von der metzgerei sommerfeld", "Hanna Roth"),
    ],
)
def test_a_firm_is_never_the_callers_name(said: str, name: str | None) -> None:
    assert _name(said) == name


# --------------------------------------------------------------------------------------------
# the activity


@pytest.fixture(scope="module")
def business():
    return load_config(EXAMPLES_DIR, {}).business("heizung-mueller")


def _facts() -> CallFacts:
    return CallFacts("call-1", "completed", STARTED, STARTED, "+49301234567", duration_seconds=60)


_CALL = [
    ("bot", "Wie kann ich helfen?"),
    ("caller", "guten tag hier ist die hausverwaltung eichhorn gmbh, in einer wohnung im dritten stock ist die heizung kalt"),
    ("bot", "Darf ich bitte Ihren Namen erfahren?"),
    ("caller", "karl brandner von der hausverwaltung eichhorn die mieterin heißt frau yilmaz"),
    ("bot", "Stimmt das so?"),
    ("caller", "ja"),
]


def test_the_firm_reaches_the_activity_next_to_the_callers_name(business) -> None:
    result = plan(business, outcome(_CALL, {"caller_name": SlotValue("Karl Brandner")}), _facts())
    text = result.activities[0].text
    # the firm as said in full at the start, though the answer to the name question said it shorter
    assert "- Name: Karl Brandner\n- Firma: Hausverwaltung Eichhorn GmbH\n" in text, text
    assert result.summary.startswith("Karl Brandner (Hausverwaltung Eichhorn GmbH) ruft an wegen „Heizungsstörung“"), (
        result.summary
    )
    assert result.details["slots"][COMPANY_SLOT] == {"value": "Hausverwaltung Eichhorn GmbH", "normalized": None}
    assert result.details["slots"]["caller_name"]["value"] == "Karl Brandner"
    assert result.activities[0].subject == "Störung: Karl Brandner"  # the caller, not the firm


def test_the_firm_without_a_name_still_reaches_the_summary(business) -> None:
    turns = [("caller", "grüezi da isch d liegenschaftsverwaltig talgut ag d heizig im schulhus isch chalt")]
    result = plan(business, outcome(turns, {}), _facts())
    assert result.summary.startswith("Ein Anrufer (Liegenschaftsverwaltung Talgut AG) ruft an wegen"), result.summary
    assert "caller_name" not in result.details["slots"]


def test_a_contact_that_names_the_firm_is_not_told_twice(business) -> None:
    result = plan(
        business, outcome(_CALL, {}, contact="Hausverwaltung Eichhorn GmbH", address_code="EIC01", priority="normal"), _facts()
    )
    assert result.summary.startswith("Hausverwaltung Eichhorn GmbH ruft an wegen"), result.summary


def test_the_business_called_is_no_firm_of_the_caller(business) -> None:
    # Heizung Müller GmbH is called: "die Firma Müller" is the business, not the caller's firm
    turns = [("caller", "grüß gott, ich bin von der firma müller"), ("caller", "die therme zeigt f28")]
    result = plan(business, outcome(turns, {}), _facts())
    assert COMPANY_SLOT not in result.details["slots"]
    assert "(Müller)" not in result.summary
