"""Dialect take-backs (the value said last wins), dialect weekdays, an hour corrected after its day,
a weekday with its date, the end of a phone number corrected, and a name with a chatty tail."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer

# A Wednesday morning: "am Donnerstag" is tomorrow, the 10th; "nächste Woche" starts on the 14th.
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


def checked(text: str, name: str, region: str = "DE"):
    return check_answer(name, text, slot(text, name, region), region=region)


# ---------------------------------------------------------------- the take-back family: the last value wins


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("lindenstraße vierzehn naa vierundzwanzig", "Lindenstraße 24"),
        ("gartenweg sieben noa siebzehn moan i", "Gartenweg 17"),
        ("hauptstraße zwölf noi zweiundzwanzig", "Hauptstraße 22"),
        ("bahnhofstraße drei, mein i, dreizehn", "Bahnhofstraße 13"),
        ("schillerstraße fünf nää fünfzehn", "Schillerstraße 15"),
        ("ringstraße achtzig, na, glaub i, achtzehn", "Ringstraße 18"),
        ("mühlweg neunzig naa mühlweg neunzehn mein ich", "Mühlweg 19"),
    ],
)
def test_a_house_number_taken_back_in_dialect_gives_the_last_one(said: str, street: str) -> None:
    value = checked(said, "street")
    assert value is not None
    assert value.value == street


def test_a_hedge_alone_takes_nothing_back() -> None:
    value = checked("ringstraße achtzehn glaub i", "street")
    assert value is not None
    assert value.value == "Ringstraße 18"


# ---------------------------------------------------------------- the end of a phone number corrected


@pytest.mark.parametrize(
    "said",
    [
        "null eins sieben null eins zwei drei vier fünf sechs sieben, nein, am schluss nicht sechs sieben sondern sechs neun",
        "null eins sieben null eins zwei drei vier fünf sechs sieben nee hinten sechs neun",
        "null eins sieben null eins zwei drei vier fünf sechs sieben naa die letzten zwei ziffern sind sechs neun",
        "null eins sieben null eins zwei drei vier fünf sechs sieben am ende nicht sechs sieben sondern sechs neun",
    ],
)
def test_the_corrected_end_of_a_phone_number_replaces_its_last_digits(said: str) -> None:
    value = checked(said, "callback_number")
    assert value is not None
    assert value.normalized == "+491701234569"


# ---------------------------------------------------------------- weekdays in dialect


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("am donnerschtag um zehne", "2026-12-10"),
        ("am freitig vormittag", "2026-12-11"),
        ("am samschtag", "2026-12-12"),
        ("am irda in da fruah", "2026-12-15"),
        ("am ergta", "2026-12-15"),
        ("am pfinsta", "2026-12-10"),
        ("nächschte woch am mittwoch", "2026-12-16"),
        ("am dienschtig", "2026-12-15"),
    ],
)
def test_a_dialect_weekday_is_a_day(said: str, day: str) -> None:
    value = slot(said, "preferred_time")
    assert value is not None
    assert value.normalized is not None
    assert value.normalized.startswith(day)


# ---------------------------------------------------------------- an hour taken back after its day


@pytest.mark.parametrize(
    ("said", "normalized", "gone"),
    [
        ("am donnerstag um acht nein lieber um neun", "2026-12-10T09:00:00+01:00", "8"),
        ("am freitig um zwei noi doch um drei", "2026-12-11T15:00:00+01:00", "2"),
        ("morgen um zehn naa um elf moan i", "2026-12-10T11:00:00+01:00", "10"),
        ("am freitag um acht, nein, neun uhr", "2026-12-11T09:00:00+01:00", "8"),
    ],
)
def test_the_hour_said_last_keeps_the_day(said: str, normalized: str, gone: str) -> None:
    value = slot(said, "preferred_time")
    assert value is not None
    assert value.normalized == normalized
    assert gone not in value.value.split()


def test_an_hour_or_another_is_no_correction() -> None:
    value = slot("am donnerstag um acht oder um neun", "preferred_time")
    assert value is not None
    assert value.normalized == "2026-12-10T08:00:00+01:00"


# ---------------------------------------------------------------- a weekday with its date, then the hour


def test_the_hour_after_a_weekday_and_its_date_stays_with_them() -> None:
    value = slot("ginge es am donnerstag den siebzehnten so gegen fünfzehn uhr", "preferred_time")
    assert value is not None
    assert value.normalized == "2026-12-17T15:00:00+01:00"
    assert "15 uhr" in value.value


def test_a_weekday_and_a_date_that_differ_give_no_date() -> None:
    # the 18th is a Friday: which of the two is meant is unclear, so no date is made up
    value = slot("am donnerstag den achtzehnten um neun", "preferred_time")
    assert value is not None
    assert value.normalized is None


# ---------------------------------------------------------------- a name with a chatty tail


@pytest.mark.parametrize(
    ("said", "region", "name", "tail"),
    [
        ("huber franz aus leoben mir san scho lang kunden", "AT", "Franz Huber", "leoben"),
        ("wagner gerhard i ruaf wegen da heizung an", "AT", "Gerhard Wagner", "heizung"),
        ("anna keller nöd die vom gemeindehaus", "CH", "Anna Keller", "gemeindehaus"),
        ("petra schmid nicht verwandt mit ihrem chef", "DE", "Petra Schmid", "verwandt"),
        ("klaus berger übrigens schon lange kunde", "DE", "Klaus Berger", "kunde"),
    ],
)
def test_a_name_keeps_the_name_and_drops_the_tail(said: str, region: str, name: str, tail: str) -> None:
    value = checked(said, "caller_name", region)
    assert value is not None
    assert value.value == name
    assert tail not in value.value.lower()


# ---------------------------------------------------------------- a dialect pronoun and its verb


@pytest.mark.parametrize(
    "said",
    [
        "dit is dit problem mit der heizung",
        "dat is dat angebot von letzter woche",
        "dis is dis mit dem warmwasser",
        "dös is dös mit der therme",
        "dit is",
    ],
)
def test_a_dialect_pronoun_and_its_verb_are_no_name(said: str) -> None:
    assert checked(said, "caller_name") is None


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("keller, nöd de vom amt, peter keller", "Peter Keller"),
        ("schmid, nicht der schmied im dorf, anna schmid", "Anna Schmid"),
    ],
)
def test_an_aside_that_denies_is_no_part_of_the_name(said: str, name: str) -> None:
    value = checked(said, "caller_name", "CH")
    assert value is not None
    assert value.value == name
