"""A first reason dropped for the real one introduced by "weshalb/warum ich eigentlich anrufe":
what follows is the reason ("…, ach lassen Sie, warum ich eigentlich anrufe: die Heizung bleibt
kalt"). Without such a turn the first reason stays. Sentences of our own."""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine


@pytest.mark.parametrize(
    ("text", "task"),
    [
        (
            "ich wollte nach der rechnung fragen aber das klärt mein mann, warum ich eigentlich anrufe die heizung bleibt seit gestern kalt",
            "stoerung",
        ),
        (
            "guten tag wegen dem angebot, ach nee das hat zeit, weshalb ich eigentlich anrufe im bad tropft der wasserhahn dauernd",
            "sanitaer",
        ),
    ],
)
def test_reason_after_why_i_actually_call(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task


def test_without_the_turn_the_bill_stays(de: LocalEngine) -> None:
    assert de.classify_sync("ich wollte eigentlich nur fragen ob die rechnung schon raus ist").task == "rechnung"
