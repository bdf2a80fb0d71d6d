"""German number words in speech-recognition output become digits; other words stay."""

import time

import pytest

from zentrale.bot.numbers_de import parse_cardinal, parse_ordinal, words_to_digits


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # phone numbers said digit by digit
        ("null eins sieben eins fünf fünf fünf null eins null eins", "01715550101"),
        ("Null Eins Sieben Eins", "0171"),
        ("null sechs sechs vier zwo drei", "066423"),
        ("plus neun vier drei", "+943"),
        ("plus vier drei sechs sechs vier eins zwei drei vier fünf sechs sieben", "+436641234567"),
        ("doppel null vier neun", "0049"),
        ("doppelnull vier eins", "0041"),
        ("null sieben elf dreiundzwanzig vierundfünfzig", "07112354"),
        ("null eins sieben eins - fünf fünf fünf", "0171555"),
        # cardinals
        ("dreiundzwanzig", "23"),
        ("hundertzwölf", "112"),
        ("zweitausendvierundzwanzig", "2024"),
        ("neunzehnhundertneunzig", "1990"),
        ("einhundert", "100"),
        ("hunderteins", "101"),
        ("zwölftausend", "12000"),
        ("zwo", "2"),
        ("zwa", "2"),
        ("fuenfundzwanzig", "25"),
        ("dreissig", "30"),
        # ordinals for dates
        ("am dritten märz", "am 3. märz"),
        ("zweiter", "2."),
        ("der einunddreißigste", "der 31."),
        ("am achten mai", "am 8. mai"),
        # fractions
        ("neuneinhalb", "9,5"),
        ("anderthalb stunden", "1,5 stunden"),
        # words that only look like numbers stay
        ("das ist einfach einmal eine sache", "das ist einfach einmal eine sache"),
        ("ein problem mit einer therme", "ein problem mit einer therme"),
        ("achten sie darauf", "achten sie darauf"),
        ("plus ist gut", "plus ist gut"),
        ("zweimal", "zweimal"),
        ("viertel nach drei", "viertel nach 3"),
        ("halb drei", "halb 3"),
        # two loose numbers are not glued together; written digits are never touched
        ("zwei drei tage", "2 3 tage"),
        ("fehler vier eins", "fehler 4 1"),
        ("0171 / 555 01 01", "0171 / 555 01 01"),
        ("hauptstraße vierzehn b", "hauptstraße 14 b"),
        ("um vierzehn uhr dreißig, danke.", "um 14 uhr 30, danke."),
        ("", ""),
    ],
)
def test_words_to_digits(said: str, expected: str) -> None:
    assert words_to_digits(said) == expected


@pytest.mark.parametrize(
    ("word", "value"),
    [("eins", 1), ("null", 0), ("siebzehn", 17), ("neunundneunzig", 99), ("dreihundertdreiunddreißig", 333),
     ("neunhundertneunundneunzigtausendneunhundertneunundneunzig", 999999), ("ein", None), ("eine", None),
     ("einmal", None), ("hundertnull", None), ("tausendundeins", 1001), ("", None)],
)  # fmt: skip
def test_parse_cardinal(word: str, value: int | None) -> None:
    assert parse_cardinal(word) == value


@pytest.mark.parametrize(
    ("word", "value"),
    [("ersten", 1), ("zweite", 2), ("dritter", 3), ("siebten", 7), ("zwölften", 12), ("zwanzigsten", 20),
     ("viertel", None), ("winter", None), ("dienste", None)],
)  # fmt: skip
def test_parse_ordinal(word: str, value: int | None) -> None:
    assert parse_ordinal(word) == value


def test_long_text_is_fast_and_keeps_its_length_scale() -> None:
    text = "meine nummer ist null eins sieben eins fünf fünf fünf null eins null eins und zwar " * 120
    started = time.perf_counter()
    result = words_to_digits(text)
    assert time.perf_counter() - started < 5.0  # no runaway backtracking (speed itself is for the benchmarks)
    assert result.count("01715550101") == 120
    assert "null" not in result


def test_unusual_characters_do_not_break_words() -> None:
    assert words_to_digits("straße_3 zwei\u00a0drei ☎ null eins") == "straße_3 2\u00a03 ☎ 01"


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("zeigt fehler eis zwei", "zeigt fehler 1 2"),
        ("null sieben neun eis zwei drei", "079123"),
        ("eis drü", "1 3"),
        # "Eis" alone is ice, not a digit.
        ("die leitung ist voller eis", "die leitung ist voller eis"),
        ("eis und zwei", "eis und 2"),
    ],
)
def test_swiss_digit_words_only_next_to_numbers(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # Swiss and Austrian digits that are no other word are digits wherever they stand
        ("fehler e drü sibe", "fehler e 3 7"),
        ("lindenstrasse sächs", "lindenstrasse 6"),
        ("rosenweg foif in acht vier null sächs winterthur", "rosenweg 5 in 8406 winterthur"),
        ("null sibe nüün foif foif foif null drü null nüün", "0795550309"),
        ("zwöi", "2"),
        ("oans zwoa drei", "123"),
        # Swiss tens and their compounds
        ("feldstrasse vierzg", "feldstrasse 40"),
        ("foifevierzg", "45"),
        ("einezwänzg", "21"),
        # Swiss "eis" stays ice alone, is a digit next to another number
        ("kundenummer eis zwöi drü vier foif", "kundenummer 12345"),
        ("mir händ eis im garte", "mir händ eis im garte"),
    ],
)
def test_swiss_and_austrian_digit_words(said: str, expected: str) -> None:
    assert words_to_digits(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [("gartenstrasse drüzäh", "gartenstrasse 13"), ("sibezä", "17"), ("achtzäh", "18"), ("das ist zäh", "das ist zäh")],
)
def test_swiss_teens(said: str, expected: str) -> None:
    assert words_to_digits(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [("zwoaradreißig", "32"), ("oanazwanzg", "21"), ("fuchzg", "50"), ("dreiavierzg", "43"), ("eine frage", "eine frage")],
)
def test_austrian_tens(said: str, expected: str) -> None:
    assert words_to_digits(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [("hundertdreiundreissig", "133"), ("einundreißig", "31"), ("hausnummer neunundreißig", "hausnummer 39")],
)
def test_thirty_with_the_double_d_run_together(said: str, expected: str) -> None:
    # Speech recognition writes "dreiunddreißig" as heard: "dreiundreißig".
    assert words_to_digits(said) == expected


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("am dunschtig am namittag ab vieri", "am dunschtig am namittag ab 4"),
        ("gege foifi", "gege 5"),
        ("am morge um achti", "am morge um 8"),
        ("technikumstrasse nünzg", "technikumstrasse 90"),
    ],
)
def test_swiss_hours_and_tens_are_numbers(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


def test_a_swiss_hour_word_without_a_time_word_before_it_stays_a_word() -> None:
    assert words_to_digits("hier ist die elfi meier") == "hier ist die elfi meier"
    assert words_to_digits("achti") == "achti"


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("achttausendreiundfünfzig", "8053"),  # the two d's of "tausend drei" heard as one
        ("hundertreiunddreißig", "133"),
        ("achttausenddreiundfünfzig", "8053"),
    ],
)
def test_a_thousand_or_hundred_run_into_drei_is_still_the_number(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("am freitag in der früh, so um achte", "am freitag in der früh, so um 8"),
        ("gegen neune", "gegen 9"),
        ("zwischen achte und neune", "zwischen 8 und 9"),
        ("die achte klasse", "die achte klasse"),  # an ordinal, no clock time
        ("am achten märz", "am 8. märz"),
    ],
)
def test_austrian_and_bavarian_hours_after_a_clock_word(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits
