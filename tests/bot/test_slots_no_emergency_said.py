"""How urgent a call is, when the caller says it is no emergency: a detector named in the same breath
does not make it urgent, a real danger still does; Austrian "koa Notfall" is a denial like "kein"."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local


def _urgency(text: str) -> str | None:
    value = extract_slots_local(text).values.get("urgency")
    return value.normalized if value else None


@pytest.mark.parametrize(
    "said",
    [
        "ja hallo kein notfall also der co melder piept alle paar stunden wegen der batterie",
        "koa notfall, i hätt nur a frage zur rechnung",
        "des is ned so dringend, nächste woche passt",
        "koan stress, irgendwann im frühling",
    ],
)
def test_no_emergency_said_is_not_urgent(said):
    assert _urgency(said) == "low"


@pytest.mark.parametrize(
    "said",
    [
        "der co melder piept ganz laut im keller",
        "es ist kein notfall aber es riecht nach gas im flur",
    ],
)
def test_a_detector_or_a_danger_without_a_denial_stays_urgent(said):
    assert _urgency(said) == "urgent"
