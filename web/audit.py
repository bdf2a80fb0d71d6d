"""The audit log as the admin pages show it: time in the business's time zone, the person, the
action in German (``templates/audit_entries.html``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zentrale.store.models import AuditEntry
from zentrale.store.repositories.audit import ACTOR_CLI, ACTOR_CONFIG, AuditAction

ROLE_DE = {"owner": "Inhaber", "admin": "Verwaltung", "staff": "Mitarbeiter"}
ACTOR_DE = {ACTOR_CLI: "Kommandozeile", ACTOR_CONFIG: "Konfiguration"}


@dataclass(frozen=True)
class ShownEntry:
    when: str  # dd.mm.yyyy HH:MM in the business's time zone
    iso: str
    who: str
    what: str
    action: str


def _person(business: Any, key: str | None) -> str:
    if not key:
        return "–"
    member = business.staff_member(key)
    return str(member.name) if member is not None else key


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def action_de(entry: AuditEntry, business: Any) -> str:
    """What happened, in German."""
    details = entry.details or {}
    name = _person(business, entry.subject)
    action = entry.action
    if action == AuditAction.TRADE_CONNECTED:
        user = details.get("user")
        return "Handwerkersoftware verbunden" + (f" (technischer Benutzer {user})" if user else "")
    if action == AuditAction.TRADE_DISCONNECTED:
        return "Verbindung zur Handwerkersoftware getrennt"
    if action == AuditAction.STAFF_INVITED:
        return f"{name} eingeladen"
    if action == AuditAction.STAFF_BLOCKED:
        return f"Zugang von {name} gesperrt"
    if action == AuditAction.STAFF_UNBLOCKED:
        return f"Zugang von {name} entsperrt"
    if action == AuditAction.ACCESS_EXPIRY_SET:
        return f"Zugang von {name} befristet bis {_day(details.get('until'))}"
    if action == AuditAction.ACCESS_EXPIRY_CLEARED:
        return f"Befristung des Zugangs von {name} aufgehoben"
    if action == AuditAction.ROLE_CHANGED:
        before = ROLE_DE.get(str(details.get("from")), str(details.get("from")))
        after = ROLE_DE.get(str(details.get("to")), str(details.get("to")))
        return f"Rolle von {name} geändert: {before} → {after}"
    return action


def describe(entry: AuditEntry, business: Any) -> ShownEntry:
    local = entry.created_at.astimezone(business.business.zone)
    return ShownEntry(
        when=local.strftime("%d.%m.%Y %H:%M"),
        iso=entry.created_at.isoformat(),
        who=ACTOR_DE.get(entry.actor) or _person(business, entry.actor),
        what=action_de(entry, business),
        action=entry.action,
    )
