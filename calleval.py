"""Scoring of scripted multi-turn calls (``zentrale eval-calls``): pure functions, no I/O.

A call script (YAML, see ``benchmarks/data/call_scripts_heldout2.yaml`` for the format) names the
business, the caller's number, the local call time, what the caller says first (``turns``) and
then what they answer to each kind of question (``answers``), and what the stored activity must
show (``expect``). :class:`ScriptedCaller` plays the caller: it hears the bot's lines and picks
the next reply by the kind of the last question (:func:`question_kind`). :func:`score` compares
what was stored and heard (:class:`Stored`) with the expectations; :func:`totals` adds up.

Detail strings match case-insensitively, with umlauts and ß folded, at word boundaries, with any
separators between letters and digits and between digits ("F28" matches "F 28", "RE2026-0411"
matches "RE 2026 0411", "Wolf" does not match "Wolff").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

DEFAULT_SAFETY = ("verlassen",)
MAX_CALLER_TURNS = 25
DONT_KNOW = "das weiß ich nicht"
CONFIRM = "ja"

# Question kinds, checked in this order against the bot's last question (lower case).
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("correct", ("korrigieren", "was ist falsch", "was stimmt nicht", "was soll ich ändern")),
    ("offer_no", ("angebotsnummer", "offertnummer", "offertennummer", "voranschlagsnummer", "nummer des angebots")),
    ("invoice_no", ("rechnungsnummer", "nummer der rechnung")),
    ("current_heating", ("heizen sie",)),
    ("purpose", ("wofür",)),
    ("person", ("mit wem", "wen möchten", "wen darf", "welche person")),
    ("name", ("name",)),
    ("postcode", ("postleitzahl", "plz")),
    ("street", ("straße", "strasse", "hausnummer", "adresse", "anschrift")),
    ("city", ("welchem ort", "welcher ort", "wohnort", "welcher stadt", "welchem dorf", "welcher gemeinde")),
    ("number", ("nummer", "anläuten", "zurückrufen", "erreichen", "telefon")),  # not in "hausnummer", see _NOT_MARKERS
    ("device", ("gerät", "hersteller", "marke", "welche heizung", "welche anlage", "gastherme, ölkessel")),
    ("fault", ("funktioniert nicht", "fehlermeldung", "störcode", "fehlercode", "was genau", "problem")),
    ("urgency", ("dringend",)),
    ("time", ("wann", "termin", "uhrzeit", "zeitpunkt")),
    ("reason", ("worum geht", "anliegen", "was kann ich für sie tun", "wie kann ich ihnen helfen")),
)
# Words that contain another kind's marker without asking for it: "Straße und Hausnummer" asks
# for the street only, so a caller does not add the phone number.
_NOT_MARKERS = ("hausnummer", "hausnr")
_CONFIRM_MARKERS = (
    "stimmt das",
    "stimmt so",
    "ist das richtig",
    "ist das so richtig",
    "ist das korrekt",
    "passt das",
    "habe ich das richtig",
    "hab ich das richtig",
)
_REASON_MARKERS = ("worum geht", "um was geht")
KINDS = ("confirm", *(kind for kind, _ in _KINDS), "other")

_DIGIT_WORDS = {
    "null": "0",
    "eins": "1",
    "ein": "1",
    "zwei": "2",
    "zwo": "2",
    "drei": "3",
    "vier": "4",
    "fünf": "5",
    "fuenf": "5",
    "sechs": "6",
    "sieben": "7",
    "acht": "8",
    "neun": "9",
}


class ScriptError(ValueError):
    """The scripts file is malformed; the message names the script and the key."""


# ---------------------------------------------------------------------------------------------
# scripts


@dataclass(frozen=True)
class Expect:
    task: str
    details: tuple[tuple[str, ...], ...] = ()  # each: any of these strings
    absent: tuple[str, ...] = ()
    emergency: bool = False
    safety: tuple[str, ...] = DEFAULT_SAFETY
    promise: tuple[tuple[str, ...], ...] = ()  # each: any of these strings
    promise_not: tuple[str, ...] = ()
    not_stored: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallScript:
    id: str
    business: str
    from_number: str  # E.164 or "anonymous"
    at: datetime  # naive, the business's local time
    turns: tuple[str | None, ...]
    answers: Mapping[str, tuple[str | None, ...]]
    expect: Expect


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ScriptError(f"{where}: expected a string or a list of strings")


def _any_of_list(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ScriptError(f"{where}: expected a list")
    return tuple(_strings(item, f"{where}[{i}]") for i, item in enumerate(value))


def _utterances(value: Any, where: str) -> tuple[str | None, ...]:
    if value is None:
        return (None,)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(v is None or isinstance(v, str) for v in value):
        return tuple(value)
    raise ScriptError(f"{where}: expected a string, null or a list of them")


def parse_scripts(data: Any) -> list[CallScript]:
    """The scripts of a loaded YAML document (``{"scripts": [...]}``); :class:`ScriptError` names
    the first problem."""
    if not isinstance(data, Mapping) or not isinstance(data.get("scripts"), list):
        raise ScriptError("the file must be a mapping with a list `scripts`")
    scripts: list[CallScript] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["scripts"]):
        where = f"scripts[{index}]"
        if not isinstance(raw, Mapping):
            raise ScriptError(f"{where}: expected a mapping")
        sid = raw.get("id")
        if not isinstance(sid, str) or not sid:
            raise ScriptError(f"{where}: `id` is required")
        where = f"script {sid}"
        if sid in seen:
            raise ScriptError(f"{where}: duplicate id")
        seen.add(sid)
        for key in ("business", "from", "at"):
            if not isinstance(raw.get(key), str) or not raw.get(key):
                raise ScriptError(f"{where}: `{key}` is required (a string)")
        try:
            at = datetime.strptime(raw["at"], "%Y-%m-%d %H:%M")
        except ValueError:
            raise ScriptError(f"{where}: `at` must be 'YYYY-MM-DD HH:MM', not {raw['at']!r}") from None
        turns = raw.get("turns") or []
        if not isinstance(turns, list) or not all(t is None or isinstance(t, str) for t in turns):
            raise ScriptError(f"{where}: `turns` must be a list of strings or nulls")
        answers_raw = raw.get("answers") or {}
        if not isinstance(answers_raw, Mapping):
            raise ScriptError(f"{where}: `answers` must be a mapping")
        answers: dict[str, tuple[str | None, ...]] = {}
        for kind, value in answers_raw.items():
            if kind not in KINDS:
                raise ScriptError(f"{where}: answers.{kind}: unknown question kind (one of {', '.join(KINDS)})")
            answers[kind] = _utterances(value, f"{where}: answers.{kind}")
        exp = raw.get("expect")
        if not isinstance(exp, Mapping) or not isinstance(exp.get("task"), str):
            raise ScriptError(f"{where}: `expect.task` is required")
        unknown = set(exp) - {"task", "details", "absent", "emergency", "safety", "promise", "promise_not", "not_stored"}
        if unknown:
            raise ScriptError(f"{where}: unknown keys in expect: {', '.join(sorted(unknown))}")
        expect = Expect(
            task=exp["task"],
            details=_any_of_list(exp.get("details"), f"{where}: expect.details"),
            absent=_strings(exp.get("absent"), f"{where}: expect.absent"),
            emergency=bool(exp.get("emergency", False)),
            safety=_strings(exp.get("safety"), f"{where}: expect.safety") or DEFAULT_SAFETY,
            promise=_any_of_list(exp.get("promise"), f"{where}: expect.promise"),
            promise_not=_strings(exp.get("promise_not"), f"{where}: expect.promise_not"),
            not_stored=_strings(exp.get("not_stored"), f"{where}: expect.not_stored"),
        )
        scripts.append(CallScript(sid, raw["business"], raw["from"].strip(), at, tuple(turns), answers, expect))
    if not scripts:
        raise ScriptError("`scripts` is empty")
    return scripts


# ---------------------------------------------------------------------------------------------
# the caller


def question_kind(bot_text: str) -> str:
    """What the bot asked for in ``bot_text`` (everything it said since the caller's last turn):
    ``confirm`` for a read-back, else the kind of its last question; ``other`` when unclear."""
    return question_kinds(bot_text)[0]


def question_kinds(bot_text: str) -> tuple[str, ...]:
    """Like :func:`question_kind`, with every further kind the same question asks for, in the
    order of ``_KINDS`` ("Welches Gerät ist es, und zeigt es einen Fehlercode an?" → device,
    fault): a caller asked two things at once answers both."""
    text = " ".join(bot_text.lower().split())
    if any(marker in text for marker in _CONFIRM_MARKERS):
        return ("confirm",)
    if any(marker in text for marker in _REASON_MARKERS):  # its examples may name "Termin"
        return ("reason",)
    sentences = [s for s in re.split(r"(?<=[?.!])\s+", text) if s]
    last_question = max((i for i, s in enumerate(sentences) if s.endswith("?")), default=len(sentences) - 1)
    # The last question and what follows it ("Wo riecht es? Bitte nennen Sie mir die Straße."),
    # then the sentences before it, nearest first.
    order = [" ".join(sentences[last_question:]), *reversed(sentences[:last_question])]
    for part in order:
        plain = part
        for word in _NOT_MARKERS:
            plain = plain.replace(word, "")
        kinds = tuple(
            kind for kind, markers in _KINDS if any(marker in part if kind == "street" else marker in plain for marker in markers)
        )
        if kinds:
            return kinds
    return ("other",)


class ScriptedCaller:
    """Says ``turns`` in order, then answers by question kind. ``reply()`` returns the next
    utterance (``""`` = silence) or ``None`` when the caller hangs up."""

    def __init__(self, script: CallScript, max_turns: int = MAX_CALLER_TURNS) -> None:
        self._turns = list(script.turns)
        self._answers = {kind: list(values) for kind, values in script.answers.items()}
        self._first = next((t for t in script.turns if t), None)
        self._heard: list[str] = []
        self._max_turns = max_turns
        self.replies = 0
        self.kinds: list[str] = []  # the kind of question each answer (after `turns`) went to

    def heard(self, text: str) -> None:
        self._heard.append(text)

    def reply(self) -> str | None:
        if self.replies >= self._max_turns:
            return None
        self.replies += 1
        bot_text = " ".join(self._heard)
        self._heard.clear()
        if self._turns:
            return self._turns.pop(0) or ""
        kinds = question_kinds(bot_text)
        kind = kinds[0]
        if not self._answers.get(kind):
            # "Von welchem Hersteller ist das Gerät, und zeigt es einen Fehlercode an?" with the make
            # already told (or not known): the caller answers the part they have an answer for.
            kind = next((k for k in kinds[1:] if self._answers.get(k) and self._answers[k][0]), kind)
        also = [k for k in kinds if k != kind]
        self.kinds.append(kind)
        pending = self._answers.get(kind)
        if pending:
            said = [pending.pop(0) or ""]
            # A question for two things at once gets both, when the script has an answer ready.
            for other in also:
                more = self._answers.get(other)
                if more and more[0] and said[0]:
                    said.append(more.pop(0) or "")
            return ", ".join(said)
        if kind == "confirm":
            return CONFIRM
        if kind == "reason" and self._first:
            return self._first
        return DONT_KNOW


# ---------------------------------------------------------------------------------------------
# matching


def fold(text: str) -> str:
    """Lower case with umlauts and ß written out, for comparisons."""
    text = unicodedata.normalize("NFC", text).casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def _pattern(expected: str) -> re.Pattern[str] | None:
    tokens = re.findall(r"[^\W\d_]+|\d", fold(expected))
    if not tokens:
        return None
    return re.compile(r"(?<![^\W_])" + r"[\W_]*".join(re.escape(t) for t in tokens) + r"(?![^\W_])")


def contains(text: str, expected: str) -> bool:
    """``expected`` occurs in ``text`` as a whole word sequence (see the module docstring)."""
    pattern = _pattern(expected)
    if pattern is None:
        return fold(expected).strip() in fold(text)
    return pattern.search(fold(text)) is not None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def _digits(text: str) -> str:
    words = re.findall(r"\w+", fold(text))
    out = []
    for word in words:
        if word.isdigit():
            out.append(word)
        elif word in _DIGIT_WORDS:
            out.append(_DIGIT_WORDS[word])
    return "".join(out)


def stored_as(value: str, forbidden: str) -> bool:
    """Whether a stored name or number ``value`` is the implausible answer ``forbidden``: the
    same words (punctuation aside), or, for a number, the same digits at its end."""
    if not value or not forbidden:
        return False
    if _plain(value) == _plain(forbidden) and _plain(value):
        return True
    want = re.sub(r"\D", "", forbidden)
    if want and want == re.sub(r"[\s./-]", "", forbidden):
        have = _digits(value)
        return bool(have) and have.endswith(want)
    return False


# ---------------------------------------------------------------------------------------------
# scoring


@dataclass(frozen=True)
class Stored:
    """What one played call left behind and what the caller heard."""

    task_ids: tuple[str | None, ...]  # of the call's activities (empty: none stored)
    text: str  # summary and labelled details (subject, summary, details; no transcript)
    names: tuple[str, ...]  # stored caller name candidates
    numbers: tuple[str, ...]  # stored callback numbers
    heard: tuple[str, ...]  # every bot line
    final: str  # what the bot said after the caller's last turn (the goodbye)
    error: str | None = None


@dataclass
class ScriptScore:
    id: str
    business: str
    task_expected: str
    task_got: str | None
    task_ok: bool
    details_ok: bool | None  # None: nothing expected
    details_found: int = 0
    details_total: int = 0
    missing: list[str] = field(default_factory=list)
    not_removed: list[str] = field(default_factory=list)
    emergency_ok: bool | None = None
    promise_ok: bool | None = None
    promise_problems: list[str] = field(default_factory=list)
    implausible: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return (
            self.error is None
            and self.task_ok
            and self.details_ok is not False
            and self.emergency_ok is not False
            and self.promise_ok is not False
            and not self.implausible
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


def score(script: CallScript, stored: Stored) -> ScriptScore:
    exp = script.expect
    got = next((t for t in stored.task_ids if t), None)
    task_ok = stored.error is None and exp.task in stored.task_ids
    result = ScriptScore(script.id, script.business, exp.task, got, task_ok, None, error=stored.error)
    if exp.details or exp.absent:
        result.details_total = len(exp.details)
        for options in exp.details:
            if any(contains(stored.text, option) for option in options):
                result.details_found += 1
            else:
                result.missing.append(" | ".join(options))
        result.not_removed = [a for a in exp.absent if contains(stored.text, a)]
        result.details_ok = stored.error is None and not result.missing and not result.not_removed
    if exp.emergency:
        safety = any(contains(line, s) for line in stored.heard for s in exp.safety)
        result.emergency_ok = task_ok and safety
    if exp.promise or exp.promise_not:
        for options in exp.promise:
            if not any(contains(stored.final, option) for option in options):
                result.promise_problems.append("not heard: " + " | ".join(options))
        for wrong in exp.promise_not:
            if contains(stored.final, wrong):
                result.promise_problems.append("untrue: " + wrong)
        result.promise_ok = stored.error is None and not result.promise_problems
    for forbidden in exp.not_stored:
        for value in (*stored.names, *stored.numbers):
            if stored_as(value, forbidden):
                result.implausible.append(f"{forbidden!r} stored as {value!r}")
                break
    return result


@dataclass(frozen=True)
class Totals:
    scripts: int
    passed: int
    errors: int
    task: tuple[int, int]
    details: tuple[int, int]  # scripts with every expected detail / scripts with details
    detail_items: tuple[int, int]
    emergency: tuple[int, int]
    promise: tuple[int, int]
    implausible: int  # implausible names/numbers stored, over all scripts

    def as_dict(self) -> dict[str, Any]:
        def pct(pair: tuple[int, int]) -> float | None:
            return round(100 * pair[0] / pair[1], 1) if pair[1] else None

        return {
            "scripts": self.scripts,
            "passed": self.passed,
            "errors": self.errors,
            "task": {"right": self.task[0], "of": self.task[1], "percent": pct(self.task)},
            "details": {"right": self.details[0], "of": self.details[1], "percent": pct(self.details)},
            "detail_items": {"found": self.detail_items[0], "of": self.detail_items[1], "percent": pct(self.detail_items)},
            "emergency": {"right": self.emergency[0], "of": self.emergency[1], "percent": pct(self.emergency)},
            "promise": {"right": self.promise[0], "of": self.promise[1], "percent": pct(self.promise)},
            "implausible_stored": self.implausible,
        }


def totals(scores: Sequence[ScriptScore]) -> Totals:
    def count(values: Iterable[bool | None]) -> tuple[int, int]:
        present = [v for v in values if v is not None]
        return sum(1 for v in present if v), len(present)

    return Totals(
        scripts=len(scores),
        passed=sum(1 for s in scores if s.passed),
        errors=sum(1 for s in scores if s.error),
        task=count(s.task_ok for s in scores),
        details=count(s.details_ok for s in scores),
        detail_items=(sum(s.details_found for s in scores), sum(s.details_total for s in scores)),
        emergency=count(s.emergency_ok for s in scores),
        promise=count(s.promise_ok for s in scores),
        implausible=sum(len(s.implausible) for s in scores),
    )


def _mark(value: bool | None) -> str:
    return "-" if value is None else "ok" if value else "FAIL"


def format_line(s: ScriptScore) -> str:
    """One line per script: verdict, id and each criterion, then what went wrong."""
    parts = [
        "PASS" if s.passed else "FAIL",
        s.id,
        f"task={_mark(s.task_ok)}" + ("" if s.task_ok else f"({s.task_got or 'none'}≠{s.task_expected})"),
        f"details={_mark(s.details_ok)}" + (f"({s.details_found}/{s.details_total})" if s.details_total else ""),
        f"emergency={_mark(s.emergency_ok)}",
        f"promise={_mark(s.promise_ok)}",
        f"stored={'FAIL' if s.implausible else 'ok'}",
    ]
    problems = [f"missing {m!r}" for m in s.missing]
    problems += [f"still there {a!r}" for a in s.not_removed]
    problems += s.promise_problems + s.implausible
    if s.error:
        problems.insert(0, f"error: {s.error}")
    return " ".join(parts) + (" — " + "; ".join(problems) if problems else "")


def format_totals(t: Totals) -> str:
    def pct(pair: tuple[int, int]) -> str:
        return f"{100 * pair[0] / pair[1]:.1f} % ({pair[0]}/{pair[1]})" if pair[1] else "- (0/0)"

    return "\n".join(
        [
            f"scripts: {t.scripts}, passed all checks: {t.passed}, errors: {t.errors}",
            f"task right:         {pct(t.task)}",
            f"details complete:   {pct(t.details)}; detail items {pct(t.detail_items)}",
            f"emergency handled:  {pct(t.emergency)}",
            f"promise true:       {pct(t.promise)}",
            f"implausible stored: {t.implausible}",
        ]
    )
