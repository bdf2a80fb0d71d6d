"""Another reason named in the answer to a question: the task switches. Whole calls through the
real webhooks."""

from __future__ import annotations

import pytest

from .conftest import STRANGER, Phone

pytestmark = pytest.mark.usefixtures("local_engine")


async def test_one_thing_taken_back_for_another_switches_the_task(phone: Phone) -> None:
    """ "nicht das Angebot, die Rechnung …" to the name question: the invoice task, whose number is asked."""
    result, activity = await phone.call(
        STRANGER,
        "Ich habe eine Frage zum Angebot",
        "nein Entschuldigung, nicht das Angebot, die Rechnung vom letzten Service, da ist der Betrag höher als abgemacht",
        "Petra Lange",
        "RE 2027 0291",
        "ja",
        "ja",
    )
    assert activity.task_id == "rechnung", result.transcript()
    assert any("Rechnungsnummer" in text for text in result.said()), result.transcript()


async def test_a_question_about_the_offer_received_asks_its_number(phone: Phone) -> None:
    """ "es geht um die Offerte für das Bad": an estimate the caller has (definite article), its number is asked."""
    result, activity = await phone.call(
        STRANGER,
        "es geht um die Offerte für das Bad, ich habe eine Frage zum Waschbecken",
        "Petra Lange",
        "AN 2026 512",
        "ja",
        "ja",
    )
    assert activity.task_id == "angebot", result.transcript()
    assert any("nummer" in text and "zur Hand" in text for text in result.said()), result.transcript()
