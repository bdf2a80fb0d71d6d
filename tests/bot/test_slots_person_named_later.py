"""A tenant or a relative the call is about, named a few words after they were mentioned ("bei
einer Mieterin im dritten Stock …, die Frau Yilmaz, die ist schon alt"): the staff read whom the
call is for — the caller (a caretaker, a son) stays the caller."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.config.vocabulary import PERSON_SLOT


def slots(text: str) -> dict[str, str]:
    found = extract_slots_local(text, (PERSON_SLOT, "caller_name"), region="DE").values
    return {name: value.value for name, value in found.items()}


@pytest.mark.parametrize(
    ("said", "person"),
    [
        (
            "hier ist lehmann, hausmeister, bei einer mieterin im dritten stock ist die heizung kalt, "
            "die frau yilmaz, die ist schon über neunzig",
            "Mieterin, Frau Yilmaz",
        ),
        ("es geht um meinen vater, bei dem tropft der boiler, der herr brandt, der wohnt allein", "Vater, Herr Brandt"),
    ],
)
def test_the_person_named_after_the_mention_is_whom_the_call_is_about(said: str, person: str) -> None:
    found = slots(said)
    assert found.get(PERSON_SLOT) == person
    assert found.get("caller_name") != person.split(", ")[1]


@pytest.mark.parametrize(
    "said",
    [
        "bei einer mieterin ist die heizung kalt, der herr reuter der chef soll mich zurückrufen",
        "meine mutter hat angerufen. die frau dietz, die hat gesagt sie kommen morgen",
    ],
)
def test_no_person_when_the_name_is_no_description_of_them(said: str) -> None:
    assert PERSON_SLOT not in slots(said)
