"""Details the caller said end up right: names after giving in, a name with where-from or a
nickname, a spelled street, a village address, several houses, decimals, this morning, long
free answers brought down without cutting a word."""

from __future__ import annotations

import pytest

from zentrale.bot.intents.base import SlotValue
from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import brief, check_answer


def _name(text: str) -> str | None:
    found = extract_slots_local(text, ["caller_name"]).values.get("caller_name")
    checked = check_answer("caller_name", text, found, region="DE")
    return checked.value if checked else None


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("na jut marcel pietsch", "Marcel Pietsch"),  # Berlin "na gut"
        ("na guat elfriede kainz", "Elfriede Kainz"),  # Austrian
        ("also guet heidi ramseier z belp", "Heidi Ramseier"),  # Swiss, with where from
        ("toni wermelinger vo sursee", "Toni Wermelinger"),
        ("schmidt-wegner mit bindestrich vorname renate", "Renate Schmidt-Wegner"),
        ("huber, mit vornamen josef", "Josef Huber"),
        ("brandstätter aloisia aber alle sagen luise zu mir", "Brandstätter Aloisia"),
        ("anna maria von berg", "Anna Maria von Berg"),  # "von" in a name stays
    ],
)
def test_a_name_after_giving_in_or_with_extras(said: str, name: str) -> None:
    assert _name(said) == name


def test_a_surname_with_here_takes_the_full_name_said_later() -> None:
    text = "ja müller hier, also nicht von ihnen, ich heiße auch so, jürgen müller, bei uns ist die leitung geplatzt"
    assert extract_slots_local(text, ["caller_name"]).values["caller_name"].value == "Jürgen Müller"


@pytest.mark.parametrize(
    "text",
    [
        "nu hallo hier is der bernd vogel ich hab da einen termin",  # Saxon "nu" is no name
        "morjen pietsch hier hausmeister von der grundschule",
    ],
)
def test_a_greeting_in_dialect_is_no_name(text: str) -> None:
    value = extract_slots_local(text, ["caller_name"]).values["caller_name"].value
    assert value in ("Bernd Vogel", "Pietsch")


def test_a_spelled_street_is_no_name_and_spells_the_street() -> None:
    text = (
        "do isch de toni wermelinger vo sursee mir wohned am münigeweg sibe also m ü n i g e n w e g "
        "und ich bi ab halbi föif dihei"
    )
    values = extract_slots_local(text, region="CH").values
    assert values["caller_name"].value == "Toni Wermelinger"
    assert "Münigenweg 7" in values["street"].value


def test_the_tenants_spelled_name_is_not_the_callers() -> None:
    text = "mein mieter der herr kovac hat mich angerufen und der mieter ist den ganzen tag da der heißt kovac k o v a c"
    assert "caller_name" not in extract_slots_local(text, ["caller_name"]).values


def test_a_village_address_without_a_street_word() -> None:
    text = "servus da ist der hubert mayrhofer also vom bauernhof in pötting nummer zwölf ich wollt fragen"
    assert extract_slots_local(text, ["street"], region="AT").values["street"].value == "Pötting 12"


def test_several_houses_said_in_one_breath_are_all_noted() -> None:
    text = "annenstraße achtzehn und annenstraße zwanzig und elisabethinergasse neun"
    found = extract_slots_local(text, ["street"], region="AT").values["street"]
    checked = check_answer("street", text, found, region="AT")
    assert checked is not None and checked.value == "Annenstraße 18, Annenstraße 20, Elisabethinergasse 9"
    assert extract_slots_local("lindengasse 8, äh na, lindenweg 8", ["street"]).values["street"].value == "Lindenweg 8"


@pytest.mark.parametrize(
    ("said", "written"),
    [("null komma sechs bar", "0,6 bar"), ("eins komma fünf", "1,5"), ("drei komma zwei eins null", "3 komma 210")],
)
def test_a_decimal_said_with_komma(said: str, written: str) -> None:
    assert words_to_digits(said) == written


def test_pressure_lost_with_words_between_is_the_fault() -> None:
    text = "bei uns verliert die heizung andauernd druck und die wolf zeigt fehler einundvierzig"
    assert "Druck zu niedrig" in extract_slots_local(text, ["fault"]).values["fault"].value


def test_an_ignition_fault_shown_in_words() -> None:
    for text in ("zeigt d ökofen störung zündung", "die goht immer wieder uf störig zündig"):
        assert extract_slots_local(text, ["fault"], region="CH").values["fault"].value == "Störung Zündung"


def test_this_morning_is_today_and_a_deed_then_no_wish() -> None:
    value = extract_slots_local("können sie heute morgen noch kommen", ["preferred_time"]).values["preferred_time"]
    today = extract_slots_local("heute", ["preferred_time"]).values["preferred_time"]
    assert value.normalized == today.normalized
    assert "preferred_time" not in extract_slots_local("ich hab heute morgen noch aufgefüllt", ["preferred_time"]).values
    said = "ich hab heut morgen noch auf eins komma fünf bar aufgefüllt"
    assert "preferred_time" not in extract_slots_local(said, ["preferred_time"]).values


def test_an_hour_with_its_day_is_written_as_meant() -> None:
    value = extract_slots_local("heute nach vier uhr bin ich erreichbar", ["preferred_time"]).values["preferred_time"]
    assert "16 Uhr" in value.value


def test_a_long_free_answer_is_never_cut_inside_a_word() -> None:
    said = (
        "ich weiß gar nicht ob da noch jemand ist also ich bin der markus tränkle aus öhringen limpurger weg vierzehn "
        "und bei uns verliert die heizung dauernd druck ich hab heut morgen noch auf eins komma fünf bar aufgefüllt "
        "und jetzt steht sie schon wieder bei null komma sechs das ist eine buderus gb hundertzweiundsiebzig die ist "
        "von zweitausendelf und ausserdem wollte ich noch fragen ob sie nach dem warmwasserspeicher schauen könnten"
    )
    fault = check_answer("fault", said, SlotValue(said, None, 0.5), region="DE")
    assert fault is not None and len(fault.value) <= 300
    assert fault.value.startswith("bei uns verliert die heizung dauernd druck")
    assert "0,6" in fault.value and "tränkle" not in fault.value
    short = brief(said, 120)
    assert len(short) <= 120 and said.startswith(short.rstrip("…").split(",")[0])
    assert brief("a" * 400, 50).endswith("…") and len(brief("a" * 400, 50)) <= 50


@pytest.mark.parametrize(
    ("said", "date_said"),
    [
        ("am besten erst im februar ab montag dem siebten februar", "7. februar"),
        ("am liebschte am mittwuch em erste märz am morge", "1. märz"),  # Swiss "em" is "dem"
    ],
)
def test_a_date_after_its_weekday_with_dem_belongs_to_the_wish(said: str, date_said: str) -> None:
    value = extract_slots_local(said, ["preferred_time"], region="AT").values["preferred_time"]
    assert date_said in value.value
