"""The one interface every intent engine implements.

The dialogue never knows which engine answered: it calls :class:`IntentEngine` methods and
gets plain data back. Engines are built per business from its task list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from zentrale.config.vocabulary import SLOT_NAMES as SLOT_NAMES

# Longest caller text an engine looks at; longer input is truncated, never fatal.
MAX_TEXT_CHARS = 2000


@runtime_checkable
class TaskLike(Protocol):
    """What an engine needs of a configured task (``zentrale.config`` task models fit)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def examples(self) -> Sequence[str]: ...
    @property
    def keywords(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Classification:
    """The result of classifying one caller utterance.

    ``task`` is a task id of the business, or ``None`` for "unsure" (the bot asks again).
    """

    task: str | None
    confidence: float
    engine: str
    ms: float
    # Engine-specific explanation for developers (matched words, fallback reason). Never
    # contains the caller's text, so it may be logged.
    reason: str = ""


@dataclass(frozen=True)
class ContextTurn:
    speaker: str  # "caller" | "bot"
    text: str


@dataclass(frozen=True)
class DialogueContext:
    """What the dialogue knows when it asks an engine: earlier turns and the open question."""

    turns: Sequence[ContextTurn] = ()
    # The task the bot asked about last (e.g. when confirming), if any.
    current_task: str | None = None
    # The call's clock (relative dates such as "morgen" are read from it); None: the wall clock.
    now: datetime | None = None


@dataclass(frozen=True)
class SlotValue:
    value: str  # as understood, readable German
    normalized: str | None = None  # machine form: E.164, ISO date-time, urgency level
    confidence: float = 1.0


@dataclass
class Slots:
    values: dict[str, SlotValue] = field(default_factory=dict)
    engine: str = ""
    ms: float = 0.0

    def get(self, name: str) -> str | None:
        slot = self.values.get(name)
        return slot.value if slot else None


@dataclass(frozen=True)
class Summary:
    text: str  # two or three German sentences for the staff
    engine: str
    ms: float


class IntentEngine(Protocol):
    """Classify, extract details, summarise. Implementations must never raise on bad input."""

    name: str

    async def classify(self, text: str, context: DialogueContext | None = None) -> Classification: ...

    async def extract_slots(
        self, text: str, wanted: Sequence[str] = SLOT_NAMES, context: DialogueContext | None = None, *, region: str = "DE"
    ) -> Slots: ...

    async def summarize(
        self, turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, *, caller: str | None = None
    ) -> Summary: ...
