"""The words every layer shares, defined once: slot names, priorities, staff roles.

``config`` is the lowest layer that knows the domain, so the schema, the bot, the store and the
pages all take these from here instead of spelling their own copies.
"""

from __future__ import annotations

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

__all__ = ["SLOT_NAMES"]
