""" "Melden" (to report, to get in touch) shares its stem with the "Melder" (a detector): reporting a
fault is no detector alarm, a detector that goes off still is. Sentences of our own."""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("guten tag ich möchte eine störung melden die therme geht ständig aus", "stoerung"),
        ("ich wollt nur melden dass unsere heizung nachts immer ausgeht", "stoerung"),
        ("der herr wagner wollte sich melden geht das heute noch", "rueckruf"),
    ],
)
def test_reporting_a_fault_is_no_detector_alarm(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task, text


@pytest.mark.parametrize(
    "text",
    [
        "der melder im heizraum geht dauernd los",
        "ich möchte melden dass der co melder an der therme piept",
        "ich will einen gasgeruch melden im keller",
    ],
)
def test_a_detector_going_off_is_still_an_emergency(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == de.emergency_task_id, text
