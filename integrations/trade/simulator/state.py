"""In-memory state of the trade-software simulator: clients, users, grants and tokens, and per
firm/tenant the address master, employees, activities, orders, estimates and appointments.

Tests reach it as ``app[SIMULATOR_STATE]`` (or ``simulator.state`` from the fixture) and use the
helpers at the bottom of :class:`SimulatorState` (``touch_address``, ``expire_access_tokens``, ...).
"""

from __future__ import annotations

import bisect
import copy
import random
import secrets
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from zentrale.integrations.trade.port import SCOPE_RIGHTS_DE
from zentrale.integrations.trade.simulator import data

Record = dict[str, Any]
ALL_SCOPES: tuple[str, ...] = tuple(SCOPE_RIGHTS_DE)
FirmKey = tuple[str, "str | None"]


@dataclass
class Faults:
    """Fault knobs for ``/api/`` requests. The rates are probabilities per request and are
    drawn as one partition: reset, then 429, then 5xx, then commit-then-timeout (writes only);
    their sum must be at most 1.

    - ``error_rate``: a 5xx before anything is done.
    - ``commit_then_timeout_rate``: a write is applied, then the client gets no usable answer:
      ``commit_then_timeout_mode`` "close" closes the connection, "delay" answers only after
      ``timeout_delay_s`` (past the client's timeout).
    - ``reset_rate``: the connection is closed without a response, nothing is done.
    - ``rate_limit_rate``: 429 with ``Retry-After: retry_after_s``.
    - ``latency_ms``: added to every ``/api/`` request.
    - ``apply_to_oauth``: the same faults also hit ``/oauth/token``.
    """

    error_rate: float = 0.0
    commit_then_timeout_rate: float = 0.0
    rate_limit_rate: float = 0.0
    reset_rate: float = 0.0
    latency_ms: int = 0
    retry_after_s: int = 1
    commit_then_timeout_mode: Literal["close", "delay"] = "close"
    timeout_delay_s: float = 30.0
    apply_to_oauth: bool = False

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        rates = (self.error_rate, self.commit_then_timeout_rate, self.rate_limit_rate, self.reset_rate)
        for name, value in zip(("error_rate", "commit_then_timeout_rate", "rate_limit_rate", "reset_rate"), rates, strict=False):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
        if sum(rates) > 1.0 + 1e-9:
            raise ValueError(f"the fault rates add up to {sum(rates):.2f}; at most 1 is possible")
        if not isinstance(self.latency_ms, int) or isinstance(self.latency_ms, bool) or self.latency_ms < 0:
            raise ValueError(f"latency_ms must be a non-negative integer, got {self.latency_ms!r}")
        if not isinstance(self.retry_after_s, int) or isinstance(self.retry_after_s, bool) or self.retry_after_s < 0:
            raise ValueError(f"retry_after_s must be a non-negative integer, got {self.retry_after_s!r}")
        if self.commit_then_timeout_mode not in ("close", "delay"):
            raise ValueError("commit_then_timeout_mode must be 'close' or 'delay'")
        if not isinstance(self.timeout_delay_s, (int, float)) or self.timeout_delay_s < 0:
            raise ValueError("timeout_delay_s must be a non-negative number")
        if not isinstance(self.apply_to_oauth, bool):
            raise ValueError("apply_to_oauth must be true or false")

    def update(self, changes: dict[str, Any]) -> None:
        """Apply ``changes`` (field → value) all-or-nothing; unknown fields raise ValueError."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown fault knob(s): {', '.join(unknown)}")
        trial = Faults(**{**self.as_dict(), **changes})
        for name in known:
            setattr(self, name, getattr(trial, name))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ClientSpec:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...] | list[str] = ()


@dataclass(frozen=True)
class UserSpec:
    """A technical user of the trade software (e.g. PETRA) and the rights (scopes) it has."""

    username: str
    password: str
    firm: str
    tenant: str | None = None
    scopes: tuple[str, ...] | list[str] = ALL_SCOPES


DEMO_REDIRECT_URI = "http://127.0.0.1:8080/admin/trade/callback"


@dataclass
class SimulatorOptions:
    """Everything the simulator is started with. ``addresses`` is the size of the address master
    of the first user's firm/tenant; every further firm/tenant gets ``other_firm_addresses``."""

    seed: int = 1
    addresses: int = 10_000
    clients: list[ClientSpec] = field(default_factory=lambda: [ClientSpec("zentrale-demo", "demo-secret", (DEMO_REDIRECT_URI,))])
    users: list[UserSpec] = field(default_factory=lambda: [UserSpec("PETRA", "petra-demo", "MUELLER")])
    access_token_ttl: int = 3600
    code_ttl: int = 60
    # "alternate" (int, then string, ...), "int", "string" or "random" (by seed)
    expires_in_style: Literal["alternate", "int", "string", "random"] = "alternate"
    honour_idempotency_key: bool = False
    other_firm_addresses: int = 50
    faults: Faults = field(default_factory=Faults)
    today: date | None = None  # anchor of the seeded appointments (default: today)


@dataclass
class Grant:
    id: str
    client_id: str
    user: str
    firm: str
    tenant: str | None
    scopes: tuple[str, ...]
    revoked: bool = False
    access_tokens: list[str] = field(default_factory=list)
    refresh_tokens: list[str] = field(default_factory=list)

    @property
    def key(self) -> FirmKey:
        return (self.firm, self.tenant)


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    grant_args: dict[str, Any]
    expires_at: float
    used: bool = False
    grant_id: str | None = None


class FirmData:
    """The data of one firm/tenant. Addresses keep their seeding order for full listings and a
    change log (``updated_at`` order, strictly increasing per firm) for ``updated_since``."""

    def __init__(self, key: FirmKey, addresses: list[Record], employees: list[Record], seed: int | str) -> None:
        self.key = key
        self.seed = seed
        self.addresses: dict[str, Record] = {}
        self.order: list[str] = []  # codes in seeding order (full listing)
        self.log_ts: list[int] = []  # change log: timestamps (µs), increasing
        self.log_codes: list[str] = []
        self.by_phone: dict[str, set[str]] = {}
        self.last_ts = 0
        for i, rec in enumerate(addresses):
            self._insert(rec, data.SEED_BASE_US + i * data.SEED_STEP_US)
        self.employees: list[Record] = employees
        self.orders: dict[str, Record] = {}
        self.estimates: dict[str, Record] = {}
        self.appointments: list[Record] = []

    def _stamp(self, rec: Record, ts: int) -> None:
        self.last_ts = ts
        rec["_ts"] = ts
        rec["updated_at"] = data.format_ts(ts)
        self.log_ts.append(ts)
        self.log_codes.append(rec["code"])

    def _insert(self, rec: Record, ts: int) -> None:
        rec.setdefault("deleted", False)
        self.addresses[rec["code"]] = rec
        self.order.append(rec["code"])
        self._index(rec)
        self._stamp(rec, ts)

    def _index(self, rec: Record) -> None:
        if rec.get("deleted"):
            return
        for phone in rec.get("phones") or ():
            self.by_phone.setdefault(phone["number"], set()).add(rec["code"])

    def _unindex(self, rec: Record) -> None:
        for phone in rec.get("phones") or ():
            codes = self.by_phone.get(phone["number"])
            if codes is not None:
                codes.discard(rec["code"])
                if not codes:
                    del self.by_phone[phone["number"]]

    def next_ts(self) -> int:
        now = int(time.time() * 1_000_000)
        return max(now, self.last_ts + 1)

    def live(self, code: str) -> Record | None:
        rec = self.addresses.get(code)
        return rec if rec is not None and not rec.get("deleted") else None

    def employee(self, code: str) -> Record | None:
        return next((e for e in self.employees if e["code"] == code), None)


def public(rec: Record) -> Record:
    """The record without internal ``_`` keys (what the API returns)."""
    return {k: v for k, v in rec.items() if not k.startswith("_")}


class SimulatorState:
    """All state of one simulator instance."""

    def __init__(self, options: SimulatorOptions) -> None:
        self.options = options
        self.faults: Faults = options.faults
        self.rng = random.Random(f"{options.seed}:faults")
        self._token_rng = random.Random(f"{options.seed}:tokens")
        self.clients: dict[str, ClientSpec] = {}
        self.redirect_uris: dict[str, set[str]] = {}
        for client in options.clients:
            self.add_client(client)
        self.users: dict[str, UserSpec] = {}
        for user in options.users:
            self.users[user.username] = user
        self.grants: dict[str, Grant] = {}
        self.codes: dict[str, AuthCode] = {}
        self.access_tokens: dict[str, tuple[str, float]] = {}  # token → (grant id, expires at)
        self.refresh_tokens: dict[str, tuple[str, bool]] = {}  # token → (grant id, still valid)
        self.refresh_count = 0
        self.reuse_detections = 0
        self.tokens_issued = 0
        self.activities: list[Record] = []  # every activity of every firm, in creation order
        self._activity_by_id: dict[str, Record] = {}
        self._idempotency: dict[tuple[FirmKey, str], str] = {}
        self.journal: list[Record] = []
        self.estimate_history: list[Record] = []
        self.messages: list[Record] = []
        self.requests = 0
        self.faults_injected: dict[str, int] = {"reset": 0, "rate_limit": 0, "error": 0, "commit_then_timeout": 0}
        self.today = options.today or date.today()
        self.firms: dict[FirmKey, FirmData] = {}
        for i, key in enumerate(dict.fromkeys((u.firm, u.tenant) for u in options.users)):
            if i == 0:
                seed: int | str = options.seed
                addresses = data.generate_addresses(seed, options.addresses, fixed=True)
                employees = copy.deepcopy(data.PRIMARY_EMPLOYEES)
            else:
                seed = f"{options.seed}:{key[0]}:{key[1]}"
                addresses = data.generate_addresses(seed, options.other_firm_addresses, fixed=False)
                employees = data.generate_employees(seed)
            firm = FirmData(key, addresses, employees, seed)
            self._seed_business(firm)
            self.firms[key] = firm

    # -- seeding of estimates, orders, appointments ------------------------------------------

    def _seed_business(self, firm: FirmData) -> None:
        rng = random.Random(f"{firm.seed}:business")
        codes = [c for c in firm.order if not c.startswith(("SCHM", "HVBE", "WEGL"))] or list(firm.order)
        technicians = [e["code"] for e in firm.employees if "monteure" in e["teams"] and e["active"]] or [
            firm.employees[0]["code"]
        ]
        year = self.today.year
        if not codes:
            return
        for i in range(12):
            est_id = f"E{1001 + i}"
            order_ref = f"AU-{year}-{101 + i:04d}"
            address_code = "MUST01" if i == 0 and "MUST01" in firm.addresses else rng.choice(codes)
            country = firm.addresses[address_code].get("country") or "DE"
            items = []
            for text, unit, price in rng.sample(
                [
                    ("Fehlersuche und Diagnose", "Std.", 7850),
                    ("Zündelektrode tauschen", "Stk.", 4290),
                    ("Ausdehnungsgefäß 25 l", "Stk.", 11900),
                    ("Umwälzpumpe Grundfos Alpha2", "Stk.", 28900),
                    ("Anfahrtspauschale", "psch.", 4500),
                    ("Monteurstunde", "Std.", 6900),
                    ("Kleinmaterial", "psch.", 1850),
                    ("Heizungswasser aufbereiten", "l", 120),
                ],
                k=rng.randint(2, 4),
            ):
                qty = 1 if unit in ("Stk.", "psch.") else rng.choice([1, 1.5, 2, 3]) if unit == "Std." else 40
                total = round(qty * price)
                items.append({"text": text, "quantity": qty, "unit": unit, "unit_price_cents": price, "total_cents": total})
            net = sum(int(it["total_cents"]) for it in items)
            vat = round(net * (0.20 if country == "AT" else 0.19))
            firm.orders[order_ref] = {"order_ref": order_ref, "address_code": address_code, "activity_id": None}
            firm.estimates[est_id] = {
                "id": est_id,
                "number": f"KV-{year}-{1001 + i}",
                "order_ref": order_ref,
                "address_code": address_code,
                "technician": rng.choice(technicians),
                "status": "sent" if i < 8 else "draft",
                "valid_until": (self.today + timedelta(days=30 - i)).isoformat(),
                "items": items,
                "net_cents": net,
                "vat_cents": vat,
                "gross_cents": net + vat,
                "images": [{"url": f"/_sim/images/{est_id}-1.svg", "caption": "Foto vom Schaden"}],
                "rejection_fees_cents": {"return": 4500, "disposal": 2500},
            }
        kinds = ["main_sweep", "special_work", "maintenance", "other"]
        n_appts = max(10, len(firm.order) // 20)
        appts = []
        for i in range(n_appts):
            code = rng.choice(firm.order)
            addr = firm.addresses[code]
            kind = "main_sweep" if addr.get("main_sweep_only") or rng.random() < 0.3 else rng.choice(kinds)
            day = self.today + timedelta(days=rng.randint(-30, 180))
            start = datetime(day.year, day.month, day.day, rng.randint(6, 15), rng.choice([0, 15, 30, 45]), tzinfo=UTC)
            appts.append(
                {
                    "id": f"T{10001 + i}",
                    "address_code": code,
                    "kind": kind,
                    "starts_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ") if rng.random() < 0.8 else None,
                    "employee": rng.choice(technicians) if rng.random() < 0.7 else None,
                    "note": rng.choice([None, None, "Schlüssel beim Nachbarn", "Bitte vorher anrufen", "Hund im Garten"]),
                    "cancelled": rng.random() < 0.05,
                }
            )
        appts.sort(key=lambda a: (a["starts_at"], a["id"]))
        firm.appointments = appts

    # -- clients, tokens, grants ------------------------------------------------------------

    def add_client(self, client: ClientSpec) -> None:
        self.clients[client.client_id] = client
        self.redirect_uris[client.client_id] = set(client.redirect_uris)

    def register_redirect_uri(self, client_id: str, uri: str) -> None:
        """Allow one more exact redirect URI for ``client_id`` (e.g. a test server's callback)."""
        if client_id not in self.clients:
            raise KeyError(f"unknown client {client_id!r}")
        self.redirect_uris[client_id].add(uri)

    def new_token(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_urlsafe(24)}"

    def expires_in_value(self) -> int | str:
        ttl = self.options.access_token_ttl
        style = self.options.expires_in_style
        self.tokens_issued += 1
        if style == "int":
            return ttl
        if style == "string":
            return str(ttl)
        if style == "random":
            return ttl if self._token_rng.random() < 0.5 else str(ttl)
        return ttl if self.tokens_issued % 2 == 1 else str(ttl)

    def issue_tokens(self, grant: Grant) -> Record:
        access = self.new_token("at")
        refresh = self.new_token("rt")
        self.access_tokens[access] = (grant.id, time.time() + self.options.access_token_ttl)
        self.refresh_tokens[refresh] = (grant.id, True)
        grant.access_tokens.append(access)
        grant.refresh_tokens.append(refresh)
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.expires_in_value(),
            "refresh_token": refresh,
            "scope": " ".join(grant.scopes),
            "firm": grant.firm,
            "tenant": grant.tenant,
        }

    def revoke_grant(self, grant: Grant) -> None:
        grant.revoked = True
        for token in grant.access_tokens:
            self.access_tokens.pop(token, None)
        for token in grant.refresh_tokens:
            if token in self.refresh_tokens:
                self.refresh_tokens[token] = (grant.id, False)

    def grant_for_access_token(self, token: str) -> Grant | None:
        entry = self.access_tokens.get(token)
        if entry is None:
            return None
        grant_id, expires_at = entry
        grant = self.grants.get(grant_id)
        if grant is None or grant.revoked or time.time() >= expires_at:
            return None
        return grant

    def expire_access_tokens(self) -> None:
        """Make every access token expired now (refresh tokens stay valid)."""
        past = time.time() - 1
        for token, (grant_id, _) in list(self.access_tokens.items()):
            self.access_tokens[token] = (grant_id, past)

    def firm(self, grant: Grant) -> FirmData:
        return self.firms[grant.key]

    def primary(self) -> FirmData:
        return next(iter(self.firms.values()))

    def _firm_for(self, firm: str | None, tenant: str | None) -> FirmData:
        if firm is None:
            return self.primary()
        return self.firms[(firm, tenant)]

    # -- activities -------------------------------------------------------------------------

    def activity(self, activity_id: str) -> Record | None:
        return self._activity_by_id.get(activity_id)

    def add_activity(self, key: FirmKey, rec: Record) -> Record:
        rec["_firm"], rec["_tenant"] = key
        self.activities.append(rec)
        self._activity_by_id[rec["id"]] = rec
        return rec

    def next_activity_id(self) -> str:
        return f"AKT-{100001 + len(self.activities)}"

    # -- helpers for tests ------------------------------------------------------------------

    def touch_address(self, code: str, *, firm: str | None = None, tenant: str | None = None, **changes: Any) -> Record:
        """Change an address (or create it if ``code`` is new; an undeleted tombstone comes back)
        and stamp a new ``updated_at``. Returns the stored record."""
        fd = self._firm_for(firm, tenant)
        rec = fd.addresses.get(code)
        if rec is None:
            new = {
                "code": code,
                "salutation": None,
                "title": None,
                "name": changes.pop("name", code),
                "name2": None,
                "street": None,
                "zip": None,
                "city": None,
                "country": None,
                "phones": [],
                "emails": [],
                "main_sweep_only": False,
                "deleted": False,
            }
            new.update(changes)
            fd._insert(new, fd.next_ts())
            return new
        fd._unindex(rec)
        rec.update(changes)
        rec.setdefault("deleted", False)
        if "deleted" not in changes:
            rec["deleted"] = False
        fd._index(rec)
        fd._stamp(rec, fd.next_ts())
        return rec

    def delete_address(self, code: str, *, firm: str | None = None, tenant: str | None = None) -> Record:
        """Delete an address: it disappears from listings and lookups and appears as a tombstone
        (``deleted: true``) in ``updated_since`` listings."""
        fd = self._firm_for(firm, tenant)
        rec = fd.addresses.get(code)
        if rec is None:
            raise KeyError(f"unknown address {code!r}")
        fd._unindex(rec)
        rec["deleted"] = True
        fd._stamp(rec, fd.next_ts())
        return rec

    def address(self, code: str, *, firm: str | None = None, tenant: str | None = None) -> Record | None:
        return self._firm_for(firm, tenant).addresses.get(code)

    def counts(self) -> Record:
        return {
            "addresses": {
                f"{k[0]}/{k[1] or '-'}": sum(1 for r in fd.addresses.values() if not r.get("deleted"))
                for k, fd in self.firms.items()
            },
            "activities": len(self.activities),
            "activities_distinct_external_refs": len({(a["_firm"], a["_tenant"], a["external_ref"]) for a in self.activities}),
            "refreshes": self.refresh_count,
            "reuse_detections": self.reuse_detections,
            "grants": len(self.grants),
            "active_grants": sum(1 for g in self.grants.values() if not g.revoked),
            "orders": sum(len(fd.orders) for fd in self.firms.values()),
            "journal_entries": len(self.journal),
            "messages": len(self.messages),
            "requests": self.requests,
            "faults_injected": dict(self.faults_injected),
            "faults": self.faults.as_dict(),
        }


def bisect_after(values: list[int], ts: int) -> int:
    """Index of the first entry strictly after ``ts``."""
    return bisect.bisect_right(values, ts)


def bisect_from(values: list[int], ts: int) -> int:
    """Index of the first entry at or after ``ts``."""
    return bisect.bisect_left(values, ts)
