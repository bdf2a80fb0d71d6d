"""German number words in speech-recognition output → digits.

Speech recognisers write what callers say: "null eins sieben eins fünf fünf fünf ...",
"dreiundzwanzig", "am dritten märz". Slot extraction works on digits, so
:func:`words_to_digits` rewrites number words and leaves every other word alone
("einmal", "einfach", "eine" stay as they are).

Rules, in short:

* cardinals of any size up to 999 999 as one word ("hundertzwölf",
  "zweitausendvierundzwanzig", "neunzehnhundertneunzig"), with the spoken variants
  "zwo", Austrian "zwa"/"zwoa" and the spellings without umlauts ("fuenf", "dreissig");
* "eins" is 1, but the article "ein"/"eine" is left alone; Swiss "eis" is a digit only next
  to another number ("Fehler eis zwei"), "Eis" alone is ice; the Swiss and Austrian digits
  that are no other word ("zwöi", "drü", "foif", "sächs", "sibe", "nüün", "oans") and Swiss
  tens ("vierzg", "foifevierzg") always are;
* "doppel null" / "doppelnull" → "00", "plus neun vier drei" → "+943";
* several number words in a row are one number (a phone number said digit by digit)
  when the row starts with "null", "plus" or "doppel", or has at least three parts;
  two loose numbers stay apart ("zwei drei Tage" → "2 3 Tage");
* ordinals become "3." ("am dritten märz" → "am 3. märz", "zweiter" → "2.");
* "neuneinhalb" → "9,5", "anderthalb" → "1,5"; "halb drei" is left to the time rules;
* a round thousand and a smaller number said apart are one number ("achttausend zehn" → 8010).

The function is pure and linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["parse_cardinal", "parse_ordinal", "words_to_digits"]

_UNITS: dict[str, int] = {
    "eins": 1,
    "zwei": 2,
    "zwo": 2,
    "zwa": 2,
    "zwoa": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    # Austrian/Bavarian and Swiss German digits that are no other word ("Fehler e drü sibe",
    # "Rosenweg foif", "acht vier null sächs"); Swiss "eis" (ice) is in _SWISS_DIGITS below.
    "oans": 1,
    "zwöi": 2,
    "zwoei": 2,
    "zwoi": 2,
    "drü": 3,
    "drüü": 3,
    "drue": 3,
    "druee": 3,
    "zwee": 2,
    "zwai": 2,  # Basel "zwai", "im zwaite Stock"
    "foif": 5,
    "föif": 5,  # Zurich "föif", "vierhundertföif", "föifezwänzg"
    "foeif": 5,
    "füf": 5,
    "füüf": 5,
    "fuef": 5,
    "sächs": 6,
    "saechs": 6,
    "sibe": 7,
    "siebe": 7,
    "sieme": 7,
    "nüün": 9,
    "nuen": 9,
    "nün": 9,
    # Austrian and Bavarian digits with their spoken -e ("Hausnummer fünfe", "sechse null"): no
    # other word; "achte" (ordinal, verb) and "elfe"/"viere" (fairy, "alle viere") are only hours.
    "dreie": 3,
    "fünfe": 5,
    "fuenfe": 5,
    "sechse": 6,
    "siebene": 7,
    "neune": 9,
}
# "ein" only inside compounds: einundzwanzig, einhundert, eintausend.
# Swiss "siben" only inside compounds: "sibenezwänzg", "sibenedrissg" (27, 37).
_UNIT_PREFIXES: dict[str, int] = {**{k: v for k, v in _UNITS.items() if k != "eins"}, "ein": 1, "siben": 7}
_TEENS: dict[str, int] = {
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "zwoelf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "fuenfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    # Swiss German
    "zää": 10,
    "zwölfi": 12,
    **{
        f"{head}{tail}": value
        for head, value in (
            ("dri", 13), ("drü", 13), ("vier", 14), ("füf", 15), ("foif", 15), ("sächs", 16), ("säch", 16),
            ("sibe", 17), ("acht", 18), ("nüün", 19), ("nün", 19), ("fuff", 15), ("füff", 15),
        )
        for tail in ("zä", "zäh", "zää", "zeh")
    },  # Swiss teens: "drüzäh", "vierzä", "sibezäh"
}  # fmt: skip
_TENS: dict[str, int] = {
    "zwanzig": 20,
    "zwanzg": 20,
    "zwänzig": 20,  # Swiss "am zwänzigste", "achtezwänzigste"
    "zwaenzig": 20,
    "dreißig": 30,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "fuenfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
    # Austrian/Bavarian ("fuchzg", "dreißg") and Swiss German ("vierzg", "füfzg")
    "dreißg": 30,
    "fuchzg": 50,
    "fufzg": 50,
    "siebzg": 70,
    "sibzg": 70,
    "sibezig": 70,
    "neunzg": 90,
    "zwänzg": 20,
    "drissg": 30,
    "drissig": 30,
    "vierzg": 40,
    "füfzg": 50,
    "foifzg": 50,
    "föifzg": 50,
    "füfzig": 50,  # "franke füfzig"
    "föifzig": 50,
    "sächzg": 60,
    "sibezg": 70,
    "achtzg": 80,
    "nüünzg": 90,
    "nünzg": 90,
    "nuenzg": 90,
    "achzg": 80,
    "driissg": 30,
    "dryssig": 30,  # Basel "zweiedryssig"
    "dryssg": 30,
    "driisg": 30,
}


def _build_below_100() -> dict[str, int]:
    words: dict[str, int] = {"null": 0}
    words.update(_UNITS)
    words.update(_TEENS)
    words.update(_TENS)
    for unit, u in _UNIT_PREFIXES.items():
        for tens, t in _TENS.items():
            words[f"{unit}und{tens}"] = t + u
            words[f"{unit}e{tens}"] = t + u  # Swiss "einezwänzg", "foifevierzg"
            words[f"{unit}a{tens}"] = t + u  # Austrian "dreiavierzg"
            words[f"{unit}ra{tens}"] = t + u  # Austrian "zwoaradreißig"
            if tens.startswith("d"):  # "dreiundreißig": the "und" and the "d" run together
                words[f"{unit}un{tens}"] = t + u
            if tens.startswith("a"):  # Swiss "achtenachtzg", "einenachtzg": an "n" before the vowel of "achtzg"
                words[f"{unit}en{tens}"] = t + u
                words[f"{unit}ed{tens}"] = t + u  # or a "d" ("sibenedachzg", "achtedachzg" = 87, 88)
            if unit.endswith("e"):  # CH "zweezwänzg": the unit's own "e" joins it to the tens
                words.setdefault(f"{unit}{tens}", t + u)
    # Swiss digits that end in their own joining -e ("sibezwänzg", "sibenezwänzg" = 27).
    swiss_joined = (("eine", 1), ("zwöie", 2), ("drüe", 3), ("sibe", 7), ("siebe", 7), ("sibene", 7))
    for swiss, u in (*swiss_joined, ("oana", 1), ("oanra", 1)):
        for tens, t in _TENS.items():
            words[f"{swiss}{tens}"] = t + u
            if tens.startswith("a") and swiss.endswith("e"):
                words[f"{swiss}n{tens}"] = t + u  # "zwöienachtzg" (82)
                words[f"{swiss}d{tens}"] = t + u  # "zwöiedachzg", "sibenedachzg" (82, 87)
    return words


_BELOW_100 = _build_below_100()
# Multipliers in front of "hundert"/"tausend" ("ein", "zwei", ... "neunzehn" for years).
_MULTIPLIERS = {k: v for k, v in {**_BELOW_100, **_UNIT_PREFIXES}.items() if v > 0 and k != "eins"}


def _below_1000(word: str) -> int | None:
    if word in _BELOW_100:
        return _BELOW_100[word]
    head, sep, tail = word.partition("hundert")
    if not sep:
        return None
    if head == "":
        factor = 1
    elif head in _MULTIPLIERS:
        factor = _MULTIPLIERS[head]
    else:
        return None
    tail = tail.removeprefix("und")
    if tail == "":
        rest = 0
    else:
        rest_value = _BELOW_100.get(tail)
        if rest_value is None and tail.startswith("rei"):
            rest_value = _BELOW_100.get("d" + tail)  # "hundertreiunddreißig": one d heard for two
        if rest_value is None or tail == "null":
            return None
        rest = rest_value
    return factor * 100 + rest


# Swiss "tuusig" / "tusig" / "tausig" for "tausend" ("zwöituusig", "tuusigfüfhundert").
_SWISS_THOUSAND = re.compile(r"t(?:uu|u|au)s(?:ig|ing|ed|end)")


def parse_cardinal(word: str) -> int | None:
    """Value of one German cardinal number word ("dreiundzwanzig" → 23), else ``None``."""
    word = word.lower()
    if not word or len(word) > 60:
        return None
    if "tausend" not in word and "s" in word:
        word = _SWISS_THOUSAND.sub("tausend", word, count=1)
    head, sep, tail = word.partition("tausend")
    if not sep:
        return _below_1000(word)
    if head == "":
        factor = 1
    elif head in _MULTIPLIERS:
        factor = _MULTIPLIERS[head]
    else:
        head_value = _below_1000(head)
        if head_value is None or head_value == 0:
            return None
        factor = head_value
    tail = tail.removeprefix("und")
    if tail == "":
        rest = 0
    else:
        rest_value = _below_1000(tail)
        if rest_value is None and tail.startswith("rei"):
            rest_value = _below_1000("d" + tail)  # "achttausendreiundfünfzig": the two d's heard as one
        if rest_value is None or tail == "null":
            return None
        rest = rest_value
    return factor * 1000 + rest


_ORDINAL_SPECIAL = {"erst": 1, "zweit": 2, "zwot": 2, "dritt": 3, "siebt": 7, "siebent": 7, "acht": 8}
_ORDINAL_ENDINGS = ("e", "er", "en", "em", "es")
# Ordinals that are also ordinary words ("achten" = to respect, "erstes" = first thing):
# converted only in a date-like neighbourhood.
_AMBIGUOUS_ORDINALS = {"achte", "achten", "erstes"}


def parse_ordinal(word: str) -> int | None:
    """Value of a German ordinal word ("dritten" → 3, "zwanzigste" → 20), else ``None``."""
    word = word.lower()
    if re.search(r"schte[nmrs]?$", word):  # Swiss "zwänzigschte", "drittschte"
        word = re.sub(r"schte([nmrs]?)$", r"ste\1", word)
    for ending in ("er", "en", "em", "es", "e"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            break
    else:
        return None
    if stem in _ORDINAL_SPECIAL:
        return _ORDINAL_SPECIAL[stem]
    if stem.endswith("st"):
        value = parse_cardinal(stem[:-2])
        if value is not None and value >= 20:
            return value
    if stem.endswith("t"):
        value = parse_cardinal(stem[:-1])
        if value is not None and 2 <= value <= 19:
            return value
    return None


_HALF_SUFFIX = "einhalb"

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w]+|_", re.UNICODE)
_JOIN_GAP_RE = re.compile(r"[ \t]+|[ \t]*[-/][ \t]*")
_MONTH_WORDS = {
    "januar", "jänner", "jaenner", "februar", "feber", "märz", "maerz", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "dezember",
}  # fmt: skip
_DATE_LEAD_WORDS = {"am", "zum", "vom", "bis", "ab", "den", "der", "dem"}


@dataclass
class _Item:
    """One word or digit string of the input, classified."""

    text: str  # as written
    kind: str  # "num" | "plus" | "doppel" | "ord" | "other" | "gap"
    digits: str = ""
    from_word: bool = False


def _classify_word(word: str) -> _Item:
    low = word.lower()
    if word.isdigit():
        return _Item(word, "num", word, from_word=False)
    if low == "plus":
        return _Item(word, "plus")
    if low in ("doppel", "doppelte", "doppelt"):
        return _Item(word, "doppel")
    if low.startswith("doppel") and len(low) > 6:
        value = parse_cardinal(low[6:])
        if value is not None and value < 10:
            return _Item(word, "num", str(value) * 2, from_word=True)
    if low in ("ein", "eine"):
        return _Item(word, "other")
    value = parse_cardinal(low)
    if value is not None:
        return _Item(word, "num", str(value), from_word=True)
    postcode = _digit_and_hundreds(low)
    if postcode is not None:
        return _Item(word, "num", postcode, from_word=True)
    if low == "anderthalb":
        return _Item(word, "frac", "1,5")
    if low.endswith(_HALF_SUFFIX) and len(low) > len(_HALF_SUFFIX):
        value = parse_cardinal(low[: -len(_HALF_SUFFIX)])
        if value is not None:
            return _Item(word, "frac", f"{value},5")
    ordinal = parse_ordinal(low)
    if ordinal is not None:
        return _Item(word, "ord", f"{ordinal}.")
    return _Item(word, "other")


def _digit_and_hundreds(low: str) -> str | None:
    """ "achtvierhundert" → "8400", "dreinullhundert" no: a four-digit postcode said the Swiss
    and Austrian way, a digit and then hundreds ("acht vierhundert Winterthur")."""
    for word, digit in _UNITS.items():
        if low.startswith(word) and len(low) > len(word):
            rest = low[len(word) :]
            if rest.startswith(("hundert", "einhundert", "tausend")):
                return None
            value = parse_cardinal(rest)
            if value is not None and 100 <= value <= 999 and "hundert" in rest:
                return f"{digit}{value}"
    return None


def _is_postcode_pair(first: _Item, second: _Item) -> bool:
    """ "acht vierhundert" (8400), "eins null zehn" is no pair: a digit word, then a number of
    hundreds said as one word that does not start with "hundert"."""
    return (
        first.kind == "num"
        and first.from_word
        and first.text.lower() in _UNITS
        and second.kind == "num"
        and second.from_word
        and second.digits.isdigit()
        and 100 <= int(second.digits) <= 999
        and "hundert" in second.text.lower()
        and not second.text.lower().startswith(("hundert", "einhundert"))
    )


# Swiss German digits that are other words in standard German ("Eis" is ice): a digit only
# next to another number ("Fehler eis zwei" → "1 2", "null sibe eis"), never alone.
# Swiss "zäh" (10, also "tough") and "vieri"/"elfi" (4, 11, also the hour and a name) the same way.
_SWISS_DIGITS = {"eis": "1", "zäh": "10", "zaeh": "10", "vieri": "4", "elfi": "11"}


# Swiss German hours ("am namittag ab vieri", "um achti", "gege foifi"): numbers only after a
# word that introduces a time ("Elfi" alone is a name).
_SWISS_HOURS = {
    "zwöii": "2", "drüü": "3", "drüi": "3", "vieri": "4", "foifi": "5", "füfi": "5", "füüfi": "5", "sächsi": "6",
    "sibni": "7", "sibeni": "7", "achti": "8", "nüüni": "9", "nüni": "9", "zäni": "10", "zächni": "10",
    "zähni": "10", "zehni": "10", "elfi": "11", "zwölfi": "12", "eis": "1", "eiss": "1",
    # "ab siebni", "halbi zäh", "bis am vieri": more spellings a recogniser writes
    "siebni": "7", "siebeni": "7", "sibäni": "7", "zwoi": "2", "zwöi": "2", "drü": "3", "drei": "3", "föifi": "5",
    "feufi": "5", "sächs": "6", "sechsi": "6", "nüün": "9", "zäh": "10", "zääh": "10", "zeh": "10", "zwölfe": "12",
}  # fmt: skip
# "halbi sächsi", "viertel ab sibni", "dreiviertel achti": the half and the quarters lead an hour too.
_HOUR_LEADS = frozenset(
    "um ab gegen gege bis vor nach zwischen zwüsche zwüschet und so am halbi halb viertel dreiviertel".split()
)
# Austrian and Bavarian hours ("so um achte", "gegen neune", "ab zehne"): only right after a word
# that says a clock time follows ("am achten" is a date, "die achte Klasse" an ordinal).
_BAVARIAN_HOURS = {
    "oans": "1", "zwoa": "2", "dreie": "3", "viere": "4", "fünfe": "5", "fuenfe": "5", "sechse": "6", "siebne": "7",
    "achte": "8", "neune": "9", "zehne": "10", "elfe": "11", "zwölfe": "12", "zwoelfe": "12",
}  # fmt: skip
_BAVARIAN_HOUR_LEADS = frozenset("um ab gegen gege zwischen nach bis".split())


# Swiss "vor de nüüni", "nach de drüü", "bis em zwölfi": an article between the word and the hour.
_HOUR_ARTICLES = frozenset("de dr em".split())


def _after_hour_lead(items: list[_Item], j: int) -> bool:
    word = items[j].text.lower()
    if word in _HOUR_LEADS:
        return True
    return word in _HOUR_ARTICLES and j >= 2 and items[j - 1].text == " " and items[j - 2].text.lower() in _HOUR_LEADS


def _tokenize(text: str) -> list[_Item]:
    items: list[_Item] = []
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        if token[0].isalpha() or token.isdigit():
            items.append(_classify_word(token))
        else:
            items.append(_Item(token, "gap"))
    swiss = [k for k, item in enumerate(items) if item.kind == "other" and item.text.lower() in _SWISS_DIGITS]
    for k in swiss:
        neighbours = [k + step * 2 for step in (-1, 1) if 0 <= k + step * 2 < len(items) and items[k + step].text == " "]
        if any(items[j].kind == "num" or j in swiss for j in neighbours):
            items[k] = _Item(items[k].text, "num", _SWISS_DIGITS[items[k].text.lower()], from_word=True)
    for k, item in enumerate(items):
        hour = _SWISS_HOURS.get(item.text.lower()) if item.kind in ("other", "num") else None
        if hour is not None and k >= 2 and items[k - 1].text == " " and _after_hour_lead(items, k - 2):
            items[k] = _Item(item.text, "num", hour, from_word=True)
        hour = _BAVARIAN_HOURS.get(item.text.lower())
        if hour is not None and k >= 2 and items[k - 1].text == " ":
            lead = items[k - 2].text.lower()
            after_hour = lead == "und" and k >= 4 and items[k - 4].kind == "num"  # "zwischen achte und neune"
            if lead in _BAVARIAN_HOUR_LEADS or after_hour:
                items[k] = _Item(item.text, "num", hour, from_word=True)
    return items


def _neighbour_word(items: list[_Item], index: int, step: int) -> str:
    j = index + step
    while 0 <= j < len(items):
        if items[j].kind != "gap":
            return items[j].text.lower()
        if items[j].text.strip() not in ("", "."):
            return ""
        j += step
    return ""


def words_to_digits(text: str) -> str:
    """Rewrite German number words in ``text`` as digits; other words stay unchanged."""
    if not text:
        return text
    items = _tokenize(text)
    out: list[str] = []
    i = 0
    n = len(items)
    while i < n:
        item = items[i]
        if item.kind == "ord":
            low = item.text.lower()
            if low in _AMBIGUOUS_ORDINALS and not (
                _neighbour_word(items, i, -1) in _DATE_LEAD_WORDS or _neighbour_word(items, i, 1) in _MONTH_WORDS
            ):
                out.append(item.text)
            else:
                out.append(item.digits)
            i += 1
            continue
        if item.kind == "frac":
            out.append(item.digits)
            i += 1
            continue
        if item.kind not in ("num", "plus", "doppel"):
            out.append(item.text)
            i += 1
            continue
        # Collect a run of number-ish items separated by joinable gaps.
        run: list[_Item] = [item]
        gaps: list[str] = []
        j = i + 1
        while (
            j + 1 < n
            and items[j].kind == "gap"
            and _JOIN_GAP_RE.fullmatch(items[j].text)
            and items[j + 1].kind in ("num", "doppel")
        ):
            gaps.append(items[j].text)
            run.append(items[j + 1])
            j += 2
        out.append(_render_run(run, gaps))
        i = j
    return _SPOKEN_DECIMAL.sub(r"\1,\2", "".join(out))


# "null komma sechs", "eins komma fünf bar": a decimal said with "komma" is written with its comma
# ("0,6"), as a receptionist notes a pressure; never between longer digit runs (a phone number).
_SPOKEN_DECIMAL = re.compile(r"(?<![\d,.])(\d{1,3}) komma (\d{1,2})(?![\d,.]|\s\d)", re.IGNORECASE)


def _is_round_thousands(item: _Item) -> bool:
    return (
        item.kind == "num"
        and item.from_word
        and item.digits.isdigit()
        and int(item.digits) % 1000 == 0
        and int(item.digits) >= 1000
    )


def _is_round_hundreds(item: _Item) -> bool:
    return (
        item.kind == "num"
        and item.from_word
        and item.text.lower().endswith("hundert")
        and item.digits.isdigit()
        and int(item.digits) % 100 == 0
    )


def _join_round(
    run: list[_Item], gaps: list[str], is_round: Callable[[_Item], bool], below: int
) -> tuple[list[_Item], list[str]]:
    """A round number said as a word and the word after it, split by the recogniser, are one
    number when the second is smaller than ``below`` and said as a word without a gap: "achttausend
    zehn" → 8010, "vierhundert einundsechzig" → 461 (no "40061"); "vierhundert null zwei" stays
    digits said one by one."""
    items: list[_Item] = []
    kept_gaps: list[str] = []
    k = 0
    while k < len(run):
        item = run[k]
        nxt = run[k + 1] if k + 1 < len(run) else None
        if (
            nxt is not None
            and is_round(item)
            and nxt.kind == "num"
            and nxt.from_word
            and nxt.digits.isdigit()
            and 0 < int(nxt.digits) < below
            and not nxt.digits.startswith("0")
            and not gaps[k].strip()
        ):
            item = _Item(f"{item.text} {nxt.text}", "num", str(int(item.digits) + int(nxt.digits)), from_word=True)
            if k > 0:
                kept_gaps.append(gaps[k - 1])
            items.append(item)
            k += 2
            continue
        if k > 0:
            kept_gaps.append(gaps[k - 1])
        items.append(item)
        k += 1
    return items, kept_gaps


def _spelled_again(run: list[_Item]) -> bool:
    """ "achtzig acht null", "zweiundvierzig vier zwei": a number said as one word and then digit
    by digit to make it clear is that number once, no "8080"."""
    first = run[0]
    if not first.from_word or first.kind != "num" or len(first.digits) < 2 or first.digits.startswith("0"):
        return False
    rest = run[1:]
    if len(rest) != len(first.digits) or not all(item.kind == "num" and len(item.digits) == 1 for item in rest):
        return False
    return "".join(item.digits for item in rest) == first.digits


def _render_run(run: list[_Item], gaps: list[str]) -> str:
    """Digits for a run of number items; ``gaps[k]`` is the text between run[k] and run[k+1]."""
    run, gaps = _join_round(*_join_round(run, gaps, _is_round_hundreds, 100), _is_round_thousands, 1000)
    if len(run) == 2 and _is_postcode_pair(run[0], run[1]) and not gaps[0].strip():
        return run[0].digits + run[1].digits
    if _spelled_again(run):
        return run[0].digits
    # (digits or original word, is a number, gap before it). "doppel X" → X twice;
    # a dangling "doppel" or "plus" stays a word.
    parts: list[tuple[str, bool, str]] = []
    k = 0
    while k < len(run):
        item = run[k]
        gap_before = gaps[k - 1] if k > 0 else ""
        if item.kind == "doppel":
            if k + 1 < len(run) and run[k + 1].kind == "num" and len(run[k + 1].digits) == 1:
                parts.append((run[k + 1].digits * 2, True, gap_before))
                k += 2
                continue
            parts.append((item.text, False, gap_before))
        elif item.kind == "plus":
            is_number = k + 1 < len(run)
            parts.append(("+" if is_number else item.text, is_number, gap_before))
        else:
            parts.append((item.digits, True, gap_before))
        k += 1

    has_words = any(item.from_word or item.kind in ("plus", "doppel") for item in run)
    first = run[0]
    starts_phone = first.kind in ("plus", "doppel") or first.digits.startswith("0")
    all_numbers = all(is_number for _, is_number, _ in parts)
    if has_words and all_numbers and len(parts) > 1 and (starts_phone or len(parts) >= 3):
        return "".join(part for part, _, _ in parts)
    return "".join(gap + part for part, _, gap in parts)
