"""The words every layer shares, defined once: slot names and labels, priorities, staff roles.

``config`` is the lowest layer that knows the domain, so the schema, the bot, the store, the
trade adapters and the pages all take these from here instead of spelling their own copies.
The stored values (``"urgent"``, ``"owner"``) are part of the database and the YAML: never
rename them, only add.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, cast, get_args

# --------------------------------------------------------------------------------------------
# Slots

# Slot names every engine understands. A task's YAML ``ask`` refers to these.
SLOT_NAMES = (
    "caller_name",  # "Müller", "Anna Schmidt"
    "callback_number",  # E.164 string
    "street",  # "Hauptstraße 12"
    "postcode",  # "10115"
    "city",  # "Berlin"
    "preferred_time",  # free text as said, plus ISO value in SlotValue.normalized when clear
    "device",  # "Gastherme", "Wärmepumpe", manufacturer words
    "fault",  # "kein Warmwasser", "Fehler F28"
    "urgency",  # "low" | "normal" | "high" | "urgent"
)

# German labels of the known slots (activity details, the inbox, the summary prompt).
SLOT_LABELS: dict[str, str] = {
    "caller_name": "Name",
    "callback_number": "Rückrufnummer",
    "street": "Straße",
    "postcode": "PLZ",
    "city": "Ort",
    "preferred_time": "Wunschtermin",
    "device": "Gerät",
    "fault": "Fehlerbild",
    "urgency": "Dringlichkeit",
}
assert tuple(SLOT_LABELS) == SLOT_NAMES, "every known slot needs a label"


# A detail that names a staff member (the person the caller wants to speak to) carries this
# reference as its normalized value: the dialogue promises that person, the activity goes to them.
def staff_ref(staff_id: str) -> str:
    return f"staff:{staff_id}"


def staff_id_of(normalized: object) -> str | None:
    """The staff id in a :func:`staff_ref`, else ``None``."""
    text = str(normalized or "")
    return text.removeprefix("staff:") if text.startswith("staff:") else None


# The appointment a caller wants to move or cancel ("den Termin am Donnerstag verschieben"): kept
# apart from the wished time, which is asked for.
EARLIER_APPOINTMENT = "bisheriger_termin"

# Details the dialogue keeps beyond SLOT_NAMES when the caller says them: since when the fault is
# there, the person the call is about (a tenant, a mother), the room or fixture, a size that prices
# the job, what a question is about, the firm the caller speaks for (a property manager, a bakery).
ONSET_SLOT = "onset"
PERSON_SLOT = "person_concerned"
LOCATION_SLOT = "location"
QUANTITY_SLOT = "quantity"
SUBJECT_SLOT = "subject"
COMPANY_SLOT = "company"

# Labels of custom slots the example configurations use ("angebotsnummer") and of the details above.
CUSTOM_SLOT_LABELS: dict[str, str] = {
    "angebotsnummer": "Angebotsnummer",
    "rechnungsnummer": "Rechnungsnummer",
    "aktuelle_heizung": "Aktuelle Heizung",
    "person": "Gewünschter Gesprächspartner",
    "zweck": "Zweck",
    EARLIER_APPOINTMENT: "Bisheriger Termin",
    ONSET_SLOT: "Beginn",
    PERSON_SLOT: "Betrifft",
    LOCATION_SLOT: "Stelle",  # "Ort" is the town
    QUANTITY_SLOT: "Umfang",
    SUBJECT_SLOT: "Gegenstand",
    COMPANY_SLOT: "Firma",
}


def custom_slot_label(slot: str) -> str:
    """The label of a slot that is not a known one: from :data:`CUSTOM_SLOT_LABELS`, else its
    name made readable ("kunden_nummer" → "Kunden nummer")."""
    if slot in CUSTOM_SLOT_LABELS:
        return CUSTOM_SLOT_LABELS[slot]
    text = " ".join(slot.replace("-", " ").replace("_", " ").split())
    return text[:1].upper() + text[1:]


def slot_label(slot: str) -> str:
    """The German label of any slot, known or custom."""
    return SLOT_LABELS.get(slot) or custom_slot_label(slot)


# --------------------------------------------------------------------------------------------
# Priorities


class Priority(StrEnum):
    """An activity's priority, lowest first: the order of the members is the order of urgency."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def label_de(self) -> str:
        return PRIORITY_LABELS_DE[self]

    @property
    def rank(self) -> int:
        """0 for low … 3 for urgent."""
        return PRIORITY_ORDER.index(self.value)


# The same values as a type for pydantic models and dataclasses that hold plain strings.
PriorityValue = Literal["low", "normal", "high", "urgent"]
PRIORITY_ORDER: tuple[PriorityValue, ...] = get_args(PriorityValue)
assert tuple(p.value for p in Priority) == PRIORITY_ORDER, "PriorityValue and Priority must list the same values"

PRIORITY_LABELS_DE: dict[str, str] = {
    Priority.URGENT: "dringend",
    Priority.HIGH: "hoch",
    Priority.NORMAL: "normal",
    Priority.LOW: "niedrig",
}


def is_priority(value: object) -> bool:
    return isinstance(value, str) and value in PRIORITY_ORDER


def as_priority(value: object, default: PriorityValue = "normal") -> PriorityValue:
    """``value`` if it is a priority, else ``default``."""
    return cast(PriorityValue, value) if is_priority(value) else default


def highest_priority(values: Iterable[object], default: PriorityValue = "normal") -> PriorityValue:
    """The most urgent of ``values``; unknown values are skipped, ``default`` when none is known."""
    known = [as_priority(v) for v in values if is_priority(v)]
    return max(known, key=PRIORITY_ORDER.index) if known else default


# --------------------------------------------------------------------------------------------
# Staff roles


class StaffRole(StrEnum):
    """Rights in zentrale's inbox (``staff[].role`` in the YAML, ``staff_accounts.role`` in the store)."""

    OWNER = "owner"
    ADMIN = "admin"
    STAFF = "staff"


StaffRoleValue = Literal["owner", "admin", "staff"]
assert get_args(StaffRoleValue) == tuple(r.value for r in StaffRole), "StaffRoleValue and StaffRole must list the same values"


__all__ = [
    "CUSTOM_SLOT_LABELS",
    "PRIORITY_LABELS_DE",
    "PRIORITY_ORDER",
    "SLOT_LABELS",
    "SLOT_NAMES",
    "Priority",
    "PriorityValue",
    "StaffRole",
    "StaffRoleValue",
    "as_priority",
    "custom_slot_label",
    "highest_priority",
    "is_priority",
    "slot_label",
]
