"""The business configuration (one YAML file per business), as pydantic v2 models.

The public contract is ``docs/contracts/business-config.md``; ``config/README.md``
explains the fields for the admin who writes the YAML. Every model forbids unknown keys so
that a typo never passes silently. Defaults that depend on other fields (timezone, language,
voice and greeting by region; activity type by task name) are filled in during validation,
so a validated model is the *effective* configuration.

Cross references (an action's ``assignee`` must be a staff id, ``team`` a team of the staff,
``forward: {to: emergency}`` needs an ``emergency_number``) are checked while the business is
validated, at the field that holds the reference, so the error points at the right line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as public_holidays
import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from zentrale.config.phones import to_e164
from zentrale.config.vocabulary import SLOT_NAMES, PriorityValue, StaffRoleValue

SUPPORTED_VERSIONS = (1,)

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)

# Defaults by region / language. Other regions must set timezone, language and voice themselves.
DEFAULT_TIMEZONES = {"DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich"}
DEFAULT_LANGUAGES = {"DE": "de-DE", "AT": "de-AT", "CH": "de-CH"}
DEFAULT_VOICES = {"de-DE": "Polly.Vicki-Neural", "de-CH": "Polly.Vicki-Neural", "de-AT": "Polly.Hannah-Neural"}

# German default questions for the known slots (neutral wording, fine for DE, AT and CH).
DEFAULT_QUESTIONS = {
    "caller_name": "Darf ich bitte Ihren Namen erfahren?",
    "callback_number": "Unter welcher Telefonnummer können wir Sie zurückrufen?",
    "street": "Wie lautet die Straße und Hausnummer?",
    "postcode": "Wie lautet die Postleitzahl?",
    "city": "In welchem Ort ist das?",
    "preferred_time": "Wann passt es Ihnen am besten?",
    "device": "Um welches Gerät geht es, zum Beispiel Gastherme, Ölkessel oder Wärmepumpe?",
    "fault": "Was genau funktioniert nicht? Gibt es eine Fehlermeldung oder einen Störcode?",
    "urgency": "Wie dringend ist es?",
}
assert set(DEFAULT_QUESTIONS) == set(SLOT_NAMES), "every known slot needs a default question"

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The greeting must tell the caller they talk to a machine (EU AI Act, Art. 50).
_AUTOMATED_WORD = re.compile(r"(?<![\w])(automati\w*|digital\w*|virtuell\w*|ki|künstliche\w*)(?![\w])", re.IGNORECASE)
_ASSISTANT_WORD = re.compile(r"assisten[tz]|sprachcomputer|telefoncomputer", re.IGNORECASE)

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DURATION_RE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$")
_DURATION_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


# --------------------------------------------------------------------------------------------
# Validation scope: what a nested model needs to know about the business being validated.


@dataclass
class _Scope:
    region: str = "DE"
    staff_ids: set[str] = field(default_factory=set)
    staff_mobiles: dict[str, bool] = field(default_factory=dict)
    staff_emails: dict[str, bool] = field(default_factory=dict)
    team_members: dict[str, set[str]] = field(default_factory=dict)
    teams: set[str] = field(default_factory=set)
    has_emergency_number: bool = False
    seen_staff: set[str] = field(default_factory=set)
    seen_tasks: set[str] = field(default_factory=set)


_SCOPE: ContextVar[_Scope | None] = ContextVar("zentrale_config_scope", default=None)


def _scope_from_raw(data: Any) -> _Scope:
    """Collect the references from the raw (not yet validated) data of one business."""
    scope = _Scope()
    if not isinstance(data, dict):
        return scope
    business = data.get("business")
    if isinstance(business, dict):
        region = business.get("region")
        if isinstance(region, str) and region.strip().upper() in phonenumbers.SUPPORTED_REGIONS:
            scope.region = region.strip().upper()
        scope.has_emergency_number = bool(business.get("emergency_number"))
    staff = data.get("staff")
    if isinstance(staff, list):
        for member in staff:
            if isinstance(member, dict) and isinstance(member.get("id"), str):
                scope.staff_ids.add(member["id"])
                scope.staff_mobiles[member["id"]] = bool(member.get("mobile"))
                scope.staff_emails[member["id"]] = bool(member.get("email"))
                teams = member.get("teams")
                if isinstance(teams, list):
                    for team in teams:
                        if isinstance(team, str):
                            scope.teams.add(team)
                            scope.team_members.setdefault(team, set()).add(member["id"])
    return scope


def _region() -> str:
    scope = _SCOPE.get()
    return scope.region if scope else "DE"


def _names(values: set[str]) -> str:
    return ", ".join(sorted(values)) if values else "(none)"


# --------------------------------------------------------------------------------------------
# Small reusable field types


def _check_slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'heizung-mueller'"
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]


def _check_phone(value: Any) -> str:
    if isinstance(value, int):
        raise ValueError('put phone numbers in quotes, e.g. "+4930555010": unquoted, YAML reads them as numbers and drops the +')
    return to_e164(value, _region())


def _phone_before(value: Any) -> Any:
    return _check_phone(value) if value is not None else value


def _parse_clock(text: str, *, allow_24: bool) -> time:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time of day; write it like 07:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if allow_24 and hours == 24 and minutes == 0:
        return time.max
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text.strip()!r} is not a time of day; hours go from 00 to 23, minutes from 00 to 59")
    return time(hours, minutes)


def _format_clock(value: time) -> str:
    return "24:00" if value == time.max else value.strftime("%H:%M")


def _parse_span(text: str, *, allow_24: bool) -> tuple[time, time]:
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text.strip()!r} is not a time range; write it like 07:30-17:00")
    return _parse_clock(parts[0], allow_24=False), _parse_clock(parts[1], allow_24=allow_24)


def parse_day_key(key: str) -> list[int]:
    """``"mon"`` → [0]; ``"mon-fri"`` → [0..4]; ``"sat, sun"`` → [5, 6] (0 = Monday)."""
    days: list[int] = []
    for part in str(key).lower().split(","):
        part = part.strip()
        ends = [p.strip() for p in part.split("-")]
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            raise ValueError(f"{key!r} is not a day or day range; use {', '.join(DAYS)} or a range like mon-fri")
        start, end = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if end < start:
            raise ValueError(f"day range {part!r} runs backwards; write it from the earlier day, e.g. mon-fri")
        days.extend(range(start, end + 1))
    return days


def parse_hours(value: str) -> list[tuple[time, time]]:
    """``"07:30-12:00, 13:00-16:30"`` → sorted, non-overlapping spans; ``"closed"`` → []."""
    text = str(value).strip()
    if text.lower() in {"closed", "geschlossen", ""}:
        return []
    spans = [_parse_span(part, allow_24=True) for part in text.split(",")]
    spans.sort()
    for start, end in spans:
        if end <= start:
            raise ValueError(
                f"{_format_clock(start)}-{_format_clock(end)} ends before it starts; "
                "opening hours past midnight go on the next day's line (up to 24:00 on the first)"
            )
    for (_, end1), (start2, _) in itertools.pairwise(spans):
        if start2 < end1:
            raise ValueError(f"the time ranges in {text!r} overlap")
    return spans


def _check_day_key(key: str) -> str:
    parse_day_key(key)
    return key.strip().lower()


def _check_hours(value: str) -> str:
    spans = parse_hours(value)
    if not spans:
        return "closed"
    return ", ".join(f"{_format_clock(a)}-{_format_clock(b)}" for a, b in spans)


DayKey = Annotated[str, AfterValidator(_check_day_key)]
Hours = Annotated[str, AfterValidator(_check_hours)]


def parse_duration(text: str) -> timedelta:
    """``"30m"``, ``"4h"``, ``"1d"``, ``"2w"`` → timedelta."""
    match = _DURATION_RE.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration; write it like 30m, 4h, 1d or 2w")
    return timedelta(**{_DURATION_UNITS[match.group(2)]: int(match.group(1))})


def _check_duration(value: str) -> str:
    parse_duration(value)
    return value.strip()


Duration = Annotated[str, AfterValidator(_check_duration)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --------------------------------------------------------------------------------------------
# business


class BusinessInfo(_Model):
    """Who the business is, how it answers the phone and when it is open."""

    id: Slug = Field(description="Unique id of the business in this installation (lower-case slug).")
    name: str | None = Field(default=None, min_length=1, description="Name of the business as callers know it.")
    region: str = Field(
        default="DE",
        description="ISO country code (DE, AT, CH, ...): default region for national phone numbers and defaults.",
    )
    timezone: str | None = Field(
        default=None,
        validate_default=True,
        description="IANA time zone of the business; default by region (DE Europe/Berlin, AT Europe/Vienna, CH Europe/Zurich).",
    )
    language: str | None = Field(
        default=None,
        validate_default=True,
        description="Language of the call (speech recognition and texts); default by region: de-DE, de-AT, de-CH.",
    )
    voice: str | None = Field(
        default=None,
        validate_default=True,
        description="Twilio <Say> voice; default by language (de-DE/de-CH Polly.Vicki-Neural, de-AT Polly.Hannah-Neural).",
    )
    phone_numbers: list[str] = Field(
        default_factory=list,
        description="The (Twilio) numbers that ring this business; national numbers are read in `region`; stored as E.164.",
    )
    greeting: str | None = Field(
        default=None,
        validate_default=True,
        description="First sentence of every call. Must say that the caller talks to an automated assistant (EU AI Act Art. 50).",
    )
    opening_hours: dict[DayKey, Hours] | None = Field(
        default=None,
        description='Opening hours by day or day range (mon..sun, mon-fri), e.g. "07:30-12:00, 13:00-16:30" or "closed".',
    )
    holidays: str | Literal[False] | None = Field(
        default=None,
        validate_default=True,
        description=(
            "Public holidays on which the business is closed although opening_hours list the weekday: a country or "
            "country-subdivision code such as DE-BE (Berlin), AT-6 (Steiermark) or CH-ZH; default: the national "
            "holidays of `region`; false: none."
        ),
    )
    closed_dates: list[str] = Field(
        default_factory=list,
        description=(
            'Further closed days (company holidays, Betriebsurlaub): dates "2026-12-24" or ranges '
            '"2026-12-24..2027-01-06" (both ends included).'
        ),
    )
    emergency_number: str | None = Field(
        default=None, description="Emergency service (Notdienst) number that urgent calls may be forwarded to (E.164)."
    )
    quiet_hours: str | None = Field(
        default=None,
        description='Time range without non-urgent staff notifications, e.g. "20:00-07:00" (may run past midnight).',
    )

    _schedule: dict[int, list[tuple[time, time]]] = PrivateAttr(default_factory=dict)
    _closed_spans: list[tuple[date, date]] = PrivateAttr(default_factory=list)
    _holiday_calendar: public_holidays.HolidayBase | None = PrivateAttr(default=None)

    @field_validator("region", mode="before")
    @classmethod
    def _region_code(cls, value: Any) -> Any:
        if isinstance(value, str):
            code = value.strip().upper()
            if code not in phonenumbers.SUPPORTED_REGIONS:
                raise ValueError(f"unknown region {value!r}; use an ISO country code such as DE, AT or CH")
            return code
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None, info: ValidationInfo) -> str | None:
        region = info.data.get("region")
        if value is None:
            if region is None:
                return None  # the region itself is wrong and reported
            if region not in DEFAULT_TIMEZONES:
                raise ValueError(f"there is no default time zone for region {region}; set timezone, e.g. Europe/Berlin")
            return DEFAULT_TIMEZONES[region]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin or Europe/Vienna") from None
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None, info: ValidationInfo) -> str | None:
        region = info.data.get("region")
        if value is None:
            if region is None:
                return None
            if region not in DEFAULT_LANGUAGES:
                raise ValueError(f"there is no default language for region {region}; set language, e.g. de-DE")
            return DEFAULT_LANGUAGES[region]
        if not re.fullmatch(r"[a-z]{2}-[A-Z]{2}", value):
            raise ValueError(f"{value!r} is not a language tag; write it like de-DE, de-AT or de-CH")
        return value

    @field_validator("voice")
    @classmethod
    def _voice(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            return value
        language = info.data.get("language")
        if language is None:
            return None
        if language not in DEFAULT_VOICES:
            raise ValueError(f"there is no default voice for language {language}; set voice, e.g. Polly.Vicki-Neural")
        return DEFAULT_VOICES[language]

    @field_validator("phone_numbers", mode="before")
    @classmethod
    def _phone_list(cls, value: Any) -> Any:
        if isinstance(value, str | int):
            return [value]  # a single number is fine too
        return value

    @field_validator("phone_numbers")
    @classmethod
    def _phone_numbers(cls, value: list[str], info: ValidationInfo) -> list[str]:
        region = info.data.get("region", "DE")
        numbers = [to_e164(v, region) for v in value]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a phone number is listed twice")
        return numbers

    @field_validator("emergency_number", mode="before")
    @classmethod
    def _emergency_number(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return None
        if isinstance(value, int):
            return _check_phone(value)
        if not isinstance(value, str):
            return value  # the type error is reported by pydantic
        return to_e164(value, info.data.get("region", "DE"))

    @field_validator("greeting")
    @classmethod
    def _greeting(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            if "id" not in info.data or info.data.get("region") is None:
                return None
            return default_greeting(info.data.get("name"), info.data["region"])
        if not (_AUTOMATED_WORD.search(value) and _ASSISTANT_WORD.search(value)):
            raise ValueError(
                "the greeting must tell callers that they are talking to an automated assistant "
                "(EU AI Act, Art. 50), e.g. 'Sie sprechen mit der digitalen Telefonassistenz von ...'; "
                "leave greeting out to use the default"
            )
        return value

    @field_validator("opening_hours")
    @classmethod
    def _opening_hours(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return None
        owner: dict[int, str] = {}
        for key in value:
            for day in parse_day_key(key):
                if day in owner:
                    raise ValueError(f"{DAYS[day]} is covered twice, by {owner[day]!r} and {key!r}")
                owner[day] = key
        return value

    @field_validator("holidays")
    @classmethod
    def _holidays(cls, value: str | bool | None, info: ValidationInfo) -> str | Literal[False] | None:
        if value is False:
            return False
        if value is True or value is None:
            return info.data.get("region")  # None when the region itself is wrong (reported there)
        country, _, subdivision = str(value).strip().upper().partition("-")
        supported = public_holidays.list_supported_countries()
        if country not in supported:
            raise ValueError(f"no public holidays known for {country!r}; use a country code such as DE, AT or CH, or false")
        if subdivision and subdivision not in supported[country]:
            known = ", ".join(f"{country}-{code}" for code in supported[country])
            raise ValueError(f"unknown subdivision {value!r} of {country}; use one of {known}")
        return f"{country}-{subdivision}" if subdivision else country

    @field_validator("closed_dates")
    @classmethod
    def _closed_dates(cls, value: list[str]) -> list[str]:
        for item in value:
            _parse_date_span(item)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str | None) -> str | None:
        if value is None:
            return None
        start, end = _parse_span(value, allow_24=False)
        if start == end:
            raise ValueError("quiet hours start and end at the same time")
        return f"{_format_clock(start)}-{_format_clock(end)}"

    @model_validator(mode="after")
    def _build_schedule(self) -> BusinessInfo:
        schedule: dict[int, list[tuple[time, time]]] = {}
        for key, hours in (self.opening_hours or {}).items():
            for day in parse_day_key(key):
                schedule[day] = parse_hours(hours)
        self._schedule = schedule
        self._closed_spans = [_parse_date_span(item) for item in self.closed_dates]
        if self.holidays:
            country, _, subdivision = self.holidays.partition("-")
            self._holiday_calendar = public_holidays.country_holidays(country, subdiv=subdivision or None)
        return self

    def is_closed_day(self, day: date) -> bool:
        """A public holiday of ``holidays`` or one of ``closed_dates``: closed whatever the weekday."""
        if any(start <= day <= end for start, end in self._closed_spans):
            return True
        return self._holiday_calendar is not None and day in self._holiday_calendar

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or DEFAULT_TIMEZONES["DE"])

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("is_open() needs a time-zone-aware datetime")
        return moment.astimezone(self.zone)

    def is_open(self, moment: datetime) -> bool:
        """True when ``moment`` (aware) falls into the opening hours in the business's time zone.

        Without ``opening_hours`` the business counts as always open; a day that is not listed
        is closed, and so are public holidays and ``closed_dates``. A range ending at 24:00
        includes the rest of that day.
        """
        local = self._local(moment)
        if self.opening_hours is None:
            return True
        if self.is_closed_day(local.date()):
            return False
        now = local.time().replace(tzinfo=None)
        return any(start <= now and (now < end or end == time.max) for start, end in self._schedule.get(local.weekday(), []))

    def in_quiet_hours(self, moment: datetime) -> bool:
        """True when ``moment`` (aware) is inside ``quiet_hours`` (local time; may wrap midnight)."""
        if self.quiet_hours is None:
            return False
        start, end = _parse_span(self.quiet_hours, allow_24=False)
        now = self._local(moment).time().replace(tzinfo=None)
        if start < end:
            return start <= now < end
        return now >= start or now < end


def _parse_date_span(text: str) -> tuple[date, date]:
    """ "2026-12-24" or "2026-12-24..2027-01-06" → (first, last), both included."""
    first, sep, last = str(text).partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if sep else start
    except ValueError:
        raise ValueError(f"closed date {text!r} is not a date like 2026-12-24 or a range 2026-12-24..2027-01-06") from None
    if end < start:
        raise ValueError(f"closed dates {text!r} end before they start")
    return start, end


def default_greeting(name: str | None, region: str) -> str:
    """The German default greeting (de-AT wording for Austria); always names the automated assistant."""
    hello = "Grüß Gott" if region == "AT" else "Guten Tag"
    of_business = f" von {name}" if name else ""
    return f"{hello}, Sie sprechen mit der digitalen Telefonassistenz{of_business}. Wie kann ich Ihnen helfen?"


# --------------------------------------------------------------------------------------------
# staff


class StaffConfig(_Model):
    """A person who gets activities and notifications."""

    id: Slug = Field(description="Unique id of the staff member, used in tasks' actions (e.g. 'km').")
    name: str = Field(min_length=1, description="Full name, shown in the inbox.")
    mobile: str | None = Field(default=None, description="Mobile number for SMS notifications and forwarding (stored E.164).")
    email: str | None = Field(default=None, description="E-mail address for notifications.")
    trade_user: str | None = Field(default=None, description="Employee code in the trade software (e.g. 'KM').")
    teams: list[Slug] = Field(default_factory=list, description="Teams this person belongs to (e.g. buero, monteure).")
    role: StaffRoleValue = Field(default="staff", description="Rights in zentrale's inbox.")

    @field_validator("id")
    @classmethod
    def _unique_id(cls, value: str) -> str:
        scope = _SCOPE.get()
        if scope is not None:
            if value in scope.seen_staff:
                raise ValueError(f"staff id {value!r} is used twice")
            scope.seen_staff.add(value)
        return value

    @field_validator("mobile", mode="before")
    @classmethod
    def _mobile(cls, value: Any) -> Any:
        return _phone_before(value) if isinstance(value, str | int) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL_RE.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value


# --------------------------------------------------------------------------------------------
# tasks: ask


class AskItem(_Model):
    """One detail the bot asks for during the call. In YAML a bare slot name is shorthand."""

    slot: Slug = Field(
        description=f"What to collect: one of {', '.join(SLOT_NAMES)}, or a custom id (then `question` is required)."
    )
    question: str | None = Field(
        default=None,
        min_length=1,
        validate_default=True,
        description="The German question the bot asks; known slots have a default question.",
    )
    required: bool = Field(default=True, description="Ask again once when the caller's answer did not contain it.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"slot": data}
        return data

    @field_validator("question")
    @classmethod
    def _question(cls, value: str | None, info: ValidationInfo) -> str | None:
        slot = info.data.get("slot")
        if value is not None or slot is None:
            return value
        if slot not in DEFAULT_QUESTIONS:
            raise ValueError(f"{slot!r} is not a known slot ({', '.join(SLOT_NAMES)}); a custom slot needs a question")
        return DEFAULT_QUESTIONS[slot]

    @property
    def is_custom(self) -> bool:
        return self.slot not in SLOT_NAMES


# --------------------------------------------------------------------------------------------
# tasks: actions


def _check_staff_ref(value: str | None) -> str | None:
    scope = _SCOPE.get()
    if value is not None and scope is not None and value not in scope.staff_ids:
        raise ValueError(f"unknown staff id {value!r}; staff ids are: {_names(scope.staff_ids)}")
    return value


def _check_team_ref(value: str | None) -> str | None:
    scope = _SCOPE.get()
    if value is not None and scope is not None and value not in scope.teams:
        raise ValueError(f"unknown team {value!r}; teams (from staff[].teams) are: {_names(scope.teams)}")
    return value


StaffRef = Annotated[str, AfterValidator(_check_staff_ref)]
TeamRef = Annotated[str, AfterValidator(_check_team_ref)]


class ActivitySpec(_Model):
    """Create one activity (Aktivität) per call: in the trade software, else in zentrale's inbox."""

    type: str | None = Field(
        default=None, min_length=1, description="Activity type in the trade software; default: the task's name."
    )
    assignee: StaffRef | None = Field(
        default=None, description="Staff id the activity is delegated to; default: the first staff member."
    )
    team: TeamRef | None = Field(default=None, description="Team the activity is delegated to (instead of / besides a person).")
    priority: PriorityValue | None = Field(default=None, description="Activity priority; default: the task's priority.")
    follow_up: Duration | None = Field(
        default=None, description="Wiedervorlage: follow up after this long, e.g. 4h, 1d, 2w (m/h/d/w)."
    )

    @property
    def follow_up_delta(self) -> timedelta | None:
        return parse_duration(self.follow_up) if self.follow_up else None


Channel = Literal["sms", "email"]


def _sms_only() -> list[Channel]:
    return ["sms"]


class NotifySpec(_Model):
    """Tell a person or a team about the new activity by SMS and/or e-mail."""

    staff: StaffRef | None = Field(default=None, description="Staff id to notify.")
    team: TeamRef | None = Field(default=None, description="Team whose members are notified.")
    via: list[Channel] = Field(default_factory=_sms_only, min_length=1, description="Channels: sms, email (default: sms).")
    when: Literal["always", "business_hours"] = Field(
        default="always",
        description="always, or business_hours (outside the opening hours the message waits until opening).",
    )

    @model_validator(mode="after")
    def _one_target(self) -> NotifySpec:
        if (self.staff is None) == (self.team is None):
            raise ValueError("notify needs exactly one of staff (a staff id) or team")
        if len(set(self.via)) != len(self.via):
            raise ValueError("a channel is listed twice in via")
        scope = _SCOPE.get()
        if scope is not None:
            people = {self.staff} if self.staff else scope.team_members.get(self.team or "", set())
            for channel, known, what in (
                ("sms", scope.staff_mobiles, "mobile number"),
                ("email", scope.staff_emails, "e-mail address"),
            ):
                if channel in self.via and not any(known.get(p) for p in people):
                    who = (
                        f"staff member {self.staff!r} has no {what}"
                        if self.staff
                        else f"nobody in team {self.team!r} has a {what}"
                    )
                    raise ValueError(f"notify via {channel}, but {who}")
        return self


class ForwardSpec(_Model):
    """Put the caller through to a person (the call is forwarded by Twilio <Dial>)."""

    to: str = Field(description="A staff id (their mobile), a phone number, or 'emergency' (the business's emergency number).")
    when: Literal["always", "outside_hours", "on_request"] = Field(
        default="always",
        description="always; outside_hours (only outside the opening hours); on_request (when the caller asks for a person).",
    )
    timeout_seconds: int = Field(default=20, ge=5, le=120, description="Ring this long before the bot takes the call back.")

    @field_validator("to", mode="before")
    @classmethod
    def _target(cls, value: Any) -> Any:
        if isinstance(value, int):
            return _check_phone(value)
        if not isinstance(value, str):
            return value
        text = value.strip()
        scope = _SCOPE.get()
        if text == "emergency":
            if scope is not None and not scope.has_emergency_number:
                raise ValueError("forward to 'emergency' needs business.emergency_number")
            return text
        if _SLUG_RE.match(text) and not text[0].isdigit():
            if scope is not None:
                if text not in scope.staff_ids:
                    raise ValueError(
                        f"unknown forward target {text!r}: use a staff id ({_names(scope.staff_ids)}), "
                        "a phone number or 'emergency'"
                    )
                if not scope.staff_mobiles.get(text):
                    raise ValueError(f"staff member {text!r} has no mobile number to forward to")
            return text
        return to_e164(text, _region())

    @property
    def is_number(self) -> bool:
        return self.to.startswith("+")


class Action(_Model):
    """One action after the call; in YAML a single-key mapping: activity, notify or forward."""

    activity: ActivitySpec | None = Field(default=None, description="Create an activity (Aktivität).")
    notify: NotifySpec | None = Field(default=None, description="Notify staff by SMS / e-mail.")
    forward: ForwardSpec | None = Field(default=None, description="Forward the call to a person.")

    @model_validator(mode="before")
    @classmethod
    def _empty_spec(cls, data: Any) -> Any:
        # `- activity:` with nothing after it means "an activity with all defaults";
        # `- forward: emergency` is short for `- forward: {to: emergency}`.
        if isinstance(data, dict):
            data = dict(data)
            if "activity" in data and data["activity"] is None:
                data["activity"] = {}
            if isinstance(data.get("forward"), str):
                data["forward"] = {"to": data["forward"]}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Action:
        given = [name for name in ("activity", "notify", "forward") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "each action is one list item with exactly one of activity, notify, forward"
                + (f" (this one has {', '.join(given)}: make them separate items)" if given else "")
            )
        return self

    @property
    def kind(self) -> Literal["activity", "notify", "forward"]:
        if self.activity is not None:
            return "activity"
        if self.notify is not None:
            return "notify"
        return "forward"

    @property
    def spec(self) -> ActivitySpec | NotifySpec | ForwardSpec:
        if self.activity is not None:
            return self.activity
        if self.notify is not None:
            return self.notify
        assert self.forward is not None, "an action has exactly one of activity, notify, forward"
        return self.forward


# --------------------------------------------------------------------------------------------
# tasks


class TaskConfig(_Model):
    """A call reason (Aufgabe): how to recognise it, what to ask, what to do after the call."""

    id: Slug = Field(description="Unique id of the task (slug).")
    name: str = Field(min_length=1, description="Name shown to staff; the default activity type.")
    description: str = Field(
        min_length=1, description="What callers with this reason want, in German; used by every intent engine."
    )
    examples: list[str] = Field(default_factory=list, description="Typical caller sentences, as callers say them.")
    keywords: list[str] = Field(default_factory=list, description="Hint words or phrases for this task.")
    priority: PriorityValue = Field(default="normal", description="low | normal | high | urgent.")
    ask: list[AskItem] = Field(
        default_factory=list, description="Details to collect during the call, in this order (slot names or mappings)."
    )
    actions: list[Action] = Field(
        default_factory=list,
        description="What happens after the call; empty = one activity for the first staff member.",
    )

    @field_validator("id")
    @classmethod
    def _unique_id(cls, value: str) -> str:
        scope = _SCOPE.get()
        if scope is not None:
            if value in scope.seen_tasks:
                raise ValueError(f"task id {value!r} is used twice")
            scope.seen_tasks.add(value)
        return value

    @field_validator("examples", "keywords", mode="before")
    @classmethod
    def _single_string(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("ask")
    @classmethod
    def _unique_slots(cls, value: list[AskItem]) -> list[AskItem]:
        slots = [item.slot for item in value]
        twice = sorted({s for s in slots if slots.count(s) > 1})
        if twice:
            raise ValueError(f"slot {', '.join(twice)} is asked twice")
        return value

    @model_validator(mode="after")
    def _activity_defaults(self) -> TaskConfig:
        for action in self.actions:
            if action.activity is not None:
                if action.activity.type is None:
                    action.activity.type = self.name
                if action.activity.priority is None:
                    action.activity.priority = self.priority
        return self

    def effective_actions(self, business: BusinessConfig) -> list[Action]:
        """The actions to run after a call, with the contract's defaults applied.

        No actions configured → one activity typed with the task name, with the task's priority,
        assigned to the first staff member (unassigned when there is no staff). An activity
        without assignee and team also goes to the first staff member.
        """
        default = business.default_assignee
        if not self.actions:
            return [
                Action(activity=ActivitySpec(type=self.name, assignee=default.id if default else None, priority=self.priority))
            ]
        result: list[Action] = []
        for action in self.actions:
            if action.activity is not None and action.activity.assignee is None and action.activity.team is None:
                spec = action.activity.model_copy(update={"assignee": default.id if default else None})
                action = action.model_copy(update={"activity": spec})
            result.append(action)
        return result

    @property
    def slots(self) -> list[str]:
        return [item.slot for item in self.ask]


# --------------------------------------------------------------------------------------------
# intents, integrations, privacy


class OpenAISettings(_Model):
    """The OpenAI(-compatible) language model used by the `openai` / `auto` intent engine."""

    model: str = Field(default="gpt-4o-mini", min_length=1, description="Model name.")
    base_url: str | None = Field(default=None, description="Base URL of an OpenAI-compatible API; default: OpenAI.")
    api_key: SecretStr | None = Field(default=None, description="API key; default: the OPENAI_API_KEY environment variable.")


class IntentSettings(_Model):
    """How call reasons and details are recognised."""

    engine: Literal["local", "openai", "auto"] = Field(
        default="auto", description="local (rules, offline), openai (language model), auto (model with local fallback)."
    )
    openai: OpenAISettings = Field(default_factory=OpenAISettings, description="Language model settings.")
    budget_seconds: float = Field(
        default=1.5, gt=0, le=10, description="Longest wait for the language model per turn before the local engine answers."
    )
    confidence_threshold: float | None = Field(
        default=None, ge=0, le=1, description="Below this confidence the bot asks again; default: the engine's own."
    )


class TradeSystemConfig(_Model):
    """The trade software (Branchensoftware) that activities are written to."""

    kind: Literal["kwp", "simulator"] = Field(description="Adapter: kwp, or simulator (the built-in test server).")
    base_url: str = Field(description="Base URL of the trade software's API, e.g. https://api.example.de.")
    firm_code: str = Field(min_length=1, description="Firmenkürzel of the business in the trade software.")
    tenant_code: str | None = Field(default=None, description="Mandantenkürzel; only for multi-tenant installations.")
    client_id: str = Field(min_length=1, description="OAuth2 client id.")
    client_secret: SecretStr = Field(description="OAuth2 client secret; use ${VAR} to read it from the environment.")
    redirect_uri: str | None = Field(default=None, description="OAuth2 redirect URI; default: derived from the public URL.")
    sync_interval_minutes: int = Field(default=15, ge=1, le=1440, description="Minutes between address-master syncs.")

    @field_validator("base_url", "redirect_uri")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/") if value else value

    @field_validator("client_secret")
    @classmethod
    def _secret(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("client_secret is empty")
        return value


class TwilioConfig(_Model):
    """The Twilio account whose numbers ring this business (default: the installation's)."""

    account_sid: str | None = Field(
        default=None, description="Account SID (AC...); default: the TWILIO_ACCOUNT_SID environment variable."
    )
    auth_token: SecretStr | None = Field(
        default=None,
        description=(
            "Auth token that signs this account's webhooks; default: the TWILIO_AUTH_TOKEN environment "
            "variable. Use ${VAR} to read it from the environment."
        ),
    )
    sms_from: str | None = Field(
        default=None,
        description=(
            "Sender of SMS to staff and callers: a Twilio number of the account (E.164) or an "
            "alphanumeric sender ID; default: the TWILIO_SMS_FROM environment variable."
        ),
    )


class IntegrationsConfig(_Model):
    """Outside systems."""

    trade_system: TradeSystemConfig | None = Field(
        default=None, description="The trade software; without it activities stay in zentrale's own inbox."
    )
    twilio: TwilioConfig = Field(
        default_factory=TwilioConfig, description="Telephony (Twilio); only needed to override the installation's account."
    )


class PrivacyConfig(_Model):
    """Personal data handling."""

    retention_days: int = Field(default=180, ge=1, description="Days after which call recordings' text and details are deleted.")


# --------------------------------------------------------------------------------------------
# emergencies

# Words that make a task the emergency task when none is marked urgent (folded: ae/oe/ue/ss).
_EMERGENCY_WORD = re.compile(
    r"notfall|notfaelle|notdienst|notruf|bereitschaftsdienst|stoerungsdienst|havarie|rohrbruch|gasgeruch|gasleck|nach gas\b"
    r"|ueberschwemm|ueberflut|wasserschaden|rauchgeruch|kohlenmonoxid|akute\w* gefahr"
)
_EMERGENCY_NEGATED = re.compile(r"\bkein\w*\s+(?:\w+\s+)?(?:notfall|notfaelle|notdienst|gefahr)\w*")


def _fold_words(text: str) -> str:
    low = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        low = low.replace(a, b)
    return _EMERGENCY_NEGATED.sub(" ", low)


class EmergencyCandidate(Protocol):
    """What the emergency rule reads of a task (the YAML's tasks, and the engines' task views)."""

    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def keywords(self) -> Sequence[str]: ...


Candidate = TypeVar("Candidate", bound=EmergencyCandidate)


def emergency_task_among(tasks: Sequence[Candidate]) -> Candidate | None:
    """THE rule for the task emergencies (gas, burst pipe, smoke …) are filed under, shared by
    the dialogue's safety rules, both intent engines and `zentrale config check`: the urgent task
    that is most about emergencies (the first urgent one when none says so), else the task whose
    name, keywords or description are about emergencies ("Notfall", "Notdienst", "Rohrbruch",
    "Gasgeruch" …; a name counts most, "kein Notfall" not at all); ``None`` when there is none."""
    urgent = [t for t in tasks if str(getattr(t, "priority", "") or "") == "urgent"]
    candidates = urgent or list(tasks)
    scored = [(_emergency_score(t), -i, t) for i, t in enumerate(candidates)]
    best = max(scored, key=lambda item: (item[0], item[1]), default=None)
    if best is None:
        return None
    if best[0] > 0 or urgent:
        return best[2]
    return None


def _emergency_score(task: EmergencyCandidate) -> int:
    """How much a task is about emergencies: its name counts 5, each keyword 2, the description 1 per word."""
    name = len(_EMERGENCY_WORD.findall(_fold_words(task.name)))
    keywords = sum(1 for k in task.keywords if _EMERGENCY_WORD.search(_fold_words(k)))
    description = len(_EMERGENCY_WORD.findall(_fold_words(task.description)))
    return 5 * name + 2 * keywords + description


# one file


class BusinessConfig(_Model):
    """One YAML file: one business with its staff and tasks."""

    version: int = Field(description=f"Format version of this file; supported: {', '.join(map(str, SUPPORTED_VERSIONS))}.")
    business: BusinessInfo = Field(description="The business itself.")
    staff: list[StaffConfig] = Field(default_factory=list, description="People; the first one is the default assignee.")
    tasks: list[TaskConfig] = Field(min_length=1, description="The call reasons (Aufgaben); order = tie-break order.")
    intents: IntentSettings = Field(default_factory=IntentSettings, description="Intent recognition.")
    integrations: IntegrationsConfig = Field(default_factory=IntegrationsConfig, description="Outside systems.")
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig, description="Personal data handling.")

    @model_validator(mode="wrap")
    @classmethod
    def _with_scope(cls, data: Any, handler: Any) -> Any:
        token = _SCOPE.set(_scope_from_raw(data))
        try:
            return handler(data)
        finally:
            _SCOPE.reset(token)

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        if isinstance(value, bool) or value not in SUPPORTED_VERSIONS:
            raise ValueError(f"unknown version {value!r}; supported versions: {', '.join(map(str, SUPPORTED_VERSIONS))}")
        return value

    @property
    def id(self) -> str:
        return self.business.id

    @property
    def default_assignee(self) -> StaffConfig | None:
        """The first staff member: gets every activity that names nobody else."""
        return self.staff[0] if self.staff else None

    def staff_member(self, staff_id: str) -> StaffConfig | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def team_members(self, team: str) -> list[StaffConfig]:
        return [s for s in self.staff if team in s.teams]

    @property
    def teams(self) -> list[str]:
        return sorted({t for s in self.staff for t in s.teams})

    def task(self, task_id: str) -> TaskConfig | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def iter_tasks(self) -> Iterator[TaskConfig]:
        return iter(self.tasks)

    def emergency_task(self) -> TaskConfig | None:
        """The task emergencies are filed under (:func:`emergency_task_among`)."""
        return emergency_task_among(self.tasks)
