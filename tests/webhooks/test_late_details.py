"""Details given late or in pieces: a house number said in the answer to a later question, a
question back to a task's own question, a first name alone. Each test plays a whole call
through the real webhooks and reads the activity the call left behind."""

from __future__ import annotations

import pytest

from .conftest import STRANGER, WITHHELD, Phone, stored

pytestmark = pytest.mark.usefixtures("local_engine")


async def test_a_house_number_said_with_the_postcode_joins_the_street(phone: Phone) -> None:
    """Seen in blind set H: "achttausendzehn, und die Hausnummer is vierzig" left the street
    without its number. The number joins the street, the postcode is kept."""
    result, activity = await phone.call(
        WITHHELD,
        "Meine Heizung ist ausgefallen, die Vaillant Therme zeigt F28 an",
        "Petra Lange",
        "null eins sieben eins, fünf fünf fünf, zwei drei, vier fünf",
        "Gartenweg",
        "eins null eins eins fünf, und die Hausnummer ist siebzehn",
        "ja",
    )
    text = stored(activity)
    assert "Gartenweg 17" in text, result.transcript()
    assert "10115" in text, text


async def test_a_house_number_called_wrong_later_replaces_the_old_one(phone: Phone) -> None:
    """Seen in blind set H: "die Hausnummer vorher war falsch, es is hundertfünfzehn, ned
    hundertfünf" left the street without any number."""
    result, activity = await phone.call(
        WITHHELD,
        "Meine Heizung ist ausgefallen, die Vaillant Therme zeigt F28 an",
        "Petra Lange",
        "null eins sieben eins, fünf fünf fünf, zwei drei, vier fünf",
        "Gartenweg hundertfünf",
        "eins null eins eins fünf. Ah, und die Hausnummer vorher war falsch, es is hundertfünfzehn, ned hundertfünf",
        "ja",
    )
    text = stored(activity)
    assert "Gartenweg 115" in text, result.transcript()
    assert "Gartenweg 105" not in text, text


async def test_a_question_back_to_a_tasks_own_question_is_answered_and_asked_again(phone: Phone) -> None:
    """Seen in blind set H: "warum, ist das wichtig?" to "Womit heizen Sie im Moment …" was stored
    as the current heating. It is a question back: answered, then the question again."""
    result, activity = await phone.call(
        STRANGER,
        "Wir möchten eine neue Heizung, vielleicht eine Wärmepumpe",
        "Bernd Kühn",
        "eins null eins eins fünf",
        "warum, ist das wichtig?",
        "mit Gas",
        "ja",
    )
    heard = result.said()
    asked = [line for line in heard if "Womit heizen Sie" in line]
    assert len(asked) == 2 and asked[1].startswith("Damit wir"), result.transcript()
    text = stored(activity)
    assert "wichtig" not in text, text
    assert "Gas" in text, text


async def test_a_first_name_alone_gets_the_surname_asked_once(phone: Phone) -> None:
    """Seen in blind set F: "ich bin der Leon" was stored as the whole name. The surname is asked
    once and joins the first name."""
    result, activity = await phone.call(
        STRANGER,
        "Hallo, ich bin die Sabrina und hätte gern einen Rückruf wegen einer Rechnung",
        "Köhler",
        "weiß ich nicht",
        "ja",
        "ja",
    )
    assert "Und Ihr Nachname?" in result.said(), result.transcript()
    assert "Sabrina Köhler" in stored(activity), result.transcript()


async def test_a_surname_called_again_in_a_later_answer_replaces_the_one_said(phone: Phone) -> None:
    """Seen in blind set H: "ach und der Nachname vorhin, das ist Schulze mit e am Ende, nicht
    Schulz" with the postcode left "Schulz" in the activity. The first name stays."""
    result, activity = await phone.call(
        WITHHELD,
        "Meine Heizung ist ausgefallen, die Vaillant Therme zeigt F28 an",
        "Lange, Petra Lange",
        "null eins sieben eins, fünf fünf fünf, zwei drei, vier fünf",
        "Gartenweg sieben",
        "eins null eins eins fünf. Und der Nachname vorhin, das ist Langer mit r am Ende, nicht Lange",
        "ja",
    )
    text = stored(activity)
    assert "Petra Langer" in text, result.transcript()
