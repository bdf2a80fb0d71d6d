"""The port to a trade software (Handwerkersoftware): what zentrale needs of it, vendor-neutral.

The semantics follow the contract ``docs/contracts/trade-api.openapi.yaml``; every vendor
adapter (``kwp``, the built-in ``simulator`` speaks the same contract) maps its API onto this.
Errors say what the operator must do: :class:`ReauthRequired` (reconnect) versus
:class:`TemporarilyUnavailable` (wait, retry) versus :class:`PermanentError` (the request itself
is wrong and will never succeed).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from zentrale.config.vocabulary import PriorityValue as Priority
from zentrale.integrations.errors import Ambiguous, Defer, GiveUp, RetryLater

PhoneKind = Literal["landline", "mobile", "fax", "unknown"]

# Scopes zentrale asks for, and the right the admin must give the technical user for each
# (wording as trade-software admins see it).
SCOPE_RIGHTS_DE: dict[str, str] = {
    "addresses:read": "Adressverwaltung LESEN",
    "equipment:read": "Anlagedaten LESEN",
    "activities:write": "Aktivitäten LESEN/SCHREIBEN",
    "orders:write": "Aufträge SCHREIBEN",
    "estimates:write": "Kostenvoranschläge SCHREIBEN",
    "appointments:read": "Termine LESEN",
    "messages:write": "Nachrichten SCHREIBEN",
}
# orders:write: "in Auftrag umwandeln" in the inbox (integrations/trade/writeback.py).
REQUIRED_SCOPES: tuple[str, ...] = ("addresses:read", "equipment:read", "activities:write", "orders:write")


# -- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Me:
    user: str
    firm: str
    tenant: str | None
    scopes: frozenset[str]


@dataclass(frozen=True)
class Phone:
    number: str  # free text exactly as typed in the office
    kind: PhoneKind = "unknown"
    sms_consent: bool = False


@dataclass(frozen=True)
class Email:
    address: str
    consent: bool = False
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Address:
    code: str  # Adresskürzel
    name: str
    updated_at: datetime
    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    salutation: str | None = None
    title: str | None = None
    name2: str | None = None
    street: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str | None = None  # ISO 3166 alpha-2, may be missing
    main_sweep_only: bool = False
    deleted: bool = False  # tombstone in incremental sync


@dataclass(frozen=True)
class AddressPage:
    items: tuple[Address, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class Equipment:
    id: str
    kind: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    installed_on: str | None = None
    last_service_on: str | None = None


@dataclass(frozen=True)
class Employee:
    code: str
    name: str
    mobile: str | None = None
    email: str | None = None
    teams: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class ActivityCreate:
    type: str
    subject: str  # Matchcode, at most 80 characters
    text: str
    external_ref: str  # zentrale's unique reference (the activity id); looked up after ambiguous failures
    address_code: str | None = None
    assignee: str | None = None
    team: str | None = None
    priority: Priority = "normal"
    due_at: datetime | None = None
    follow_up_at: datetime | None = None


@dataclass(frozen=True)
class Activity:
    id: str
    type: str
    subject: str
    text: str
    external_ref: str
    status: Literal["open", "done"]
    created_by: str
    created_at: datetime
    address_code: str | None = None
    assignee: str | None = None
    team: str | None = None
    priority: Priority = "normal"
    due_at: datetime | None = None
    follow_up_at: datetime | None = None
    order_ref: str | None = None


@dataclass(frozen=True)
class ActivityPatch:
    """Only the fields that are set are sent (``UNSET`` = leave as is; ``None`` = clear)."""

    fields: dict[str, object] = field(default_factory=dict)


# -- errors -------------------------------------------------------------------------------


class TradeError(Exception):
    """Base of all trade-software errors. ``str()`` is an English one-liner for developers.

    Each maps onto the delivery-error taxonomy (:mod:`zentrale.integrations.errors`) that the
    outbox worker interprets: reconnect = :class:`Defer`, wait = :class:`RetryLater`, give up =
    :class:`GiveUp`."""


REAUTH_PROBLEM_DE = (
    "Die Verbindung zur Handwerkersoftware muss erneuert werden (bitte neu verbinden). "
    "Die Aktivität wartet und wird danach übertragen."
)


class ReauthRequired(TradeError, Defer):
    """The grant is gone (invalid_grant, revoked): an admin must connect again. Nothing queued is dropped."""

    def __init__(self, message: str = "reauth required") -> None:
        Defer.__init__(self, REAUTH_PROBLEM_DE, note="reauth required")
        self.args = (message,)


class TemporarilyUnavailable(TradeError, RetryLater):
    """Try again later: 5xx, 429, timeouts or resets *before* the request was sent."""


class AmbiguousFailure(TemporarilyUnavailable, Ambiguous):
    """The request may have been applied (timeout, reset or 5xx after sending): look up
    ``external_ref`` before creating again."""


class PermanentError(TradeError, GiveUp):
    """The server refused the request itself (e.g. 422 unknown address code); retrying won't help."""

    def __init__(self, message: str, *, status: int, error: str | None = None, detail: str | None = None) -> None:
        code = f"HTTP {status}" + (f", {error}" if error else "")
        reason = f"Die Handwerkersoftware hat die Aktivität endgültig abgelehnt ({code})" + (f": {detail}" if detail else "")
        GiveUp.__init__(self, reason, message=message)
        self.status = status
        self.error = error
        self.detail = detail


class InsufficientScope(PermanentError, Defer):
    """403 insufficient_scope: the technical user lacks a right. ``scope`` is the missing one.

    A refusal of the request, and one a person fixes by giving the right: the worker keeps the
    message waiting (:class:`Defer` wins over :class:`GiveUp`)."""

    def __init__(self, scope: str, detail: str | None = None) -> None:
        super().__init__(f"missing scope {scope}", status=403, error="insufficient_scope", detail=detail)
        self.scope = scope
        self.problem_de = self.hint_de
        self.delay = None
        self.note = f"missing scope {scope}"

    @property
    def hint_de(self) -> str:
        right = SCOPE_RIGHTS_DE.get(self.scope, self.scope)
        return f"Dem technischen Benutzer fehlt das Recht „{right}“. Bitte in der Handwerkersoftware freigeben."


# -- the port -----------------------------------------------------------------------------


class TradePort(Protocol):
    """What zentrale does with a trade software. One instance per business connection."""

    async def me(self) -> Me: ...

    def addresses(self, *, updated_since: datetime | None = None, page_size: int = 500) -> AsyncIterator[AddressPage]:
        """Pages of the address master, oldest cursor first; with ``updated_since`` incl. tombstones."""
        ...

    async def address(self, code: str) -> Address | None: ...

    async def equipment(self, address_code: str) -> list[Equipment]: ...

    async def employees(self) -> list[Employee]: ...

    async def create_activity(self, activity: ActivityCreate) -> Activity:
        """Create; sends ``Idempotency-Key: external_ref`` (servers may ignore it)."""
        ...

    async def find_activity(self, external_ref: str) -> Activity | None: ...

    async def get_activity(self, activity_id: str) -> Activity: ...

    async def update_activity(self, activity_id: str, patch: ActivityPatch) -> Activity: ...

    async def convert_to_order(self, activity_id: str) -> str:
        """Returns the order reference (Auftrag)."""
        ...
