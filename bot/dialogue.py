"""The call dialogue: caller text in, say/ask/forward/end decisions out.

A small explicit state machine per call. The state (:class:`DialogueState`) is a plain,
JSON-serialisable dataclass that the caller of this module stores between turns (in
``calls.dialogue_state``), so a server restarted in the middle of a call continues from it.
No HTTP and no Twilio types in here: the Twilio webhooks, a media-stream session, the call
simulator and the tests all drive the same :class:`Dialogue`.

The course of a call (the format notes are in ``bot/DIALOGUE.md``)::

    start ─▶ [identify: several contacts share the number → ask the name, pick one]
          ─▶ reason: classify (unsure → ask once more with examples → take a message)
          ─▶ slot: the task's ``ask`` items in order, skipping what is known (a device
                   fault: one follow-up question for what is missing of device and code)
          ─▶ confirm: read back, "Stimmt das so?" (one correction round)
          ─▶ end: what happens next, goodbye

At any point: "Ich möchte mit einem Menschen sprechen" → ``forward``; an emergency (gas, smoke or
fire, carbon monoxide, water, oil) → its safety advice first, then ``forward`` to the on-call
person (or an urgent message), only what is needed to send help, the advice again at the end; no
speech twice → polite end; a maximum call length → wrap up with what is known.

Every public method returns ``(state, decision)`` and never raises on caller input or on a
broken engine answer: the worst case is a message without a task, with everything said kept.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import phonenumbers

from zentrale.bot import readback
from zentrale.bot.dangers import (
    DANGER_IN_FAULT,
    DANGER_TEXTS,
    GAS_SUSPECTED,
    NOT,
    SMELL,
    co_signs,
    danger_denied,
    danger_over,
    emergency_kind,
    hazard_kind,
    mentions_gas,
    only_dismissed,
    person_down,
    smoke_or_co,
    still_going,
)
from zentrale.bot.dialogue_texts import DialogueTexts, texts_for
from zentrale.bot.emails_de import spoken_emails
from zentrale.bot.intents.base import (
    MAX_TEXT_CHARS,
    ContextTurn,
    DialogueContext,
    IntentEngine,
    Slots,
    SlotValue,
)
from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.phrases_de import CANCEL, NO_NEW_APPOINTMENT
from zentrale.bot.slots import (
    REFERENCE_SLOTS,
    corrected_numbers,
    is_first_name_only,
    maker_in,
    maker_only,
    names_a_street,
    reference_code,
)
from zentrale.bot.summary import when_text, without_greeting
from zentrale.bot.texts_de import EMERGENCY_FAULTS, SUMMARY_NO_TASK
from zentrale.bot.validate import brief, check_answer, is_non_answer, is_refusal
from zentrale.config.schema import BusinessConfig, ForwardSpec, StaffConfig, TaskConfig
from zentrale.config.vocabulary import (
    EARLIER_APPOINTMENT,
    LOCATION_SLOT,
    ONSET_SLOT,
    PERSON_SLOT,
    QUANTITY_SLOT,
    SLOT_NAMES,
    SUBJECT_SLOT,
    custom_slot_label,
    highest_priority,
    staff_id_of,
    staff_ref,
)
from zentrale.logs import get_logger

__all__ = [
    "STATE_VERSION",
    "CallOutcome",
    "CallerCandidate",
    "Decision",
    "Dialogue",
    "DialogueState",
    "DialogueStateError",
]

log = get_logger(__name__)

STATE_VERSION = 1
DEFAULT_MAX_TURNS = 20
DEFAULT_MAX_SECONDS = 6 * 60
DEFAULT_FORWARD_TIMEOUT = 20
MAX_HINTS = 60

Kind = Literal["ask", "say", "forward", "end"]

# Slot values the caller did not say themselves but that come from the call or the address master.
SOURCE_CALLER = "caller"
SOURCE_CALLER_ID = "caller_id"
# A detail taken from how the caller described the reason (the fault): a later, more specific
# answer replaces it.
SOURCE_REASON = "reason"

# How often the read-back is said in one call (the first one, then once after a correction).
_MAX_READBACKS = 2
# The words a correction starts with before its new value ("nein, der Name ist falsch, es ist …",
# "nei d Postleitzahl stimmt nöd, es isch …"): dropped from the front when the detail the
# correction names is read from the rest of the same turn.
_CORRECTION_LEAD = frozenset(
    "nein nee noe ne nei na halt moment stopp falsch also aeh aehm hm oh sorry entschuldigung "
    "der die das d de dr mein meine min mini mei meina ihr unser name namen nama nachname nachnamen vorname familienname "
    "postleitzahl plz nummer telefonnummer rueckrufnummer handynummer strasse hausnummer adresse anschrift ort "
    "wohnort stadt ist isch is iss es esch war stimmt stimmen nicht noed ned nit richtig korrekt so lautet heisst "
    "sondern richtige korrekte ganz eigentlich doch bitte genau hersteller marke fabrikat".split()
)
# A correction that says only a new number after its lead words ("nein, zweiunddreissig").
# A letter after a house number is often spelled out: "siebzehn a mit a hinten", "… mit einem b
# dahinter", "zwölf c wie Cäsar" — the explanation adds nothing to "17a".
_LETTER_EXPLAINED = (
    r"(?:\s+(?:mit\s+(?:(?:a|an|am|einem|nem|em|e)\s+)?[a-z]\s+(?:hinten|hintn|hinte|dahinter|dran|hintendran)|wie\s+\w+))?"
)
_LEAD_THEN_NUMBER = re.compile(
    r"\W*(?:(?:" + "|".join(sorted(_CORRECTION_LEAD)) + r")\W+)*(\d{1,4}\s?[a-z]?)" + _LETTER_EXPLAINED + r"\W*"
)
# Where a name answer goes on to another detail: "… und meine Nummer ist …", "… mini Nummer
# isch …", "… ich wohne in der …".
_NEXT_DETAIL = re.compile(
    r"\s+(?:und\s+)?(?:meine|mein|mini|min|die|unsere)\s+(?:telefon|handy|rückruf|rueckruf|natel)?nummer\b"
    r"|\s+(?:und\s+)?(?:ich\s+wohne|wohnhaft|meine\s+adresse|die\s+adresse)\b"
    # the place said after the name, last: "Heidi Ramseier z Belp", "Elfriede Kainz aus Graz"
    r"|\s+(?:z|aus|in)\s+(?=[^\W\d_]+(?:\s+[^\W\d_]+)?\s*$)"
    # a remark after the name: "Brandstätter Aloisia, aber alle sagen Luise zu mir"
    r"|\s+aber\s+(?=\w+\s+\w+)",
    re.IGNORECASE,
)
# What settles an answer after a correction ("…, dienstag hab ich spätdienst, also mittwoch ab zehn").
_SETTLED = re.compile(r"[,;.]\s*(?:also|dann\s+(?:eben|halt|lieber|doch)|sprich|sagen\s+wir)\s", re.IGNORECASE)
# The week a day is said in ("nächste Woche Dienstag", "übernächst Wuche"), kept when the day is corrected.
_WEEK_WORDS = re.compile(
    r"\b(?:(?:ueber|über)?(?:naechst|nächst)\w*|kommend\w*|diese\w*|dere|die)\s+w(?:oche|ochn|uche)\b"
    r"|\bin\s+(?:einer|zwei|drei)\s+wochen\b"
)
# Details whose one part a correction may replace ("nicht vormittags, sondern nachmittags").
_PART_SLOTS = frozenset({"preferred_time", "street", "device"})
# A correction in the middle of an answer ("am Montag in der Früh, nein, doch nicht Montag,
# sondern Dienstag ab neun", "Meier, nein, Maier mit a i", "na ned …"): what follows the first
# such word is the answer.
_MID_CORRECTION = re.compile(
    r"\s(?:nein|nee|nei|noe|na\s+(?:ned|nicht|nein)|quatsch|sorry|pardon|entschuldigung|ich\s+meine?|doch\s+(?:nicht|lieber)"
    r"|oder\s+besser|na\s+halt)\b",
    re.IGNORECASE,
)
# A later turn that names another reason must be this sure to switch the task.
_TOPIC_SWITCH_MIN_CONFIDENCE = 0.6
_TOPIC_SWITCH_UNMARKED_MIN_CONFIDENCE = 0.9
# A task chosen on a weak guess gives way to a plainer reason in an answer that did not fit.
_WEAK_GUESS_CONFIDENCE = 0.5
_TOPIC_SWITCH_AFTER_WEAK_GUESS = 0.65

# Unsolicited details (said while answering something else) must be this sure to be kept.
_UNSOLICITED_MIN_CONFIDENCE = 0.75
_UNSOLICITED_NAME_MIN_CONFIDENCE = 0.85
# A town said along with the street in the answer to the street question (see Dialogue._apply).
_TOWN_WITH_STREET_MIN_CONFIDENCE = 0.6
# A name the engine heard introduced ("Hier ist …", "Mein Name ist …", "… hier").
_INTRODUCED_NAME_MIN_CONFIDENCE = 0.8
# A custom slot that holds a number (Rechnungsnummer, Angebotsnummer, Kundennr).
_NUMBER_SLOT = re.compile(r"_?(?:nummer|nr|no)$")
# Other words callers use for what a number slot names ("die Offertnummer" for the Angebotsnummer).
_REFERENCE_WORDS = {
    "angebot": ("offert", "voranschlag", "kostenvoranschlag"),
    "rechnung": ("rechnig", "faktur"),
    "auftrag": ("bestell",),
}
# A correction of the device's maker ("der Hersteller ist falsch"): the maker is replaced.
_MAKER_NAMED = re.compile(r"\b(?:hersteller|marke|fabrikat)\b")
# Only the end of a number said anew: "die Nummer endet auf acht neun", "am Schluss isch es …".
_NUMBER_END = re.compile(
    r"\b(?:endet|hoert)\s+(?:\w+\s+)?(?:auf|mit)\b|\b(?:am|zum)\s+(?:schluss|ende|end)\b|\bhinten\b|\bletzte[n]?\s+(?:ziffer|zahl|stelle)"
)
# Answers that are names (of a person or a street): "Rauch", "Am Brand 3" are no fire there.
_NAMING_SLOTS = ("caller_name", "street", "city", "house_number")
# The answers to these never set the caller's name: what is said there is a place (the name is asked).
_ADDRESS_SLOTS = ("street", "postcode", "city")
# The phases in which the caller answers a question: each answer is checked for a danger as the
# reason is (the engine's emergency classification with the safety rules), whatever was asked.
_ANSWER_PHASES = ("slot", "confirm", "correct")
# The street said in an answer to the street question, as digits and folded: a street word with its
# number ("gartenweg 7", "in der rauchgasse 4"), a named place with its number ("am brand 3"), or the
# whole answer a place without its number ("am brand"). What is left may name a danger.
_PLACE_SAID = re.compile(
    r"(?:\b(?:in|an|auf|bei)\s+(?:der|dem|den|die)\s+|\b(?:am|im|beim|zum|zur|a|ad|i|uf|uff)\s+)?"
    r"\b[\w-]*(?:strasse|str|gasse|gass|weg|platz|allee|ring|damm|ufer|steig|zeile|graben|markt)\b(?:\s+\d+\s?[a-z]?\b)?"
    r"|\b(?:am|im|beim|zum|zur|(?:in|an|auf)\s+(?:der|dem|den))\s+[\w-]+(?:\s+[\w-]+)?\s+\d+\s?[a-z]?\b"
    r"|^\W*(?:am|im|beim|zum|zur|(?:in|an|auf)\s+(?:der|dem|den))\s+[\w-]+\W*$"
)
_PLACE_QUESTIONS = ("street", "house_number", "city")

# An answer this short is checked by the safety rules only ("Gasgeruch!"); a longer one by the engine too.
_ANSWER_DANGER_MIN_WORDS = 4
# Details beyond SLOT_NAMES the extractor fills when asked by name (bot/slots.py).
_DETAIL_SLOTS = (ONSET_SLOT, PERSON_SLOT, LOCATION_SLOT, QUANTITY_SLOT, SUBJECT_SLOT)
# Details a caller refines as the call goes on ("im Bad" -> "im Bad oben", "8 Quadratmeter" -> "10"):
# the one said last counts, even unasked. Never asked for.
_LATEST_WINS_SLOTS = frozenset({LOCATION_SLOT, QUANTITY_SLOT, SUBJECT_SLOT})

# Twilio and other carriers send these instead of a number when it is withheld.
_WITHHELD = {"", "anonymous", "private", "unknown", "restricted", "withheld", "unavailable", "+266696687", "+7378742833"}


class DialogueStateError(ValueError):
    """A stored dialogue state cannot be read (wrong version or not a state at all)."""


# --------------------------------------------------------------------------------------------
# Plain data in and out


@dataclass(frozen=True)
class CallerCandidate:
    """A contact of the address master whose phone number matches the caller's."""

    address_code: str
    name: str
    salutation: str | None = None
    # the address master's street and place, when the lookup gives them: an emergency asks whether
    # help is needed there ("Ist das bei Ihnen, an der Adresse Hauptstraße 5?")
    street: str | None = None
    city: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "address_code": self.address_code,
            "name": self.name,
            "salutation": self.salutation,
            "street": self.street,
            "city": self.city,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallerCandidate:
        return cls(
            str(data.get("address_code") or ""),
            str(data.get("name") or ""),
            data.get("salutation") or None,
            data.get("street") or None,
            data.get("city") or None,
        )


@dataclass(frozen=True)
class Decision:
    """What to do next. ``text`` is German; ``reason`` is for developers and never personal.

    * ``ask``     — say ``text``, then listen for speech (``hints`` help speech recognition);
    * ``say``     — say ``text`` and continue without listening;
    * ``forward`` — say ``text``, then connect to ``number`` for ``timeout_seconds``; report the
      result with :meth:`Dialogue.on_forward_result`;
    * ``end``     — say ``text`` and hang up; ``outcome`` says how the call ended.
    """

    kind: Kind
    text: str
    hints: tuple[str, ...] = ()
    number: str | None = None
    timeout_seconds: int | None = None
    reason: str = ""
    outcome: str | None = None  # for end: completed | message | no_speech | max_length | forwarded


@dataclass
class DialogueState:
    """Everything the dialogue needs across turns; JSON-serialisable via :meth:`to_dict`."""

    version: int = STATE_VERSION
    phase: str = "start"
    started_at: str = ""
    caller_number: str | None = None  # E.164, None when withheld
    candidates: list[dict[str, Any]] = field(default_factory=list)
    contact: dict[str, Any] | None = None
    identified: bool = False
    task_id: str | None = None
    classifications: list[dict[str, Any]] = field(default_factory=list)  # task, confidence, engine
    reason_texts: list[str] = field(default_factory=list)
    message_mode: bool = False  # no task: the call becomes a message
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> value, normalized, source
    pending: list[str] = field(default_factory=list)  # slots to ask, in order
    done: list[str] = field(default_factory=list)  # asked (answered, skipped or given up)
    asked: list[str] = field(default_factory=list)  # slots whose question was actually asked
    current: str | None = None  # the slot being asked
    attempts: int = 0  # retries of the current slot
    unsure_retries: int = 0
    silence_retries: int = 0
    readback_done: bool = False
    readbacks: int = 0  # read-backs said (a correction gets one more)
    correcting: bool = False
    human_requested: bool = False
    forward_tried: bool = False
    forward_number: str | None = None
    forward_answered: bool | None = None
    gas_smell: bool = False
    hazard: str | None = None  # "gas" | "smoke" | "co" | "water" | "oil": that emergency's advice was given
    place_elsewhere: bool = False  # an emergency of a known caller is not at the address on file
    urgent: bool = False
    turns: int = 0
    last_question: str = ""
    end_reason: str | None = None
    notes: list[str] = field(default_factory=list)
    transcript: list[dict[str, str]] = field(default_factory=list)  # speaker, text

    def to_dict(self, *, copy: bool = True) -> dict[str, Any]:
        """The state as JSON data. ``copy=False`` shares the lists and dicts with this state (for
        serialising it right away)."""
        if not copy:
            return {name: getattr(self, name) for name in _STATE_FIELDS}
        # The fields are JSON values already; a copy keeps the result independent of the state
        # (``asdict``/``deepcopy`` did the same at half a millisecond per webhook).
        return {name: _json_copy(getattr(self, name)) for name in _STATE_FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DialogueState:
        if not isinstance(data, Mapping):
            raise DialogueStateError(f"a dialogue state must be a mapping, not {type(data).__name__}")
        version = data.get("version")
        if version != STATE_VERSION:
            raise DialogueStateError(f"dialogue state version {version!r} is not supported (expected {STATE_VERSION})")
        return cls(**{k: _json_copy(v) for k, v in data.items() if k in _STATE_FIELDS})


_STATE_FIELDS = tuple(f.name for f in fields(DialogueState))


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars), much cheaper than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    return value


@dataclass(frozen=True)
class CallOutcome:
    """What the after-call step turns into an activity."""

    task_id: str | None
    task_name: str
    address_code: str | None
    contact_name: str | None
    caller_number: str | None
    caller_name: str | None
    callback_number: str | None  # E.164 when understood
    slots: dict[str, SlotValue]
    transcript: tuple[ContextTurn, ...]
    human_requested: bool
    forwarded: bool
    forward_answered: bool | None
    priority: str
    gas_smell: bool
    end_reason: str | None
    notes: tuple[str, ...] = ()

    @property
    def has_task(self) -> bool:
        return self.task_id is not None

    def slots_object(self) -> Slots:
        """The collected details as :class:`Slots` (for an engine's ``summarize``)."""
        return Slots(values={k: v for k, v in self.slots.items() if k in SLOT_NAMES}, engine="dialogue")


# --------------------------------------------------------------------------------------------
# Small text helpers


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = "".join(c for c in text[: MAX_TEXT_CHARS * 2] if c.isprintable() or c.isspace())
    return re.sub(r"\s+", " ", text).strip()[:MAX_TEXT_CHARS]


def _fold(text: str) -> str:
    low = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        low = low.replace(a, b)
    low = unicodedata.normalize("NFKD", low)
    return "".join(c for c in low if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", _fold(text))


# A reason that asks to speak to someone: a task's `on_request` forward applies.
_SPEAK_TO = re.compile(r"\b(?:sprechen|gesprochen|reden|verbinden|durchstellen)\b")
_HUMAN = re.compile(
    r"\b(?:mensch\w*|mitarbeiter\w*|sachbearbeiter\w*|(?:echte|echten|richtige|richtigen|lebende|lebendige)[nm]?\s+(?:person|menschen|mensch)"
    r"|verbinden\s+sie\s+mich|verbinden\s+mich|mich\s+(?:bitte\s+)?(?:weiter)?verbinden|weiterverbinden|durchstellen|stellen\s+sie\s+mich\s+durch"
    r"|kein\w*\s+(?:computer|roboter|maschine|automat\w*|bot)|(?:mit\s+)?jemande[mn]\s+(?:echtem\s+)?(?:sprechen|reden))\b"
)
_NO = re.compile(
    r"\b(?:nein|nee|ne|noe|nei|noi|na(?!\s+(?:klar|ja|sicher|gut|logo|freilich|eh))|falsch|stimmt\s+(?:so\s+)?nicht|nicht\s+(?:ganz|richtig|korrekt|so)|passt\s+nicht|moment|halt|korrigier\w*|aendern)\b"
)
_YES = re.compile(
    r"\b(?:ja|jawohl|genau|richtig|stimmt|korrekt|passt|jo|jep|gut|ordnung|perfekt|super|freilich|eh|bestens|alles klar)\b"
)
# The caller will not say it ("möchte ich nicht sagen", "geht Sie nichts an"): not asked again.
_DECLINE = re.compile(
    r"\bnicht\s+(?:sagen|nennen|angeben|verraten)\b|\bgeht\s+(?:\w+\s+){0,2}nichts\s+an\b"
    r"|\bsag\w*\s+ich\s+(?:ihnen\s+)?nicht\b|\bkein\w*\s+kommentar\b|\banonym\w*\b"
)
_DONT_KNOW = re.compile(
    r"\b(?:weiss\s+(?:ich\s+)?nicht|keine\s+ahnung|hab\w*\s+(?:ich\s+)?(?:nicht|keine\w*)|nicht\s+zur\s+hand|nein|nee|noe|"
    r"kein\w*|egal|unbekannt|spaeter|weiss\s+nicht)\b"
)
# A longer "no" to the number question that is about the number ("ich hab kein Telefon hier").
_ABOUT_NUMBER = re.compile(
    r"\b(?:\w*nummer\w*|handy\w*|telefon\w*|natel|festnetz|mobil\w*|vorwahl|erreichbar|anrufen|zurueckrufen|rueckruf"
    r"|sagen|nennen|angeben|verraten|datenschutz|geheim|privat|geht\s+sie)\b"
)
_THIS_NUMBER = re.compile(
    r"\b(?:diese[rn]?|dieselbe[n]?|gleiche[n]?|selbe[n]?)\s+nummer\b|\bmit\s+der\s+ich\s+(?:gerade\s+)?anrufe\b|\bvon\s+der\s+ich\s+anrufe\b"
    r"|\bnummer\s+(?:von\s+)?(?:der|die)\s+(?:ich\s+)?(?:anrufe|angezeigt)"
    # "die Handynummer hier", CH "d Nummere vo da"
    r"|\b(?:handy|telefon|festnetz|natel)?nummer[en]?\s+(?:hier|da|do|vo\s+da|von\s+hier)\b"
)
# Giving in after a question back ("na gut", AT "na guat", CH "also guet", Berlin "na jut",
# "meinetwegen"): no part of the name that follows.
_CONCESSION = re.compile(
    r"^\W*(?:(?:na|also|ja|jo|naja|nu)\s*,?\s+(?:gut|guat|guet|jut|schön|schoen|scho|okay|ok)|meinetwegen|von\s+mir\s+aus|okay)\b[\s,.!]*",
    re.IGNORECASE,
)
_NAME_FILLERS = frozenset(
    "ja jo also aeh aehm hm mein meine name namen ist ich bin heisse heiss hier spricht das guten tag hallo gruess gruss gott "
    "der die am apparat und sag mal".split()
)
_CORRECTION_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("callback_number", re.compile(r"\b(?:nummer|telefon\w*|handy\w*|rueckruf\w*)\b")),
    ("caller_name", re.compile(r"\b(?:nach|vor|familien)?(?:name\w*|nama)\b")),
    ("street", re.compile(r"\b(?:adresse|strasse|h(?:a|)usnummer(?:e|a|o)?|hausnr|anschrift)\b")),
    ("postcode", re.compile(r"\b(?:postleitzahl|plz)\b")),
    ("city", re.compile(r"\b(?:ort|stadt)\b")),
    ("preferred_time", re.compile(r"\b(?:termin\w*|zeit|uhrzeit|tag|datum)\b")),
    ("device", re.compile(r"\b(?:geraet|anlage|therme|heizung|hersteller|marke|fabrikat)\b")),
    ("fault", re.compile(r"\b(?:fehler\w*|stoerung|problem)\b")),
)
_SLOT_HINTS = {
    "callback_number": ("null", "eins", "zwo", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
    "device": ("Gastherme", "Therme", "Ölkessel", "Wärmepumpe", "Brenner", "Boiler", "Vaillant", "Viessmann", "Buderus"),
    "preferred_time": (
        "heute",
        "morgen",
        "übermorgen",
        "Vormittag",
        "Nachmittag",
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
    ),
}
_YES_NO_HINTS = ("ja", "nein", "stimmt", "richtig", "genau", "korrigieren")
# A name given as such without the word "Name": "ich heiße …", CH "i heisse …".
_NAME_SAID = re.compile(r"\b(?:ich|i)\s+heiss\w*\b")
# A sentence that says it gives a name: "der Name vorhin …", "ich heiße …", "hier spricht …".
_NAME_NAMED = re.compile(
    r"\b(?:nach|vor|familien)?(?:name\w*|nama)\b|\b(?:ich|i)\s+heiss\w*\b|\bhier\s+(?:ist|spricht|isch|is)\b"
)
_NOT_NAMES = frozenset("falsch richtig nicht korrekt anders verkehrt stimmt".split())
_LEGAL_WORDS = frozenset("gmbh ag kg og ohg gbr ug mbh co ltd inc firma herr herrn frau familie dr prof".split())
# A turn that corrects something said before: "nein, nicht Dienstag, Mittwoch", "ich meinte F62".
_CORRECTION = re.compile(
    r"^\W*(?:nein|nee|noe|ne|nei|moment|halt|stopp)\b|\bsondern\b|\bich\s+mein(?:t)?e\b|\bkorrigier\w*|\bverbesser\w*"
    r"|\b(?:ist|war)\s+falsch\b|\bstimmt\s+(?:so\s+)?nicht\b|\bnicht\s+richtig\b|\bverspro?chen\b"
    # a mistake owned: "ich hab mich vertan / verlesen / verschrieben", "die Zahlen verwechselt"
    r"|\b(?:mich|mi|me)\s+(?:\w+\s+){0,2}?(?:vertan|vertah|verlesen|verschrieben|verguckt|vertippt|verzaehlt|verhoert)\b"
    r"|\b(?:hab|habe|habs|han|ha|hat|hast)\s+(?:\w+\s+){0,3}?(?:verwechselt|vertauscht|verdreht)\b|\bzahlendreher\b"
)
# The house number named in an answer to another question ("und die Hausnummer is vierzig").
_HOUSE_NUMBER_WORD = re.compile(r"\b(?:h(?:a|)usnummer(?:e|a|o)?|hausnr)\b")  # CH "husnummere"
_HOUSE_NUMBER = re.compile(r"\b\d{1,4}(?:\s?[a-z])?\b(?!\s*\d)")
# Where in the house, said after the house number: no place.
_WHERE_IN_HOUSE = re.compile(
    r"\b(?:stiege|stieg|stock|stockwerk|etage|geschoss|hinterhaus|vorderhaus|seitenfluegel|hof|tuer|top|wohnung|og|eg|dg)\b"
)
# The street and its house number before the parts inside the house ("Kellergasse 16, Stiege 2,
# Tür 7", "Kellergasse 16/2/7"): the house number is the number that ends the first part.
_STREET_HEAD = re.compile(r"^(?P<name>.*?[^\d\s,/])(?:\s+(?P<number>\d+\s?[a-zA-Z]?))?(?P<rest>(?:\s*/\s*\d+\w*)*(?:\s*,.*)?)$")


# "ned dreißig, dreizehn", "nicht fünfzig fünfzehn", CH "nöd sächzg, sächzäh" (as digits): the
# first number negated, the second said in its place, without "sondern".
_NUMBER_SWAPPED = re.compile(
    r"\b" + NOT + r"\s+(\d{1,4}(?:\s?[a-z](?![a-z]))?)\s*[,;]?\s+(?:(?:es|des|das|is|isch|ist|sondern|aber)\s+)*"
    r"(\d{1,4}(?:\s?[a-z](?![a-z]))?)\b(?!\s*(?:\d|uhr\b))"
)


# Words around a number said for a part of the address ("die Tür is elf", "d Stiege isch drü").
_PART_FILLERS = {"is", "ist", "isch", "es", "des", "das", "die", "der", "de", "d", "di", "da", "jetzt", "eigentlich"}


def _house_number_of(street: str) -> str:
    """The house number of a street as noted: "Kellergasse 16, Stiege 2, Tür 7" → "16"."""
    match = _STREET_HEAD.match(re.sub(r"\s+", " ", street or "").strip())
    return (match.group("number") or "").replace(" ", "").lower() if match else ""


def _with_house_number(street: str, number: str) -> str | None:
    """The street with ``number`` as its house number, the parts inside the house kept:
    ("Kellergasse 16, Stiege 2, Tür 7", "26") → "Kellergasse 26, Stiege 2, Tür 7";
    ("Lindenstraße", "17") → "Lindenstraße 17". ``None`` without a street name."""
    match = _STREET_HEAD.match(re.sub(r"\s+", " ", street or "").strip())
    if match is None or not match.group("name").strip():
        return None
    return f"{match.group('name').strip()} {number}{match.group('rest')}"


_LATE_CORRECTION = re.compile(
    r"\b(?:war|ist|isch|is|wars)\s+(?:\w+\s+)?(?:falsch|verkehrt|" + NOT + r"\s+richtig)(?:\s+gsi|\s+gewesen)?\W*"
    r"|\bstimmt\s+(?:\w+\s+)?" + NOT + r"(?:\s+ganz)?\W*"
    # "der Nachname vorhin, das ist Schulze, nicht Schulz": named with "vorhin" and said anew
    r"|\b(?:vorhin|vorher|vori)\s*[,:-]\s*(?:das|des|dae|de|er|sie|es)\s+(?:ist|isch|is|lautet|heisst)\s+(?:richtig\s+|eigentlich\s+|aber\s+)?(?=\w)"
)
# A value judged wrong ("… stimmt nicht", "… is falsch"): the new value follows it.
_JUDGED = re.compile(
    r"\b(?:stimmt|stimmen|passt|passen)\s+(?:so\s+)?(?:halt\s+)?"
    + NOT
    + r"\b|\b(?:ist|is|isch|war|wars)\s+(?:\w+\s+)?(?:falsch|verkehrt)\b"
)
# "…, ich hab mich versprochen" at the end of a correction: no part of the value.
_OWNED_MISTAKE = re.compile(
    r"[,;.]?\s*\b(?:ich|i)\s+(?:hab|habe|han|ha)\s+(?:mich|mi|me)\s+(?:\w+\s+)?"
    r"(?:vertan|versprochen|verlesen|verschrieben|vertippt|verzaehlt|verzählt|verhoert|verhört)\W*$",
    re.IGNORECASE,
)
# A day or time that does not suit, said to the time question ("Montag geht nicht", CH "mäntig
# gaht nöd", "da kann ich nicht"): no fault of a device.
_TIME_DECLINED = re.compile(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|maentig|maentag|zischtig|mittwuch|dunnschtig"
    r"|donnschtig|friitig|samschtig|sunntig|heute|morgen|morge|uebermorgen|vormittag|nachmittag|abend|tag|termin|woche|wuche"
    r"|das|des|da|dann|do|denn)\s+(?:\w+\s+)?(?:geht|gaht|goht|gehts|passt|passts|kann\s+ich|chan\s+i|klappt)\s+(?:\w+\s+)?"
    + NOT
    + r"\b"
)
# "nit Müller sondern Möller": an old value swapped for a new one, in a clause of its own.
_SWAPPED_VALUE = re.compile(r"\b" + NOT + r"\s+(?P<old>[^,.;!?]{1,40}?)\s*,?\s+sondern\s+(?=\w)")
# The negated part of a correction, cut before extracting the new value: "nicht Dienstag, ",
# "nicht F61 sondern ", "nicht der Dienstag, sondern ", "nöd lindstrasse dreiundzwanzig, sondern ".
# "stimmt nicht", "passt ned" judge what was read back; they negate no value of their own.
_NOT_VALUE = r"(?<!stimmt\s)(?<!stimmen\s)(?<!passt\s)(?<!passen\s)" + NOT
_NEGATED_PART = re.compile(
    r"\b(?:also\s+)?"
    + _NOT_VALUE
    + r"\s+(?!(?:richtig|korrekt|ganz|so|mehr|da|hier)\b)[^,.;!?]{1,40}?(?:\s*[,;]\s*(?:sondern\s+)?|\s+sondern\s+)",
    re.IGNORECASE,
)
# ... and at the end: "der Name ist Vogl, nicht Vogel".
_NEGATED_TAIL = re.compile(
    r"\s*[,;]?\s*\b(?:und\s+|aber\s+)?"
    + _NOT_VALUE
    + r"\s+(?!(?:richtig|korrekt|ganz|so|mehr|da|hier)\b)[^,.;!?]{1,40}[.!?]?\s*$",
    re.IGNORECASE,
)
# A later turn that names another reason: "eigentlich geht es um die Rechnung".
_TOPIC_CHANGE = re.compile(
    # "eigentlich", CH "eigentli", folded "äigentli"
    r"\ba?eigen?tli(?:ch|g)?\b|\bes\s+g(?:eh|ah|oh)t\s+(?:\w+\s+){0,2}?um\b|\bg(?:eh|ah|oh)ts\s+(?:\w+\s+){0,2}?um\b"
    # "die Rechnung ist (mir) egal, …", CH "isch egal": not "egal wann", "ist egal, nur nicht Freitag"
    r"|\b(?:ist|is|isch)\s+(?:\w+\s+){0,2}?egal\b(?=\W+\w)(?!\W+(?:wann|wie|welch\w*|ob|was|um|wer|wo|nur|hauptsach\w*|aber)\b)"
    r"|\bwichtiger(?:e|es)?\s+(?:ist|is|isch|waere)\b|\b(?:nicht|nich|ned|noed|nid|net|nit)\s+(?:so\s+)?wichtig\b"
    # "jetzt ist was anderes dringender", CH "öppis anders isch wichtiger": another matter, more pressing
    r"|\b(?:was|etwas|oeppis|oepis|ebbes|ebbis|eppis)\s+(?:ganz\s+)?ander(?:e|es|s)\s+(?:\w+\s+)?(?:dringender|dringlicher|wichtiger)\b"
    r"|\bich\s+(?:rufe|ruf|wollte|moechte|will)\s+(?:\w+\s+){0,3}?wegen\b"
    r"|\b(?:doch|lieber|eher)\s+(?:lieber\s+|eher\s+)?(?:wegen|um)\b|\bwarten?\s+s(?:ie|e)\b(?!\s+(?:mal|kurz|bitte|(?:einen\s+)?moment|(?:einen\s+)?augenblick)\b)|\bnicht\s+wegen\b|\bsondern\s+(?:wegen|um)\b"
    r"|\b(?:ein|mein)\s+ander\w*\s+(?:anliegen|thema|problem|grund)\b|\bgeht\s+(?:eher|doch|vielmehr)\s+um\b"
    # "nein, nicht die Offerte, die Rechnung vom letzten Service …", CH "nöd d offerte d rechnig": one
    # thing taken back for another, each with its article
    r"|\b(?:nicht|nich|ned|noed|nid|net|nit)\s+(?:der|die|das|den|dem|d|de|s)\s+\w+\W+(?:sondern\s+)?(?:der|die|das|den|dem|d|de|s)\s+\w+"
    # "na halt, das stimmt nicht, ich mein, wir haben einen neuen Kachelofen …": a whole new sentence
    r"|\b(?:stimmt\s+(?:so\s+)?(?:nicht|ned|noed)|halt|falsch)\W+(?:\w+\W+){0,2}?ich\s+mein(?:e|t)?\b(?=(?:\W+\w+){4})"
    # "aber wo ich Sie grad dran hab, …", AT "wo i Eana eh grad dran hob", CH "wänn ich Sie scho am Telefon ha":
    # the caller brings up another matter while on the line
    r"|\b(?:wo|wenn|waenn|wenns|wann|da)\s+(?:ich|i)\s+(?:sie|si|se|eana|ena|eich|euch|dich|di)\s+(?:(?:grad|gerade|grade|jetzt|scho|schon|eh|ja|doch|grod|jetz)\s+)*"
    r"(?:dran|drann|am\s+(?:telefon|apparat|hoerer|draht)|an\s+der\s+strippe|in\s+der\s+leitung)\s+(?:hab|habe|hob|han|ha|hane|hani)\b"
    r"|\bda\s+faellt\s+mir\s+(?:\w+\s+)?ein\b"
    # "ich frag nur, weil wir das Haus verkaufen …", AT "i frag weil …", CH "ich frog wil …": the
    # question before was for another purpose, which follows
    r"|\b(?:ich|i|ig)\s+fr[ao]g(?:e|s)?\W+(?:(?:nur|bloss|blos|halt|eh|ja|au|auch|deshalb|deswegen|drum|darum)\W+)*(?:weil|wil|well|wel)\b"
    # "ach quatsch, was red ich da, das ist ja gar keine Rechnung, das ist das Angebot": the caller
    # takes back what was said before
    r"|\b(?:ach|na|nee|nein|ne|ah|oh)\s+quatsch\b|\bwas\s+(?:red|rede|sag|sage|erzaehl|erzaehle|verzaehl|saeg|wos)\s+(?:ich|i)\s+(?:denn\s+)?(?:da|do|denn)\b"
    r"|\b(?:das|des|dies|s)\s+(?:ist|is|isch)\s+(?:(?:ja|doch|jo|aber|noch|no|gar|ueberhaupt)\s+)*(?:kein|keine|keen|koa|koane|kei|keni)\s+(?!(?:problem|thema|stress|wunder|ding|sache|sach)\b)\w+"
    r"\W+(?:\w+\W+){0,2}?(?:das|des|dies|s)\s+(?:ist|is|isch)\s+(?:(?:ja|doch|eigentlich|eher)\s+)*(?:der|die|das|den|d|de|s|a|an|eine?|en)\b"
)
# "es geht um …" after a question back: the caller names the matter after all.
_NAMES_MATTER = re.compile(r"\b(?:es\s+)?g(?:eh|ah|oh)t?s?\s+(?:\w+\s+){0,2}?um\b|\bwegen\b")
# A request in an answer that fits no question ("kann der bei der Wartung ne neue Batterie
# reinmachen", "der soll mi bitte zruckrufen", "die Gastherme müsste mal wieder gewartet werden", CH
# "chönd Sie de bim Service tuusche"): it says what the caller wants, as plainly as "eigentlich"; not
# the caller asking leave ("kann ich …", "soll i …").
_REQUEST = re.compile(
    r"\b(?:kann|koennt\w*|koennen|chan|chond|choend\w*|soll|sollt\w*|muesst\w*|mueesst\w*|moecht\w*|wuerd\w*|haett\w*\s+gern)\b"
    r"(?!\s+(?:ich|i|man|mer)\b)"
)
# A question back to us ("können Sie mir das nicht einfach sagen, was das kostet?", CH "chönd Si mir
# nöd eifach säge …"): asks us to answer, names no other reason.
# Words that name a reason as such ("eigentlich", "es geht um", "wegen", "ein anderes Anliegen"):
# only these turn an answer to a time question into another subject.
_NAMES_A_REASON = re.compile(
    r"\ba?eigen?tli(?:ch|g)?\b|\bg(?:eh|ah|oh)t?s?\s+(?:\w+\s+){0,3}?um\b|\bwegen\b"
    r"|\b(?:anliegen|thema|problem|grund)\b"
)

_ASKS_US = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:koennen|koennten|kannst|koenntest|wuerden|chond|choend|choennd|choenntet|chonnted)\s+(?:sie|si|se|du|ihr)\s+"
    r"(?:\w+\s+){0,4}?(?:sagen|saege|saeg|sage|erklaeren|verraten|nennen)\b"
)
# Questions back, each answered in one sentence before the question is asked again.
_QUESTION_BACK: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "machine",
        re.compile(
            r"\b(?:sind|bist|seid\w*|san\w*)(?:'s)?\s+(?:sie|du|ihr)\s+(?:\w+\s+){0,2}?"
            r"(?:computer|roboter|maschine|mensch|bot|automat\w*|ki|echt\w*|kuenstlich\w*|band\w*)\b"
            r"|\b(?:spreche|rede)\s+ich\s+(?:hier\s+)?mit\s+(?:einem|einer)\s+(?:\w+\s+)?(?:computer|maschine|roboter|bot|ki|menschen|band\w*)\b"
            r"|\bist\s+das\s+(?:hier\s+)?(?:ein\w*\s+|a\s+)?(?:computer|maschine|roboter|bot|ki|band\w*|anrufbeantworter|automat\w*)\b"
        ),
    ),
    (
        "who",
        re.compile(
            r"\bwer\s+(?:(?:ist|isch|is)\s+(?:denn\s+)?(?:da|dran|dra|do)|spricht\s+(?:denn\s+)?(?:da|dort)|sind\s+sie|bist\s+du)\b"
            r"|\bmit\s+wem\s+(?:spreche|rede)\s+ich\b|\bwo\s+bin\s+ich\s+(?:hier|da)\b|\bwer\s+spricht\b"
            r"|\bbin\s+ich\s+(?:hier|da)\s+(?:\w+\s+)?richtig\b|\b(?:ist|isch)\s+das\s+(?:hier\s+)?(?:die\s+|d\s+)?(?:firma|heizung|installateur|rauchfangkehrer|sanitaer)\w*\b"
        ),
    ),
    (
        "data",
        re.compile(
            r"\b(?:was\s+(?:passiert|geschieht|machen\s+sie)\s+mit\s+(?:meinen|den)\s+daten|datenschutz\w*"
            r"|(?:wird|werden)\s+(?:das|die\s+daten|meine\s+daten|das\s+gespraech)\s+(?:\w+\s+)?(?:gespeichert|aufgezeichnet|aufgenommen))\b"
        ),
    ),
    (
        "why",
        re.compile(
            # CH "für was bruched Si …", "wieso wönd Si das wüsse", AT "für wos brauchn S' …", "zu wos"
            r"\b(?:wieso|wiso|warum|worum|weshalb|wozu|wofuer|(?:fuer|zu)\s+w[ao]s)\s+(?:\w+\s+){0,4}?"
            r"(?:brauch\w*|bruuch\w*|bruch\w*|wissen|wisse|wuesse|woll\w*|wend|wand|woend|woennd|frag\w*|benoetig\w*|notwendig|noetig)\b"
            r"|\bwas\s+geht\s+(?:sie|euch)\s+das\s+an\b"
            # "was wollen Sie denn mit meinem Namen?", Berlin "wat wollen se denn mit meinem namen"
            r"|\b(?:was|wat|wos|was\s+fuer)\s+(?:woll\w*|wend|woend|brauch\w*|mach\w*|tun)\s+(?:\w+\s+){0,3}?mit\s+"
            r"(?:meine\w*|mei\w*|mine\w*|dem|der|den|de)\s+(?:\w+\s+)?(?:name\w*|nummer\w*|adresse\w*|date\w*|angabe\w*)\b"
            # "warum, ist das wichtig?", "isch das nötig?", a bare "wieso denn?"
            r"|\b(?:ist|isch|is)\s+das\s+(?:denn\s+|so\s+|wirklich\s+|ueberhaupt\s+)*(?:wichtig|noetig|notwendig)\b"
            r"|^\W*(?:ja\s+|und\s+)?(?:wieso|wiso|warum|weshalb|wozu|(?:fuer|zu)\s+w[ao]s)(?:\s+denn|\s+au)?\W*$"
        ),
    ),
)
# "Sind Sie ein Mensch oder ein Computer?": asks what we are, no wish for a person (see _handle).
_MACHINE_QUESTION = dict(_QUESTION_BACK)["machine"]
_WHY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("callback_number", re.compile(r"\b(?:nummer|nummere|telefon\w*|handy\w*|natel\w*)\b")),
    ("caller_name", re.compile(r"\b(?:name\w*|nama)\b")),
    ("street", re.compile(r"\b(?:adresse|adraesse|anschrift|strasse|postleitzahl|plz|wohn\w*)\b")),
)
# Custom slots that ask whom the caller wants to speak to; known once the reason names someone.
_PERSON_SLOTS = frozenset({"person", "ansprechpartner", "gespraechspartner", "mitarbeiter", "wen", "kontaktperson"})
_SPEAK_WISH = re.compile(
    # CH "i hett gern d Frau Frei gsproche", "mit em Chef rede", "schwätze"
    r"\b(?:sprechen|gesprochen|gsproche|gschproche|spreche|reden|rede|schwaetze|zurueckruf\w*|rueckruf\w*|erreichen|verbinden|mit\s+(?:herrn?|frau|dem|der)"
    r"|zrugg\w*|anlaeut\w*|aaluet\w*|anrufen|melden)\b"
)
_PERSON_QUESTION = re.compile(r"\bmit\s+wem\b|\bwen\s+moechten\b|\bansprechpartner\b")
_ROLES = re.compile(
    r"\b(?:den|die|der|dem|mit\s+dem|mit\s+der)?\s*(chef(?:in)?|monteur(?:in)?|techniker(?:in)?|meister(?:in)?|buero|inhaber(?:in)?)\b"
)
# A description of the fault in the reason ("die Heizung bleibt kalt"): no need to ask for it.
_ERROR_CODE = re.compile(r"\b(?:[A-Z]{1,2} ?\d{1,4}|\d{1,2}[A-Z])\b")  # F28, E 119, Buderus 6A
# The one follow-up question of a fault task (a pseudo-slot in ``DialogueState.pending``): which
# device, and whether it shows an error code — only the part that is not known yet.
FAULT_DETAILS = "fault_details"
# The error code, asked once more on its own when the question for device and code was answered
# with the device only ("de Chessel im Chäller isch vo Hoval"): a code tells the technician which
# part to bring.
FAULT_CODE = "fault_code"
# "kein Code", "zeigt nichts an", "einen Fehler zeigt sie nicht", CH "kei Fehlermeldig", "zeigt nüt a".
_NO_CODE = re.compile(
    r"\b(?:kein|keine|keinen|kei|kai|ka|koa)\s+(?:\w+\s+)?(?:fehler\w*|code\w*|kod\w*|meldung\w*|meldig\w*|stoer\w*|anzeige\w*|nummer\w*)"
    r"|\b(?:zeigt|zeigen|zaigt|zeigts|zeigt's|staht|steht)\s+(?:\w+\s+){0,3}?(?:nichts|nix|nuet|nuet\w*|nuesch|kein\w*|nuet)\b"
    r"|\b(?:fehler\w*|code|meldung)\s+(?:\w+\s+){0,3}?(?:nicht|nich|ned|noed|nid|net|nit)\b"
)
# A number read off the display, with a letter said right before it: "staht e 27", "zeigt 40".
_DISPLAYED_CODE = re.compile(r"(?:\b([a-z])\s+|\b)(\d{1,3})\b(?!\s*(?:uhr|grad|bar|jahr\w*|tag\w*|minute\w*|stund\w*))")
# A caller speaking for a property or a firm: "von der Hausverwaltung Pammer", CH "vo de
# Liegenschaftsverwaltung Kägi", "Immobilien Müller", "der Hauswart".
_ON_BEHALF = re.compile(r"\b\w*verwaltung\b|\bverwalter\w*|\bliegenschaft\w*|\bimmobilien\w*|\bhauswart\w*|\bhausmeister\w*")
# The hour of a callback or visit wished unasked for a day only ("heute", "morgen"): one question (a
# pseudo-slot in ``DialogueState.pending``, right after ``preferred_time``).
WISH_HOUR = "wish_hour"
# The questions a time is the answer to.
_TIME_QUESTIONS = ("preferred_time", WISH_HOUR)
# The surname, asked once when the caller gave only a first name ("ich bin der Leon").
SURNAME = "surname"
# The house number, asked once right after a street said without one ("in der Brunnenstraße"): the
# technician has to find the house, in an emergency too.
HOUSE_NUMBER = "house_number"
# A caller about to leave or not at home ("ich muss gleich wieder weg", CH "i mues grad wieder furt",
# "ich bin ab Mittag nicht daheim"): a technician who has to come needs to know when someone is there.
_AWAY = re.compile(
    r"\b(?:ich|i|mir|wir)\s+(?:muss|mues|muess|muass|muessen|mueend|mond)\s+(?:\w+\s+){0,3}?(?:weg|los|furt|fort)\b"
    r"|\b(?:ich|i)\s+(?:bin|bi)\s+(?:\w+\s+){0,3}?(?:gleich|glei|gli|grad|jetzt|sofort)\s+(?:wieder\s+)?(?:weg|furt|fort)\b"
    r"|\b(?:ich|i)\s+(?:bin|bi)\s+(?:\w+\s+){0,3}?(?:nicht|ned|nid|noed|net)\s+(?:\w+\s+)?"
    r"(?:da|daheim|daham|dihei|dahei|zuhause|zu\s+hause)\b"
)
# The emergency kind when the engine chose the emergency task and no kind of danger was recognised
# ("Notfall, bitte schicken Sie sofort jemanden"): the general safety sentence, the same short call.
GENERAL_EMERGENCY = "general"
# A house number in an answer to that question, digits already (``words_to_digits``): "nummer 11",
# "33 b"; not a postcode (four digits and more).
_HOUSE_NUMBER_ANSWER = re.compile(r"(?<![\d\w])(\d{1,3})(?:\s?([a-h]))?(?![\w\d]|\s*\d)")
# In an emergency the address an unknown caller gave, read back once (street, house number, place):
# a misheard house number must not send the on-call technician to the wrong door.
ADDRESS_CHECK = "address_check"
# In an emergency of a caller on file: whether help is needed at the address on file. The phone may
# be used by someone else, or the caller may be somewhere else: then where, and whom to find.
CONTACT_PLACE = "contact_place"
_DAY_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Emergencies after which the maker of the device named is asked, last (not gas, CO or smoke: get out).
_EMERGENCY_MAKER_ASKED = frozenset({"water", "oil"})
# A caller not on file whose number is shown: whether that number reaches them is asked once, last
# before the read-back (the wife's mobile, the office, the landline at home may be better).
SHOWN_NUMBER = "shown_number"
# Another number preferred to the one shown: "nein", "lieber", "besser", "am besten …", CH "am
# beschte", "nicht die/diese", "geht schlecht".
_OTHER_NUMBER_PREFERRED = re.compile(
    r"\b(?:nein|nee|ne|noe|nei|na|lieber|liaba|liebr|besser|am\s+best\w*|eher|vor\s*allem"
    r"|(?:nicht|ned|nid|noed|net)\s+(?:die|diese|de|d|dere|unter|auf|uf|so\s+gut)|schlecht)\b"
)
# The number shown, named by how it came ("die mit der ick anrufe", CH "won ich aalüüte", AT "wo i
# grad anruaf", "die auf dem Display", CH "die wo Sie gsehnd").
_SHOWN_NAMED = re.compile(
    r"\b(?:anru\w*|anrua\w*|oruaf\w*|aruf\w*|aal\w*|alue\w*|anlaeut\w*)\b|\bdisplay\b|\bgseh\w*|\bangezeigt\b"
)
# A plain no to the question whether the number shown reaches the caller.
_NOT_THIS_NUMBER = re.compile(
    r"\b(?:nein|nee|noe|nei|noi|ne)\b|\b(?:lieber|besser)\s+(?:nicht|nid|ned|noed|net)\b|\bandere\w*\s+nummer"
)
# Emergencies whose advice sends everyone out of the building (a landline there is out of reach).
_LEAVE_THE_BUILDING = frozenset({"gas", "co", "smoke"})
# A device type spelt letter by letter with its number ("g b eins sieben zwei", "c g b zwanzig",
# "vc zwo sechs fünf"): written as on the type plate, "GB172".
_SPELT_MODEL = re.compile(r"(?<![\w])((?:[a-z]\s+){2,4})(\d{2,4})\b")  # one letter: an error code, "F 28"


def _model_code(said: str) -> str | None:
    """The device type in ``said`` when it was spelt with its number, else ``None``."""
    match = _SPELT_MODEL.search(words_to_digits(_fold(said)))
    if match is None:
        return None
    letters = "".join(match.group(1).split()).upper()
    return f"{letters}{match.group(2)}"


# A task about a broken device (Störung, Defekt, Ausfall, Reparatur …), by its name and keywords.
_DEVICE_FAULT_TASK = re.compile(r"stoer|defekt|ausfall|ausgefallen|kaputt|reparatur|fehler")
# A plumbing task, by its id and name: a fixture named with its fault gets the maker question.
_SANITARY_TASK = re.compile(r"sanit|klempner|installateur|\bbad\b|\bwc\b")
# Fixtures whose make decides the spare part the plumber brings: flush systems and lifting units
# (Geberit, TECE, Sanit: parts fit one make only), not a drain, a pipe or a tap.
_FIXTURE_WITH_MAKE = re.compile(
    r"\b(?:klo|wc|toilette|spuelkasten|spuelung|klospuelung|drueckerplatte|druckspueler|urinal|hebeanlage)\b"
)
# A task to service a device, by its id and name.
# Hard frost in an answer the engine heard as an emergency: a sign of frost itself, not "kalt".
_FROST_DANGER = re.compile(
    r"\b(?:frost\w*|minus\s*(?:\w+\s+)?grad|minusgrad\w*|(?:ein|zu)gefroren|frier\w*\s+(?:schon\s+)?(?:ein|zu))\b"
)
_MAINTENANCE_TASK = re.compile(r"\b(?:service|wartung|inspektion|entkalk\w*|revision)\b")
# Device answers that name no device: the heating in general.
_GENERIC_DEVICE_WORDS = frozenset(
    "heizung heizungen heizungsanlage heizanlage zentralheizung anlage geraet ding die der das meine unsere eine".split()
)
# Where the heat comes out, not what makes it: "die Fußbodenheizung bleibt kalt" still leaves the
# heat source to ask for (unless one is named with it).
_HEAT_DISTRIBUTION = re.compile(r"fussbodenheizung|flaechenheizung|heizkoerper|radiator")
_HEAT_SOURCE = re.compile(
    r"therme|kessel|brenner|waermepumpe|boiler|speicher|erhitzer|pellet|oelheizung|gasheizung|fernwaerme|etagenheizung|ofen"
)
# The other kinds of task, by the task's id and name: each has one question of its own that a
# receptionist asks when the task's `ask` does not list it (see Dialogue._kind_questions).
_INVOICE_TASK = re.compile(r"rechn|mahnung|zahlung|faktur")
_ESTIMATE_TASK = re.compile(r"angebot|offert|voranschlag")
_NEW_HEATING_TASK = re.compile(r"neue\w*[\s-]+heizung|heizungs?(?:tausch|erneuerung|wechsel)|neuanlage")
_CALLBACK_TASK = re.compile(r"rueckruf|zurueckruf")
# The reason is about an estimate the caller already has ("zu Ihrem Angebot", "zu teuer").
_EXISTING_ESTIMATE = re.compile(
    # the definite article, also CH "d Offerte", "zur Offerte", "de Offerte"
    # "eurer Offerte", CH "eui/euri Offerte", "iri Offerte"
    r"\b(?:ihr\w*|iri|eur\w*|euer|eui|das|dem|den|der|des|die|d|de|zur|unser\w*|mein\w*|zum|vom|letzte\w*)\s+(?:kosten)?(?:voranschlag\w*|angebot\w*|offert\w*|kv)\b"
    r"|\b(?:erhalten|bekommen|gekriegt|uebercho|becho|annehm\w*|angenommen|aanae\w*|akzeptier\w*|ablehn\w*|abgelehnt"
    r"|zusag\w*|absag\w*|zu\s+teuer|z\s+tuer|nummer|(?:von|vo)\s+(?:ihnen|ihne|euch))\b"
)
# An appointment the caller has and wants to move or cancel: its date is no wish (it is kept as
# EARLIER_APPOINTMENT, config.vocabulary).
_MOVE_APPOINTMENT = re.compile(
    r"\b(?:verschieb\w*|verlegen|verlegt|umlegen"
    r"|(?:bin|sind|ist|san|isch)\s+(?:\w+\s+){0,2}" + NOT + r"\s+(?:da|daheim|dahoam|dihei|deheim|zu\s*hause|zuhause|hier)"
    r"|kann\s+(?:\w+\s+){0,2}" + NOT + r"|(?:schaff|klapp)\w*\s+(?:\w+\s+){0,3}" + NOT + r")\b"
    # cancelling, in dialect too: Swiss "absäge", "abzsäge", "abmälde"
    r"|" + CANCEL.pattern
)
# A day said relative to today: no day for staff who read it later.
_RELATIVE_DAY = re.compile(r"\b(?:heute|hued?t|hit|morgen|morn|moargen|uebermorgen|uebermorn)\b")
# A visit the business announced ("dass Sie morgen zum Kehren kommen", "de Monteur chunt morn").
_THEY_COME = re.compile(r"\b(?:kommen|kommt|kaemen|chunt|chunnt|choemed|vorbeikommen|vorbeischauen)\b")
# ... unless the sentence says the new one too ("auf Freitag verschieben", "lieber am Montag").
_NEW_TIME_CUE = re.compile(
    # CH "uf nächscht Wuche Zischtig"
    r"\b(?:auf|uf)\s+(?:den\s+|die\s+|d\s+|naech\w*\s+|kommende\w*\s+)?\w*(?:tag|tig|woch\w*|wuch\w*|morgen|\d+)\b"
    r"|\b(?:stattdessen|lieber|sondern|besser)\b"
    # "… können wir das verschieben, am liebsten in die nächste Woche", CH "am liebschte"
    r"|\bam\s+lieb(?:sten|schte|schten|ste)\b|\bin\s+(?:die|der)\s+(?:naechst|kommend)\w*\s+woche\b"
)


# "der Termin ist noch offen, ich melde mich", CH "ich mäld mi no": the time is left for later.
_TIME_LEFT_OPEN = re.compile(
    r"\b(?:noch|erst\w*|vorerst|no)\s+(?:ganz\s+)?offen\b"
    r"|\b(?:melde|meld|maeld|maelde)\s+(?:ich\s+|i\s+)?(?:mich|mi)\b|\bmich\s+(?:noch|wieder|nochmal)\s+melden\b"
    r"|\b(?:weiss|weis|weiss)\s+(?:ich\s+|i\s+)?(?:noch\s+|no\s+)?(?:nicht|ned|noed|nid|nit)\s+wann\b"
)
# "das ist gar keine Vaillant", CH "das isch kei Vaillant": the thing named is not the one there.
_NOT_THIS_ONE = re.compile(r"\b(?:gar\s+)?(?:kein|keine|keinen|kei|koa|koane|ka|kane)\s+(?P<word>\w+)")


def _time_withdrawn(folded: str) -> bool:
    """ "nein, Montag geht doch nicht, der Termin ist noch offen, ich melde mich": the time named
    is taken back and none said instead."""
    return bool(_TIME_LEFT_OPEN.search(folded)) and not _NEW_TIME_CUE.search(folded)


def _no_new_time(folded: str) -> bool:
    """ "keinen neuen Termin, absagen bitte" where a time was asked: no wish (unless a new one is named)."""
    return bool(NO_NEW_APPOINTMENT.search(folded)) and not _NEW_TIME_CUE.search(folded)


# Slots whose answer may be a free description: the words as said are checked when the engine
# found nothing.
_FAULT_TASK = re.compile(r"stoer|defekt|ausfall|ausgefallen|reparatur|notfall|notdienst|kaputt")
_FREE_TEXT_SLOTS = frozenset({"street", "city", "device", "fault", "preferred_time"})
_SYMPTOM = re.compile(
    r"\b(?:kalt|ausgefallen|faellt\s+aus|geht\s+(?:nicht|nimmer|aus)|funktioniert\s+nicht|laeuft\s+nicht|springt\s+nicht|kaputt|defekt"
    r"|tropf\w*|verstopf\w*|leck\w*|undicht|fehler\w*|stoercode|blink\w*|druck|geraeusch\w*|brumm\w*|klopf\w*|pfeif\w*"
    r"|kein\w*\s+(?:warm\w*|heizung|wasser)|rauscht|spuelung\s+laeuft|laeuft\s+(?:dauernd|staendig|nach))\b"
)

# Work wished for, nothing broken: a renovation, a new installation, an exchange ("wir wollen
# das Bad umbauen lassen", "eine ebenerdige Dusche einbauen", Pfalz "umbaue", CH "umbaue lah").
_WISH_WORK = re.compile(
    r"\b(?:umbau\w*|umbaue|sanier\w*|renovier\w*|modernisier\w*|einbau\w*|installier\w*|montier\w*"
    r"|neu\w*\s+(?:\w+\s+)?(?:einbau\w*|mach\w*|setz\w*|hinstell\w*)|nachruest\w*|aus(?:ge)?tausch\w*|erneuer\w*)\b"
)
# "kein Schaden", "es ist nichts kaputt", CH "nüt kaputt", "kei Schade": no fault to describe.
_NO_DAMAGE = re.compile(
    r"\b(?:kein\w*|kei|koa\w*|ka)\s+(?:\w+\s+)?(?:schaden|schade|defekt)\b"
    r"|\b(?:nichts|nix|nuet|nuez|nuets|nuescht|nischt|nicht|ned|noed|nit)\s+(?:\w+\s+)?(?:kaputt|defekt)\b"
)


def _no_damage(folded: str) -> bool:
    """ "kein Schaden, wir wollen nur umbauen": no damage said, and no symptom besides it."""
    return bool(_NO_DAMAGE.search(folded)) and not _SYMPTOM.search(_NO_DAMAGE.sub(" ", folded))


def _split_greeting(greeting: str) -> tuple[str | None, str, str | None]:
    """(hello, statements, question) of a configured greeting."""
    text = _clean(greeting)
    hello = None
    match = re.match(r"^(Guten\s+(?:Tag|Morgen|Abend)|Grüß\s+Gott|Grüezi|Hallo|Servus|Moin)\s*[,.!]?\s*", text, re.IGNORECASE)
    if match:
        hello = match.group(1)
        text = text[match.end() :]
        text = text[:1].upper() + text[1:]
    sentences = re.split(r"(?<=[.!?])\s+", text) if text else []
    question = None
    if sentences and sentences[-1].endswith("?"):
        question = sentences.pop()
    return hello, " ".join(sentences), question


def _speakable(text: str) -> str:
    """Written shorthand that text-to-speech reads badly: "Befund / Bescheinigung" → "Befund, Bescheinigung"."""
    return re.sub(r"\s*/\s*", ", ", text)


# Words that start a new clause in speech without punctuation ("… also ich bin der Markus und bei
# uns verliert die Heizung Druck ich hab heut …"): where a brief read-back of a fault begins or ends.
_CLAUSE_START = frozenset("und aber also weil dass da dann ich wir mir es das jetzt heute gestern seit oder wie sonst".split())
_READBACK_FAULT_WORDS = 12


def _part_key(part: str) -> str:
    """A device part compared without case, umlauts or a plural ending ("Heizkörpern" = "Heizkörper")."""
    return " ".join(re.sub(r"(?<=\w{4})(?:en|n|e|s)$", "", word) for word in re.findall(r"\w+", _fold(part)))


def _with_new_parts(old: str, new: str) -> str:
    """``old`` and the parts of ``new`` not in it yet: "Kachelofen" + "Kachelofen, Heizeinsatz" is
    "Kachelofen, Heizeinsatz", "Heizkörper, Thermostat" + "Viessmann, Heizkörpern" is "Heizkörper,
    Thermostat, Viessmann" — never one thing twice."""
    parts = [p.strip() for p in old.split(",") if p.strip()]
    keys = {_part_key(p) for p in parts}
    for part in (p.strip() for p in new.split(",")):
        key = _part_key(part)
        if part and key and key not in keys:
            parts.append(part)
            keys.add(key)
    return ", ".join(parts)


def _brief_fault(text: str) -> str:
    """A fault as the read-back names it: as said when short; from a monologue ("ich weiß gar
    nicht ob da noch jemand ist also ich bin der … und bei uns verliert die heizung dauernd druck
    …") the clause with the first symptom, and an error code said elsewhere in it, so the caller
    hears the key detail instead of their own words at length."""
    words = text.split()
    if len(words) <= _READBACK_FAULT_WORDS:
        return text
    folded = [_fold(w).strip(",.;:!?") for w in words]
    hit = next((i for i, w in enumerate(folded) if _SYMPTOM.search(" ".join(folded[i : i + 3])) and _SYMPTOM.search(w)), None)
    if hit is None:
        hit = next((i for i in range(len(folded)) if _SYMPTOM.search(" ".join(folded[i : i + 3]))), None)
    code = _ERROR_CODE.search(text)
    if hit is None:
        return f"Fehler {code.group(0)}" if code else ""
    start = hit
    while start > 0 and hit - start < 6 and folded[start - 1] not in _CLAUSE_START and not words[start - 1].endswith((",", ".")):
        start -= 1
    end = hit + 1
    while end < len(words) and end - hit < 4 and folded[end] not in _CLAUSE_START and not words[end - 1].endswith((",", ".")):
        end += 1
    short = " ".join(words[start:end]).strip(" ,.;:")
    if code and code.group(0) not in short:
        short = f"{short}, Fehler {code.group(0)}"
    return short


def _join(*parts: str | None) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


# --------------------------------------------------------------------------------------------
# The dialogue


class Dialogue:
    """The conversation logic for one business. Stateless itself: all state is in :class:`DialogueState`.

    ``business_config`` is a validated ``zentrale.config.BusinessConfig``; ``engine`` any
    :class:`~zentrale.bot.intents.base.IntentEngine`; ``clock`` returns the current time
    (aware; naive values are read as UTC).
    """

    def __init__(
        self,
        business_config: BusinessConfig,
        engine: IntentEngine,
        *,
        clock: Callable[[], datetime] | None = None,
        max_turns: int = DEFAULT_MAX_TURNS,
        max_seconds: float = DEFAULT_MAX_SECONDS,
    ) -> None:
        self.config = business_config
        self.engine = engine
        self._clock = clock or (lambda: datetime.now(UTC))
        self.max_turns = max_turns
        self.max_seconds = max_seconds
        info = business_config.business
        self.region = (info.region or "DE").upper()
        self.timezone = info.timezone or "Europe/Berlin"
        self.texts: DialogueTexts = texts_for(self.region, info.language)

    # ---------------------------------------------------------------- public API

    async def start(
        self, caller_number: str | None, matches: Sequence[CallerCandidate] | None = None
    ) -> tuple[DialogueState, Decision]:
        """A new call: greet, and ask the first question."""
        now = self._now()
        state = DialogueState(started_at=now.isoformat(), phase="start")
        try:
            state.caller_number = self._e164(caller_number)
            seen: set[str] = set()
            for match in matches or ():
                candidate = match if isinstance(match, CallerCandidate) else None
                if isinstance(match, Mapping):
                    candidate = CallerCandidate.from_dict(match)
                if candidate is None or not candidate.address_code or candidate.address_code in seen:
                    continue
                seen.add(candidate.address_code)
                state.candidates.append(candidate.to_dict())
            if state.caller_number:
                state.slots["callback_number"] = {
                    "value": readback.display_phone(state.caller_number, self.region),
                    "normalized": state.caller_number,
                    "source": SOURCE_CALLER_ID,
                }
            hello, statements, question = _split_greeting(self.config.business.greeting or "")
            closed = "" if self._is_open(now) else self.texts.office_closed
            if len(state.candidates) == 1:
                state.contact = dict(state.candidates[0])
                state.identified = True
                name = self._contact_address(state)
                text = _join(f"{hello or self.texts.hello}, {name}.", statements, closed, question or self.texts.what_can_i_do)
                if not hello:
                    text = _join(statements, f"{self.texts.hello}, {name}.", closed, question or self.texts.what_can_i_do)
                decision = self._ask(
                    state,
                    "reason",
                    text,
                    self._reason_hints(),
                    "greeting_known_caller",
                    question=question or self.texts.what_can_i_do,
                )
            elif len(state.candidates) > 1:
                text = _join(f"{hello}," if hello else None, statements, closed, self.texts.ask_name_to_pick)
                decision = self._ask(
                    state,
                    "identify",
                    text,
                    self._name_hints(state),
                    "greeting_pick_contact",
                    question=self.texts.ask_name_to_pick,
                )
            else:
                state.identified = True
                text = _join(f"{hello}," if hello else None, statements, closed, question or self.texts.what_can_i_do)
                decision = self._ask(
                    state,
                    "reason",
                    text,
                    self._reason_hints(),
                    "greeting_unknown_caller",
                    question=question or self.texts.what_can_i_do,
                )
        except Exception as exc:  # never fail a call's first answer
            log.warning("dialogue_start_failed", error=type(exc).__name__)
            decision = self._ask(
                state, "reason", _join(self.config.business.greeting, self.texts.what_can_i_do), (), "greeting_fallback"
            )
        self._say(state, decision)
        return state, decision

    async def on_speech(
        self, state: DialogueState | Mapping[str, Any], text: Any, confidence: float | None = None
    ) -> tuple[DialogueState, Decision]:
        """The caller said ``text`` (speech recognition output; ``confidence`` 0..1 if known)."""
        state = self._copy(state)
        if state.phase == "ended":
            return state, Decision("end", "", reason="already_ended", outcome=state.end_reason)
        said = _clean(text)
        if not said:
            return await self.on_silence(state)
        state.turns += 1
        state.silence_retries = 0
        state.transcript.append({"speaker": "caller", "text": said})
        try:
            decision = await self._handle(state, said)
        except Exception as exc:  # a bug must not drop the call: keep what was said, end politely
            log.warning("dialogue_turn_failed", phase=state.phase, error=type(exc).__name__)
            decision = self._closing(state, self.texts.wrap_up, "turn_failed", end_reason="error")
        decision = self._limit(state, decision)
        self._say(state, decision)
        return state, decision

    async def on_silence(self, state: DialogueState | Mapping[str, Any]) -> tuple[DialogueState, Decision]:
        """The caller said nothing (or nothing recognisable) after a question."""
        state = self._copy(state)
        if state.phase == "ended":
            return state, Decision("end", "", reason="already_ended", outcome=state.end_reason)
        state.turns += 1
        state.silence_retries += 1
        try:
            if state.silence_retries == 1:
                question = state.last_question or self.texts.what_can_i_do
                current = state.current
                decision = self._ask(
                    state,
                    state.phase,
                    _join(self.texts.not_understood_repeat, question),
                    self._hints_for_phase(state),
                    "no_speech_repeat",
                    question=question,
                )
                state.current = current
            else:
                known = bool(state.caller_number or self._slot(state, "callback_number"))
                text = self.texts.no_speech_goodbye_known if known else self.texts.no_speech_goodbye
                decision = self._end(state, text, "no_speech_end", "no_speech")
        except Exception as exc:
            log.warning("dialogue_silence_failed", error=type(exc).__name__)
            decision = self._end(state, self.texts.goodbye, "silence_failed", "error")
        decision = self._limit(state, decision)
        self._say(state, decision)
        return state, decision

    async def on_forward_result(self, state: DialogueState | Mapping[str, Any], answered: bool) -> tuple[DialogueState, Decision]:
        """The forwarded call was answered by a person (the call is theirs now) or not (back to the bot)."""
        state = self._copy(state)
        if state.phase == "ended":
            return state, Decision("end", "", reason="already_ended", outcome=state.end_reason)
        try:
            if answered:
                state.forward_answered = True
                decision = self._end(state, "", "forward_answered", "forwarded")
            else:
                state.forward_answered = False
                failed = self.texts.emergency_forward_failed if self._emergency_of(state) else self.texts.forward_failed
                decision = await self._next(state, failed, "forward_not_answered")
        except Exception as exc:
            log.warning("dialogue_forward_result_failed", error=type(exc).__name__)
            decision = self._closing(state, self.texts.wrap_up, "forward_result_failed", end_reason="error")
        decision = self._limit(state, decision)
        self._say(state, decision)
        return state, decision

    def outcome(self, state: DialogueState | Mapping[str, Any]) -> CallOutcome:
        """What the call produced so far (usable at any point, also for calls cut off mid-way)."""
        state = self._copy(state)
        task = self._task(state)
        contact = state.contact or {}
        slots = {
            name: SlotValue(str(data.get("value") or ""), data.get("normalized"), 1.0)
            for name, data in state.slots.items()
            if data.get("value")
        }
        number_slot = state.slots.get("callback_number") or {}
        caller_name = state.slots.get("caller_name", {}).get("value")
        return CallOutcome(
            task_id=task.id if task else None,
            task_name=task.name if task else SUMMARY_NO_TASK,
            address_code=contact.get("address_code") or None,
            contact_name=contact.get("name") or None,
            caller_number=state.caller_number,
            caller_name=caller_name or None,
            callback_number=number_slot.get("normalized") or None,
            slots=slots,
            transcript=tuple(ContextTurn(t.get("speaker", ""), t.get("text", "")) for t in state.transcript),
            human_requested=state.human_requested,
            forwarded=state.forward_tried,
            forward_answered=state.forward_answered,
            priority=self._priority(state),
            gas_smell=state.gas_smell,
            end_reason=state.end_reason,
            notes=tuple(state.notes),
        )

    # ---------------------------------------------------------------- one turn

    async def _handle(self, state: DialogueState, said: str) -> Decision:
        folded = _fold(said)
        self._note_email(state, said)
        emergency = self._emergency_of(state)
        if emergency != "gas" and (mentions_gas(folded) or self._gas_suspected(state, folded)):
            return await self._emergency(state, said, "gas")
        if emergency is None and state.phase != "forwarding":
            # a danger told as over and seen to before, going on again now ("… die Stadtwerke haben
            # abgesperrt" – "es riecht aber immer noch"): the emergency of its kind
            revived = self._settled_revived(state, folded)
            if revived is not None:
                return await self._emergency(state, said, revived)
        naming = state.phase == "identify" or (state.phase == "slot" and state.current in _NAMING_SLOTS)
        # After the general safety sentence a kind of danger named later gets its own advice.
        if emergency in (None, GENERAL_EMERGENCY) and state.phase != "forwarding":
            # In a name or a street only what cannot be one: "Rauch", "Am Brand 3" are no fire, but
            # "Schmidt, und jetzt ist ein Rohr geplatzt" is a burst pipe.
            hazard = hazard_kind(folded, naming=naming)
            if hazard is None and emergency == GENERAL_EMERGENCY:
                hazard = self._danger_beside_place(state, folded)
            if hazard is not None:
                return await self._emergency(state, said, hazard)
        if emergency in (None, GENERAL_EMERGENCY) and state.phase in _ANSWER_PHASES:
            danger = await self._danger_in_answer(state, said, folded, naming=naming)
            if danger is not None:
                return danger
        # A short question back first; a longer first sentence may carry the reason (see _on_reason).
        if state.phase in ("identify", "slot", "confirm", "correct") or (state.phase == "reason" and len(_words(said)) <= 6):
            back = self._question_back(state, folded)
            if back is not None:
                return back
        # "Sind Sie ein Mensch oder ein Computer?" asks what we are; it is no request for a person.
        if state.phase != "forwarding" and _HUMAN.search(_MACHINE_QUESTION.sub(" ", folded)):
            return await self._human(state, said)
        if state.phase == "identify":
            return await self._on_identify(state, said)
        if state.phase == "slot":
            return await self._on_slot(state, said, folded)
        if state.phase == "confirm":
            return await self._on_confirm(state, said, folded)
        if state.phase == "correct":
            return await self._on_correct(state, said, folded)
        if state.phase == "forwarding":  # speech while a forward was pending: carry on taking the message
            return await self._next(state, "", "speech_during_forward")
        return await self._on_reason(state, said)

    @staticmethod
    def _danger_beside_place(state: DialogueState, folded: str) -> str | None:
        """After the general safety sentence, the answer to the street question with a danger told
        beside the street ("Gartenweg sieben, und jetzt riecht es nach Rauch", "es brennt"): the
        kind of danger named in what is left without the street, so "Am Brand drei" or "in der
        Rauchgasse" name none. Not water (its loose words are in street and device names)."""
        if state.phase != "slot" or state.current not in _PLACE_QUESTIONS:
            return None
        rest = _PLACE_SAID.sub(" ", _fold(words_to_digits(folded)))
        if not _words(rest):
            return None
        kind = emergency_kind(rest)
        return kind if kind not in (None, "water") else None

    async def _danger_in_answer(self, state: DialogueState, said: str, folded: str, *, naming: bool) -> Decision | None:
        """A danger told in the answer to another question ("Ihr Name?" – "ja weil uns allen so
        schwindlig ist, seit die Therme läuft"): the answer is classified as the reason is, and when the
        engine hears the emergency task and the safety rules name the kind of danger in it, the call
        becomes an emergency with that kind's advice, keeping everything said so far. In an
        answer to a name or street question a danger must be named ("Anna Rauch" is a name: the name
        the engine heard introduced is left out, see :meth:`_classify_reason`); an answer that denies
        the danger ("nein, kein Gasgeruch") is none for the engine or the rules."""
        emergency = self._emergency_task()
        if emergency is None or len(_words(said)) < _ANSWER_DANGER_MIN_WORDS:
            return None
        if state.reason_texts and co_signs(_fold(" ".join([*state.reason_texts, said]))):
            # The source was named before ("die Gastherme brennt so gelb"), the symptoms come now ("wir
            # haben alle Kopfweh"): carbon monoxide, a safety rule of its own like in one sentence.
            return await self._emergency(state, said, "co")
        count = len(state.classifications)
        task_id = await self._classify_reason(state, said)
        if task_id != emergency.id:
            del state.classifications[count:]  # no reason was classified: the record stays the reason's
            return None
        # An answer is no reason sentence: the engine alone misreads fragments ("Luft-Wasser-Wärmepumpe",
        # "taut ab und bläst kalt"), so the rules must name the danger too — a water danger by the strict
        # rules only (the loose water words are in every device name: Warmwasser, Luft-Wasser). The
        # strict rules in full already found nothing in _handle unless it read the answer as a name.
        if state.phase == "slot" and state.current in _PLACE_QUESTIONS:
            folded = _PLACE_SAID.sub(" ", _fold(words_to_digits(folded)))  # "in der Rauchgasse vier" is no smoke
        kind = hazard_kind(folded) if naming else None
        if kind is None:
            loose = emergency_kind(folded)
            kind = loose if loose != "water" else None
        if kind is None and _FROST_DANGER.search(folded) and self._emergency_of(state) is None:
            # No heat in hard frost ("minus zwölf Grad, die Leitungen frieren ein"): no advice of a kind,
            # the general safety sentence and the emergency task, as for a first sentence.
            state.reason_texts.append(said)
            return await self._task_chosen(state, emergency.id, "")
        if kind is not None and state.reason_texts:
            # The danger the reason told as over and seen to, named again and still nothing of it live
            # ("gestern war die Feuerwehr wegen Gasgeruch da …" – "die Feuerwehr hat das Gas an der
            # Therme abgedreht, jetzt geht nix"): no new danger.
            earlier = _fold(" ".join(state.reason_texts))
            base = "smoke" if kind == "co" else kind
            if danger_over(earlier, base) and danger_over(f"{earlier} {folded}", base):
                kind = None
        if kind is None:
            del state.classifications[count:]
            return None
        return await self._emergency(state, said, kind)

    async def _on_identify(self, state: DialogueState, said: str) -> Decision:
        state.identified = True
        found = await self._extract(state, said, ["caller_name"])
        picked = self._pick_candidate(state, said)
        prefix = ""
        if picked is not None:
            state.contact = picked
            prefix = self.texts.thanks_name.format(name=self._contact_address(state))
        else:
            name = found.get("caller_name")
            bare = self._bare_name(said)
            checked = self._check("caller_name", said, name or (SlotValue(bare, None, 0.6) if bare else None))
            if checked is not None:  # "Ja." or "wer ist da?" is no name
                state.slots["caller_name"] = {"value": _clean(checked.value), "normalized": None, "source": SOURCE_CALLER}
        # The answer may already say why they call ("Müller, meine Heizung ist kalt").
        if len(_words(said)) >= 4:
            task_id = await self._classify_reason(state, said)
            if task_id is not None:
                state.reason_texts.append(said)
                return await self._task_chosen(state, task_id, prefix)
        return await self._next(state, prefix, "contact_identified" if picked else "contact_unclear")

    async def _on_reason(self, state: DialogueState, said: str) -> Decision:
        state.reason_texts.append(said)
        task_id = await self._classify_reason(state, said)
        if task_id is not None:
            return await self._task_chosen(state, task_id, "")
        # No reason in it: maybe a question back ("Wer ist da?"), answered before asking again.
        back = self._question_back(state, _fold(said))
        if back is not None:
            state.reason_texts.remove(said)
            return back
        state.unsure_retries += 1
        if state.unsure_retries == 1:
            text = self._ask_again_text()
            return self._ask(state, "reason", text, self._reason_hints(), "reason_unsure", question=text)
        state.message_mode = True
        for text in state.reason_texts:
            await self._apply(state, await self._extract(state, text, self._wanted(state)), solicited=None)
        state.pending = self._plan(state)
        return await self._next(state, self.texts.take_message, "reason_unsure_twice_message")

    async def _task_chosen(self, state: DialogueState, task_id: str, prefix: str) -> Decision:
        emergency = self._emergency_task()
        if emergency is not None and emergency.id == task_id and self._emergency_of(state) is None and state.reason_texts:
            # The engine heard an emergency the rules did not: the advice still comes first, and the
            # call is as short as every emergency call (no kind of danger recognised: the general
            # safety sentence).
            kind = emergency_kind(_fold(" ".join(state.reason_texts))) or GENERAL_EMERGENCY
            said = state.reason_texts.pop()
            return await self._emergency(state, said, kind)
        state.task_id = task_id
        task = self._task(state)
        if task is not None and task.priority == "urgent":
            state.urgent = True
        for text in state.reason_texts:
            await self._apply(state, await self._reason_details(state, text), solicited=None, text=text)
            if (state.slots.get("callback_number") or {}).get("source") == SOURCE_CALLER and _ABOUT_NUMBER.search(_fold(text)):
                # "… im Büro null sieben neun eins … oder nachmittags auf dem Handy null eins sieben …"
                self._note_other_numbers(state, text)
        self._drop_name_of_person_concerned(state)
        self._from_reason(state)
        state.pending = self._plan(state)
        forward = self._task_forward(state)
        if forward is not None:
            number, text, timeout = forward
            return self._forward(state, number, _join(prefix, text), timeout, "task_forward")
        if state.urgent:
            prefix = _join(prefix, self.texts.urgent_message)
        return await self._next(state, prefix, "task_recognised")

    async def _on_slot(self, state: DialogueState, said: str, folded: str) -> Decision:
        slot = state.current or ""
        name_before = self._slot(state, "caller_name")
        switched = await self._topic_change(state, said, folded, marked_only=True)
        if switched is not None:
            return switched
        if slot in ("caller_name", SURNAME):
            given = _CONCESSION.sub("", said, count=1)
            if given != said and _words(given):  # "na guat, Elfriede Kainz": the name is what follows
                said, folded = given, _fold(given)
        if slot == ADDRESS_CHECK:
            return await self._on_address_check(state, said, folded)
        if slot == CONTACT_PLACE:
            return await self._on_contact_place(state, said, folded)
        rest, corrected = await self._take_house_number(state, slot, said)
        if not corrected:
            rest, corrected = await self._take_late_correction(state, slot, said)
        if corrected and not _words(rest):
            return self._ask_again_corrected(state, slot, state.last_question, "corrected_late")
        if corrected:
            said, folded = rest, _fold(rest)
        if slot == FAULT_DETAILS:
            return await self._on_fault_details(state, said, folded)
        if slot == FAULT_CODE:
            return await self._on_fault_code(state, said, folded)
        if slot == WISH_HOUR:
            return await self._on_wish_hour(state, said, folded)
        if slot == SURNAME:
            return await self._on_surname(state, said)
        if slot == HOUSE_NUMBER:
            return await self._on_house_number(state, said)
        if slot == SHOWN_NUMBER:
            return await self._on_shown_number(state, said, folded)
        if slot == "fault" and (self._wish_not_fault(state) or _no_damage(folded)):
            return await self._on_wished_work(state, said, folded)
        question, required = self._question(state, slot)
        wanted = self._wanted(state)
        if slot in SLOT_NAMES and slot not in wanted:
            wanted.append(slot)
        if slot in REFERENCE_SLOTS:
            # The digits of a document number are no postcode or house number ("R E 2026, 1147").
            wanted = [w for w in wanted if w not in ("street", "postcode", "city")]
        correcting = bool(_CORRECTION.search(folded))
        text = self._without_negated(said) if correcting else said
        found = await self._extract(state, text, wanted)
        if slot in SLOT_NAMES:
            await self._answer_after_mid_correction(state, slot, said, found)
        short = len(_words(said)) <= 6
        if slot == "callback_number" and state.caller_number and _THIS_NUMBER.search(folded) and "callback_number" not in found:
            found["callback_number"] = SlotValue(
                readback.display_phone(state.caller_number, self.region), state.caller_number, 1.0
            )
        dont_know = (short and bool(_DONT_KNOW.search(folded))) or is_refusal(said)
        if slot == "callback_number" and dont_know and not short and not _ABOUT_NUMBER.search(folded):
            # "… und ich weiß nicht, wo man das zudreht": still telling what happens, no answer to
            # the number question (no number in it): asked once more.
            dont_know = False
        rejected = False
        if slot in SLOT_NAMES:
            extracted = found.pop(slot, None)
            if extracted is None and slot == "caller_name":
                # "Anna Berger, ich möchte den Chef sprechen", "Thomas Lehnert und meine Nummer
                # ist …": the name is the first part.
                first = _NEXT_DETAIL.split(re.split(r"[,.;!?]", said, maxsplit=1)[0], maxsplit=1)[0]
                if first != said and self._check(slot, text, None) is None:
                    extracted = self._check(slot, first, None)
            candidate = extracted
            if candidate is None and slot in _FREE_TEXT_SLOTS and not dont_know:
                candidate = SlotValue(said, None, 0.5)  # a description as said; the check decides
            checked = self._check(slot, text, candidate)
            if extracted is None and (is_non_answer(said) or dont_know):
                checked = None  # "ja", "hm", "ist egal", a question back: whatever a check makes of the words
            if checked is not None:
                found[slot] = checked
            else:
                rejected = not dont_know
        urgency = found.get("urgency")
        if slot in _NAMING_SLOTS and urgency is not None and urgency.normalized == "urgent":
            # "Feuer" to the name question is Herr Feuer: a danger in a name or street answer is
            # for the safety rules to find (they would have taken the call as an emergency).
            found.pop("urgency")
        said_code = found.get("fault")
        has_code = said_code is not None and bool(said_code.normalized or _ERROR_CODE.search(said_code.value))
        if slot != "fault" and said_code is not None and has_code and not self._fault_code_known(state):
            # "Vaillant Therme, Fehler F28" to the device question: the code joins the fault
            # described before instead of being dropped as an unsolicited detail.
            checked_code = self._check("fault", text, found.pop("fault"))
            if checked_code is not None:
                self._add_to_fault(state, checked_code)
        if slot == "preferred_time" and not has_code and "fault" in found and _TIME_DECLINED.search(folded):
            # "mäntig gaht nöd, nur zischtig am morge": a day that does not suit is no fault.
            found.pop("fault")
        if (
            slot == "preferred_time"
            and self._is_earlier_appointment(state, found.get("preferred_time"))
            and re.search(r"\b" + NOT + r"\b", folded)
        ):
            # "Wann würde es Ihnen stattdessen passen?" – "der Termin am Montag, den kann ich nicht":
            # the day named is the appointment to move or cancel again, no wish.
            found.pop("preferred_time")
            state.notes.append(said)
            rejected, dont_know = False, True
        if slot == "preferred_time" and _no_new_time(folded):
            # "Wann würde es Ihnen stattdessen passen?" – "keinen neuen Termin, absagen bitte": a
            # cancellation is no wished time; it is noted, nothing asked again.
            found.pop("preferred_time", None)
            state.notes.append(said)
            rejected, dont_know = False, True
        earlier = {k: v for k, v in found.items() if k != slot and k in state.slots}
        before = {k: dict(v) for k, v in state.slots.items()}
        await self._apply(state, found, solicited=slot, override=state.correcting, text=text)
        if slot == "callback_number":
            self._note_other_numbers(state, text)
        if correcting:
            # An earlier detail is replaced only by words that clearly name it (its topic or its old
            # value): a hesitant "Moment, da steht …" to the device question corrects no name.
            earlier = {k: v for k, v in earlier.items() if self._names_earlier_detail(state, k, folded)}
        if correcting and earlier:
            await self._apply(state, self._merged(state, earlier), solicited=None, override=True, text=text)
        corrected_earlier = any(state.slots.get(k) != before.get(k) for k in earlier)
        answered = slot in found
        if not answered and slot == "postcode" and self._emergency_of(state) is not None:
            # The place in an emergency is asked once: a city instead of the postcode is kept,
            # and nothing is asked again.
            city = found.get("city") or self._check("city", text, None)
            # "weiß ich grad nicht, ist Neukölln": not knowing the postcode, the place named is kept.
            if city is not None and not self._is_known(state, "city") and (not dont_know or "city" in found):
                await self._apply(state, {"city": city}, solicited="city", text=text)
            answered = True
        if slot not in SLOT_NAMES:  # a custom slot: the answer as said
            if state.attempts == 0 and _NUMBER_SLOT.search(slot) and _YES.search(folded) and is_non_answer(said):
                # "Ja" to "Wie lautet die Rechnungsnummer, falls Sie sie zur Hand haben?": the number next.
                state.attempts = 1
                again = self.texts.say_the_number
                return self._ask(state, "slot", again, self._slot_hints(state, slot), f"slot_yes:{slot}", question=again)
            if not dont_know:
                checked = self._check(slot, said, SlotValue(said, None, 0.5))
                if checked is not None:
                    normalized = checked.normalized
                    if self._is_person_slot(state, slot):
                        member = self._staff_wanted(said, context=" ".join([said, *state.reason_texts]))
                        normalized = staff_ref(member.id) if member is not None else None
                    state.slots[slot] = {"value": _clean(checked.value), "normalized": normalized, "source": SOURCE_CALLER}
            answered = True
        elif not answered and dont_know and not corrected_earlier and not (slot == "caller_name" and not _DECLINE.search(folded)):
            # "weiß ich nicht": no follow-up question. Not for the caller's own name: "das weiß ich
            # doch nicht" there is a misheard question, asked once more (a refusal is respected).
            answered = True
        if not answered and corrected_earlier:
            # Only an earlier detail was corrected: the question is still open.
            return self._ask_again_corrected(state, slot, question, "corrected_earlier")
        if not answered:
            # An answer that does not fit may name another reason ("es ist doch die Rechnung").
            switched = await self._topic_change(state, said, folded, marked_only=False)
            if switched is not None:
                return switched
            if slot in _ADDRESS_SLOTS and self._slot(state, "caller_name") != name_before and state.attempts == 0:
                # "Petra Lange" to the address question: the name is noted, the question comes again as asked
                state.attempts = 1
                return self._ask(
                    state, "slot", question, self._slot_hints(state, slot), f"slot_name_first:{slot}", question=question
                )
            if (required or rejected) and state.attempts == 0:
                state.attempts = 1
                again = self._retry_question(slot, question)
                return self._ask(
                    state,
                    "slot",
                    _join(self.texts.retry_prefix if rejected else self.texts.not_understood_retry, again),
                    self._slot_hints(state, slot),
                    f"slot_retry:{slot}",
                    question=again,
                )
            # Asked twice: what is known stays, an implausible answer is not stored.
        if slot not in state.done:
            state.done.append(slot)
        if slot == "postcode" and self._asks_city_with_postcode(state) and "city" not in state.done:
            state.done.append("city")  # asked together: not asked again on its own
        state.current = None
        state.attempts = 0
        if state.correcting:
            state.correcting = False
            # Nothing new said ("das weiß ich nicht"): read back again without claiming a correction.
            return self._readback_again(state, changed=state.slots.get(slot) != before.get(slot))
        return await self._next(state, "", f"slot_done:{slot}")

    async def _on_shown_number(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to "Können wir Sie unter der Nummer zurückrufen, von der Sie gerade
        anrufen?": "ja", "passt", "die Nummer hier", "weiß ich nicht" or anything without another
        number keep the number shown. Another number said becomes the callback number when the
        caller prefers it ("nein, besser unter …", "am besten meine Frau unter …", or nothing said
        for the shown one); the shown one stays as a further number in the notes. Said as an
        alternative after keeping the shown one ("die hier, und wenn ich nicht rangeh meine Frau
        …") it goes to the notes. A bare "nein" gets the number question once."""
        shown = re.sub(r"\D", "", state.caller_number or "")
        others = [n for n in await self._numbers_said(state, said) if not self._is_number(n, shown)]
        keeps_shown = bool(_THIS_NUMBER.search(folded) or _SHOWN_NAMED.search(folded)) or bool(
            re.match(r"\s*(?:\w+\s+){0,2}?(?:ja|jo|jawohl|genau|passt|gern\w*|freilich|sicher|hier|do|da)\b", folded)
        )
        if others:
            first = others[0]
            prefers_other = bool(_OTHER_NUMBER_PREFERRED.search(folded)) or not keeps_shown
            if prefers_other:
                state.slots["callback_number"] = {"value": first.value, "normalized": first.normalized, "source": SOURCE_CALLER}
                rest = [readback.display_phone(state.caller_number or "", self.region), *(n.value for n in others[1:])]
            else:
                rest = [n.value for n in others]
            for value in rest:
                note = self.texts.note_other_number.format(number=value)
                if value and note not in state.notes:
                    state.notes.append(note)
        elif not keeps_shown and _NOT_THIS_NUMBER.search(folded):
            # "nein" and no number: asked for it once (an answer without one keeps the shown number).
            if SHOWN_NUMBER not in state.done:
                state.done.append(SHOWN_NUMBER)
            state.current = "callback_number"
            state.attempts = 0
            if "callback_number" not in state.asked:
                state.asked.append("callback_number")
            question = self.texts.question_callback
            return self._ask(
                state, "slot", question, self._slot_hints(state, "callback_number"), "shown_number_no", question=question
            )
        return await self._one_off_answered(state, SHOWN_NUMBER)

    async def _numbers_said(self, state: DialogueState, said: str) -> list[SlotValue]:
        """The dialable phone numbers in ``said``, the extractor's first, in the order said (a
        postcode or house number is none)."""
        numbers: list[SlotValue] = []
        found = (await self._extract(state, said, ["callback_number"])).get("callback_number")
        checked = self._check("callback_number", said, found) if found is not None else None
        candidates = [*([checked] if checked is not None else []), *self._phone_numbers_in(said)]
        for candidate in candidates:
            if not candidate.normalized:
                continue
            digits = re.sub(r"\D", "", candidate.normalized)
            if not any(self._is_number(n, digits) for n in numbers):
                numbers.append(candidate)
        return numbers

    def _is_number(self, number: SlotValue, digits: str) -> bool:
        """Whether ``number`` is the number ``digits`` (E.164 digits), said anew maybe with a
        digit or two misheard."""
        own = re.sub(r"\D", "", str(number.normalized or ""))
        return bool(own and digits) and (own == digits or self._same_number_again(own, digits))

    def _note_other_numbers(self, state: DialogueState, said: str) -> None:
        """A second number said with the callback number ("… und wenn keiner rangeht, meine Frau
        auf dem Handy null eins fünf …"): the technician tries it when the first one does not
        answer, so it goes to the notes."""
        stored = state.slots.get("callback_number") or {}
        kept = re.sub(r"\D", "", str(stored.get("normalized") or ""))
        if not kept or _MID_CORRECTION.search(" " + said) or _CORRECTION.search(_fold(said)) or "falsch" in _fold(said):
            return  # a number corrected within the answer is one number
        for checked in self._phone_numbers_in(said):
            if self._is_number(checked, kept):
                continue
            note = self.texts.note_other_number.format(number=checked.value)
            if note not in state.notes:
                state.notes.append(note)

    def _phone_numbers_in(self, said: str) -> list[SlotValue]:
        """Each run of at least seven digits in ``said`` (numbers corrected while said settled)
        that checks as a dialable phone number, in the order said."""
        numbers: list[SlotValue] = []
        for run in re.findall(r"\+?\d[\d\s,./-]*\d", corrected_numbers(words_to_digits(said))):
            if len(re.sub(r"\D", "", run)) < 7:
                continue
            checked = self._check("callback_number", run, None)
            if checked is not None and checked.normalized:
                numbers.append(checked)
        return numbers

    def _note_email(self, state: DialogueState, said: str) -> None:
        """An e-mail address said in any turn ("d Mailadresse isch ruth punkt portmann at bluewin
        punkt ch"): written as an address into the notes (no question asks for it; the office sends
        the copy or the offer there)."""
        for _start, _end, address in spoken_emails(said):
            note = self.texts.note_email.format(address=address)
            if note not in state.notes:
                state.notes.append(note)

    @staticmethod
    def _same_number_again(one: str, other: str) -> bool:
        """The same number said anew with a digit or two changed ("… null null drei, äh, am Schluss
        eine vier: … null null vier"): no second number."""
        if len(one) == len(other):
            return sum(a != b for a, b in zip(one, other, strict=True)) <= 2
        common = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))
        return common >= min(len(one), len(other)) - 3

    async def _on_wished_work(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to the fault question when nothing is broken ("kein Schaden, wir wollen nur
        umbauen, die Badewanne soll raus"), or to what is to be done: no fault is stored (a denial
        is none); the device or item named is kept, the words go to the notes for the team."""
        found = await self._extract(state, said, [s for s in self._wanted(state) if s != "fault"])
        found.pop("fault", None)
        await self._apply(state, found, solicited="device" if "device" in found else None, text=said)
        wish = _NO_DAMAGE.sub("", folded).strip(" ,.;:!?")
        if _words(wish) and not (is_non_answer(said) or _DONT_KNOW.search(folded)):
            state.notes.append(f"Gewünschte Arbeiten: {_clean(said)}")
        if "fault" not in state.done:
            state.done.append("fault")
        state.current = None
        state.attempts = 0
        if state.correcting:
            state.correcting = False
            return self._readback_again(state, changed=False)
        return await self._next(state, "", "slot_done:fault")

    def _ask_again_corrected(self, state: DialogueState, slot: str, question: str, reason: str) -> Decision:
        """An earlier detail was corrected in the answer: "ich habe das korrigiert" and the open
        question again."""
        return self._ask(
            state, "slot", _join(self.texts.corrected, question), self._slot_hints(state, slot), reason, question=question
        )

    async def _answer_after_mid_correction(self, state: DialogueState, slot: str, said: str, found: dict[str, SlotValue]) -> None:
        """ "Am Montag in der Früh, nein, doch nicht Montag, sondern Dienstag ab neun": the answer
        is what follows the correction, when that is an answer to the question on its own."""
        match = _MID_CORRECTION.search(" " + said)
        if match is None or match.start() == 0:
            return
        first = said[: match.start()].strip(" ,.;:!?")
        first_value = (await self._extract(state, first, [slot])).get(slot) if first else None
        if (first_value is None and slot not in _FREE_TEXT_SLOTS) or self._check(slot, first, first_value) is None:
            return  # "so, Entschuldigung, der Hund. Pohl ist mein Name": nothing said before to correct
        # Corrected more than once ("am Mittwuch, nei, am Dunschtig, ah nei, Mittwuch gaht doch
        # nöd, also Dunschtig Namittag am zwei") or settled at the end ("dienstag, nein mittwoch,
        # dienstag hab ich spätdienst, also mittwoch ab zehn"): the last one that names a value wins.
        later_starts = [m.start() for m in list(_MID_CORRECTION.finditer(" " + said))[1:]]
        later_starts += [m.start() for m in _SETTLED.finditer(" " + said) if m.start() > match.start()]
        for start in sorted(later_starts, reverse=True):
            rest = re.split(r"[;!?]|\.(?!\d)", said[start:])[0]
            later_words = self._correction_words(rest)
            for text in (" ".join(later_words).strip(" ,.;:!?"), rest):
                value = await self._corrected_value(state, slot, first, text)
                if value is not None:
                    found[slot] = value
                    return
        if first_value is not None:
            # "nächste Woche Montag, ach nee, Montag geht nicht, lieber Dienstag aber nicht vor
            # zehn": the extractor reads the whole answer, its corrections included; a value other
            # than the one said first is the correction.
            whole = (await self._extract(state, said, [slot])).get(slot)
            if (
                whole is not None
                and (whole.normalized or whole.value) != (first_value.normalized or first_value.value)
                and self._check(slot, said, whole) is not None
            ):
                found[slot] = whole
                return
        words = self._correction_words(said[match.start() :])
        tail = " ".join(words).strip(" ,.;:!?")
        if not tail:
            return
        value = await self._corrected_value(state, slot, first, tail)
        if value is None:
            value = (await self._extract(state, tail, [slot])).get(slot) or self._check(slot, tail, None)
            value = value if value is not None and self._check(slot, tail, value) is not None else None
        if value is not None:
            found[slot] = value
            return
        numbers = re.findall(r"\b\d{1,4}\s?[a-z]?\b", words_to_digits(tail))
        if slot == "street" and numbers and not _words(re.sub(r"\b\d+\s?[a-z]?\b", "", words_to_digits(tail))):
            # "Kärntner Straße hundertzwanzig, na ned hundertzwanzig, hundertzweiundzwanzig": only
            # the house number is corrected.
            head = self._check(slot, said[: match.start()], None)
            if head is not None and re.search(r"\d+\s?[a-z]?$", head.value):
                street = re.sub(r"\d+\s?[a-z]?$", numbers[-1].strip(), head.value)
                found[slot] = self._check(slot, street, None) or head

    async def _corrected_value(self, state: DialogueState, slot: str, first: str, text: str) -> SlotValue | None:
        """The value of a correction ``text`` of ``first``; a day corrected keeps the week said
        before it ("nächste Woche Dienstag, nein, Mittwoch" → Mittwoch of next week)."""
        if not text:
            return None
        week = _WEEK_WORDS.search(first.lower()) if slot == "preferred_time" else None
        if week is not None and not _WEEK_WORDS.search(text.lower()):
            with_week = f"{week.group(0)} {text}"
            value = (await self._extract(state, with_week, [slot])).get(slot)
            if value is not None and self._check(slot, with_week, value) is not None:
                return value
        value = (await self._extract(state, text, [slot])).get(slot)
        if value is not None and self._check(slot, text, value) is not None:
            return value
        return None

    @classmethod
    def _correction_words(cls, after: str) -> list[str]:
        """The words of a correction's answer: up to the end of that sentence ("…, null eins sechs
        …" after it answers another question), past a part that is only the correction itself
        ("vierzig, nei halt, vierundvierzig") and without what it negates; when that leaves
        nothing ("na ned hundertzwanzig hundertzweiundzwanzig", no pause to tell them apart), all
        of it (the last number wins)."""
        lead = _CORRECTION_LEAD | {"quatsch", "sorry", "pardon", "ich", "meine", "lieber"}
        for text in (cls._without_negated(after), after):
            for part in re.split(r"[,;!?]|\.(?!\d)", text):
                words = part.split()
                while words and _fold(words[0]).strip(".,;:!?") in lead:
                    words.pop(0)
                if words:
                    return words
        return []

    async def _described_fault(self, state: DialogueState, said: str) -> bool:
        """The answer to the code question when no fault is noted yet ("rots lämpli, er startet
        nöd"): what the caller sees and hears is the fault, as said — checked as an answer to the
        fault question would be. Whether it was taken."""
        if self._slot(state, "fault"):
            return False
        described = self._check("fault", said, SlotValue(_clean(said), None, 0.5))
        if described is None:
            return False
        return await self._apply(state, {"fault": described}, solicited="fault", text=said)

    async def _on_fault_details(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to "Welches Gerät ist es, und zeigt es eine Fehlermeldung oder einen Code
        an?": the device replaces a generic one, a code joins the fault description. Asked once:
        "weiß ich nicht", "nein, kein Code" or an answer without either ends it all the same."""
        ask_device, ask_maker, ask_code = self._fault_details_missing(state)
        found = await self._extract(state, said, self._wanted(state))
        device = found.pop("device", None)
        fault = found.pop("fault", None)
        before = {k: dict(v) for k, v in state.slots.items()}
        await self._apply(state, found, solicited=None, text=said)  # a name or a time said along
        # Another question's answer given here ("übermorgen Nachmittag"): no second maker question.
        answered_other = any(state.slots.get(k) != before.get(k) for k in state.slots if k not in _DETAIL_SLOTS)
        kept = False
        # "das ist ne Junkers, nee quatsch, Vaillant": the maker said last
        match = _MID_CORRECTION.search(" " + said)
        corrected = said[match.end() - 1 :] if match is not None and match.start() > 0 else said
        maker = (maker_in(corrected) or maker_in(said)) if ask_maker else None
        if maker is not None and (device is None or maker_in(device.value) == device.value.strip()):
            # "Das ist eine Vaillant" to "Von welchem Hersteller ist das Gerät?": the maker joins the device.
            old = self._slot(state, "device")
            state.slots["device"] = {
                "value": f"{maker} {old}"[:300],
                "normalized": (state.slots.get("device") or {}).get("normalized"),
                "source": SOURCE_CALLER,
            }
            kept = True
        elif device is not None and (ask_device or ask_maker):
            checked = self._check("device", said, device)
            if checked is not None:
                value = _clean(checked.value)
                old = self._slot(state, "device")
                old_maker = maker_in(old) if maker_only(old) else None
                # "eine Vaillant Gastherme" to the maker question: the fuller name replaces "Therme".
                fuller = ask_maker and maker_in(value) is not None
                if old_maker is not None:
                    # "Logamax" after "die Buderus": the model joins its maker
                    value = value if maker_in(value) is not None else f"{old_maker} {value}"
                elif not fuller and set(_words(old)) - _GENERIC_DEVICE_WORDS and _fold(value) not in _fold(old):
                    value = _with_new_parts(old, value)  # "Fußbodenheizung im Wohnzimmer, Nibe Wärmepumpe"
                state.slots["device"] = {"value": value[:300], "normalized": checked.normalized, "source": SOURCE_CALLER}
                kept = True
        model = _model_code(said) if ask_device or ask_maker else None
        if model is not None and self._slot(state, "device") and _fold(model) not in _fold(self._slot(state, "device")):
            # "Wolf C G B zwanzig": the type as printed on the device, "Wolf CGB20"
            slot = state.slots["device"]
            slot["value"] = f"{_clean(str(slot.get('value') or ''))} {model}"[:300]
            kept = True
        if fault is not None:
            checked = self._check("fault", said, fault)
            if checked is not None:
                kept = self._add_to_fault(state, checked) or kept
        if not kept and not (bool(_DONT_KNOW.search(folded)) or is_refusal(said) or is_non_answer(said)):
            # Another reason instead of the device ("kei Alarm, es isch d Batterie, chönd Sie die bim
            # nöchschte Service tuusche"): the task switches as for any answer that fits no question.
            switched = await self._topic_change(state, said, folded, marked_only=False)
            if switched is not None:
                return switched
            described = ask_code and not (ask_device or ask_maker) and not answered_other and not _NO_CODE.search(folded)
            if described and await self._described_fault(state, said):
                state.current = None
                state.attempts = 0
                if FAULT_DETAILS not in state.done:
                    state.done.append(FAULT_DETAILS)
                return await self._next(state, "", "slot_done:fault_details")
            state.notes.append(said)  # something else about the device: staff read it as said
            # (A single word may be a maker we do not know: not asked again.)
            sentence = len(_words(said)) >= 3
            if (
                ask_maker
                and not ask_device
                and sentence
                and not answered_other
                and state.attempts == 0
                and maker_in(self._slot(state, "device")) is None
            ):
                # "die steht draußen im Garten" to the maker question: asked once more, plainly
                state.attempts = 1
                question = self.texts.question_maker_again
                return self._ask(state, "slot", question, self._slot_hints(state, "device"), "slot_again:fault_details")
        if FAULT_DETAILS not in state.done:
            state.done.append(FAULT_DETAILS)
        no_code = bool(_NO_CODE.search(folded) or _DONT_KNOW.search(folded)) or is_refusal(said)
        if (
            (ask_device or ask_maker)
            and ask_code
            and not self._fault_code_known(state)
            and not no_code
            and FAULT_CODE not in state.pending
        ):
            # Asked for device and code, heard only the device: the code once on its own, after
            # the fault question if that is still to come (it asks for the code too). Asked for the
            # code alone, the answer was the answer ("er blinkt rot"): not asked a second time.
            after = FAULT_DETAILS
            if "fault" in state.pending and "fault" not in state.done and not self._is_known(state, "fault"):
                after = "fault"
            at = state.pending.index(after) + 1 if after in state.pending else len(state.pending)
            state.pending.insert(at, FAULT_CODE)
        state.current = None
        state.attempts = 0
        return await self._next(state, "", "slot_done:fault_details")

    async def _on_fault_code(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to "Zeigt das Gerät einen Fehlercode an?": a code joins the fault; anything
        else about the device stays in the notes. Asked once."""
        found = await self._extract(state, said, self._wanted(state))
        fault = found.pop("fault", None)
        device = found.pop("device", None)
        await self._apply(state, found, solicited=None, text=said)
        kept = False
        if fault is not None:
            checked = self._check("fault", said, fault)
            if checked is not None:
                kept = self._add_to_fault(state, checked)
        elsewhere = any(name in found for name in ("street", "postcode", "callback_number"))
        if not self._fault_code_known(state) and not elsewhere:
            # "uf em Display staht E sibenezwänzg": to this question a number read off the display
            # is the code, with the letter spoken right before it — unless the number is a house
            # number, postcode or phone number said instead ("Gartenstraße 4" is no code 4).
            shown = _DISPLAYED_CODE.search(words_to_digits(_fold(said)))
            if shown is not None and not _NO_CODE.search(folded):
                code = f"{(shown.group(1) or '').upper()}{shown.group(2)}"
                kept = self._add_to_fault(state, SlotValue(f"Anzeige {code}", None, 0.8)) or kept
        if device is not None and maker_in(device.value) and not maker_in(self._slot(state, "device")):
            kept = self._merge_maker_into_device(state, said) or kept
        unanswered = bool(_NO_CODE.search(folded) or _DONT_KNOW.search(folded)) or is_refusal(said) or is_non_answer(said)
        if not kept and not unanswered and not elsewhere:
            kept = await self._described_fault(state, said)
        if not kept and not unanswered:
            state.notes.append(said)
        return await self._one_off_answered(state, FAULT_CODE)

    async def _on_address_check(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to the emergency address read-back ("Ich wiederhole die Adresse: … Ist das
        richtig?"): a correction is taken as at the read-back ("nee, nicht zweiundachtzig,
        achtundzwanzig"; "die Hausnummer ist achtundzwanzig") and said back once in a statement;
        a "nein" without the right address gets the address asked once more; then the call goes on."""
        if ADDRESS_CHECK not in state.done:
            state.done.append(ADDRESS_CHECK)
        before = self._address_spoken(state)
        no = bool(_NO.search(folded)) or bool(_CORRECTION.search(folded))
        yes = bool(_YES.search(folded)) and not no
        changed = await self._take_swapped_house_number(state, said)
        if not changed:
            _, changed = await self._take_house_number(state, ADDRESS_CHECK, said)
        if not changed:
            changed = await self._take_correction(state, said, folded, confirming=yes)
        if not changed and no:
            topic = self._correction_topic(state, folded) or self._negated_topic(state, said)
            if topic is not None:
                changed = await self._take_topic_correction(state, topic, said)
        after = self._address_spoken(state)
        if changed and after != before:
            return await self._next(state, self.texts.emergency_address_corrected.format(address=after), "address_corrected")
        if no and state.attempts == 0:
            state.attempts = 1
            question = self.texts.emergency_address_again
            return self._ask(state, "slot", question, self._slot_hints(state, "street"), "address_denied", question=question)
        if not yes and not no and not changed and not self._slot(state, "caller_name"):
            # a caller who goes on with the next thing the technician needs ("Karin Vogel")
            name = await self._extract(state, said, ["caller_name"])
            place = set(_words(self._address_spoken(state)))
            if "caller_name" in name and set(_words(name["caller_name"].value)) <= place:
                name = {}  # the address said again ("am Mühlgraben vierzehn") names nobody
            changed = await self._apply(state, name, solicited="caller_name", text=said)
        if not yes and not changed:
            state.notes.append(said)
        return await self._next(state, "", "address_confirmed" if yes else "address_checked")

    async def _on_contact_place(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to "Ist das bei Ihnen, an der Adresse …?" in an emergency of a caller on file:
        yes (or nothing clear) keeps the address on file; a "nein" or another address said makes
        it an emergency elsewhere: where (what was said is kept), the place, the address read back
        and whom to find are asked as of a caller not on file."""
        if CONTACT_PLACE not in state.done:
            state.done.append(CONTACT_PLACE)
        state.current = None
        state.attempts = 0
        found = await self._extract(state, said, ["street", "postcode", "city", "caller_name"])
        no = bool(_NO.search(folded))
        street = found.get("street")
        on_file = _fold((state.contact or {}).get("street") or "")
        same = street is not None and bool(on_file) and _fold(street.value).strip() == on_file.strip()
        if (no or street is not None) and not same:
            state.place_elsewhere = True
            await self._apply(state, found, solicited="street", text=said)
        elif not (_YES.search(folded) or same):
            state.notes.append(said)
        return await self._next(state, "", "contact_place_elsewhere" if state.place_elsewhere else "contact_place_confirmed")

    def _contact_place_question(self, state: DialogueState) -> str:
        contact = state.contact or {}
        place = ", ".join(p for p in (contact.get("street"), contact.get("city")) if p)
        if place:
            return self.texts.emergency_question_contact_place.format(address=place)
        return self.texts.emergency_question_contact_place_on_file

    def _another_name_than_contact(self, state: DialogueState) -> bool:
        """The caller said a name that is not the person on file for the number ("Krause" on Anna
        Schmidt's phone): not the contact. Firms and families keep it (their people have other
        names); a surname or first name that fits keeps it."""
        contact = state.contact
        name = state.slots.get("caller_name") or {}
        if contact is None or not name.get("value") or name.get("source") != SOURCE_CALLER:
            return False
        if _fold(contact.get("salutation") or "") not in ("herr", "frau"):
            return False
        tokens = [w for w in _words(contact.get("name") or "") if len(w) >= 2 and w not in _LEGAL_WORDS]
        said = [w for w in _words(str(name["value"])) if len(w) >= 2 and w not in _NAME_FILLERS and w not in _LEGAL_WORDS]
        if not tokens or not said:
            return False
        return not any(difflib.SequenceMatcher(None, t, w).ratio() >= 0.8 for t in tokens for w in said)

    def _drop_contact_of_another_name(self, state: DialogueState) -> None:
        if not self._another_name_than_contact(state):
            return
        contact = state.contact or {}
        state.notes.append(
            self.texts.note_other_caller.format(name=contact.get("name") or "", code=contact.get("address_code") or "")
        )
        state.contact = None
        if self._emergency_of(state) is not None:
            state.place_elsewhere = True  # the place on file is not theirs: where is asked

    def _address_spoken(self, state: DialogueState) -> str:
        """Street and house number, postcode (digit by digit) and place, as read back."""
        street = self._slot(state, "street")
        postcode = state.slots.get("postcode", {})
        place = " ".join(
            p
            for p in (
                readback.speak_digits(postcode.get("normalized") or "", self.region)
                if postcode.get("normalized")
                else postcode.get("value"),
                self._slot(state, "city"),
            )
            if p
        )
        return ", ".join(p for p in (street, place) if p)

    async def _on_wish_hour(self, state: DialogueState, said: str, folded: str) -> Decision:
        """The answer to "Um welche Uhrzeit ungefähr?" for a callback or visit wished for a day only: a
        time with its own day replaces the wish ("heute Nachmittag zwischen drei und fünf"), an
        hour or part of the day alone joins the day said before ("heute" + "so ab vier"). Asked
        once: "weiß ich nicht" or anything else ends it (something else is kept in the notes)."""
        old = self._slot(state, "preferred_time")
        new: SlotValue | None = None
        for text in (said, f"{old}, {said}"):
            found = (await self._extract(state, text, ["preferred_time"])).get("preferred_time")
            checked = self._check("preferred_time", text, found) if found is not None else None
            if checked is not None and checked.normalized and not _DAY_ONLY.fullmatch(checked.normalized):
                new = SlotValue(checked.value, checked.normalized, 0.9)
                break
        rest = await self._extract(state, said, [w for w in self._wanted(state) if w != "preferred_time"])
        await self._apply(state, rest, solicited=None, text=said)  # a name or a number said along
        if new is None and _no_new_time(folded):
            # "keinen neuen Termin, absagen bitte": the day said before is no wish any more
            state.slots.pop("preferred_time", None)
            state.notes.append(said)
        elif new is not None:
            await self._apply(state, {"preferred_time": new}, solicited="preferred_time", override=True, text=said)
        elif not (_DONT_KNOW.search(folded) or is_refusal(said) or is_non_answer(said)):
            state.notes.append(said)
        return await self._one_off_answered(state, WISH_HOUR)

    async def _on_surname(self, state: DialogueState, said: str) -> Decision:
        """The answer to "Und Ihr Nachname?" after a first name alone: a surname joins it ("Leon"
        + "Schuster"), a whole name replaces it ("Schuster, Leon Schuster"). Asked once."""
        first = self._slot(state, "caller_name")
        found = (await self._extract(state, said, ["caller_name"])).get("caller_name")
        checked = self._check("caller_name", said, found)
        if checked is not None and not (is_non_answer(said) or is_refusal(said)):
            name = _clean(checked.value)
            if len(name.split()) == 1 and first and _fold(name) != _fold(first):
                name = f"{first} {name}"
            await self._apply(state, {"caller_name": SlotValue(name, None, 0.9)}, solicited="caller_name", override=True)
        return await self._one_off_answered(state, SURNAME)

    async def _on_house_number(self, state: DialogueState, said: str) -> Decision:
        """The answer to "Und welche Hausnummer?" after a street without one: the number joins the
        street ("ach so die nummer elf", "dreiunddreißig b"); a street said anew with its number
        ("Bahnhofstraße neun") replaces it. Asked once: "weiß ich nicht", "gibt keine" or anything
        else ends it; other details said along (the postcode) are kept."""
        found = await self._extract(state, said, self._wanted(state))
        found.pop("caller_name", None)  # an address answer names nobody
        street = found.pop("street", None)
        checked = self._check("street", said, street) if street is not None else None
        new: SlotValue | None = None
        if checked is not None and re.search(r"\d", checked.value):
            new = checked  # the street once more, now with its number
        else:
            digits = _fold(words_to_digits(self._without_negated(said)))
            postcode = (found.get("postcode") or SlotValue("", None, 0.0)).value
            for match in _HOUSE_NUMBER_ANSWER.finditer(digits):
                if match.group(1) in re.sub(r"\D", "", postcode):
                    continue
                numbered = _with_house_number(self._slot(state, "street"), f"{match.group(1)}{match.group(2) or ''}")
                if numbered:
                    new = SlotValue(numbered, None, 0.9)
                break
        if new is not None:
            await self._apply(state, {"street": new}, solicited="street", override=True, text=new.value)
        # The rest of the address said along ("eins null eins eins fünf, und die Hausnummer ist
        # siebzehn") answers the address question it belongs to; anything else is unasked.
        for part in ("postcode", "city"):
            if part in found:
                await self._apply(state, {part: found.pop(part)}, solicited=part, text=said)
        await self._apply(state, found, solicited=None, text=said)
        return await self._one_off_answered(state, HOUSE_NUMBER)

    def _house_number_missing(self, state: DialogueState) -> bool:
        """A street the caller said without a house number ("in der Kirchengasse"); not one of the
        address master."""
        street = state.slots.get("street") or {}
        value = str(street.get("value") or "")
        if not value or street.get("source") not in (SOURCE_CALLER, SOURCE_REASON) or re.search(r"\d", value):
            return False
        # a name said to the address question ("Petra Lange") is no street to complete
        return names_a_street(value)

    def _first_name_only(self, state: DialogueState) -> bool:
        """The caller's name is a first name alone ("ich bin der Leon"); not for a known contact."""
        if state.contact is not None:
            return False
        # In an emergency too, asked once at the end: the doorbell the on-call technician looks for
        # carries the surname (a child "ich bin die Mia"; "Und Ihr Nachname?" answered with the
        # danger instead is asked once more).
        words = _words(self._slot(state, "caller_name") or "")
        return len(words) == 1 and is_first_name_only(words[0])

    def _wish_day_only(self, state: DialogueState) -> bool:
        """A callback or visit wished for a day without an hour or part of the day ("heute", "morgen"),
        said unasked (with the reason): a caller asked when who answers "morgen" has chosen."""
        wish = state.slots.get("preferred_time") or {}
        said_unasked = "preferred_time" not in state.asked
        return (
            said_unasked and wish.get("source") == SOURCE_CALLER and bool(_DAY_ONLY.fullmatch(str(wish.get("normalized") or "")))
        )

    @staticmethod
    def _add_to_fault(state: DialogueState, value: SlotValue) -> bool:
        """A code or symptom from the follow-up joins the fault described before ("Heizung bleibt
        kalt" + "Fehler F28" → "Heizung bleibt kalt, Fehler F28"); whether anything was added."""
        old = state.slots.get("fault") or {}
        old_value = str(old.get("value") or "")
        new_parts = [p.strip() for p in _clean(value.value).split(",") if p.strip() and _fold(p.strip()) not in _fold(old_value)]
        if not new_parts:
            return False
        joined = ", ".join([old_value, *new_parts]) if old_value else ", ".join(new_parts)
        state.slots["fault"] = {
            "value": joined[:300],
            "normalized": value.normalized or old.get("normalized"),
            "source": SOURCE_CALLER,
        }
        return True

    async def _on_confirm(self, state: DialogueState, said: str, folded: str) -> Decision:
        switched = await self._topic_change(state, said, folded, marked_only=True)
        if switched is not None:
            return switched
        no = bool(_NO.search(folded)) or bool(_CORRECTION.search(folded))
        yes = bool(_YES.search(folded)) and not no
        if no:
            taken, topic = await self._take_any_correction(state, said, folded)
            if taken is not None:
                return taken
            if topic is not None:
                return self._ask_correction_of(state, topic)
            return self._ask(state, "correct", self.texts.ask_correction, self._correction_hints(), "confirm_denied")
        if await self._take_correction(state, said, folded, confirming=yes):
            return self._readback_again(state)
        if not yes:
            state.notes.append(said)
        return self._closing(state, "", "confirmed" if yes else "confirm_unclear_accepted")

    async def _on_correct(self, state: DialogueState, said: str, folded: str) -> Decision:
        switched = await self._topic_change(state, said, folded, marked_only=True)
        if switched is not None:
            return switched
        taken, topic = await self._take_any_correction(state, said, folded)
        if taken is not None:
            return taken
        if topic is not None and not state.correcting:
            return self._ask_correction_of(state, topic)
        if _YES.search(folded) and not _NO.search(folded):
            return self._closing(state, "", "nothing_to_correct")  # "ja genau": nothing is changed
        state.notes.append(said)
        return self._closing(state, self.texts.correction_noted, "correction_noted")

    async def _take_any_correction(self, state: DialogueState, said: str, folded: str) -> tuple[Decision | None, str | None]:
        """A "no" at the read-back, or the answer to "Was soll ich korrigieren?": a document number
        or part of it, a detail taken back, a correction with its new value, a number said again,
        a detail named with its new value — each taken and read back once more. Returns that
        read-back, else ``None`` and the detail named without a new value (to be asked for)."""
        if self._take_number_correction(state, self._correction_topic(state, folded) or "", said):
            return self._readback_again(state), None  # a document number read back, or a part of it
        withdrawn = await self._take_withdrawal(state, said, folded)
        if withdrawn is not None:
            return self._after_withdrawal(state, withdrawn), None
        if await self._take_correction(state, said, folded):
            return self._readback_again(state), None
        topic = self._correction_topic(state, folded) or self._negated_topic(state, said)
        if topic is None and self._number_said_again(state, said):
            return self._readback_again(state), None
        if topic is not None and (
            self._take_number_correction(state, topic, said) or await self._take_topic_correction(state, topic, said)
        ):
            return self._readback_again(state), None
        return None, topic

    # ---------------------------------------------------------------- corrections, topic changes, questions back

    @staticmethod
    def _without_negated(said: str) -> str:
        """A correction without what it negates: "nein, nicht Dienstag, Mittwoch" → "nein, Mittwoch".
        Two numbers after the "nicht" with no "sondern" between them ("na ned hundertzwanzig
        hundertzweiundzwanzig"): the first is negated, the last is the new one. Digits said one by
        one ("nicht acht acht") are one number."""

        def cut(match: re.Match[str]) -> str:
            part = match.group(0)
            numbers = re.findall(r"\d+", words_to_digits(part))
            several = len(numbers) >= 2 and any(len(n) > 1 for n in numbers)
            if several and not re.search(r"\bsondern\b", part, re.IGNORECASE):
                return f" {numbers[-1]}{',' if ',' in part else ''} "
            return ""

        return _NEGATED_TAIL.sub(cut, _NEGATED_PART.sub(cut, said)).strip() or said

    async def _take_late_correction(self, state: DialogueState, slot: str, said: str) -> tuple[str, bool]:
        """A detail corrected later in the call, in a sentence of its own inside an answer to
        another question ("… F28. Ach, und die Hausnummer vorhin war falsch, es ist 44, nicht 40"):
        that sentence replaces the detail it names (as a correction at the read-back would), the
        rest is the answer. Returns the rest and whether something was corrected."""
        sentences = [part for part in re.split(r"(?<=[.!?;])\s+", said) if part.strip()]
        kept: list[str] = []
        corrected = False
        for sentence in sentences:
            folded = _fold(sentence)
            swapped = await self._take_swapped_value(state, slot, sentence)
            if swapped is not None:
                kept.append(swapped)
                corrected = True
                continue
            mark = _LATE_CORRECTION.search(folded)
            topic = (
                next((name for name, pattern in _CORRECTION_TOPICS if pattern.search(folded[: mark.start()])), None)
                if mark
                else None
            )
            # A name not yet asked (the emergency asks it last) is taken the same way: "der Nachname
            # vorhin, das ist Schulze" gives the surname the on-call technician looks for.
            unknown = not state.slots.get(topic or "") and not (topic == "caller_name" and state.contact is None)
            if mark is None or topic is None or topic == slot or topic not in SLOT_NAMES or unknown:
                kept.append(sentence)
                continue
            # The words after the complaint carry the new value ("…, es ist vierundvierzig, nicht vierzig").
            value = self._after_fold_index(sentence, mark.end())
            if topic in ("street", "postcode"):
                value = words_to_digits(value)  # "es ist sechzehn" → the house number 16
            if _words(value) and await self._take_topic_correction(state, topic, value):
                corrected = True
            else:
                kept.append(sentence)
        return (" ".join(kept), True) if corrected else (said, False)

    async def _take_swapped_value(self, state: DialogueState, slot: str, sentence: str) -> str | None:
        """A clause that names a detail given before and swaps its old value for a new one ("…,
        und mei Name is nit Müller sondern Möller mit ö", CH "min Name isch nöd Müller sondern
        Möller"): the detail is replaced as at the read-back. Only when the negated words are part
        of the value noted. Returns the rest of the sentence, ``None`` when nothing was swapped."""
        clauses = [part for part in re.split(r"(?<=,)\s*", sentence) if part.strip()]
        for i, clause in enumerate(clauses):
            folded = _fold(clause)
            mark = _SWAPPED_VALUE.search(folded)
            if mark is None:
                continue
            topic = next((name for name, pattern in _CORRECTION_TOPICS if pattern.search(folded[: mark.start()])), None)
            if topic is None or topic == slot or topic not in SLOT_NAMES or not state.slots.get(topic):
                continue
            old_words = set(_words(_fold(self._slot(state, topic))))
            negated = set(_words(mark.group("old")))
            if not negated or not negated <= old_words:
                continue
            told = re.sub(r"^\W*(?:(?:und|ach|oh|ah|aeh|übrigens|uebrigens|also)\W+)+", "", clause, flags=re.IGNORECASE)
            if await self._take_topic_correction(state, topic, told):
                rest = " ".join(part for j, part in enumerate(clauses) if j != i)
                return re.sub(r"[,\s]*(?:und|and)?\s*$", "", rest).strip(" ,")
        return None

    async def _take_swapped_house_number(self, state: DialogueState, said: str) -> bool:
        """ "na ned dreißig dreizehn, de Hausnummer is dreizehn" (CH "nöd sächzg, sächzäh") for the
        street read back with the house number 30: a number negated and another said right after
        it, without "sondern", is a correction when the negated one is the house number noted.
        Only the house number changes; whether it did."""
        street = self._slot(state, "street")
        current = _house_number_of(street)
        if not current:
            return False
        for match in _NUMBER_SWAPPED.finditer(_fold(words_to_digits(said))):
            old, new = (match.group(i).replace(" ", "") for i in (1, 2))
            if old != current or new == old:
                continue
            replaced = _with_house_number(street, new)
            if replaced:
                value = SlotValue(replaced, None, 0.9)
                return await self._apply(state, {"street": value}, solicited="street", override=True, text=value.value)
        return False

    async def _take_house_number(self, state: DialogueState, slot: str, said: str) -> tuple[str, bool]:
        """A house number said in the answer to another question, once the street is known:
        added ("achttausendzehn, und die Hausnummer is vierzig"; "hundertzwölf ist die
        Hausnummer") or corrected ("die Hausnummer vorher war falsch, es is hundertfünfzehn, ned
        hundertfünf"). It joins the street; the other parts of the turn answer the question.
        Returns the rest and whether the street changed."""
        street = self._slot(state, "street")
        if slot in ("street", HOUSE_NUMBER) or not street or not _HOUSE_NUMBER_WORD.search(_fold(said)):
            return said, False
        clauses = [part.strip() for part in re.split(r"[,.;!?]", said) if part.strip()]
        mark = next((i for i, part in enumerate(clauses) if _HOUSE_NUMBER_WORD.search(_fold(part))), None)
        if mark is None:
            return said, False
        used = [mark]
        numbers = _HOUSE_NUMBER.findall(words_to_digits(self._without_negated(clauses[mark])))
        if not numbers and mark + 1 < len(clauses):  # "… war falsch, es is hundertfünfzehn"
            used.append(mark + 1)
            numbers = _HOUSE_NUMBER.findall(words_to_digits(clauses[mark + 1]))
        after = used[-1] + 1
        if after < len(clauses) and re.match(NOT + r"\b", _fold(clauses[after])):
            used.append(after)  # "…, ned hundertfünf": the number negated
        for i in range(used[-1] + 1, len(clauses)):  # "…, Stiege zwei", "Hinterhaus dritter Stock"
            if not _WHERE_IN_HOUSE.search(_fold(clauses[i])):
                break
            used.append(i)
            state.notes.append(_clean(clauses[i]))
        if len(numbers) != 1 or numbers[0] in re.findall(r"\d+", self._negated_words(words_to_digits(said)) or ""):
            return said, False
        replaced = _with_house_number(street, numbers[0].replace(" ", ""))
        if not replaced:
            return said, False
        new = SlotValue(replaced, None, 0.9)
        changed = await self._apply(state, {"street": new}, solicited="street", override=True, text=new.value)
        if not changed:
            return said, False
        return ", ".join(part for i, part in enumerate(clauses) if i not in used), True

    @staticmethod
    def _after_fold_index(text: str, index: int) -> str:
        """The part of ``text`` after the position ``index`` of its folded form (ä → ae shifts it)."""
        for cut in range(len(text) + 1):
            if len(_fold(text[:cut])) >= index:
                return text[cut:]
        return ""

    def _correction_topic(self, state: DialogueState, folded: str) -> str | None:
        """The detail a correction names: "der Name ist falsch" → caller_name. "Die Nummer …" is
        the number that was read back: the callback number only when it was (a caller-ID number
        is not), else an invoice or estimate number of the read-back ("die Rechnungsnummer …")."""
        references = [slot for slot in self._read_back_slots(state) if _NUMBER_SLOT.search(_fold(slot))]
        for slot in references:  # "die Angebotsnummer ist falsch", "d Offertnummer …"
            stem = _fold(_NUMBER_SLOT.sub("", slot)).rstrip("s")
            words = "|".join(re.escape(w) for w in (stem, *_REFERENCE_WORDS.get(stem, ())) if w)
            if words and re.search(r"\b(?:" + words + r")\w*?\s*-?\s*(?:nummer|nr)\b", folded):
                return slot
        topic = next((slot for slot, pattern in _CORRECTION_TOPICS if pattern.search(folded)), None)
        if topic != "callback_number":
            return topic
        named = [slot for slot in references if _fold(_NUMBER_SLOT.sub("", slot)) and _fold(_NUMBER_SLOT.sub("", slot)) in folded]
        if named:
            return named[0]
        number = state.slots.get("callback_number") or {}
        if number.get("source") != SOURCE_CALLER and len(references) == 1:
            return references[0]
        return topic

    def _negated_topic(self, state: DialogueState, said: str) -> str | None:
        """The detail a correction names by its old value: "Schultze, nicht Schulz" → caller_name
        when the name read back is "Sabine Schulz"; "nicht acht vier null null" → postcode 8400."""
        part = self._negated_words(said)  # without "nicht", "sondern" and the articles
        if not part:
            return None
        words = _words(part)
        digits = re.sub(r"\D", "", words_to_digits(part))
        for slot in (*SLOT_NAMES, *self._read_back_slots(state)):
            value = state.slots.get(slot) or {}
            if value.get("source") != SOURCE_CALLER or not value.get("value"):
                continue
            old_words = set(_words(str(value["value"])))
            old_digits = re.sub(r"\D", "", str(value.get("normalized") or value["value"]))
            if (words and set(words) <= old_words and not digits) or (digits and old_digits.endswith(digits)):
                return slot
        return None

    @staticmethod
    def _number_of_part_named(street: str, rest: str) -> str:
        """ "die Tür is elf" for "Marktgasse 14, Stiege 3, Tür 9": a part of the address named by
        its word with one number is only that number (so "Tür 9" becomes "Tür 11", not "Tür Tür
        is 11"); anything else stays as said."""
        digits = _fold(words_to_digits(rest))
        numbers = re.findall(r"\d+", digits)
        if len(numbers) != 1:
            return rest
        words = set(re.findall(r"[a-z]+", digits)) - _PART_FILLERS
        return numbers[0] if words and words <= set(_words(_fold(street))) else rest

    async def _take_topic_correction(self, state: DialogueState, topic: str, said: str) -> bool:
        """ "Nein, der Name ist falsch, nicht Meyer, sondern Maier": the new value of the detail the
        correction names, read from the same turn as an answer to its question (so the caller is
        not asked again for what they just said); whether it changed."""
        if topic == "street" and _HOUSE_NUMBER_WORD.search(_fold(said)):
            # "na, die Hausnummer is zwölf, ned zwanzig": only the number of the street changes
            _rest, changed = await self._take_house_number(state, "", said)
            if changed:
                return True
        if topic == "callback_number" and self._take_phone_end(state, said):
            return True
        said = self._after_judged_value(said)
        words = self._without_negated(said).split()
        while (
            words
            and (_fold(words[0]).strip(".,;:!?") in _CORRECTION_LEAD or not _words(words[0]))
            and not re.search(r"\d", words[0])
        ):
            words.pop(0)
        rest = " ".join(words).strip(" ,.;:!?")
        if not rest or topic not in SLOT_NAMES:
            return False
        if topic == "street":
            rest = self._number_of_part_named(self._slot(state, topic), rest)
        replaced = await self._parts_replaced(state, {topic: SlotValue(rest, None, 0.5)}, said)
        if replaced[topic].value != rest:  # "die Hausnummer stimmt nicht, nicht drei, sondern dreizehn"
            return await self._apply(state, replaced, solicited=topic, override=True, text=replaced[topic].value)
        if topic == "device" and _MAKER_NAMED.search(_fold(said)) and 1 <= len(rest.split()) <= 2:
            # "der Hersteller, Rika, nicht Hase": the maker is replaced, the device stays
            old = self._slot(state, "device")
            maker = " ".join(w[:1].upper() + w[1:] for w in rest.split())
            new_device = self._replace_part(old, self._negated_words(said), maker) if old else None
            if new_device is None:
                new_device = self._with_maker(old, maker)
            device = SlotValue(new_device, (state.slots.get("device") or {}).get("normalized"), 0.9)
            return await self._apply(state, {topic: device}, solicited=topic, override=True)
        if topic == "fault" and self._fault_code_known(state):
            # "nee, nicht sechs a, sechs c": the code read back is corrected, the words are a code
            coded = (await self._extract(state, f"Fehler {rest}", ["fault"])).get("fault")
            merged = self._merge_code(self._slot(state, "fault"), coded.normalized or "") if coded is not None else None
            if coded is not None and merged is not None:
                return await self._apply(state, {topic: SlotValue(merged, coded.normalized, 0.9)}, solicited=topic, override=True)
        current = state.current
        state.current = topic  # the engine reads the rest as the answer to that question
        try:
            found = await self._extract(state, rest, [topic])
        finally:
            state.current = current
        # What the engine did not read is checked as the plain answer ("acht vier null vier").
        answer = found.get(topic) or self._check(topic, rest, None)
        if answer is None:
            return False
        return await self._apply(state, self._merged(state, {topic: answer}), solicited=topic, override=True, text=rest)

    @classmethod
    def _after_judged_value(cls, said: str) -> str:
        """ "die Postleitzahl is falsch, acht sieben fünf null neun stimmt nicht, das is acht
        sieben fünf vier neun, ich hab mich versprochen": the old value judged wrong comes first,
        the new one after the last "stimmt nicht" / "ist falsch"; the mistake owned at the end is
        no value. A sentence without a value after its judgement is left as it is."""
        folded = _fold(said)
        marks = list(_JUDGED.finditer(folded))
        after = cls._after_fold_index(said, marks[-1].end()) if marks else said
        after = _OWNED_MISTAKE.sub("", after)
        return after if marks and _words(after) else said

    def _take_phone_end(self, state: DialogueState, said: str) -> bool:
        """ "Nei, am Schluss isch es null sächs, nöd null sibe": the end of the callback number read
        back is replaced (the digits negated, or as many as said anew after "am Schluss", "endet
        auf"); whether it changed."""
        number = state.slots.get("callback_number") or {}
        old = str(number.get("normalized") or "")
        if not old.startswith("+"):
            return False
        new = re.sub(r"\D", "", words_to_digits(self._without_negated(said)))
        negated = re.sub(r"\D", "", words_to_digits(self._negated_words(said)))
        if not new or len(new) >= len(old) - 4:
            return False  # a whole number said anew: read as an answer
        if negated:
            if len(negated) != len(new) or not old.endswith(negated):
                return False
        elif not _NUMBER_END.search(_fold(said)):
            return False
        replaced = old[: len(old) - len(new)] + new
        if replaced == old:
            return False
        checked = self._check("callback_number", replaced, None)
        if checked is None or not checked.normalized:
            return False
        state.slots["callback_number"] = {"value": checked.value, "normalized": checked.normalized, "source": SOURCE_CALLER}
        return True

    def _read_back_slots(self, state: DialogueState) -> list[str]:
        """The custom and reference slots the read-back says (see :meth:`_readback`)."""
        said_unasked = [slot for slot in REFERENCE_SLOTS if slot not in state.pending and self._slot(state, slot)]
        return [slot for slot in [*state.pending, *said_unasked] if slot not in SLOT_NAMES and self._slot(state, slot)]

    def _take_number_correction(self, state: DialogueState, topic: str, said: str) -> bool:
        """ "Nein, die Nummer ist 2026-119" for an invoice or estimate number read back: the new
        number is taken at once (no question again); whether it changed."""
        if topic in SLOT_NAMES or not _NUMBER_SLOT.search(_fold(topic)):
            return False
        rest = self._without_negated(said)
        # The longest number said: "… endet auf acht neun. A N zwei null …" is the whole one.
        parts = [rest, *(p for p in re.split(r"(?<=[.;!?])\s+", rest) if p != rest)]
        parts = [self._without_complaint(p) for p in parts]
        numbers = [c for c in (self._check(topic, p, None) for p in parts) if c is not None and c.normalized]
        old = str((state.slots.get(topic) or {}).get("normalized") or "")
        digits = re.sub(r"\D", "", words_to_digits(rest))
        if not numbers and old and digits:  # a few digits, too short for a number of their own ("acht neun")
            numbers = [SlotValue(digits, digits, 0.9)]
        if not numbers:
            return False  # no number in it ("die Nummer ist falsch"): asked for
        checked = max(numbers, key=lambda c: len(re.sub(r"\W", "", str(c.normalized))))
        value, normalized = _clean(checked.value), str(checked.normalized)
        if old and len(normalized) < len(old):  # only a part said anew: replaced inside the old number
            replaced = self._number_part_replaced(old, normalized, said)
            if replaced is not None:
                value = normalized = replaced
            elif len(normalized) < 3:
                return False  # two digits alone are no number: asked for
        if old == normalized:
            return False
        state.slots[topic] = {"value": value, "normalized": normalized, "source": SOURCE_CALLER}
        return True

    def _number_said_again(self, state: DialogueState, said: str) -> bool:
        """The document number read back, said again in full with a digit changed ("… also A N zwei
        null … neun" for AN20260318), without naming it: the number slot it replaces. Said again it
        has the old number's length and most of its characters in place; any other number is none.
        Whether it was taken."""
        pieces = [said, *(p for p in re.split(r"[,.;!?]|\b(?:also|sondern|nein|ne|nee|na|nei)\b", said) if p.strip())]
        for slot in self._read_back_slots(state):
            old = str((state.slots.get(slot) or {}).get("normalized") or "")
            if not _NUMBER_SLOT.search(_fold(slot)) or len(old) < 4:
                continue
            for piece in pieces:
                checked = self._check(slot, self._without_complaint(piece.strip()), None)
                new = str(checked.normalized) if checked is not None and checked.normalized else ""
                same = sum(a == b for a, b in zip(new.upper(), old.upper(), strict=False))
                if checked is not None and len(new) == len(old) and new != old and same >= len(old) - 2:
                    state.slots[slot] = {"value": _clean(checked.value), "normalized": new, "source": SOURCE_CALLER}
                    return True
        return False

    @staticmethod
    def _without_complaint(text: str) -> str:
        """A number said after the complaint: "nein, die Angebotsnummer ist falsch, null zwei neun
        acht" → "null zwei neun acht" (so "falsch" is no letters of the number)."""
        words = text.split()
        while words:
            word = _fold(words[0]).strip(".,;:!?")
            following = _fold(words[1]) if len(words) > 1 else ""
            if len(word) == 1 and not _NUMBER_SLOT.search(following):
                break  # a letter of the number ("d e zwei null …"), not the Swiss "d Offertnummer"
            if word not in _CORRECTION_LEAD and not _NUMBER_SLOT.search(word) and word:
                break
            words.pop(0)
        return " ".join(words)

    def _number_part_replaced(self, old: str, new: str, said: str) -> str | None:
        """A document number of which only a part is said anew: "nicht null zwei acht acht, sondern
        null zwei neun acht" replaces those digits ("AN20270288" → "AN20270298"); "am Schluss isch
        es null acht nüün" / "endet auf …" replaces its end. ``None`` when the part is not found."""
        negated = re.sub(r"\W", "", words_to_digits(self._negated_words(said))).upper()
        if negated and len(negated) == len(new):
            if old.upper().endswith(negated):
                return old[: len(old) - len(negated)] + new
            if old.upper().count(negated) == 1:
                return old.upper().replace(negated, new)
            return None
        if _NUMBER_END.search(_fold(said)):
            return old[: len(old) - len(new)] + new
        return None

    async def _take_withdrawal(self, state: DialogueState, said: str, folded: str) -> str | None:
        """A detail read back that the caller takes back without a new one: the time left open
        ("Montag geht doch nicht, der Termin ist noch offen, ich melde mich") is no wish any more;
        a device denied ("das ist gar keine Vaillant") is no device of theirs. The detail is dropped
        (the words kept in the notes); returns its name, ``None`` when nothing was taken back."""
        if _time_withdrawn(folded):
            state.slots.pop("preferred_time", None)
            state.notes.append(said)
            return "preferred_time"
        device = _fold(self._slot(state, "device"))
        if not device:
            return None
        for match in _NOT_THIS_ONE.finditer(folded):
            word = match.group("word")
            if word in _GENERIC_DEVICE_WORDS or word not in _words(device):
                continue
            rest = self._after_fold_index(said, match.end())
            other = (await self._extract(state, rest, ["device"])).get("device") if _words(rest) else None
            if other is not None and word not in _words(_fold(other.value)):
                # "keine Buderus, das ist eine Vaillant": the other device replaces the denied one
                checked = self._check("device", rest, other)
                if checked is None:
                    return None
                state.slots.pop("device", None)
                await self._apply(state, {"device": checked}, solicited="device", override=True, text=rest)
                return "device replaced"
            state.slots.pop("device", None)
            return "device"
        return None

    def _after_withdrawal(self, state: DialogueState, withdrawn: str) -> Decision:
        """A device denied is asked once (the technician needs which one; the answer is taken as
        a correction); a time left open is read back without it."""
        if withdrawn == "device" and not state.correcting:
            return self._ask_correction_of(state, "device")
        return self._readback_again(state)

    def _ask_correction_of(self, state: DialogueState, topic: str) -> Decision:
        state.correcting = True
        state.current = topic
        state.attempts = 1  # one correction round: no retry
        question, _ = self._question(state, topic)
        return self._ask(state, "slot", question, self._slot_hints(state, topic), f"correction_ask:{topic}")

    async def _take_correction(self, state: DialogueState, said: str, folded: str, *, confirming: bool = False) -> bool:
        """Apply a correction said at the read-back; whether a detail changed. ``confirming``: the
        caller said yes — a detail repeated in part ("ja, Dienstag passt") changes nothing."""
        text = self._without_negated(said)
        found = await self._extract(state, text, self._wanted(state))
        if confirming:
            found = {
                name: value
                for name, value in found.items()
                if _fold(value.value).strip() not in _fold(str((state.slots.get(name) or {}).get("value") or ""))
            }
        found = await self._parts_replaced(state, found, said)
        changed = await self._apply(state, self._merged(state, found), solicited=None, override=True, text=text)
        # A number replaced inside the old value was checked as the new whole ("Lindstrasse 32"),
        # not against the correction's words ("nein, zweiunddreissig").
        numbers = self._number_replaced(state, found, said)
        return await self._apply(state, numbers, solicited=None, override=True, text=None) or changed

    async def _parts_replaced(self, state: DialogueState, found: Mapping[str, SlotValue], said: str) -> dict[str, SlotValue]:
        """A correction of one part of a detail ("nicht vormittags, sondern nachmittags" for "am
        Donnerstag vormittags", "nicht drei, sondern dreizehn" for "Hauptplatz 3"): the negated
        part is replaced inside the old value, the rest of it stays."""
        result = dict(found)
        negated = self._negated_words(said)
        if not negated:
            return result
        for name, value in found.items():
            if name not in _PART_SLOTS or len(_words(value.value) + re.findall(r"\d+", value.value)) > 3:
                continue
            old = str((state.slots.get(name) or {}).get("value") or "")
            replaced = self._replace_part(old, negated, value.value)
            if replaced is None:
                continue
            again = (await self._extract(state, replaced, [name])).get(name) or self._check(name, replaced, None)
            if again is not None and len(re.findall(r"\d+", again.value)) < len(re.findall(r"\d+", replaced)):
                # "Marktgasse 14, Stiege 3, Tür 11" read anew may lose the parts inside the house
                again = self._check(name, replaced, None) or again
            if again is not None:
                result[name] = again
        return result

    def _number_replaced(self, state: DialogueState, found: Mapping[str, SlotValue], said: str) -> dict[str, SlotValue]:
        """Only the number said anew ("nöd Lindstrasse dreiundzwanzig, sondern zweiunddreissig"): it
        replaces the number of the negated part in the one detail that holds it."""
        negated = self._negated_words(said)
        if not negated:
            return {}
        rest = words_to_digits(self._without_negated(said))
        new_number = _LEAD_THEN_NUMBER.fullmatch(_fold(rest))
        negated_numbers = re.findall(r"\d+", words_to_digits(negated))
        if not new_number or len(negated_numbers) != 1:
            return {}
        holders = []
        for name in sorted(_PART_SLOTS - found.keys()):
            old = str((state.slots.get(name) or {}).get("value") or "")
            replaced = self._replace_part(old, negated_numbers[0], new_number.group(1)) if old else None
            again = self._check(name, replaced, None) if replaced else None
            if again is not None:
                holders.append((name, again))
        if len(holders) != 1:
            return {}  # in none, or in several ("Hauptplatz 3", "ab 3"): the question decides
        name, again = holders[0]
        return {name: SlotValue(again.value, again.normalized, 0.9)}  # said outright

    @staticmethod
    def _negated_words(said: str) -> str:
        """What a correction negates: "nein, nicht vormittags, sondern …" → "vormittags"."""
        match = _NEGATED_PART.search(said) or _NEGATED_TAIL.search(said)
        if match is None:
            return ""
        # "… stimmt nicht, es ist nicht drei, sondern …": the part after the last "nicht"
        words = re.split(r"\b" + NOT + r"\b", match.group(0), flags=re.IGNORECASE)[-1].split()
        words = [w for w in (re.sub(r"[^\w]", "", w) for w in words) if w]
        drop = {"nicht", "sondern", "und", "aber", "also", "der", "die", "das", "den", "am", "um", "isch", "es"}
        return " ".join(w for w in words if _fold(w) not in drop)

    @staticmethod
    def _replace_part(old: str, negated: str, new: str) -> str | None:
        """``old`` with ``negated`` replaced by ``new`` (numbers compared as digits), ``None`` when
        ``negated`` is no whole part of ``old``."""
        old_d, neg_d, new_d = (words_to_digits(t).strip() for t in (old, negated, new))
        if not old_d or not neg_d or not new_d or _fold(neg_d) == _fold(new_d):
            return None
        pattern = re.compile(r"(?<![^\W_])" + re.escape(neg_d) + r"(?![^\W_])", re.IGNORECASE)
        if len(pattern.findall(old_d)) != 1:
            return None
        # "nicht Dienstag, Mittwoch Vormittag" for "Dienstag Vormittag": the new value already says
        # the rest of the old one — it replaces the whole, no "Mittwoch Vormittag Vormittag".
        rest = {_fold(w) for w in re.findall(r"[^\W_]+", pattern.sub(" ", old_d))}
        if rest and rest <= {_fold(w) for w in re.findall(r"[^\W_]+", new_d)}:
            return new_d
        return pattern.sub(lambda _: new_d, old_d)

    def _merged(self, state: DialogueState, found: Mapping[str, SlotValue]) -> dict[str, SlotValue]:
        """Corrected values merged into what they correct: an error code inside the fault
        description, a surname after the first name, a maker in front of the device word."""
        merged_values: dict[str, SlotValue] = {}
        for name, value in found.items():
            old = state.slots.get(name) or {}
            merged = self._merge_code(old.get("value") or "", value.value)
            if name == "caller_name" and old.get("source") == SOURCE_CALLER:
                merged = self._merge_surname(old.get("value") or "", value.value)
            if name == "device":
                merged = self._merge_maker(old.get("value") or "", value.value)
            merged_values[name] = SlotValue(merged, value.normalized, value.confidence) if merged is not None else value
        return merged_values

    @staticmethod
    def _merge_maker(old: str, new: str) -> str | None:
        """A corrected maker alone ("der Hersteller, Rika") for "Junkers Therme": the device word
        stays → "Rika Therme". ``None`` when it is not such a case."""
        maker, old_maker = maker_in(new), maker_in(old)
        if maker is None or _fold(new).strip() != _fold(maker) or not old or _fold(old).strip() == _fold(old_maker or ""):
            return None
        merged = Dialogue._with_maker(old, maker)
        return None if merged == _clean(maker) else merged  # nothing of the device left besides its maker

    @staticmethod
    def _with_maker(device: str, maker: str) -> str:
        """``device`` with its maker (if any) replaced by ``maker``: "Junkers Therme" → "Rika Therme"."""
        old_maker = maker_in(device)
        without = re.sub(re.escape(old_maker), "", device, flags=re.IGNORECASE) if old_maker else device
        return _clean(f"{maker} {without.strip(' ,')}")

    @staticmethod
    def _merge_code(old: str, new: str) -> str | None:
        """A corrected error code inside a longer description: "Therme zeigt F61, kalt" + "F62"
        → "Therme zeigt F62, kalt". ``None`` when it is not such a case."""
        old_codes = _ERROR_CODE.findall(old)
        new_codes = _ERROR_CODE.findall(new)
        if len(old_codes) != 1 or len(new_codes) != 1 or old_codes[0] == new_codes[0]:
            return None
        if len(_words(_ERROR_CODE.sub("", new))) > 2:
            return None  # the new value describes more than the code: it replaces the old one
        return old.replace(old_codes[0], new_codes[0])

    @staticmethod
    def _merge_surname(old: str, new: str) -> str | None:
        """ "Karin Vogel" corrected to "Vogl": the first name stays → "Karin Vogl"."""
        old_words, new_words = old.split(), new.split()
        if len(new_words) != 1 or len(old_words) < 2 or new_words[0] in old_words:
            return None
        return " ".join([*old_words[:-1], new_words[0]])

    def _readback_again(self, state: DialogueState, *, changed: bool = True) -> Decision:
        """After a correction: the read-back once more (at most ``_MAX_READBACKS`` in a call);
        ``changed``: whether a detail was corrected (else no "ich habe das korrigiert")."""
        state.correcting = False
        if state.readbacks >= _MAX_READBACKS:
            return self._closing(state, self.texts.corrected if changed else "", "correction_taken")
        state.readbacks += 1
        text = self._readback(state)
        prefix = self.texts.readback_again if changed else ""
        return self._ask(state, "confirm", _join(prefix, text), _YES_NO_HINTS, "corrected|readback", question=text)

    async def _topic_change(self, state: DialogueState, said: str, folded: str, *, marked_only: bool) -> Decision | None:
        """Another reason named later in the call: the task switches, what was said stays.

        ``marked_only``: only a turn that says it changes the subject ("eigentlich geht es um …");
        otherwise an answer that did not fit the question may switch when the engine is very sure."""
        if state.task_id is None or self._emergency_of(state) is not None:
            return None  # an emergency call stays short and in the emergency task
        asks_us = _ASKS_US.search(folded)
        if asks_us is not None and not _NAMES_MATTER.search(folded, asks_us.end()):
            # "chönd Sie mir das nöd eifach säge": a question back; with "es gaht um …" after it
            # the caller names the matter after all.
            return None
        marked = bool(_TOPIC_CHANGE.search(folded))
        if state.current in REFERENCE_SLOTS and not _NAMES_A_REASON.search(folded) and reference_code(said) is not None:
            # "A N 2027 0314, nein, ich hab die Zahlen verdreht …": a document number, however
            # corrected, answers the question; no other reason in it.
            return None
        if not marked and not marked_only and _REQUEST.search(folded) and not self._sure_reason(state):
            # A request instead of an answer says what the caller wants, as plainly as "eigentlich" —
            # unless the first reason was one the engine was sure of ("eine Frage zur Rechnung").
            marked = True
        if not marked and len(_words(said)) >= 6:
            # The engine heard the first reason taken back ("nicht direkt nen Termin, wir haben Ihr
            # Angebot …", "… drum ruf ich an, die Heizkörper …"): as plain as "eigentlich".
            marked = await self._retracts_first_reason(state, said)
        if marked_only and not marked:
            return None
        if (
            state.current in _TIME_QUESTIONS
            and not _NAMES_A_REASON.search(folded)
            and (_TIME_DECLINED.search(folded) or "preferred_time" in await self._extract(state, said, ["preferred_time"]))
        ):
            # "montag vormittag, nein warten sie, das geht nicht, lieber dienstag nachmittag": an
            # answer to the time question that declines a day or names another one is no new reason.
            return None
        if not marked and state.current == "callback_number" and _ABOUT_NUMBER.search(folded):
            return None  # "ja, die Nummer hier ist richtig": about the number asked for, no callback wish
        if not marked and len(_words(said)) < 4:
            return None
        count_before = len(state.classifications)
        task_id = await self._classify_reason(state, said)
        confidence = float(state.classifications[-1].get("confidence") or 0.0) if state.classifications else 0.0
        floor = _TOPIC_SWITCH_MIN_CONFIDENCE if marked else _TOPIC_SWITCH_UNMARKED_MIN_CONFIDENCE
        emergency_task = self._emergency_task()
        on_emergency = emergency_task is not None and state.task_id == emergency_task.id
        if not marked and not on_emergency and self._weak_guess(state, count_before):
            # The task was a weak guess ("der CO-Melder piept alle paar Minuten einmal"); the answer
            # that did not fit says plainly what the caller wants ("die Wartung ist eh bald dran …").
            floor = _TOPIC_SWITCH_AFTER_WEAK_GUESS
        if task_id is None or task_id == state.task_id or confidence < floor:
            return None
        task = self.config.task(task_id)
        if task is None:
            return None
        emergency = self._emergency_task()
        if emergency is not None and task_id == emergency.id and state.current in _NAMING_SLOTS:
            # "Anna Rauch aus der Gartenstraße" is a name; a real hazard there was caught by the rules.
            # A breakdown told there after a booking ("wo ich Sie grad dran hab, die Heizung geht
            # gar nicht mehr") is still a fault: it beats the booking.
            fault_task = await self._fault_told_instead(state, said)
            if fault_task is None:
                return None
            task_id, task = fault_task.id, fault_task
        asked = state.current
        if asked in SLOT_NAMES and not state.correcting:
            # The answer to the question asked stays with the new task ("die Postleitzahl ist
            # 12203, und eigentlich geht es um die Wartung").
            kept = await self._extract(state, said, [asked])
            if asked in kept:
                await self._apply(state, {asked: kept[asked]}, solicited=asked, text=said)
        state.reason_texts.append(said)
        state.current = None
        state.attempts = 0
        state.correcting = False
        state.readback_done = False
        state.urgent = False
        state.slots.pop("urgency", None)  # said about the old reason; the new one is read again
        state.done = [d for d in state.done if self._is_known(state, d)]
        decision = await self._task_chosen(state, task_id, self.texts.topic_changed.format(task=_speakable(task.name)))
        # How urgent it is and when it should be were said about the old reason: only the new sentence
        # counts now ("ob der Monteur morgen kommt – ach nee, die Frau Berger soll mich zurückrufen").
        new = await self._extract(state, said, ["urgency", "preferred_time"])
        if "urgency" not in new:
            state.slots.pop("urgency", None)
        if "preferred_time" not in new and "preferred_time" not in state.asked:
            state.slots.pop("preferred_time", None)
        return decision

    async def _fault_told_instead(self, state: DialogueState, said: str) -> TaskConfig | None:
        """The device-fault task when the call is on another, non-urgent task (a booking, a
        service) and ``said`` describes a fault of a device; else ``None``."""
        current = self._task(state)
        if current is None or self._is_device_fault(current) or current.priority in ("high", "urgent"):
            return None
        fault_task = next((t for t in self.config.tasks if self._is_device_fault(t)), None)
        if fault_task is None:
            return None
        found = await self._extract(state, said, ["fault"])
        return fault_task if "fault" in found else None

    @staticmethod
    def _sure_reason(state: DialogueState) -> bool:
        """Whether the call's task came from a classification the engine was sure of (at least
        ``_TOPIC_SWITCH_UNMARKED_MIN_CONFIDENCE``)."""
        chosen = [c for c in state.classifications if c.get("task") == state.task_id]
        return bool(chosen) and float(chosen[-1].get("confidence") or 0.0) >= _TOPIC_SWITCH_UNMARKED_MIN_CONFIDENCE

    @staticmethod
    def _weak_guess(state: DialogueState, count: int) -> bool:
        """Whether the call's task came from one weak classification (below
        ``_WEAK_GUESS_CONFIDENCE``): the last of the first ``count`` classifications that chose it."""
        chosen = [c for c in state.classifications[:count] if c.get("task") == state.task_id]
        return bool(chosen) and float(chosen[-1].get("confidence") or 0.0) < _WEAK_GUESS_CONFIDENCE

    def _question_back(self, state: DialogueState, folded: str) -> Decision | None:
        """ "Wieso brauchen Sie meinen Namen?", "Wer ist da?", "Sind Sie ein Computer?": one
        sentence, then the question again."""
        if len(_words(folded)) > 12 or re.search(r"\b(?:sprechen|reden|verbinden)\b", folded):
            return None
        kind = next((k for k, pattern in _QUESTION_BACK if pattern.search(folded)), None)
        if kind is None:
            return None
        t = self.texts
        business = self.config.business.name
        if kind == "machine":
            answer = t.answer_machine.format(business=business)
        elif kind == "who":
            answer = t.answer_who.format(business=business)
        elif kind == "data":
            answer = t.answer_data
        else:
            topic = next((slot for slot, pattern in _WHY_TOPICS if pattern.search(folded)), None) or state.current
            if topic == "caller_name":
                answer = t.answer_why_name
            elif topic == "callback_number":
                answer = t.answer_why_number
            elif topic in ("street", "postcode", "city", HOUSE_NUMBER):
                answer = t.answer_why_address
            else:
                answer = t.answer_why
        question = state.last_question or t.what_can_i_do
        current = state.current
        decision = self._ask(
            state, state.phase, _join(answer, question), self._hints_for_phase(state), f"question_back:{kind}", question=question
        )
        state.current = current
        return decision

    def _check(self, slot: str, text: str, value: SlotValue | None) -> SlotValue | None:
        """The validated answer for ``slot`` (``bot/validate.py``), ``None`` when implausible."""
        return check_answer(slot, text, value, region=self.region)

    def _retry_question(self, slot: str, question: str) -> str:
        """The question once more in other words."""
        again = self.texts.retry_questions.get(slot)
        if not again:
            return question
        return again.format(digits="fünf" if self.region == "DE" else "vier")

    def _from_reason(self, state: DialogueState) -> None:
        """Details the reason already gave, so they are not asked again: whom they want to speak
        to ("Kann mich die Frau Berger zurückrufen?") and how the fault shows."""
        task = self._task(state)
        if task is None:
            return
        # The reason, and any later sentence that says whom they want ("… ich möchte den Chef sprechen").
        later = [t.get("text", "") for t in state.transcript if t.get("speaker") == "caller"]
        wishes = [part for text in later for part in re.split(r"[,.;!?]", text) if _SPEAK_WISH.search(_fold(part))]
        said = " ".join([*state.reason_texts, *wishes])
        for item in task.ask:
            if item.slot in state.slots or item.slot in SLOT_NAMES:
                continue
            if self._is_person_slot(state, item.slot):
                person = self._person_named(said)
                if person:
                    wanted = self._staff_wanted(person, context=said)
                    normalized = staff_ref(wanted.id) if wanted is not None else None
                    state.slots[item.slot] = {"value": person, "normalized": normalized, "source": SOURCE_CALLER}
        if not any(self._is_person_slot(state, item.slot) for item in task.ask) and "person" not in state.slots:
            # A task without the question whom: one staff member asked for by name or role
            # ("chönnt mich de Herr Meier zrugglüte") is still the person wanted (details, assignee).
            member = self._staff_wanted(" ".join(wishes)) if wishes else None
            if member is not None:
                person = self._person_named(" ".join(wishes)) or member.name
                state.slots["person"] = {"value": person, "normalized": staff_ref(member.id), "source": SOURCE_CALLER}
        if "fault" in task.slots and not self._slot(state, "fault"):
            for text in state.reason_texts:
                if _SYMPTOM.search(_fold(text)) and len(_words(text)) >= 3:
                    state.slots["fault"] = {
                        "value": brief(_clean(without_greeting(text)), 300, _SYMPTOM),
                        "normalized": None,
                        "source": SOURCE_REASON,
                    }
                    break

    def _is_person_slot(self, state: DialogueState, slot: str) -> bool:
        """A custom slot that asks whom the caller wants to speak to (by name or question)."""
        task = self._task(state)
        item = next((i for i in task.ask if i.slot == slot), None) if task is not None else None
        return _fold(slot) in _PERSON_SLOTS or bool(item and _PERSON_QUESTION.search(_fold(item.question or "")))

    def _staff_wanted(self, said: str, context: str = "") -> StaffConfig | None:
        """The one staff member the caller asks for: by name ("Frau Berger") or by role — Chef or
        Inhaber the owner, Meister the team "meister" (else the owner), Büro the office team (else
        the admin), Monteur/Techniker the fitters' team; ``None`` when it is not one person.
        ``context``: the caller's words around it — a surname two staff share ("Herrn Huber") is
        the one of them the role said there names ("mit dem Meister")."""
        person = self._person_named(said)
        if person is None:
            return None
        staff = list(self.config.staff)
        role = _fold(person)
        teams = {
            "chef": (), "chefin": (), "inhaber": (), "inhaberin": (),
            "meister": ("meister",), "meisterin": ("meister",),
            "buero": ("buero", "kanzlei", "office", "verwaltung", "sekretariat"),
            "monteur": ("monteure", "monteur", "service", "kundendienst"),
            "techniker": ("techniker", "monteure", "service", "kundendienst"),
        }  # fmt: skip
        if role in teams:
            candidates = [m for m in staff if set(m.teams) & set(teams[role])]
            if not candidates and role in ("chef", "chefin", "inhaber", "inhaberin", "meister", "meisterin"):
                candidates = [m for m in staff if m.role == "owner"]
            if not candidates and role == "buero":
                candidates = [m for m in staff if m.role == "admin"]
            return candidates[0] if len(candidates) == 1 else None
        words = set(_words(person)) - {"herr", "herrn", "frau"}
        named = [m for m in staff if words and words <= set(_words(m.name))]
        said_role = _ROLES.search(_fold(context)) if len(named) > 1 and context else None
        if said_role is not None:
            member = self._staff_wanted(said_role.group(1))
            named = [member] if member is not None and member in named else named
        return named[0] if len(named) == 1 else None

    def _person_named(self, said: str) -> str | None:
        """A staff member or a role named in ``said``, as said ("Frau Berger", "Klaus", "den Chef")."""
        raw = re.findall(r"[^\W\d_]+", said)
        folded = [_fold(w) for w in raw]
        business = set(_words(self.config.business.name or ""))
        for member in self.config.staff:
            # Spelt as in the staff list: "herrn müller" from speech recognition is read back "Herrn Müller".
            spelt = {_fold(p): p for p in member.name.split() if len(p) > 2}
            parts = list(spelt)
            for index, word in enumerate(folded):
                if word in parts:
                    titled = index > 0 and folded[index - 1] in ("herr", "herrn", "frau")
                    if not titled and word in business:
                        continue  # "Heizung Müller" is the firm, not Klaus Müller
                    end = index + 1 if index + 1 < len(folded) and folded[index + 1] in parts else index
                    names = [spelt[w] for w in folded[index : end + 1]]
                    return " ".join([raw[index - 1].capitalize(), *names] if titled else names)
        role = _ROLES.search(_fold(said))
        if role:
            return role.group(1).capitalize().replace("Buero", "Büro")
        return None

    def _asks_city_with_postcode(self, state: DialogueState) -> bool:
        """The postcode question asks for the place too when the address was added by the dialogue."""
        task = self._task(state)
        listed = set(task.slots) if task is not None else set()
        return "postcode" not in listed and "city" not in listed

    # ---------------------------------------------------------------- safety and people

    @staticmethod
    def _settled_revived(state: DialogueState, folded: str) -> str | None:
        """The kind of a danger the earlier reason sentences told as over and seen to (``settled``)
        that is no longer settled with this turn added ("es riecht aber immer noch"), else ``None``."""
        if not state.reason_texts or not still_going(folded):
            return None
        earlier = _fold(" ".join(state.reason_texts))
        kinds = [kind for kind in ("gas", "smoke", "water", "oil") if danger_over(earlier, kind)]
        if not kinds:
            return None
        combined = f"{earlier} {folded}"
        for kind in kinds:
            if not danger_over(combined, kind):
                return "co" if kind == "smoke" and smoke_or_co(combined) == "co" else kind
        return None

    @staticmethod
    def _gas_suspected(state: DialogueState, folded: str) -> bool:
        """A smell told first and taken for gas later ("im Treppenhaus riecht es so komisch" – "ich glaub,
        das ist Gas", CH "es schmöckt so komisch … i glaub das isch Gas"): gas, as in one sentence. The
        smell may come in an earlier reason sentence; the gas named as what it is, not denied ("ich
        glaube nicht, dass es Gas ist"), nor a gas device or bill ("die Heizung ist eine Gasheizung")."""
        if not GAS_SUSPECTED.search(folded):
            return False
        context = " ".join([*(_fold(text) for text in state.reason_texts), folded])
        if not SMELL.search(context):
            return False
        return any(
            not danger_denied(folded, match, words_before=2, words_after=3, answered=True, explained=True)
            for match in GAS_SUSPECTED.finditer(folded)
        ) and not danger_over(context, "gas")

    async def _emergency(self, state: DialogueState, said: str, kind: str) -> Decision:
        """An emergency — ``kind`` is "gas", "smoke" (also fire and CO), "water" or "oil" — one
        path for all: the advice first, then the on-call person day and night. The call stays
        short: not answered → only what is needed to send help (a number when withheld, where
        when the caller is unknown), no read-back, and the goodbye repeats the advice."""
        state.hazard = kind
        if kind == "gas":
            state.gas_smell = True
        state.urgent = True
        if state.phase == "reason" or state.task_id is None:
            state.reason_texts.append(said)
        changed = self._to_emergency_task(state)
        # What was said before counts for the emergency task too (a name or street said earlier).
        texts = [*state.reason_texts, said] if changed and said not in state.reason_texts else [said]
        for text in texts:
            await self._apply(state, await self._extract(state, text, self._wanted(state)), solicited=None)
        state.slots.setdefault("urgency", {"value": "Notfall", "normalized": "urgent", "source": SOURCE_CALLER})
        self._keep_danger(state, kind)
        if state.task_id is None:
            state.message_mode = True
        state.pending = self._emergency_plan(state)
        state.readback_done = True
        state.current = None
        state.attempts = 0
        state.correcting = False
        advice = self.texts.emergency_advice(kind)
        if person_down(_fold(" ".join([*state.reason_texts, said]))):
            advice = _join(self.texts.rescue_first, advice)
        if kind == GENERAL_EMERGENCY:
            # No danger the rules know, only the engine's word: the task's own forward rule decides
            # (an urgent task without one: the emergency number when closed, else taken as urgent).
            target = self._task_forward(state)
            message = self.texts.urgent_message
        else:
            target = self._emergency_target(state)
            message = self.texts.emergency_message
        if target is not None:
            number, text, timeout = target
            return self._forward(state, number, _join(advice, text), timeout, f"emergency_{kind}")
        return await self._next(state, _join(advice, message), f"emergency_{kind}_message")

    @staticmethod
    def _keep_danger(state: DialogueState, kind: str) -> None:
        """The fault of an emergency names the danger first: "verschmorter Geruch, Geräusche", not
        only the noise the engine read from "verschmorter Geruch … und der Brenner macht Geräusche".
        An emergency of no recognised kind keeps what the caller described."""
        if kind not in EMERGENCY_FAULTS:
            return
        folded = _fold(" ".join(state.reason_texts))
        danger = next((text for pattern, text in DANGER_TEXTS.get(kind, ()) if pattern.search(folded)), EMERGENCY_FAULTS[kind])
        fault = state.slots.get("fault")
        if not fault or not fault.get("value"):
            state.slots["fault"] = {"value": danger, "normalized": None, "source": SOURCE_REASON}
            return
        said = _fold(str(fault["value"]))
        if DANGER_IN_FAULT.search(said):
            return  # the fault already names the danger ("Gasgeruch", "Brand- oder Abgasgeruch")
        fault["value"] = f"{danger}, {fault['value']}"

    @staticmethod
    def _emergency_of(state: DialogueState) -> str | None:
        """The emergency kind of the call (a state stored before "gas" was a kind has only ``gas_smell``)."""
        return state.hazard or ("gas" if state.gas_smell else None)

    def _to_emergency_task(self, state: DialogueState) -> bool:
        """File the call under the business's emergency task (an urgent task already chosen stays)."""
        task = self._task(state)
        if task is not None and task.priority == "urgent":
            return False
        emergency = self._emergency_task()
        if emergency is None or emergency.id == state.task_id:
            return False
        state.task_id = emergency.id
        state.message_mode = False
        return True

    def _emergency_plan(self, state: DialogueState) -> list[str]:
        """What is needed to send help: a number to call back, and where and whom to find (unless
        the caller is known: the address master has both)."""
        plan = [] if state.caller_number else ["callback_number"]
        if state.contact is not None and not state.place_elsewhere:
            plan.append(CONTACT_PLACE)  # help may be needed elsewhere than at the address on file
        # the place only when the address came without it (see _next_slot); all of it skipped
        # while the caller is on file and the emergency at their address
        plan.extend(("street", HOUSE_NUMBER, "postcode", ADDRESS_CHECK, "caller_name", SURNAME))
        if state.caller_number:
            plan.append("callback_number")  # a mobile, when the caller leaves a landline (see _outside_number_wanted)
        plan.append(FAULT_DETAILS)  # the maker, last (see _fault_details_missing)
        return plan

    def _emergency_target(self, state: DialogueState) -> tuple[str, str, int] | None:
        """The on-call person, day and night: the emergency task's forward (whatever its
        ``when``), else the business's emergency number."""
        if state.forward_tried:
            return None
        for spec in self._forward_actions(state):
            target = self._resolve_target(spec.to)
            if target is not None:
                return target[0], self.texts.forward_emergency, spec.timeout_seconds
        number = self.config.business.emergency_number
        if number:
            return number, self.texts.forward_emergency, self._emergency_timeout()
        return None

    async def _human(self, state: DialogueState, said: str) -> Decision:
        state.human_requested = True
        if state.phase == "reason":
            state.reason_texts.append(said)
        if state.forward_tried:
            return await self._next(state, self.texts.forward_again, "human_again_after_forward")
        if not self._is_open(self._now()) and not state.urgent:
            return await self._next(state, self.texts.forward_closed, "human_outside_hours")
        target = self._human_target(state)
        if target is None:
            return await self._next(state, self.texts.forward_impossible, "human_no_target")
        number, text, timeout = target
        return self._forward(state, number, text, timeout, "caller_asked_for_human")

    def _forward(self, state: DialogueState, number: str, text: str, timeout: int, reason: str) -> Decision:
        state.forward_tried = True
        state.forward_number = number
        state.phase = "forwarding"
        return Decision("forward", text, number=number, timeout_seconds=int(timeout), reason=reason)

    def _forward_actions(self, state: DialogueState) -> list[ForwardSpec]:
        task = self._task(state)
        if task is None:
            return []
        return [a.forward for a in task.effective_actions(self.config) if a.forward is not None]

    def _resolve_target(self, to: str) -> tuple[str, str] | None:
        """(number, what the caller hears) for a forward target: staff id, number or 'emergency'."""
        if to == "emergency":
            number = self.config.business.emergency_number
            return (number, self.texts.forward_emergency) if number else None
        if to.startswith("+"):
            return to, self.texts.forward_office
        member = self.config.staff_member(to)
        if member is not None and member.mobile:
            return member.mobile, self.texts.forward_person.format(person=readback.staff_name(member.name))
        return None

    def _task_forward(self, state: DialogueState) -> tuple[str, str, int] | None:
        """A forward the task asks for right away (``always``, or ``outside_hours`` when closed)."""
        if state.forward_tried:
            return None
        is_open = self._is_open(self._now())
        specs = self._forward_actions(state)
        asked = state.human_requested or any(_SPEAK_TO.search(_fold(text)) for text in state.reason_texts)
        for spec in specs:
            if (
                spec.when == "always"
                or (spec.when == "outside_hours" and not is_open)
                or (spec.when == "on_request" and asked and is_open)
            ):
                target = self._resolve_target(spec.to)
                if target is not None:
                    return target[0], target[1], spec.timeout_seconds
        task = self._task(state)
        number = self.config.business.emergency_number
        if task is not None and task.priority == "urgent" and number and not is_open and not specs:
            return number, self.texts.forward_emergency, DEFAULT_FORWARD_TIMEOUT
        return None

    def _human_target(self, state: DialogueState) -> tuple[str, str, int] | None:
        specs = self._forward_actions(state)
        if state.task_id is None:  # no reason yet: a task that forwards whoever asks for a person
            specs = [
                action.forward
                for task in self.config.tasks
                for action in task.effective_actions(self.config)
                if action.forward is not None and action.forward.when == "on_request"
            ]
        for spec in sorted(specs, key=lambda s: s.when != "on_request"):
            target = self._resolve_target(spec.to)
            if target is not None:
                return target[0], target[1], spec.timeout_seconds
        timeout = specs[0].timeout_seconds if specs else DEFAULT_FORWARD_TIMEOUT
        for member in self._assignees(state):
            if member.mobile:
                return member.mobile, self.texts.forward_person.format(person=readback.staff_name(member.name)), timeout
        office = next((m.mobile for m in self.config.staff if m.mobile), None)
        if office is not None:
            return office, self.texts.forward_office, timeout
        if self.config.business.emergency_number:
            return self.config.business.emergency_number, self.texts.forward_office, timeout
        return None

    def _assignees(self, state: DialogueState) -> list[StaffConfig]:
        task = self._task(state)
        if task is None:
            return []
        for value in state.slots.values():
            staff_id = staff_id_of(value.get("normalized"))
            member = self.config.staff_member(staff_id) if staff_id else None
            if member is not None:
                return [member]  # the person the caller asked for calls back (services.aftercall delegates to them)
        people: list[Any] = []
        for action in task.effective_actions(self.config):
            if action.activity is None:
                continue
            if action.activity.assignee:
                member = self.config.staff_member(action.activity.assignee)
                if member is not None:
                    people.append(member)
            elif action.activity.team:
                people.extend(self.config.team_members(action.activity.team))
        return people

    def _emergency_task(self) -> TaskConfig | None:
        return self.config.emergency_task()

    def _emergency_timeout(self) -> int:
        for task in self.config.tasks:
            for action in task.actions:
                if action.forward is not None and action.forward.to == "emergency":
                    return action.forward.timeout_seconds
        return DEFAULT_FORWARD_TIMEOUT

    # ---------------------------------------------------------------- what comes next

    async def _one_off_answered(self, state: DialogueState, question: str) -> Decision:
        """A question asked once (the code alone, the hour of a day, the surname) is answered or
        passed over: it is never asked again, and the dialogue goes on."""
        if question not in state.done:
            state.done.append(question)
        state.current = None
        state.attempts = 0
        return await self._next(state, "", f"slot_done:{question}")

    async def _next(self, state: DialogueState, prefix: str, reason: str) -> Decision:
        self._drop_contact_of_another_name(state)
        if state.task_id is None and not state.message_mode:
            if not state.identified and len(state.candidates) > 1 and state.contact is None:
                question = self.texts.ask_name_to_pick
                return self._ask(state, "identify", _join(prefix, question), self._name_hints(state), reason, question=question)
            question = self.texts.what_can_i_do
            return self._ask(state, "reason", _join(prefix, question), self._reason_hints(), reason, question=question)
        slot = self._next_slot(state)
        if slot is not None:
            state.current = slot
            state.attempts = 0
            if slot not in state.asked:
                state.asked.append(slot)
            question, _ = self._question(state, slot)
            return self._ask(
                state, "slot", _join(prefix, question), self._slot_hints(state, slot), f"{reason}|ask:{slot}", question=question
            )
        if not state.readback_done:
            state.readback_done = True
            state.readbacks += 1
            text = self._readback(state)
            return self._ask(state, "confirm", _join(prefix, text), _YES_NO_HINTS, f"{reason}|readback", question=text)
        return self._closing(state, prefix, reason)

    def _plan(self, state: DialogueState) -> list[str]:
        task = self._task(state)
        slots = [item.slot for item in task.ask] if task is not None else []
        if state.contact is None and "caller_name" not in slots:
            slots.insert(0, "caller_name")
        if "callback_number" not in slots:
            # With a number shown it is asked only from someone calling for others (_direct_number_wanted).
            slots.insert(slots.index("caller_name") + 1 if "caller_name" in slots else 0, "callback_number")
        if state.contact is None and task is not None and self._needs_address(task):
            # A technician has to go there: an unknown caller is asked where, listed or not.
            for slot in ("street", "postcode"):
                if slot not in slots:
                    slots.append(slot)
        if task is not None:
            for slot in self._kind_questions(state, task):
                if slot not in slots:
                    slots.append(slot)
            if self._away_for_visit(state, task) and "preferred_time" not in slots:
                slots.append("preferred_time")  # when someone is at home, asked last
        if "caller_name" in slots:
            slots.insert(slots.index("caller_name") + 1, SURNAME)  # asked only after a first name alone
        if "street" in slots:
            slots.insert(slots.index("street") + 1, HOUSE_NUMBER)  # asked only after a street without one
        if "preferred_time" in slots:
            # A callback or visit wished for a day only: its hour right after it (asked when it is due).
            slots.insert(slots.index("preferred_time") + 1, WISH_HOUR)
        if task is not None and (
            self._is_device_fault(task) or "device" in slots or self._is_maintenance(task) or self._is_sanitary(task)
        ):
            # Right after the task's own device/fault questions, else first: while the caller is
            # still describing the fault. Whether it is asked at all is decided when it is due.
            listed = [i for i, slot in enumerate(slots) if slot in ("device", "fault")]
            if not listed and not self._is_device_fault(task):
                slots.append(FAULT_DETAILS)  # a service: which device, once the rest is asked
            else:
                slots.insert(listed[-1] + 1 if listed else 0, FAULT_DETAILS)
        slots.append(SHOWN_NUMBER)  # last before the read-back; whether it is asked is decided when due
        return slots

    def _kind_questions(self, state: DialogueState, task: TaskConfig) -> tuple[str, ...]:
        """The question of the task's kind that its `ask` leaves out: the invoice number for an
        invoice, the estimate's number when the caller has one already, when to call back for a
        callback wish, the heating of today for a new heating. Nothing in an emergency."""
        if self._emergency_of(state) is not None:
            return ()
        kind = _fold(f"{task.id} {task.name}")
        if _INVOICE_TASK.search(kind):
            return ("rechnungsnummer",)
        if _ESTIMATE_TASK.search(kind):
            said = _fold(" ".join(state.reason_texts))
            return ("angebotsnummer",) if _EXISTING_ESTIMATE.search(said) else ()
        if _NEW_HEATING_TASK.search(kind):
            return ("aktuelle_heizung",)
        if _CALLBACK_TASK.search(kind):
            return ("preferred_time",)
        return ()

    def _away_for_visit(self, state: DialogueState, task: TaskConfig) -> bool:
        """A caller whose task brings a technician to the house (a fault, a service) and who said in
        the reason that they are about to leave or not at home: when they are there is asked once,
        unless the task asks for a time anyway. Not in an emergency."""
        if self._emergency_of(state) is not None or not self._needs_address(task):
            return False
        if any(item.slot == "preferred_time" for item in task.ask):
            return False
        return bool(_AWAY.search(_fold(" ".join(state.reason_texts))))

    def _kind_question(self, state: DialogueState, slot: str) -> str | None:
        """The wording of a question from :meth:`_kind_questions`, when ``slot`` is one of them."""
        t = self.texts
        texts = {
            "rechnungsnummer": t.question_invoice_number,
            "angebotsnummer": t.question_estimate_number,
            "aktuelle_heizung": t.question_current_heating,
        }
        if slot in texts:
            return texts[slot]
        task = self._task(state)
        if slot == "preferred_time" and task is not None and slot in self._kind_questions(state, task):
            return t.question_callback_time  # the callback wish's own question (see _kind_questions)
        if slot == "preferred_time" and task is not None and self._away_for_visit(state, task):
            return t.question_when_home
        return None

    def _is_device_fault(self, task: TaskConfig) -> bool:
        """A fault of a device (Heizungsstörung), not the emergency task."""
        emergency = self._emergency_task()
        if emergency is not None and emergency.id == task.id:
            return False
        return bool(_DEVICE_FAULT_TASK.search(_fold(" ".join([task.name, *task.keywords]))))

    def _is_maintenance(self, task: TaskConfig) -> bool:
        """A service or maintenance of a device (Wartung, Service, Entkalkung), not the emergency task."""
        emergency = self._emergency_task()
        if emergency is not None and emergency.id == task.id:
            return False
        return bool(_MAINTENANCE_TASK.search(_fold(f"{task.id} {task.name}")))

    def _is_sanitary(self, task: TaskConfig) -> bool:
        """A plumbing job (Sanitär), not the emergency task."""
        emergency = self._emergency_task()
        if emergency is not None and emergency.id == task.id:
            return False
        return bool(_SANITARY_TASK.search(_fold(f"{task.id} {task.name}")))

    def _fixture_maker_missing(self, state: DialogueState, task: TaskConfig | None) -> bool:
        """A sanitary fixture named with its fault ("Klo, Spülung läuft nach") without its make:
        the plumber brings the right spare part when he knows it (asked once, last)."""
        if task is None or self._is_device_fault(task) or not self._is_sanitary(task) or state.contact is not None:
            return False
        device = self._slot(state, "device")
        return (
            bool(_FIXTURE_WITH_MAKE.search(_fold(device)))
            and bool(self._slot(state, "fault"))
            and maker_in(device) is None
            and "device" not in state.asked
        )

    def _fault_details_missing(self, state: DialogueState) -> tuple[bool, bool, bool]:
        """(ask for the device, for its maker, for an error code): what the follow-up question
        still has to ask. A fault task: all three; a task that only lists `device` (Wartung,
        Abgasmessung): the maker of a device said without one. Nothing in an emergency, nothing
        the task's own questions asked (the device question names no maker)."""
        emergency = self._emergency_of(state)
        if emergency is not None:
            # Water or oil running out of a device: once help is on its way, its maker tells the
            # technician on call what to bring. Never when the caller has to get out (gas, CO,
            # smoke) nor for a customer on file (the call stays as short as it can be).
            device = self._slot(state, "device")
            heat_source = bool(_HEAT_SOURCE.search(_fold(device)))
            ask = emergency in _EMERGENCY_MAKER_ASKED and state.contact is None and heat_source and maker_in(device) is None
            return False, ask, False
        task = self._task(state)
        if self._fixture_maker_missing(state, task):
            return False, True, False
        if task is not None and self._is_sanitary(task) and not self._is_device_fault(task) and "device" not in task.slots:
            return False, False, False  # a drain or a pipe: no maker question (only a fixture's, above)
        fault_task = task is not None and self._is_device_fault(task)
        device = _fold(self._slot(state, "device"))
        device_known = (
            bool(set(_words(device)) - _GENERIC_DEVICE_WORDS)
            and (not _HEAT_DISTRIBUTION.search(device) or bool(_HEAT_SOURCE.search(device)))
            and not maker_only(self._slot(state, "device"))  # "die Buderus": the technician needs which device
        )
        # A service whose task does not ask for the device: which device, too (the technician
        # brings what it needs).
        maintenance = task is not None and state.contact is None and self._is_maintenance(task) and "device" not in task.slots
        ask_device = (fault_task or maintenance) and not device_known and "device" not in state.asked
        ask_maker = device_known and maker_in(self._slot(state, "device")) is None
        ask_code = fault_task and not self._fault_code_known(state) and "fault" not in state.asked
        return ask_device, ask_maker, ask_code

    @staticmethod
    def _fault_code_known(state: DialogueState) -> bool:
        fault = state.slots.get("fault") or {}
        return bool(fault.get("normalized")) or bool(_ERROR_CODE.search(str(fault.get("value") or "")))

    @staticmethod
    def _needs_address(task: TaskConfig) -> bool:
        """A fault, an emergency or a maintenance visit: someone may have to come out."""
        if task.priority in ("high", "urgent") or "fault" in task.slots:
            return True
        words = _fold(" ".join([task.id, task.name, *task.keywords]))
        return bool(_FAULT_TASK.search(words) or _MAINTENANCE_TASK.search(words))

    def _next_slot(self, state: DialogueState) -> str | None:
        self._from_reason(state)
        for slot in state.pending:
            if slot in state.done:
                continue
            if slot == SURNAME and not self._first_name_only(state):
                state.done.append(slot)
                continue
            if slot == HOUSE_NUMBER and not self._house_number_missing(state):
                state.done.append(slot)
                continue
            if slot == FAULT_DETAILS and not any(self._fault_details_missing(state)):
                state.done.append(slot)
                continue
            if slot == FAULT_CODE and (self._fault_code_known(state) or "fault" in state.asked):
                state.done.append(slot)
                continue
            if slot == ADDRESS_CHECK and not self._address_to_check(state):
                state.done.append(slot)
                continue
            if slot == CONTACT_PLACE and (state.contact is None or state.place_elsewhere):
                state.done.append(slot)
                continue
            if slot == WISH_HOUR and (not self._wish_day_only(state) or self._emergency_of(state) is not None):
                state.done.append(slot)
                continue
            if slot == "callback_number" and (self._direct_number_wanted(state) or self._outside_number_wanted(state)):
                return slot
            if slot == SHOWN_NUMBER:
                if self._shown_number_to_confirm(state):
                    return slot
                state.done.append(slot)
                continue
            if self._is_known(state, slot) or (slot == "postcode" and self._emergency_place_not_needed(state)):
                state.done.append(slot)
                continue
            return slot
        return None

    def _direct_number_wanted(self, state: DialogueState) -> bool:
        """Someone calling for a property or a firm ("von der Hausverwaltung") is called back on
        their own direct number: the number shown may be a switchboard, so it is asked once instead
        of taken silently. (Calling for a relative: the number shown is read back, see
        _calls_back_shown.)"""
        number = state.slots.get("callback_number") or {}
        if number.get("source") != SOURCE_CALLER_ID or "callback_number" in state.asked:
            return False
        if self._emergency_of(state) is not None:
            return False  # an emergency call stays short
        if state.contact is not None:
            return False  # the address master knows the firm under this number: it is theirs
        said = " ".join(
            [self._slot(state, "caller_name"), *(t.get("text", "") for t in state.transcript if t.get("speaker") == "caller")]
        )
        return bool(_ON_BEHALF.search(_fold(said)))

    def _drop_name_of_person_concerned(self, state: DialogueState) -> None:
        """A name heard in the reason that is the name of the person the call is about ("mein
        Mieter, der Herr Kovac …, der heißt Kovac") is not the caller's: the caller is asked."""
        name = state.slots.get("caller_name") or {}
        person = set(_words(_fold(self._slot(state, PERSON_SLOT))))
        said = set(_words(_fold(str(name.get("value") or "")))) - {"herr", "frau"}
        if said and person and said <= person and "caller_name" not in state.asked and state.contact is None:
            del state.slots["caller_name"]

    def _shown_number_to_confirm(self, state: DialogueState) -> bool:
        """A caller not on file calling from a landline is asked once, last before the read-back,
        whether we can call back on it: a landline reaches them only there, and a better number
        (the wife's mobile, the office, the mobile for the stable) is often only said when asked.
        A mobile shown reaches its caller: not asked. Not in an emergency (the call stays short),
        not when the caller gave a number or said "unter dieser Nummer" already, nor when the
        number was asked in another way."""
        number = state.slots.get("callback_number") or {}
        # Calling about someone else ("mein Mieter", "für meine Mutter"): the number for the
        # appointment may be theirs, whatever phone the caller uses.
        for_other = bool(self._slot(state, PERSON_SLOT))
        if number.get("source") != SOURCE_CALLER_ID or not (self._shown_landline(state) or for_other):
            return False
        if "callback_number" in state.asked or SHOWN_NUMBER in state.asked:
            return False
        if self._emergency_of(state) is not None or state.contact is not None:
            return False
        if state.turns >= self.max_turns - 2:
            return False  # the read-back comes first
        for turn in state.transcript:
            said = _fold(turn.get("text", "")) if turn.get("speaker") == "caller" else ""
            if _THIS_NUMBER.search(said) or (re.search(r"\bnummer", said) and _SHOWN_NAMED.search(said)):
                return False  # "… d Nummere won ich aalüte" said already
        return True

    def _outside_number_wanted(self, state: DialogueState, *, asking: bool = False) -> bool:
        """A caller told to leave the building (gas, carbon monoxide, smoke) who calls from a
        landline there: the on-call technician cannot reach them on it outside, so a mobile number
        is asked once, last. Not for a mobile shown, nor for the other emergencies."""
        number = state.slots.get("callback_number") or {}
        if number.get("source") != SOURCE_CALLER_ID or ("callback_number" in state.asked and not asking):
            return False
        if self._emergency_of(state) not in _LEAVE_THE_BUILDING:
            return False
        return self._shown_landline(state, strict=True)

    @staticmethod
    def _shown_landline(state: DialogueState, *, strict: bool = False) -> bool:
        """Whether the number shown is a landline (``strict``: nothing that may be a mobile)."""
        if not state.caller_number:
            return False
        try:
            parsed = phonenumbers.parse(state.caller_number, None)
        except phonenumbers.NumberParseException:
            return False
        kind = phonenumbers.number_type(parsed)
        if strict:
            return kind == phonenumbers.PhoneNumberType.FIXED_LINE
        return kind in (
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            phonenumbers.PhoneNumberType.VOIP,
        )

    def _address_to_check(self, state: DialogueState) -> bool:
        """An address the caller gave (not the address master's) with a street to read back."""
        street = state.slots.get("street") or {}
        return (
            (state.contact is None or state.place_elsewhere)
            and bool(street.get("value"))
            and street.get("source") == SOURCE_CALLER
        )

    def _emergency_place_not_needed(self, state: DialogueState) -> bool:
        """In an emergency the place is asked only when the address came without it: a city said
        is enough, and without a street there is nothing to complete."""
        if self._emergency_of(state) is None:
            return False
        if not self._is_known(state, "street"):
            return True
        return self._is_known(state, "city") and not self._place_from_reason_only(state)

    def _place_from_reason_only(self, state: DialogueState) -> bool:
        """A place heard only in the first sentence ("die Praxis in Friedenau", "Gasthof in
        Gratwein") while the street came later: the part of town or village alone does not find the
        house, so the postcode is still asked once."""
        if state.contact is not None and not state.place_elsewhere:
            return False
        city = _fold(self._slot(state, "city"))
        if not city or self._slot(state, "postcode"):
            return False
        reason = " ".join(_fold(text) for text in state.reason_texts)
        if not re.search(rf"\b{re.escape(city)}\b", reason):
            return False
        street = _fold(self._slot(state, "street"))
        return not (street and street in reason)

    def _wish_not_fault(self, state: DialogueState) -> bool:
        """Work wished for, nothing broken: the reason names a renovation or new installation
        ("wir wollen unser Bad umbauen lassen") and no symptom, or says there is no damage. Then
        what is to be done is asked instead of a fault."""
        if self._emergency_of(state) is not None or self._slot(state, "fault"):
            return False
        reason = " ".join(_fold(text) for text in state.reason_texts)
        if _no_damage(reason):
            return True
        return bool(_WISH_WORK.search(reason)) and not _SYMPTOM.search(reason)

    def _is_known(self, state: DialogueState, slot: str) -> bool:
        if slot in state.slots and state.slots[slot].get("value"):
            return True
        # the address master knows these (not where an emergency elsewhere is, nor who calls from there)
        return state.contact is not None and slot in ("caller_name", "street", "postcode", "city") and not state.place_elsewhere

    def _question(self, state: DialogueState, slot: str) -> tuple[str, bool]:
        from zentrale.config.schema import DEFAULT_QUESTIONS

        emergency = self._emergency_of(state)
        if slot == "fault" and self._wish_not_fault(state):
            return self.texts.question_wish_work, False
        if emergency is not None and slot == "street":
            return self.texts.emergency_question_where(emergency), True
        if emergency is not None and slot == "postcode":
            if self._place_from_reason_only(state):
                return self.texts.emergency_question_postcode.format(city=self._slot(state, "city")), False
            return self.texts.emergency_question_place, False
        if emergency is not None and slot == "caller_name":
            return self.texts.emergency_question_name, True
        if slot == "preferred_time" and self._slot(state, EARLIER_APPOINTMENT):
            return self.texts.question_new_time, False  # the date said is the appointment to move
        if slot == WISH_HOUR:
            return self.texts.question_wish_hour, False
        if slot == SURNAME:
            return self.texts.question_surname, False
        if slot == HOUSE_NUMBER:
            return self.texts.question_house_number, False
        if slot == ADDRESS_CHECK:
            return self.texts.emergency_address_readback.format(address=self._address_spoken(state)), False
        if slot == CONTACT_PLACE:
            return self._contact_place_question(state), False
        if slot == FAULT_DETAILS:
            device, maker, code = self._fault_details_missing(state)
            t = self.texts
            if device:
                maker_said = maker_in(self._slot(state, "device"))
                if maker_said is not None:  # "die Buderus zeigt was an": which of its devices
                    question = t.question_model_and_code if code else t.question_model
                    return question.format(maker=maker_said), False
                return (t.question_device_and_code if code else t.question_device), False
            if maker and self._emergency_of(state) is not None:
                return t.question_maker_emergency, False
            if maker and self._fixture_maker_missing(state, self._task(state)):
                return t.question_fixture_maker, False
            if maker:
                return (t.question_maker_and_code if code else t.question_maker), False
            return t.question_code, False
        if slot == FAULT_CODE:
            return self.texts.question_code_once, False
        if slot == "callback_number" and self._outside_number_wanted(state, asking=True):
            return self.texts.question_mobile_outside, False
        if slot == SHOWN_NUMBER:
            return self.texts.question_shown_number, False
        if slot == "callback_number" and (state.slots.get("callback_number") or {}).get("source") == SOURCE_CALLER_ID:
            return self.texts.question_direct_number, True
        task = self._task(state)
        item = next((i for i in task.ask if i.slot == slot), None) if task is not None else None
        if item is not None:
            question = item.question or DEFAULT_QUESTIONS.get(slot, "")
            if question == DEFAULT_QUESTIONS.get(slot):
                question = self.texts.questions.get(slot, question)
            return question, item.required
        if slot == "caller_name":
            return self.texts.question_name, True
        if slot == "callback_number":
            return self.texts.question_callback, True
        if slot == "postcode" and self._asks_city_with_postcode(state):
            return self.texts.question_postcode_city, False
        kind_question = self._kind_question(state, slot)
        if kind_question is not None:
            return kind_question, False
        return self.texts.questions.get(slot, DEFAULT_QUESTIONS.get(slot, self.texts.what_can_i_do)), False

    def _readback(self, state: DialogueState) -> str:
        task = self._task(state)
        t = self.texts
        parts = [t.readback_intro_task.format(task=_speakable(task.name)) if task else t.readback_intro_message]
        details = ", ".join(v for v in (self._slot(state, "device"), _brief_fault(self._slot(state, "fault"))) if v)
        details = _speakable(details)
        if details:
            details = details[:1].upper() + details[1:]
            parts.append(t.readback_details.format(details=details))
        said_unasked = [slot for slot in REFERENCE_SLOTS if slot not in state.pending and self._slot(state, slot)]
        for slot in [*state.pending, *said_unasked]:  # an estimate/invoice number said unasked is read back too
            if slot not in SLOT_NAMES and self._slot(state, slot):
                value = self._slot(state, slot).rstrip(" .!?")
                if state.slots.get(slot, {}).get("normalized") and re.fullmatch(r"[A-Z0-9./\-]+", value):
                    value = readback.speak_code(value, self.region)  # "RE20260337": letters apart, digits one by one
                parts.append(t.readback_custom.format(label=custom_slot_label(slot), value=value))
        if state.contact is None and self._slot(state, "caller_name"):
            parts.append(t.readback_name.format(name=self._slot(state, "caller_name")))
        if self._slot(state, PERSON_SLOT):  # whom the call is about ("Mutter Elfriede Lange"): a name to get right
            parts.append(t.readback_person.format(person=self._slot(state, PERSON_SLOT)))
        address = self._address_spoken(state)
        street_missing = bool(address) and not self._slot(state, "street")
        if street_missing:
            # A postcode or place alone is no address: read back as what it is.
            label = (
                t.readback_postcode_city
                if self._slot(state, "postcode") and self._slot(state, "city")
                else (t.readback_postcode if self._slot(state, "postcode") else t.readback_city)
            )
            parts.append(t.readback_place.format(label=label, place=address))
        elif address:
            parts.append(t.readback_address.format(address=address))
        time_slot = state.slots.get("preferred_time")
        if time_slot and time_slot.get("value"):
            spoken = readback.speak_time(
                time_slot.get("value"), time_slot.get("normalized"), now=self._now(), timezone=self.timezone, region=self.region
            )
            parts.append(t.readback_time.format(time=spoken))
        number = state.slots.get("callback_number")
        if number and number.get("value") and (number.get("source") == SOURCE_CALLER or self._calls_back_shown(state)):
            spoken = readback.speak_phone(number["normalized"], self.region) if number.get("normalized") else number["value"]
            parts.append(t.readback_callback.format(number=spoken))
        if street_missing and state.readbacks <= 1 and state.contact is None and "street" in state.pending:
            # Someone has to find the place: the missing street is asked for instead of "Stimmt das
            # so?" (a street said is taken like a correction; anything else confirms the rest).
            parts.append(t.readback_street_missing)
        else:
            parts.append(t.readback_question)
        return _join(*parts)

    def _calls_back_shown(self, state: DialogueState) -> bool:
        """A callback wish from a caller not on file, to be called back on the number the phone
        showed: the read-back says it, so "nein, lieber mobil: …" can still change it (a landline
        may not reach them at the time they wish) without a question of its own."""
        task = self._task(state)
        number = state.slots.get("callback_number") or {}
        if SHOWN_NUMBER in state.asked:
            return False  # asked whether the number shown reaches them: not read back again
        # A call about someone else ("für meine Mutter"): the phone shown may be theirs, not the caller's.
        for_other = bool(self._slot(state, PERSON_SLOT)) and self._emergency_of(state) is None
        return (
            task is not None
            and (state.contact is None or for_other)
            and number.get("source") == SOURCE_CALLER_ID
            and (for_other or bool(_CALLBACK_TASK.search(_fold(f"{task.id} {task.name}"))))
        )

    def _closing(self, state: DialogueState, prefix: str, reason: str, *, end_reason: str | None = None) -> Decision:
        emergency = self._emergency_of(state)  # an emergency call ends with the advice once more
        advice = self.texts.emergency_advice_repeat(emergency) if emergency is not None else None
        return self._end(
            state,
            _join(prefix, self._next_steps(state), advice, self.texts.goodbye),
            reason,
            end_reason or ("message" if self._task(state) is None else "completed"),
        )

    def _next_steps(self, state: DialogueState) -> str:
        """What happens next, true to the facts that go into the activity: urgent → as soon as
        possible; else the day of the task's follow-up, moved to when the business is open; no
        opening hours → a neutral promise."""
        t = self.texts
        now = self._now()
        if not (state.caller_number or self._slot(state, "callback_number")):
            if self._priority(state) == "urgent":
                return t.next_no_number_urgent
            if self.config.business.opening_hours is None:
                return t.next_no_number_plain
            when = self._day_phrase(self._first_open_at(now), now)
            return t.next_no_number.format(when=t.when_today_call_again if when == t.when_today else when)
        if self._priority(state) == "urgent":
            return t.next_urgent
        when = self._promise_when(state, now)
        people = self._assignees(state)
        later = bool(self._slot(state, "preferred_time"))
        if len(people) == 1:
            person = readback.staff_name(people[0].name)
            if later:  # the wished time is the caller's; when they hear back is the follow-up's day
                return t.next_person_later_when.format(person=person, when=when)
            return t.next_person.format(person=person, when=when)
        if people:
            return t.next_team_later_when.format(when=when) if later else t.next_team.format(when=when)
        return t.next_we.format(when=when)

    def _promise_when(self, state: DialogueState, now: datetime) -> str:
        """When the caller hears back: the task's follow-up (Wiedervorlage) from now, at the first
        moment the business is open; no follow-up → the next opening."""
        if self.config.business.opening_hours is None:
            return self.texts.when_soon
        due = now
        task = self._task(state)
        if task is not None:
            deltas = [
                delta
                for action in task.effective_actions(self.config)
                if action.activity is not None and (delta := action.activity.follow_up_delta) is not None
            ]
            if deltas:
                due = now + min(deltas)
        callback = self._first_open_at(due)
        wish = self._wished_day(state)
        zone = self.config.business.zone
        if callback is not None and wish is not None and wish <= callback.astimezone(zone).date():
            # "Donnerstag in der Früh" said on Wednesday with a follow-up of a day: a call back on
            # Thursday comes too late to arrange it; the office calls back at its first opening.
            callback = self._first_open_at(now)
        phrase = self._day_phrase(callback, now)
        if phrase == self.texts.when_soon:
            return self._soon_from_next_opening(now)
        return phrase

    def _soon_from_next_opening(self, now: datetime) -> str:
        """ "so bald wie möglich" while the office is open; closed now and the next opening another
        day (Saturday, Friday afternoon, a holiday): "ab Montag so bald wie möglich" — a caller wants
        to know the day, and nobody calls before then."""
        t = self.texts
        if self._is_open(now):
            return t.when_soon
        next_open = self._first_open_at(now)
        if next_open is None:
            return t.when_soon
        zone = self.config.business.zone
        today = now.astimezone(zone).date()
        day = next_open.astimezone(zone).date()
        if day <= today or (day - today).days > 6:
            return t.when_soon
        name = t.when_tomorrow if day == today + timedelta(days=1) else t.weekdays[day.weekday()]
        return t.when_soon_from.format(day=name)

    def _wished_day(self, state: DialogueState) -> date | None:
        """The day of the caller's wished time, when it was clear (the normalized value)."""
        normalized = (state.slots.get("preferred_time") or {}).get("normalized")
        if not normalized:
            return None
        try:
            moment = datetime.fromisoformat(str(normalized).split("/")[0])  # an interval: its start
        except ValueError:
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.config.business.zone)
        return moment.date()

    def _day_phrase(self, moment: datetime | None, now: datetime) -> str:
        """ "heute noch", "morgen", "am Montag" (the next opening day after a closed stretch),
        "spätestens am Freitag" for ``moment``
        seen from ``now``; further away (or never open) → "so bald wie möglich"."""
        t = self.texts
        if moment is None:
            return t.when_soon
        zone = self.config.business.zone
        today = now.astimezone(zone).date()
        day = moment.astimezone(zone).date()
        if day <= today:
            return t.when_today
        if day == today + timedelta(days=1):
            return t.when_tomorrow
        midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        next_open = self._first_open_at(midnight)
        if next_open is not None and day == next_open.astimezone(zone).date():
            # after a closed stretch (Friday afternoon, a weekend, a holiday) callers understand a
            # day's name better than "am nächsten Werktag"; more than a week away: no name
            if (day - today).days <= 6:
                return t.when_on_day.format(day=t.weekdays[day.weekday()])
            return t.when_next_workday
        if (day - today).days <= 6:
            opens = self._first_open_at(now)
            start = opens.astimezone(zone).date() if opens is not None else None
            if start is not None and today < start < day:
                # Closed until another day (evening before a holiday, Saturday): the caller hears the
                # day nobody calls before and the day by which somebody will — "ab Donnerstag,
                # spätestens am Freitag".
                first = t.when_tomorrow if start == today + timedelta(days=1) else t.weekdays[start.weekday()]
                return t.when_from_by_day.format(start=first, day=t.weekdays[day.weekday()])
            return t.when_by_day.format(day=t.weekdays[day.weekday()])
        return t.when_soon

    def _first_open_at(self, moment: datetime) -> datetime | None:
        """``moment`` if the business is open then, else the next opening (15-minute steps, two weeks)."""
        if self._is_open(moment):
            return moment
        probe = moment.replace(second=0, microsecond=0)
        probe += timedelta(minutes=15 - probe.minute % 15)
        for _ in range(14 * 96):
            if self._is_open(probe):
                return probe
            probe += timedelta(minutes=15)
        return None

    def _ask_again_text(self) -> str:
        ordinary = [t.name for t in self.config.tasks if t.priority != "urgent"]
        short = [n for n in ordinary if len(n.split()) <= 2]
        names = (short if len(short) >= 2 else ordinary)[:3]
        if len(names) < 2:
            return self.texts.ask_again_reason_plain
        examples = ", ".join(names[:-1]) + self.texts.examples_joiner + names[-1]
        return self.texts.ask_again_reason.format(examples=examples)

    # ---------------------------------------------------------------- decisions

    def _ask(
        self, state: DialogueState, phase: str, text: str, hints: Sequence[str], reason: str, *, question: str | None = None
    ) -> Decision:
        """Ask ``text``; ``question`` (default: all of it) is what a "not understood" repeats."""
        state.phase = phase
        if phase != "slot":
            state.current = None
        state.last_question = question or text
        return Decision("ask", text, hints=tuple(hints)[:MAX_HINTS], reason=reason)

    def _end(self, state: DialogueState, text: str, reason: str, outcome: str) -> Decision:
        state.phase = "ended"
        state.current = None
        state.end_reason = outcome
        return Decision("end", text, reason=reason, outcome=outcome)

    def _limit(self, state: DialogueState, decision: Decision) -> Decision:
        if decision.kind not in ("ask", "say"):
            return decision
        elapsed = (self._now() - self._started(state)).total_seconds()
        if state.turns >= self.max_turns or elapsed >= self.max_seconds:
            return self._closing(state, self.texts.wrap_up, "max_call_length", end_reason="max_length")
        return decision

    @staticmethod
    def _say(state: DialogueState, decision: Decision) -> None:
        if decision.text:
            state.transcript.append({"speaker": "bot", "text": decision.text})

    # ---------------------------------------------------------------- engine calls

    def _context(self, state: DialogueState) -> DialogueContext:
        """The conversation before what the caller just said (that sentence is passed on its own;
        leaving it in the earlier turns would count it twice)."""
        transcript = state.transcript
        if transcript and transcript[-1].get("speaker") == "caller":
            transcript = transcript[:-1]
        turns = [ContextTurn(t.get("speaker", ""), t.get("text", "")) for t in transcript[-8:]]
        return DialogueContext(turns=tuple(turns), current_task=state.task_id, now=self._now())

    async def _classify(self, state: DialogueState, said: str) -> str | None:
        try:
            result = await self.engine.classify(said, self._context(state))
            task_id = getattr(result, "task", None)
            confidence = float(getattr(result, "confidence", 0.0) or 0.0)
            engine = str(getattr(result, "engine", ""))
        except Exception as exc:  # a broken engine is an unsure answer
            log.warning("dialogue_classify_failed", error=type(exc).__name__)
            task_id, confidence, engine = None, 0.0, "error"
        if not isinstance(task_id, str) or self.config.task(task_id) is None:
            task_id = None
        state.classifications.append({"task": task_id, "confidence": round(confidence, 4), "engine": engine})
        return task_id

    async def _retracts_first_reason(self, state: DialogueState, said: str) -> bool:
        """Whether the engine reads ``said`` as taking the first reason back for another one (its
        classification's reason names ``retracted_first_reason``); nothing is recorded."""
        try:
            result = await self.engine.classify(said, self._context(state))
        except Exception:  # a broken engine retracts nothing
            return False
        task_id = getattr(result, "task", None)
        return task_id not in (None, state.task_id) and "retracted_first_reason" in str(getattr(result, "reason", "") or "")

    async def _classify_reason(self, state: DialogueState, said: str) -> str | None:
        """:meth:`_classify`, but a caller whose surname sounds like an emergency ("Hier ist
        Feuer, …", "Rauch hier, ich habe eine Frage zur Rechnung") is not an emergency for it:
        when the engine picks the emergency task and the name it heard introduced is such a word,
        the sentence is classified again without the name. Real dangers were caught before by the
        safety rules, which know Rauch, Brand and Feuer as names."""
        task_id = await self._classify(state, said)
        emergency = self._emergency_task()
        if task_id is None or emergency is None or task_id != emergency.id:
            return task_id
        name = (await self._extract(state, said, ["caller_name"])).get("caller_name")
        without = self._without_danger_name(said, name)
        if without is None:
            return task_id
        return await self._classify(state, without)

    def _without_danger_name(self, said: str, name: SlotValue | None) -> str | None:
        """``said`` without the caller's introduced name when that name is an emergency word
        ("Feuer hier, …" → "hier, …"); ``None`` when it is not such a case."""
        if name is None or (name.confidence or 0.0) < _INTRODUCED_NAME_MIN_CONFIDENCE:
            return None
        if emergency_kind(_fold(name.value)) is None:
            return None  # the name has nothing to do with it
        words = [re.escape(w) for w in re.findall(r"[^\W\d_]+", name.value)]
        if not words:
            return None
        without = _clean(re.sub(r"\b(?:" + "|".join(words) + r")\b", " ", said, flags=re.IGNORECASE))
        return without if _words(without) else None

    async def _reason_details(self, state: DialogueState, text: str) -> dict[str, SlotValue]:
        """The details of a reason sentence; the danger level an engine read into an introduced
        surname ("Feuer hier, …") is read again from the sentence without the name."""
        found = await self._extract(state, text, self._wanted(state))
        wish = found.get("preferred_time")
        folded = _fold(text)
        moving = _MOVE_APPOINTMENT.search(folded)
        if wish is None and moving is not None and _THEY_COME.search(folded[: moving.start()]):
            # "… dass Sie morgen zum Kehren kommen, da bin i aber ned daheim": the day is no wish
            # (the rules drop it), but it is the appointment to move.
            # the words as said (folding keeps the words apart): the activity quotes them
            said_before = " ".join(text.split()[: len(folded[: moving.start()].split())])
            before = (await self._extract(state, said_before, ["preferred_time"])).get("preferred_time")
            if before is not None and before.normalized:
                state.slots[EARLIER_APPOINTMENT] = {
                    "value": self._said_day(before),
                    "normalized": before.normalized,
                    "source": SOURCE_CALLER,
                }
        if wish is not None and moving is not None:
            # "Wir müssen den Kundendienst am Donnerstag verschieben": Thursday is the appointment
            # they have, not the one they want; that one is asked for — unless the sentence names
            # it too ("… am Donnerstag auf Freitag verschieben").
            cue = list(_NEW_TIME_CUE.finditer(folded))
            # the words as said (folding keeps the words apart): the activity quotes them
            cut = len(folded[: cue[-1].start()].split()) if cue else 0
            later = (
                (await self._extract(state, " ".join(text.split()[cut:]), ["preferred_time"])).get("preferred_time")
                if cue
                else None
            )
            # the appointment they have is the day said before the new one ("am Donnerstag … auf
            # nächste Woche Dienstag"), when the sentence names both
            first = (
                (await self._extract(state, " ".join(text.split()[:cut]), ["preferred_time"])).get("preferred_time")
                if cue and later is not None
                else None
            )
            if first is not None and first.normalized and _fold(first.value) != _fold(later.value if later else ""):
                wish = first
            if later is not None and _fold(later.value) != _fold(wish.value):
                found["preferred_time"] = later
            else:
                found.pop("preferred_time")
            if later is None or _fold(later.value) != _fold(wish.value):
                state.slots[EARLIER_APPOINTMENT] = {
                    "value": self._said_day(wish),
                    "normalized": wish.normalized,
                    "source": SOURCE_CALLER,
                }
        urgency = found.get("urgency")
        if urgency is not None and urgency.normalized == "urgent":
            without = self._without_danger_name(text, found.get("caller_name"))
            if without is not None:
                again = (await self._extract(state, without, ["urgency"])).get("urgency")
                if again is None:
                    found.pop("urgency")
                else:
                    found["urgency"] = again
            elif (
                self._emergency_of(state) is None
                and only_dismissed(folded, "gas", "smoke", "co", "water", "oil")
                and hazard_kind(folded) is None
                and not mentions_gas(folded)
            ):
                found.pop("urgency")  # a danger named only to be dismissed ("ich dachte, es brennt, war aber …")
        return found

    def _is_earlier_appointment(self, state: DialogueState, value: SlotValue | None) -> bool:
        """A time said that is the day of the appointment to move or cancel (``bisheriger_termin``)."""
        earlier = str((state.slots.get(EARLIER_APPOINTMENT) or {}).get("normalized") or "")
        said = str(value.normalized or "") if value is not None else ""
        return bool(earlier) and said[:10] == earlier[:10] and bool(_DAY_ONLY.match(said))

    def _said_day(self, value: SlotValue) -> str:
        """An appointment as staff read it later: "Freitag, 15. Januar (gesagt: „morgen“)"; a day
        named ("am Donnerstag") stays as said."""
        said = _clean(value.value)
        if not _RELATIVE_DAY.search(_fold(said)):
            return said
        planned = when_text(said, value.normalized, self.timezone) if value.normalized else ""
        return f"{planned} (gesagt: „{said}“)" if planned and _fold(planned) != _fold(said) else said

    async def _extract(self, state: DialogueState, said: str, wanted: Sequence[str]) -> dict[str, SlotValue]:
        """The details in ``said``; a maker, an error code or the end of a phone number corrected
        within the sentence ("eine Junkers, nee quatsch, Vaillant"; "F28, nein F29"; "… null null,
        na halt, dreiundsiebzig null neun") is the corrected one."""
        found = await self._engine_extract(state, said, wanted)
        match = _MID_CORRECTION.search(" " + said) if said else None
        if match is None or match.start() == 0:
            return found
        before, after = said[: match.start()], said[match.end() - 1 :]
        after = self._without_negated(after)
        if "callback_number" in wanted:
            number = self._phone_end_corrected(before, after)
            if number is not None:
                found["callback_number"] = number
        kinds = [name for name in ("device", "fault") if name in found]
        if not kinds:
            return found
        earlier = await self._engine_extract(state, before, kinds)
        later = await self._engine_extract(state, after, kinds)
        device, old_device = later.get("device"), earlier.get("device")
        if device is not None and old_device is not None:
            maker, old_maker = maker_in(device.value), maker_in(old_device.value)
            if maker is not None and old_maker is not None and maker != old_maker:
                found["device"] = device  # "das ist ne Junkers, nee quatsch, Vaillant"
        fault, old_fault = later.get("fault"), earlier.get("fault")
        if fault is not None and old_fault is not None:
            merged = self._merge_code(found["fault"].value, fault.normalized or fault.value)
            if merged is not None:
                found["fault"] = SlotValue(merged, fault.normalized, found["fault"].confidence)
        return found

    def _phone_end_corrected(self, before: str, after: str) -> SlotValue | None:
        """A phone number whose last groups are said anew after a correction: "… dreiundsiebzig,
        null null, na halt, dreiundsiebzig null neun" (from the group said again on) or "…
        vierundsechzig, nei halt, vierundfünfzig" (the last group)."""
        lead = _CORRECTION_LEAD | {"quatsch", "sorry", "pardon", "ich", "meine", "mein", "halt"}
        words = [w for w in re.findall(r"\w+", words_to_digits(after)) if _fold(w) not in lead]
        if not words or not all(w.isdigit() for w in words):
            return None  # more than digits after the correction: not only the end of the number
        groups = [re.sub(r"\D", "", g) for g in re.split(r"[,;]", words_to_digits(before))]
        groups = [g for g in groups if g]
        if len(groups) < 2:
            groups = re.findall(r"\d+", words_to_digits(before))
        if len(groups) < 2:
            return None
        tail = "".join(words)
        again = [i for i, group in enumerate(groups) if i > 0 and tail.startswith(group)]
        if again:
            kept = groups[: again[-1]]  # said again from that group on
        else:
            kept = list(groups)  # the last groups, as many digits as said anew
            removed = 0
            while kept and removed < len(tail):
                removed += len(kept.pop())
        if not kept:
            return None
        checked = self._check("callback_number", " ".join([*kept, tail]), None)
        if checked is None or not checked.normalized:
            return None
        return SlotValue(checked.value, checked.normalized, 0.9)

    async def _engine_extract(self, state: DialogueState, said: str, wanted: Sequence[str]) -> dict[str, SlotValue]:
        names = [w for w in wanted if w in SLOT_NAMES or w in REFERENCE_SLOTS or w in _DETAIL_SLOTS]
        if not names or not said:
            return {}
        try:
            slots = await self.engine.extract_slots(said, names, self._context(state), region=self.region)
            values = getattr(slots, "values", None)
            if not isinstance(values, Mapping):
                return {}
            return {
                k: v
                for k, v in values.items()
                if k in names and isinstance(v, SlotValue) and isinstance(v.value, str) and v.value.strip()
            }
        except Exception as exc:  # a broken engine finds nothing; the text stays in the transcript
            log.warning("dialogue_extract_failed", error=type(exc).__name__)
            return {}

    async def _apply(
        self,
        state: DialogueState,
        found: Mapping[str, SlotValue],
        *,
        solicited: str | None,
        override: bool = False,
        text: str | None = None,
    ) -> bool:
        """Store extracted details that pass the slot's check (``text``: what the caller said);
        returns whether anything changed."""
        changed = False
        wanted = set(self._wanted(state)) | ({solicited} if solicited else set())
        for name, found_value in found.items():
            if name not in wanted:
                continue
            if name == "caller_name" and set(_words(found_value.value)) & _NOT_NAMES:
                continue  # "der Name ist falsch" is a complaint, not Herr Falsch
            if name == ONSET_SLOT and state.slots.get(name) and not override:
                continue  # the first "seit …" is when it started; a later one is mostly another symptom's
            if name == "device" and name != solicited and self._maker_for_device(state, found_value, text):
                changed = True  # "der ist von Stiebel Eltron" about the "Warmwasserspeicher" named before
                continue
            if (
                name == "caller_name"
                and solicited in _ADDRESS_SLOTS
                and not _NAME_NAMED.search(_fold(text or ""))
                and names_a_street(text or "")
            ):
                # "am Mühlgraben vierzehn" to the street question: a street's words are no caller
                # (unless the name is named: "… und der Name vorhin, das ist Schulze").
                continue
            if name != solicited:
                floor = _UNSOLICITED_NAME_MIN_CONFIDENCE if name == "caller_name" else _UNSOLICITED_MIN_CONFIDENCE
                if name == "city" and solicited == "street" and self._emergency_of(state) is None:
                    # "Hauptstraße vierzehn in Gratkorn" to the street question: the town of that
                    # address. Not in an emergency, where a town heard this unsure must not skip the
                    # postcode question (see _emergency_place_not_needed).
                    floor = _TOWN_WITH_STREET_MIN_CONFIDENCE
                if name == "caller_name" and solicited in _ADDRESS_SLOTS and not names_a_street(text or ""):
                    # "Petra Lange" to the address question: nothing but a first name and a surname,
                    # the caller's name given first (the address question comes again)
                    floor = _WEAK_GUESS_CONFIDENCE
                if (found_value.confidence or 0.0) < floor:
                    continue
                if name == "caller_name" and self._names_a_thing(found_value, found):
                    continue  # "… also Gas und Wärmepumpe zusammen": the device of the sentence is no name
                existing = state.slots.get(name)
                if existing and existing.get("source") == SOURCE_CALLER and not override and name not in _LATEST_WINS_SLOTS:
                    continue
            checked_text = text if text is not None else found_value.value
            value = self._check(name, checked_text, found_value) if name in SLOT_NAMES else found_value
            if value is None:
                continue  # implausible for the slot: never stored
            new = {"value": brief(_clean(value.value), 300), "normalized": value.normalized, "source": SOURCE_CALLER}
            if state.slots.get(name) != new:
                state.slots[name] = new
                changed = True
            if name == "urgency" and value.normalized == "urgent":
                state.urgent = True
        return changed

    @staticmethod
    def _names_earlier_detail(state: DialogueState, slot: str, folded: str) -> bool:
        """Whether ``folded`` (an answer to another question) clearly names the stored ``slot``: its
        topic ("der Name ist …", "die Hausnummer …") or a word of the value stored ("nicht Vogel")."""
        topic = dict(_CORRECTION_TOPICS).get(slot)
        if topic is None:
            return True  # a detail without topic words: the correction words decide, as before
        if topic.search(folded) or (slot == "caller_name" and _NAME_SAID.search(folded)):
            return True
        old = _fold(str((state.slots.get(slot) or {}).get("value") or ""))
        said = set(re.findall(r"\w+", folded))
        return any(len(word) >= 3 and word in said for word in re.findall(r"\w+", old))

    @staticmethod
    def _names_a_thing(name: SlotValue, found: Mapping[str, SlotValue]) -> bool:
        """A name heard unasked that is a word the same sentence gives as the device, the fault or
        what the call is about ("Wärmepumpe"): a thing, not the caller."""
        words = set(_words(name.value))
        if not words:
            return False
        for slot in ("device", "fault", SUBJECT_SLOT, "aktuelle_heizung"):
            other = found.get(slot)
            if other is not None and words <= set(_words(other.value)):
                return True
        return False

    def _maker_for_device(self, state: DialogueState, found: SlotValue, text: str | None) -> bool:
        """A maker said later for the device stored without one ("Warmwasserspeicher" + "der ist
        von Stiebel Eltron", "Wärmepumpe" + "Stiebel Eltron WPL 25"): the maker joins the device
        instead of being dropped. Not for another device named with its maker."""
        stored = state.slots.get("device") or {}
        old = _clean(str(stored.get("value") or ""))
        said = text if text is not None else found.value
        maker = maker_in(said) or maker_in(found.value)
        if not old or maker is None or maker_in(old) is not None or stored.get("source") != SOURCE_CALLER:
            return False
        rest = _fold(re.sub(re.escape(maker_in(found.value) or maker), "", found.value, flags=re.IGNORECASE)).strip(" ,")
        if not maker_only(found.value) and rest and rest not in _fold(old) and _fold(old) not in rest:
            return False  # "eine Vaillant Therme" besides the "Speicher": another device, the usual rules
        return self._merge_maker_into_device(state, said)

    def _merge_maker_into_device(self, state: DialogueState, said: str) -> bool:
        """The maker (and type, "WPL 25") named in ``said`` joins the stored device without one."""
        stored = state.slots.get("device") or {}
        old = _clean(str(stored.get("value") or ""))
        maker = maker_in(said)
        if not old or maker is None or maker_in(old) is not None:
            return False
        value = f"{maker} {old}"
        model = _model_code(said)
        if model is not None and _fold(model) not in _fold(value):
            value = f"{value} {model}"
        state.slots["device"] = {"value": value[:300], "normalized": stored.get("normalized"), "source": SOURCE_CALLER}
        return True

    def _wanted(self, state: DialogueState) -> list[str]:
        task = self._task(state)
        if task is None:
            return list(SLOT_NAMES)
        wanted = list(SLOT_NAMES)  # every detail, with or without the task's ask items (issue 11)
        for extra in ("caller_name", "callback_number", "urgency"):
            if extra not in wanted:
                wanted.append(extra)
        if ("street" in wanted or "postcode" in wanted) and "city" not in wanted:
            wanted.append("city")
        # An estimate/invoice/order number said unasked ("Rechnung Nummer 12345") is kept, so the
        # task's question for it is not asked again.
        wanted.extend(slot for slot in REFERENCE_SLOTS if slot not in wanted)
        # since when ("seit gestern Abend") and whom the call is about ("meine Mutter Elfriede Lange")
        wanted.extend(slot for slot in _DETAIL_SLOTS if slot not in wanted)
        return wanted

    # ---------------------------------------------------------------- contacts and names

    def _contact_address(self, state: DialogueState) -> str:
        contact = state.contact or {}
        return readback.address_name(contact.get("name"), contact.get("salutation"))

    def _pick_candidate(self, state: DialogueState, said: str) -> dict[str, Any] | None:
        answer = [w for w in _words(said) if len(w) >= 2 and w not in _NAME_FILLERS]
        if not answer:
            return None
        salutation_said = {"herr": "herr", "herrn": "herr", "frau": "frau"}
        said_salutation = next((salutation_said[w] for w in _words(said) if w in salutation_said), None)
        scored: list[tuple[float, dict[str, Any]]] = []
        for candidate in state.candidates:
            tokens = [w for w in _words(candidate.get("name") or "") if len(w) >= 2 and w not in _LEGAL_WORDS]
            score = 0.0
            for token in tokens:
                best = max(difflib.SequenceMatcher(None, token, word).ratio() for word in answer)
                if best >= 0.8:
                    score += best
            if score and said_salutation and _fold(candidate.get("salutation") or "").startswith(said_salutation):
                score += 0.5
            scored.append((score, candidate))
        scored.sort(key=lambda item: item[0], reverse=True)
        if not scored or scored[0][0] < 0.8:
            return None
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.2:
            return None  # two contacts fit equally well: continue without one
        return dict(scored[0][1])

    @staticmethod
    def _bare_name(said: str) -> str | None:
        if re.search(r"\d", said):
            return None
        raw = re.findall(r"[^\W\d_][\w'\-]*", said)
        words = [w for w in raw if _fold(w) not in _NAME_FILLERS]
        if not 1 <= len(words) <= 3 or len(raw) > 6:
            return None
        return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in words)

    # ---------------------------------------------------------------- hints

    def _reason_hints(self) -> list[str]:
        hints: list[str] = []
        for task in self.config.tasks:
            for word in (task.name, *task.keywords):
                if word and word not in hints:
                    hints.append(word)
        return hints

    def _name_hints(self, state: DialogueState) -> list[str]:
        hints: list[str] = []
        for candidate in state.candidates:
            name = candidate.get("name") or ""
            for part in [name, *re.split(r"[,\s]+", name)]:
                if part and len(part) > 1 and part not in hints:
                    hints.append(part)
        return hints

    def _slot_hints(self, state: DialogueState, slot: str) -> list[str]:
        if slot == "caller_name":
            return self._name_hints(state)
        if slot == HOUSE_NUMBER:
            return ["Hausnummer", "Nummer", *_SLOT_HINTS["callback_number"]]
        if slot == SHOWN_NUMBER:
            return ["ja", "nein", "Handy", *_SLOT_HINTS["callback_number"]]
        return list(_SLOT_HINTS.get(slot, ()))

    def _correction_hints(self) -> list[str]:
        return ["Nummer", "Name", "Adresse", "Termin", "Postleitzahl"]

    def _hints_for_phase(self, state: DialogueState) -> list[str]:
        if state.phase == "reason":
            return self._reason_hints()
        if state.phase == "identify":
            return self._name_hints(state)
        if state.phase == "slot" and state.current:
            return self._slot_hints(state, state.current)
        if state.phase == "confirm":
            return list(_YES_NO_HINTS)
        return []

    # ---------------------------------------------------------------- small helpers

    def _task(self, state: DialogueState) -> TaskConfig | None:
        return self.config.task(state.task_id) if state.task_id else None

    @staticmethod
    def _slot(state: DialogueState, name: str) -> str:
        return str((state.slots.get(name) or {}).get("value") or "")

    def _priority(self, state: DialogueState) -> str:
        task = self._task(state)
        levels = [task.priority if task is not None else "normal"]
        urgency = (state.slots.get("urgency") or {}).get("normalized")
        if urgency in ("high", "urgent"):
            levels.append(urgency)
        if state.urgent or state.gas_smell:
            levels.append("urgent")
        return highest_priority(levels)

    def _now(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo is not None else now.replace(tzinfo=UTC)

    def _started(self, state: DialogueState) -> datetime:
        try:
            started = datetime.fromisoformat(state.started_at)
        except (TypeError, ValueError):
            return self._now()
        return started if started.tzinfo is not None else started.replace(tzinfo=UTC)

    def _is_open(self, moment: datetime) -> bool:
        try:
            return bool(self.config.business.is_open(moment))
        except Exception:  # a broken schedule counts as open: never block a call on it
            return True

    def _open_later_today(self, now: datetime) -> bool:
        """Open now, or opening again before the day ends (lunch break)."""
        if self._is_open(now):
            return True
        local = now.astimezone(self.config.business.zone)
        probe = local
        while True:
            probe += timedelta(minutes=15)
            if probe.date() != local.date():
                return False
            if self._is_open(probe):
                return True

    def _e164(self, number: Any) -> str | None:
        text = _clean(number)
        if text.lower() in _WITHHELD:
            return None
        try:
            parsed = phonenumbers.parse(text, None if text.startswith("+") else self.region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(parsed):
            return None
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    @staticmethod
    def _copy(state: DialogueState | Mapping[str, Any]) -> DialogueState:
        if isinstance(state, DialogueState):
            return DialogueState.from_dict(state.to_dict())
        return DialogueState.from_dict(state)
