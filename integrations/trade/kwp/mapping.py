"""JSON of the trade API ↔ the port's data classes. Unknown fields are ignored; dates are parsed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast, get_args

from zentrale.config.vocabulary import as_priority
from zentrale.integrations.trade.port import (
    Activity,
    ActivityCreate,
    ActivityPatch,
    Address,
    AddressPage,
    Email,
    Employee,
    Equipment,
    Me,
    Phone,
    PhoneKind,
)

PHONE_KINDS: tuple[PhoneKind, ...] = get_args(PhoneKind)


class MappingError(ValueError):
    """The server sent JSON that does not fit the contract (developer message, no personal data)."""


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 (``Z`` or offset) → aware UTC datetime; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise MappingError(f"not an ISO 8601 date-time: {str(value)[:40]!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass timezone-aware datetimes to the trade API")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _date_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _require(data: Any, key: str, what: str) -> Any:
    if not isinstance(data, dict):
        raise MappingError(f"{what}: expected an object, got {type(data).__name__}")
    if data.get(key) is None:
        raise MappingError(f"{what}: field {key!r} is missing")
    return data[key]


def me_from_json(data: Any) -> Me:
    user = _require(data, "user", "me")
    scopes = data.get("scopes") or []
    if isinstance(scopes, str):
        scopes = scopes.split()
    return Me(user=str(user), firm=str(data.get("firm") or ""), tenant=_str(data.get("tenant")), scopes=frozenset(scopes))


def phone_from_json(data: Any) -> Phone:
    if isinstance(data, str):
        return Phone(number=data)
    number = _require(data, "number", "phone")
    kind = cast(PhoneKind, data.get("kind")) if data.get("kind") in PHONE_KINDS else "unknown"
    return Phone(number=str(number), kind=kind, sms_consent=bool(data.get("sms_consent", False)))


def email_from_json(data: Any) -> Email:
    if isinstance(data, str):
        return Email(address=data)
    address = _require(data, "address", "email")
    return Email(address=str(address), consent=bool(data.get("consent", False)), purposes=tuple(data.get("purposes") or ()))


def address_from_json(data: Any) -> Address:
    code = _require(data, "code", "address")
    updated_at = parse_datetime(_require(data, "updated_at", "address"))
    assert updated_at is not None
    return Address(
        code=str(code),
        name=str(data.get("name") or ""),
        updated_at=updated_at,
        phones=tuple(phone_from_json(p) for p in data.get("phones") or ()),
        emails=tuple(email_from_json(e) for e in data.get("emails") or ()),
        salutation=_str(data.get("salutation")),
        title=_str(data.get("title")),
        name2=_str(data.get("name2")),
        street=_str(data.get("street")),
        zip=_str(data.get("zip")),
        city=_str(data.get("city")),
        country=(str(data["country"]).upper() if data.get("country") else None),
        main_sweep_only=bool(data.get("main_sweep_only", False)),
        deleted=bool(data.get("deleted", False)),
    )


def address_page_from_json(data: Any) -> AddressPage:
    items = _require(data, "items", "address page")
    if not isinstance(items, list):
        raise MappingError("address page: items is not a list")
    return AddressPage(items=tuple(address_from_json(i) for i in items), next_cursor=_str(data.get("next_cursor")) or None)


def equipment_from_json(data: Any) -> Equipment:
    return Equipment(
        id=str(_require(data, "id", "equipment")),
        kind=_str(data.get("kind")),
        manufacturer=_str(data.get("manufacturer")),
        model=_str(data.get("model")),
        installed_on=_date_text(data.get("installed_on")),
        last_service_on=_date_text(data.get("last_service_on")),
    )


def employee_from_json(data: Any) -> Employee:
    return Employee(
        code=str(_require(data, "code", "employee")),
        name=str(data.get("name") or ""),
        mobile=_str(data.get("mobile")),
        email=_str(data.get("email")),
        teams=tuple(data.get("teams") or ()),
        active=bool(data.get("active", True)),
    )


def activity_from_json(data: Any) -> Activity:
    created_at = parse_datetime(_require(data, "created_at", "activity"))
    assert created_at is not None
    return Activity(
        id=str(_require(data, "id", "activity")),
        type=str(data.get("type") or ""),
        subject=str(data.get("subject") or ""),
        text=str(data.get("text") or ""),
        external_ref=str(data.get("external_ref") or ""),
        status="done" if data.get("status") == "done" else "open",
        created_by=str(data.get("created_by") or ""),
        created_at=created_at,
        address_code=_str(data.get("address_code")),
        assignee=_str(data.get("assignee")),
        team=_str(data.get("team")),
        priority=as_priority(data.get("priority")),
        due_at=parse_datetime(data.get("due_at")),
        follow_up_at=parse_datetime(data.get("follow_up_at")),
        order_ref=_str(data.get("order_ref")),
    )


def activity_create_to_json(activity: ActivityCreate) -> dict[str, Any]:
    return {
        "type": activity.type,
        "subject": activity.subject,
        "text": activity.text,
        "external_ref": activity.external_ref,
        "address_code": activity.address_code,
        "assignee": activity.assignee,
        "team": activity.team,
        "priority": activity.priority,
        "due_at": format_datetime(activity.due_at),
        "follow_up_at": format_datetime(activity.follow_up_at),
    }


PATCHABLE = {"assignee", "team", "priority", "follow_up_at", "status", "text"}


def activity_patch_to_json(patch: ActivityPatch) -> dict[str, Any]:
    unknown = set(patch.fields) - PATCHABLE
    if unknown:
        raise ValueError(f"activity fields that cannot be patched: {', '.join(sorted(unknown))}")
    return {k: format_datetime(v) if isinstance(v, datetime) else v for k, v in patch.fields.items()}
