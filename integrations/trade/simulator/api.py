"""The ``/api/v1`` resources of the simulator (contract ``trade-api.openapi.yaml``).

Every handler sees only the data of the grant's firm/tenant. Errors are JSON ``{error, detail}``:
401 ``invalid_token``, 403 ``insufficient_scope`` (detail = the missing scope), 404 ``not_found``,
400 ``invalid_request`` (query parameters), 422 ``validation_error`` (bodies).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, date, datetime
from typing import Any

from aiohttp import web

from zentrale.config.vocabulary import PRIORITY_ORDER
from zentrale.integrations.trade.simulator import data
from zentrale.integrations.trade.simulator.state import (
    FirmData,
    Grant,
    SimulatorState,
    bisect_after,
    bisect_from,
    public,
)

routes = web.RouteTableDef()
MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def _state(request: web.Request) -> SimulatorState:
    from zentrale.integrations.trade.simulator.app import SIMULATOR_STATE

    return request.app[SIMULATOR_STATE]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False),
        status=status,
        headers=headers,
        content_type="application/json",
        charset="utf-8",
    )


class ApiError(Exception):
    def __init__(self, status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail, self.headers = status, error, detail, headers

    def response(self) -> web.Response:
        return json_response({"error": self.error, "detail": self.detail}, self.status, self.headers)


def bad_query(detail: str) -> ApiError:
    return ApiError(400, "invalid_request", detail)


def invalid(detail: str) -> ApiError:
    return ApiError(422, "validation_error", detail)


def authorize(request: web.Request, scope: str | None) -> tuple[Grant, FirmData]:
    state = _state(request)
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    grant = state.grant_for_access_token(token) if token else None
    if grant is None:
        detail = "access token missing" if not token else "access token expired, revoked or unknown"
        raise ApiError(
            401, "invalid_token", detail, {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{detail}"'}
        )
    if scope is not None and scope not in grant.scopes:
        raise ApiError(
            403, "insufficient_scope", scope, {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'}
        )
    return grant, state.firm(grant)


async def read_json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise invalid("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("the body must be a JSON object")
    return body


def parse_datetime(value: str, name: str) -> datetime:
    text = value.strip()
    # a '+' that was not percent-encoded in the query arrives as a space
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", text)
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise bad_query(f"{name} must be an ISO 8601 date-time, got {value!r}") from None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decode_cursor(cursor: str, mode: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_query("invalid cursor") from None
    if not isinstance(payload, dict) or payload.get("m") != mode:
        raise bad_query("invalid cursor (it belongs to another listing)")
    return payload


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise bad_query(f"limit must be an integer, got {raw!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise bad_query(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


# -- me, addresses, equipment, employees ----------------------------------------------------------


@routes.get("/api/v1/me")
async def me(request: web.Request) -> web.Response:
    grant, _ = authorize(request, None)
    return json_response({"user": grant.user, "firm": grant.firm, "tenant": grant.tenant, "scopes": list(grant.scopes)})


@routes.get("/api/v1/addresses")
async def addresses(request: web.Request) -> web.Response:
    """Full listing (seeding order, live addresses only) or, with ``updated_since``, every
    address changed at or after that instant (tombstones included) in ``updated_at`` order.
    ``phone`` is an exact match on the stored text."""
    _, firm = authorize(request, "addresses:read")
    limit = _limit(request)
    cursor = request.query.get("cursor")
    phone = request.query.get("phone")
    since_raw = request.query.get("updated_since")
    if phone is not None:
        codes = firm.by_phone.get(phone, set())
        recs = sorted((firm.addresses[c] for c in codes), key=lambda r: r["_ts"])
        if since_raw is not None:
            since = data.to_us(parse_datetime(since_raw, "updated_since"))
            recs = [r for r in recs if r["_ts"] >= since]
        start = int(_decode_cursor(cursor, "phone").get("p", 0)) if cursor else 0
        page = recs[start : start + limit]
        nxt = _encode_cursor({"m": "phone", "p": start + limit}) if start + limit < len(recs) else None
        return json_response({"items": [public(r) for r in page], "next_cursor": nxt})
    items: list[dict[str, Any]] = []
    if since_raw is not None:
        if cursor:
            pos = bisect_after(firm.log_ts, int(_decode_cursor(cursor, "since")["t"]))
        else:
            pos = bisect_from(firm.log_ts, data.to_us(parse_datetime(since_raw, "updated_since")))
        log_ts, log_codes, by_code = firm.log_ts, firm.log_codes, firm.addresses
        last_ts = None
        n = len(log_ts)
        while pos < n and len(items) < limit:
            rec = by_code[log_codes[pos]]
            if rec["_ts"] == log_ts[pos]:  # superseded log entries are skipped
                items.append(public(rec))
                last_ts = log_ts[pos]
            pos += 1
        while pos < n and by_code[log_codes[pos]]["_ts"] != log_ts[pos]:
            pos += 1
        more = pos < n and last_ts is not None
        nxt = _encode_cursor({"m": "since", "t": last_ts}) if more else None
        return json_response({"items": items, "next_cursor": nxt})
    pos = int(_decode_cursor(cursor, "all")["p"]) if cursor else 0
    order, by_code = firm.order, firm.addresses
    n = len(order)
    while pos < n and len(items) < limit:
        rec = by_code[order[pos]]
        if not rec.get("deleted"):
            items.append(public(rec))
        pos += 1
    while pos < n and by_code[order[pos]].get("deleted"):
        pos += 1
    nxt = _encode_cursor({"m": "all", "p": pos}) if pos < n else None
    return json_response({"items": items, "next_cursor": nxt})


def _address_or_404(firm: FirmData, code: str) -> dict[str, Any]:
    rec = firm.live(code)
    if rec is None:
        raise ApiError(404, "not_found", f"unknown address code {code}")
    return rec


@routes.get("/api/v1/addresses/{code}")
async def address(request: web.Request) -> web.Response:
    _, firm = authorize(request, "addresses:read")
    return json_response(public(_address_or_404(firm, request.match_info["code"])))


@routes.get("/api/v1/addresses/{code}/equipment")
async def equipment(request: web.Request) -> web.Response:
    _, firm = authorize(request, "equipment:read")
    rec = _address_or_404(firm, request.match_info["code"])
    return json_response(data.equipment_for(firm.seed, rec))


@routes.get("/api/v1/employees")
async def employees(request: web.Request) -> web.Response:
    """Needs activities:write (activities are assigned to these employees)."""
    _, firm = authorize(request, "activities:write")
    return json_response(firm.employees)


# -- activities -------------------------------------------------------------------------------------


def _opt_str(body: dict[str, Any], name: str, max_len: int | None = None) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string or null")
    if max_len is not None and len(value) > max_len:
        raise invalid(f"{name} is longer than {max_len} characters")
    return value


def _opt_datetime(body: dict[str, Any], name: str) -> str | None:
    value = _opt_str(body, name)
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise invalid(f"{name} must be an ISO 8601 date-time") from None
    return value


def _check_assignee(firm: FirmData, value: str | None) -> None:
    if value is None:
        return
    emp = firm.employee(value)
    if emp is None:
        raise invalid(f"unknown assignee {value}")
    if not emp.get("active", True):
        raise invalid(f"assignee {value} is not active")


def _activity_view(rec: dict[str, Any]) -> dict[str, Any]:
    return public(rec)


@routes.get("/api/v1/activities")
async def list_activities(request: web.Request) -> web.Response:
    grant, _ = authorize(request, "activities:write")
    state = _state(request)
    status = request.query.get("status")
    if status is not None and status not in ("open", "done"):
        raise bad_query("status must be open or done")
    ref = request.query.get("external_ref")
    assignee = request.query.get("assignee")
    out = [
        _activity_view(a)
        for a in state.activities
        if a["_firm"] == grant.firm
        and a["_tenant"] == grant.tenant
        and (ref is None or a["external_ref"] == ref)
        and (assignee is None or a["assignee"] == assignee)
        and (status is None or a["status"] == status)
    ]
    return json_response(out)


@routes.post("/api/v1/activities")
async def create_activity(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "activities:write")
    state = _state(request)
    body = await read_json_object(request)
    missing = [f for f in ("type", "subject", "text", "external_ref") if body.get(f) in (None, "")]
    if missing:
        raise invalid(f"missing field(s): {', '.join(missing)}")
    for name in ("type", "subject", "text", "external_ref"):
        if not isinstance(body[name], str):
            raise invalid(f"{name} must be a string")
    if len(body["subject"]) > 80:
        raise invalid("subject is longer than 80 characters")
    address_code = _opt_str(body, "address_code")
    if address_code is not None and firm.live(address_code) is None:
        raise invalid(f"unknown address_code {address_code}")
    assignee = _opt_str(body, "assignee")
    _check_assignee(firm, assignee)
    priority = body.get("priority", "normal")
    if priority not in PRIORITY_ORDER:
        raise invalid(f"priority must be one of {', '.join(PRIORITY_ORDER)}")
    key = request.headers.get("Idempotency-Key")
    if key and state.options.honour_idempotency_key:
        existing = state._idempotency.get((grant.key, key))
        if existing is not None:
            return json_response(_activity_view(state.activity(existing) or {}), 201)
    rec = {
        "id": state.next_activity_id(),
        "type": body["type"],
        "subject": body["subject"],
        "text": body["text"],
        "address_code": address_code,
        "assignee": assignee,
        "team": _opt_str(body, "team"),
        "priority": priority,
        "due_at": _opt_datetime(body, "due_at"),
        "follow_up_at": _opt_datetime(body, "follow_up_at"),
        "external_ref": body["external_ref"],
        "status": "open",
        "created_by": grant.user,
        "created_at": data.format_ts(firm.next_ts()),
        "order_ref": None,
    }
    state.add_activity(grant.key, rec)
    if key and state.options.honour_idempotency_key:
        state._idempotency[(grant.key, key)] = rec["id"]
    return json_response(_activity_view(rec), 201)


def _own_activity(request: web.Request, grant: Grant) -> dict[str, Any]:
    rec = _state(request).activity(request.match_info["id"])
    if rec is None or rec["_firm"] != grant.firm or rec["_tenant"] != grant.tenant:
        raise ApiError(404, "not_found", f"unknown activity {request.match_info['id']}")
    return rec


@routes.get("/api/v1/activities/{id}")
async def get_activity(request: web.Request) -> web.Response:
    grant, _ = authorize(request, "activities:write")
    return json_response(_activity_view(_own_activity(request, grant)))


PATCHABLE = ("assignee", "team", "priority", "follow_up_at", "status", "text")


@routes.patch("/api/v1/activities/{id}")
async def patch_activity(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "activities:write")
    rec = _own_activity(request, grant)
    body = await read_json_object(request)
    unknown = sorted(set(body) - set(PATCHABLE))
    if unknown:
        raise invalid(f"field(s) cannot be changed: {', '.join(unknown)}")
    changes: dict[str, Any] = {}
    if "assignee" in body:
        changes["assignee"] = _opt_str(body, "assignee")
        _check_assignee(firm, changes["assignee"])
    if "team" in body:
        changes["team"] = _opt_str(body, "team")
    if "priority" in body:
        if body["priority"] not in PRIORITY_ORDER:
            raise invalid(f"priority must be one of {', '.join(PRIORITY_ORDER)}")
        changes["priority"] = body["priority"]
    if "follow_up_at" in body:
        changes["follow_up_at"] = _opt_datetime(body, "follow_up_at")
    if "status" in body:
        if body["status"] not in ("open", "done"):
            raise invalid("status must be open or done")
        changes["status"] = body["status"]
    if "text" in body:
        if not isinstance(body["text"], str) or not body["text"]:
            raise invalid("text must be a non-empty string")
        changes["text"] = body["text"]
    rec.update(changes)
    return json_response(_activity_view(rec))


@routes.post("/api/v1/activities/{id}/convert-to-order")
async def convert_to_order(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "orders:write")
    rec = _own_activity(request, grant)
    if rec["order_ref"]:
        return json_response(
            {
                "error": "conflict",
                "detail": f"activity already converted to order {rec['order_ref']}",
                "order_ref": rec["order_ref"],
            },
            409,
        )
    order_ref = f"AU-{_state(request).today.year}-{1001 + len(firm.orders):04d}"
    firm.orders[order_ref] = {"order_ref": order_ref, "address_code": rec["address_code"], "activity_id": rec["id"]}
    rec["order_ref"] = order_ref
    return json_response({"order_ref": order_ref}, 201)


@routes.post("/api/v1/orders/{order_ref}/journal")
async def order_journal(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "orders:write")
    order_ref = request.match_info["order_ref"]
    if order_ref not in firm.orders:
        raise ApiError(404, "not_found", f"unknown order {order_ref}")
    body = await read_json_object(request)
    text = body.get("text")
    if not isinstance(text, str) or not text:
        raise invalid("text is required")
    entry = {
        "id": f"J{len(_state(request).journal) + 1}",
        "order_ref": order_ref,
        "text": text,
        "external_ref": _opt_str(body, "external_ref"),
        "created_by": grant.user,
        "_firm": grant.firm,
        "_tenant": grant.tenant,
    }
    _state(request).journal.append(entry)
    return json_response(public(entry), 201)


# -- estimates, appointments, messages ------------------------------------------------------------


def _estimate_view(request: web.Request, rec: dict[str, Any]) -> dict[str, Any]:
    out = dict(rec)
    origin = f"{request.scheme}://{request.host}"
    out["images"] = [{**img, "url": origin + img["url"] if img["url"].startswith("/") else img["url"]} for img in rec["images"]]
    return out


def _own_estimate(request: web.Request, firm: FirmData) -> dict[str, Any]:
    rec = firm.estimates.get(request.match_info["id"])
    if rec is None:
        raise ApiError(404, "not_found", f"unknown estimate {request.match_info['id']}")
    return rec


@routes.get("/api/v1/estimates/{id}")
async def get_estimate(request: web.Request) -> web.Response:
    _, firm = authorize(request, "estimates:write")
    return json_response(_estimate_view(request, _own_estimate(request, firm)))


@routes.patch("/api/v1/estimates/{id}")
async def patch_estimate(request: web.Request) -> web.Response:
    _, firm = authorize(request, "estimates:write")
    rec = _own_estimate(request, firm)
    body = await read_json_object(request)
    status = body.get("status")
    if status not in ("sent", "accepted", "rejected"):
        raise invalid("status must be sent, accepted or rejected")
    option = body.get("rejection_option")
    if option not in (None, "return", "disposal"):
        raise invalid("rejection_option must be return, disposal or null")
    if option is not None and status != "rejected":
        raise invalid("rejection_option is only allowed with status rejected")
    if rec["status"] in ("accepted", "rejected") and status != rec["status"]:
        return json_response({"error": "conflict", "detail": f"estimate is already {rec['status']}"}, 409)
    rec["status"] = status
    if status == "rejected":
        rec["rejection_option"] = option
    return json_response(_estimate_view(request, rec))


@routes.post("/api/v1/estimates/{id}/history")
async def estimate_history(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "estimates:write")
    rec = _own_estimate(request, firm)
    body = await read_json_object(request)
    event = body.get("event")
    if not isinstance(event, str) or not event:
        raise invalid("event is required")
    entry = {
        "id": f"H{len(_state(request).estimate_history) + 1}",
        "estimate_id": rec["id"],
        "event": event,
        "external_ref": _opt_str(body, "external_ref"),
        "created_by": grant.user,
        "_firm": grant.firm,
        "_tenant": grant.tenant,
    }
    _state(request).estimate_history.append(entry)
    return json_response(public(entry), 201)


@routes.get("/api/v1/appointments")
async def appointments(request: web.Request) -> web.Response:
    _, firm = authorize(request, "appointments:read")
    bounds = []
    for name in ("from", "to"):
        raw = request.query.get(name)
        if not raw:
            raise bad_query(f"{name} is required (YYYY-MM-DD)")
        try:
            bounds.append(date.fromisoformat(raw))
        except ValueError:
            raise bad_query(f"{name} must be a date YYYY-MM-DD, got {raw!r}") from None
    start, end = bounds
    if end < start:
        raise bad_query("to is before from")
    limit = _limit(request)
    lo, hi = start.isoformat(), end.isoformat() + "T99"
    matching = [a for a in firm.appointments if lo <= a["starts_at"] <= hi]
    cursor = request.query.get("cursor")
    pos = 0
    if cursor:
        payload = _decode_cursor(cursor, "appointments")
        pos = int(payload.get("p", 0))
    page = matching[pos : pos + limit]
    nxt = _encode_cursor({"m": "appointments", "p": pos + limit}) if pos + limit < len(matching) else None
    return json_response({"items": page, "next_cursor": nxt})


@routes.post("/api/v1/messages")
async def messages(request: web.Request) -> web.Response:
    grant, firm = authorize(request, "messages:write")
    body = await read_json_object(request)
    to, text = body.get("to"), body.get("text")
    if not isinstance(to, str) or not to or not isinstance(text, str) or not text:
        raise invalid("to and text are required")
    if firm.employee(to) is None:
        raise invalid(f"unknown employee {to}")
    state = _state(request)
    entry = {
        "id": f"N{len(state.messages) + 1}",
        "to": to,
        "text": text,
        "external_ref": _opt_str(body, "external_ref"),
        "created_by": grant.user,
        "_firm": grant.firm,
        "_tenant": grant.tenant,
    }
    state.messages.append(entry)
    return json_response(public(entry), 201)
