"""Details corrected while said: the value the caller settles on last is the one kept (DE/AT/CH)."""

import pytest

from zentrale.bot.slots import extract_slots_local, maker_only


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region).values.get(name)


# ---------------------------------------------------------------- a number corrected more than once


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("berliner straße zwölf, nein, zwanzig, ach quatsch, zweiundzwanzig meine ich", "Berliner Straße 22"),
        ("berliner straße zwölf, nein, zwanzig, nein, zweiundzwanzig", "Berliner Straße 22"),
        ("hauptstraße fünf, entschuldigung, fünfzehn", "Hauptstraße 15"),
        ("gartenweg sieben, quatsch, siebzehn", "Gartenweg 17"),
        ("lindenstraße vier, ich meine vierzehn", "Lindenstraße 14"),
        ("kärntner straße zwölf, na, einundzwanzig, nein, zweiundzwanzig", "Kärntner Straße 22"),
    ],
)
def test_the_house_number_said_last_wins(said: str, street: str) -> None:
    value = slot(said, "street")
    assert value is not None
    assert value.value == street


def test_a_phone_number_said_in_groups_is_no_correction() -> None:
    value = slot("null eins sieben null, fünf fünf fünf, zwo zwo, vier acht", "callback_number")
    assert value is not None
    assert value.normalized == "+491705552248"


# ---------------------------------------------------------------- a maker taken back


@pytest.mark.parametrize(
    ("said", "region", "maker", "gone"),
    [
        (
            "das ist ein wolf, nein, warten sie, das war ja der alte kessel, jetzt haben wir eine viessmann, so eine vitodens",
            "DE",
            "Viessmann Vitodens",
            ("Wolf",),
        ),
        (
            "es isch en elco, nei, nid elco, en hoval, nei sorry, das isch de alt gsi, jetzt hämmer e stiebel eltron wärmepumpe",
            "CH",
            "Stiebel Eltron Wärmepumpe",
            ("ELCO", "Hoval"),
        ),
        ("vaillant therme, nein, junkers", "DE", "Junkers Therme", ("Vaillant",)),
        ("eine vaillant therme, nicht buderus", "DE", "Vaillant Therme", ("Buderus",)),
        ("nicht die vaillant sondern die buderus", "DE", "Buderus", ("Vaillant",)),
        ("a junkers, entschuldigung, a vaillant therme is des", "AT", "Vaillant Therme", ("Junkers",)),
    ],
)
def test_the_maker_said_last_wins(said: str, region: str, maker: str, gone: tuple[str, ...]) -> None:
    value = slot(said, "device", region)
    assert value is not None
    assert maker in value.value
    for old in gone:
        assert old not in value.value


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("die buderus therme und ein viessmann speicher", "Buderus Therme, Viessmann Speicher"),
        ("hallo ja äh die heizung geht nicht die brötje zeigt störung", "Brötje"),
        ("keine ahnung, vaillant glaub ich", "Vaillant"),
    ],
)
def test_two_makers_or_a_negated_verb_keep_the_makers(said: str, device: str) -> None:
    value = slot(said, "device")
    assert value is not None
    assert value.value == device


# ---------------------------------------------------------------- a name given late


@pytest.mark.parametrize(
    ("said", "region", "name"),
    [
        (
            "achttausendzwanzig. und entschuldigung, der name vorhin, hofer is meine schwiegermutter, "
            "die wohnung is auf mich, markus gruber",
            "AT",
            "Markus Gruber",
        ),
        ("das bin ich, eva roth", "DE", "Eva Roth"),
        ("zum namen noch, de uftrag lauft uf mi, also reto keller", "CH", "Reto Keller"),
    ],
)
def test_a_full_name_said_last_about_oneself(said: str, region: str, name: str) -> None:
    value = slot(said, "caller_name", region)
    assert value is not None
    assert value.value == name


def test_a_name_word_without_a_known_first_name_is_no_name() -> None:
    assert slot("die rechnung geht an meinen mann, der name ist schön, peter", "caller_name") is None


# ---------------------------------------------------------------- a maker alone is no device yet


@pytest.mark.parametrize(
    ("noted", "only"),
    [
        ("Viessmann", True),
        ("unsere viessmann heizung", True),
        ("Stiebel Eltron", True),
        ("Viessmann Vitodens", False),
        ("Vitodens", False),
        ("Vaillant Therme", False),
        ("Gastherme", False),
        ("", False),
    ],
)
def test_a_maker_alone_is_told_apart_from_a_device(noted: str, only: bool) -> None:
    assert maker_only(noted) is only
