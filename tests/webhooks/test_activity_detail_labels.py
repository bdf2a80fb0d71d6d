"""The details beyond name, address and device reach the activity under German labels a
technician reads on his phone: since when ("Beginn"), for whom ("Betrifft"), where in the house
("Stelle") — never the slot's English name."""

from __future__ import annotations

import re

import pytest

from .conftest import STRANGER, Phone, stored

pytestmark = pytest.mark.usefixtures("local_engine")


async def test_since_when_for_whom_and_where_are_labelled_in_german(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER,
        "Ich rufe für meine Mutter an, Elfriede Lange, bei ihr ist seit gestern Abend die Fußbodenheizung "
        "im Kinderzimmer kalt, die Vaillant Therme zeigt F28.",
        "Claudia Lange",
        "Akazienweg 3",
        "12683",
        "ja",
        "ja",
    )
    text = stored(activity)
    assert re.search(r"- Beginn: seit gestern Abend \(Montag, 30\.11\.\)", text), result.transcript() + text
    assert "- Betrifft: Mutter Elfriede Lange" in text, text
    assert re.search(r"- Stelle: .*Kinderzimmer", text), text
    for english in ("Onset", "Person concerned", "Location", "person_concerned"):
        assert english not in text, text
