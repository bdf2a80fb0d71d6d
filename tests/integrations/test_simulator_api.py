"""The simulator's /api/v1 resources: paging, updated_since with tombstones, the exact phone
filter, activities with validation, orders, estimates, appointments, messages, firm isolation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from zentrale.integrations.trade.simulator.app import UserSpec


class Api:
    def __init__(self, http, sim, token: str) -> None:
        self.http, self.sim = http, sim
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        async with self.http.request(method, f"{self.sim.url}/api/v1{path}", headers=headers, **kwargs) as resp:
            body = await resp.json() if resp.content_type == "application/json" else await resp.text()
            return resp.status, body

    async def get(self, path: str, **params: Any) -> tuple[int, Any]:
        return await self.call("GET", path, params=params)

    async def all_addresses(self, **params: Any) -> list[dict]:
        items: list[dict] = []
        cursor = None
        for _ in range(10_000):
            query = dict(params)
            if cursor:
                query["cursor"] = cursor
            status, page = await self.get("/addresses", **query)
            assert status == 200, page
            items.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                return items
        raise AssertionError("paging does not end")


@pytest.fixture
async def api(simulator, simulator_login) -> Api:
    tokens = await simulator_login.tokens(simulator)
    return Api(simulator_login.http, simulator, tokens["access_token"])


ACTIVITY = {
    "type": "Rückruf",
    "subject": "Rückruf Frau Mustermann",
    "text": "Bitte zurückrufen.",
    "external_ref": "call-1",
    "address_code": "MUST01",
    "assignee": "SB",
    "priority": "high",
}


# -- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [7, 100, 500])
async def test_paging_returns_every_address_exactly_once(api, simulator, limit):
    items = await api.all_addresses(limit=limit)
    codes = [a["code"] for a in items]
    assert len(codes) == 300
    assert len(set(codes)) == 300
    assert set(codes) == set(simulator.state.primary().addresses)


async def test_default_page_is_100_and_limit_is_capped(api):
    status, page = await api.get("/addresses")
    assert status == 200 and len(page["items"]) == 100 and page["next_cursor"]
    status, body = await api.get("/addresses", limit=501)
    assert status == 400 and body["error"] == "invalid_request"
    status, body = await api.get("/addresses", limit="zehn")
    assert status == 400


async def test_cursor_is_opaque_and_checked(api):
    status, page = await api.get("/addresses", limit=5)
    assert "MUST01" not in page["next_cursor"]
    status, body = await api.get("/addresses", cursor="not-a-cursor!")
    assert (status, body["error"]) == (400, "invalid_request")
    # a cursor of the full listing is not one of the incremental listing
    status, body = await api.get("/addresses", cursor=page["next_cursor"], updated_since="2020-01-01T00:00:00Z")
    assert status == 400


async def test_updated_since_returns_changes_and_tombstones_in_order(api, simulator):
    everything = await api.all_addresses(updated_since="1970-01-01T00:00:00Z", limit=50)
    assert len(everything) == 300
    stamps = [a["updated_at"] for a in everything]
    assert stamps == sorted(stamps) and len(set(stamps)) == 300
    watermark = stamps[-1]
    _, page = await api.get("/addresses", updated_since=watermark)
    assert [a["code"] for a in page["items"]] == [everything[-1]["code"]]  # the watermark is inclusive

    simulator.state.touch_address("SCHM01", name="Thomas Schmidt-Huber")
    simulator.state.delete_address("WEGL01")
    simulator.state.touch_address("NEU001", name="Neukunde GmbH", phones=[{"number": "030 7770001", "kind": "landline"}])
    changed = await api.all_addresses(updated_since=watermark, limit=1)
    by_code = {a["code"]: a for a in changed}
    assert list(by_code)[-3:] == ["SCHM01", "WEGL01", "NEU001"]
    assert by_code["SCHM01"]["name"] == "Thomas Schmidt-Huber" and by_code["SCHM01"]["deleted"] is False
    assert by_code["WEGL01"]["deleted"] is True
    assert by_code["NEU001"]["updated_at"] > watermark
    assert [a["updated_at"] for a in changed] == sorted(a["updated_at"] for a in changed)

    # the deleted one is gone from the full listing, the address resource and the phone filter
    full = await api.all_addresses(limit=500)
    codes = {a["code"] for a in full}
    assert "WEGL01" not in codes and "NEU001" in codes and len(full) == 300
    assert (await api.get("/addresses/WEGL01"))[0] == 404
    _status, page = await api.get("/addresses", phone="+49 (0)40 555 30 70")
    assert page["items"] == []

    # a second incremental run from the newest watermark sees only what changed after it
    simulator.state.touch_address("MUST01", street="Musterstraße 14")
    again = await api.all_addresses(updated_since=changed[-1]["updated_at"])
    assert [a["code"] for a in again] == ["NEU001", "MUST01"]


async def test_an_address_changed_twice_appears_once_with_its_latest_state(api, simulator):
    simulator.state.touch_address("MUST01", city="Berlin-Mitte")
    first = simulator.state.address("MUST01")["updated_at"]
    simulator.state.touch_address("HUBE01", city="Graz")
    simulator.state.touch_address("MUST01", city="Berlin-Pankow")
    items = await api.all_addresses(updated_since=first, limit=1)
    assert [a["code"] for a in items] == ["HUBE01", "MUST01"]
    assert items[1]["city"] == "Berlin-Pankow"


async def test_updated_since_accepts_offsets_and_refuses_garbage(api):
    status, page = await api.get("/addresses", updated_since="2024-01-02T08:00:00+01:00", limit=500)
    assert status == 200
    assert page["items"][0]["code"] == "MUST01"  # 07:00Z is the first seeded timestamp
    status, body = await api.get("/addresses", updated_since="gestern")
    assert (status, body["error"]) == (400, "invalid_request")


async def test_phone_filter_is_an_exact_string_match(api):
    status, page = await api.get("/addresses", phone="030 / 555 010 99")
    assert [a["code"] for a in page["items"]] == ["MUST01"]
    for other_spelling in ("030 55501099", "+493055501099", "030 / 555 010 99 ", "030/555 010 99"):
        status, page = await api.get("/addresses", phone=other_spelling)
        assert (status, page["items"]) == (200, [])
    status, page = await api.get("/addresses", phone="+43 (0)316 4711-0")
    assert [a["code"] for a in page["items"]] == ["HUBE01"]
    status, page = await api.get("/addresses", phone="089 5550815")
    assert [a["code"] for a in page["items"]] == ["SCHM01"]  # SCHM02 stores "089/555 08 15"


async def test_address_equipment_and_employees(api):
    status, addr = await api.get("/addresses/MUST01")
    assert status == 200
    assert (addr["name"], addr["zip"], addr["city"], addr["country"]) == ("Erika Mustermann", "10115", "Berlin", "DE")
    assert addr["phones"][0] == {"number": "030 / 555 010 99", "kind": "landline", "sms_consent": False}
    status, body = await api.get("/addresses/NIXDA1")
    assert (status, body["error"]) == (404, "not_found")
    status, equipment = await api.get("/addresses/MUST01/equipment")
    assert status == 200 and equipment[0]["kind"] == "Gas-Brennwerttherme" and equipment[0]["manufacturer"] == "Vaillant"
    status, employees = await api.get("/employees")
    codes = {e["code"] for e in employees}
    assert {"KM", "SB", "TW", "JK", "AY"} <= codes
    assert next(e for e in employees if e["code"] == "SB")["teams"] == ["buero"]


# -- activities ------------------------------------------------------------------------------


async def test_create_find_get_and_patch_an_activity(api, simulator):
    status, created = await api.call("POST", "/activities", json=ACTIVITY)
    assert status == 201, created
    assert created["created_by"] == "PETRA" and created["status"] == "open" and created["id"]
    assert {k: created[k] for k in ACTIVITY} == ACTIVITY
    datetime.fromisoformat(created["created_at"])
    assert len(simulator.state.activities) == 1

    status, found = await api.get("/activities", external_ref="call-1")
    assert (status, [a["id"] for a in found]) == (200, [created["id"]])
    assert (await api.get("/activities", external_ref="call-2"))[1] == []
    assert [a["id"] for a in (await api.get("/activities", assignee="SB"))[1]] == [created["id"]]
    assert (await api.get("/activities", assignee="KM"))[1] == []
    assert (await api.get("/activities", status="done"))[1] == []

    status, patched = await api.call(
        "PATCH",
        f"/activities/{created['id']}",
        json={"assignee": "TW", "follow_up_at": "2025-03-01T09:00:00+01:00", "status": "done"},
    )
    assert status == 200
    assert (patched["assignee"], patched["status"], patched["follow_up_at"]) == ("TW", "done", "2025-03-01T09:00:00+01:00")
    status, fetched = await api.get(f"/activities/{created['id']}")
    assert fetched == patched
    assert [a["id"] for a in (await api.get("/activities", status="done"))[1]] == [created["id"]]
    assert (await api.get("/activities/AKT-999999"))[0] == 404


@pytest.mark.parametrize(
    "change, detail",
    [
        ({"address_code": "NIXDA1"}, "unknown address_code NIXDA1"),
        ({"assignee": "XY"}, "unknown assignee XY"),
        ({"assignee": "RB"}, "assignee RB is not active"),
        ({"subject": "x" * 81}, "subject is longer than 80 characters"),
        ({"external_ref": None}, "missing field(s): external_ref"),
        ({"text": "", "type": None}, "missing field(s): type, text"),
        ({"priority": "sofort"}, "priority must be one of low, normal, high, urgent"),
        ({"due_at": "morgen früh"}, "due_at must be an ISO 8601 date-time"),
    ],
)
async def test_invalid_activities_get_422_and_nothing_is_stored(api, simulator, change, detail):
    status, body = await api.call("POST", "/activities", json={**ACTIVITY, **change})
    assert status == 422
    assert body == {"error": "validation_error", "detail": detail}
    assert simulator.state.activities == []


async def test_subject_of_exactly_80_characters_is_fine(api):
    status, _ = await api.call("POST", "/activities", json={**ACTIVITY, "subject": "ä" * 80})
    assert status == 201


async def test_non_json_bodies_get_422(api):
    status, body = await api.call("POST", "/activities", data="kein json", headers={"Content-Type": "application/json"})
    assert (status, body["error"]) == (422, "validation_error")
    status, body = await api.call("POST", "/activities", json=[ACTIVITY])
    assert status == 422


async def test_patch_refuses_unknown_fields_and_assignees(api):
    _, created = await api.call("POST", "/activities", json=ACTIVITY)
    status, body = await api.call("PATCH", f"/activities/{created['id']}", json={"subject": "neu"})
    assert (status, body["detail"]) == (422, "field(s) cannot be changed: subject")
    status, body = await api.call("PATCH", f"/activities/{created['id']}", json={"assignee": "XY"})
    assert status == 422
    assert (await api.get(f"/activities/{created['id']}"))[1]["assignee"] == "SB"


async def test_idempotency_key_is_ignored_by_default(api, simulator):
    for _ in range(2):
        status, _ = await api.call("POST", "/activities", json=ACTIVITY, headers={"Idempotency-Key": "call-1"})
        assert status == 201
    assert len(simulator.state.activities) == 2


async def test_idempotency_key_can_be_honoured(simulator_factory, simulator_login):
    sim = await simulator_factory(honour_idempotency_key=True)
    api = Api(simulator_login.http, sim, (await simulator_login.tokens(sim))["access_token"])
    ids = set()
    for _ in range(2):
        status, body = await api.call("POST", "/activities", json=ACTIVITY, headers={"Idempotency-Key": "call-1"})
        assert status == 201
        ids.add(body["id"])
    assert len(ids) == 1 and len(sim.state.activities) == 1


async def test_convert_to_order_and_journal(api):
    _, created = await api.call("POST", "/activities", json=ACTIVITY)
    status, body = await api.call("POST", f"/activities/{created['id']}/convert-to-order")
    assert status == 201 and body["order_ref"].startswith("AU-")
    assert (await api.get(f"/activities/{created['id']}"))[1]["order_ref"] == body["order_ref"]
    status, again = await api.call("POST", f"/activities/{created['id']}/convert-to-order")
    assert status == 409 and again["order_ref"] == body["order_ref"]
    status, entry = await api.call(
        "POST", f"/orders/{body['order_ref']}/journal", json={"text": "Kunde hat angerufen", "external_ref": "call-9"}
    )
    assert status == 201 and entry["text"] == "Kunde hat angerufen"
    assert (await api.call("POST", "/orders/AU-0000-0000/journal", json={"text": "x"}))[0] == 404
    assert (await api.call("POST", f"/orders/{body['order_ref']}/journal", json={}))[0] == 422


# -- estimates, appointments, messages ----------------------------------------------------------


async def test_estimates_can_be_read_answered_and_annotated(api):
    status, est = await api.get("/estimates/E1001")
    assert status == 200
    assert est["address_code"] == "MUST01" and est["status"] == "sent"
    assert est["gross_cents"] == est["net_cents"] + est["vat_cents"]
    assert sum(i["total_cents"] for i in est["items"]) == est["net_cents"]
    assert est["images"][0]["url"].startswith(api.sim.url + "/_sim/images/")
    async with api.http.get(est["images"][0]["url"]) as resp:
        assert resp.status == 200 and resp.content_type == "image/svg+xml"
    status, body = await api.call("PATCH", "/estimates/E1001", json={"status": "accepted", "rejection_option": "return"})
    assert status == 422
    status, body = await api.call("PATCH", "/estimates/E1001", json={"status": "rejected", "rejection_option": "disposal"})
    assert (status, body["status"], body["rejection_option"]) == (200, "rejected", "disposal")
    status, _ = await api.call("PATCH", "/estimates/E1001", json={"status": "accepted"})
    assert status == 409
    status, _ = await api.call("POST", "/estimates/E1001/history", json={"event": "Kunde hat abgelehnt"})
    assert status == 201
    assert (await api.get("/estimates/E9999"))[0] == 404


async def test_appointments_by_date_range_with_paging(api, simulator):
    today = simulator.state.today
    start, end = today.replace(day=1).isoformat(), today.replace(year=today.year + 1).isoformat()
    seen: list[str] = []
    cursor = None
    while True:
        params = {"from": start, "to": end, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        status, page = await api.get("/appointments", **params)
        assert status == 200
        seen += [a["id"] for a in page["items"]]
        assert all(start <= a["starts_at"][:10] <= end for a in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    expected = [a["id"] for a in simulator.state.primary().appointments if start <= a["starts_at"][:10] <= end]
    assert seen == expected and len(seen) > 3
    assert (await api.get("/appointments", **{"from": start}))[0] == 400
    assert (await api.get("/appointments", **{"from": end, "to": start}))[0] == 400


async def test_messages_to_employees(api, simulator):
    status, body = await api.call("POST", "/messages", json={"to": "SB", "text": "Bitte Frau Mustermann anrufen"})
    assert status == 201 and body["to"] == "SB"
    status, body = await api.call("POST", "/messages", json={"to": "XY", "text": "x"})
    assert (status, body["detail"]) == (422, "unknown employee XY")
    assert len(simulator.state.messages) == 1


# -- firm isolation ---------------------------------------------------------------------------


async def test_a_grant_sees_only_its_own_firm(simulator_factory, simulator_login):
    sim = await simulator_factory(
        extra_users=(UserSpec("OTTO", "otto-pass", "HUBER"), UserSpec("TINA", "tina-pass", "MUELLER", tenant="WIEN"))
    )
    petra = Api(simulator_login.http, sim, (await simulator_login.tokens(sim))["access_token"])
    otto_tokens = await simulator_login.tokens(sim, username="OTTO", password="otto-pass", firm="HUBER")
    otto = Api(simulator_login.http, sim, otto_tokens["access_token"])
    tina_tokens = await simulator_login.tokens(sim, username="TINA", password="tina-pass", tenant="WIEN")
    tina = Api(simulator_login.http, sim, tina_tokens["access_token"])
    assert (await tina.get("/me"))[1]["tenant"] == "WIEN"

    petra_all = await petra.all_addresses(limit=500)
    otto_all = await otto.all_addresses(limit=500)
    tina_all = await tina.all_addresses(limit=500)
    assert len(petra_all) == 300 and len(otto_all) == 50 and len(tina_all) == 50
    assert (await otto.get("/addresses/MUST01"))[0] == 404
    assert (await otto.get("/addresses", phone="030 / 555 010 99"))[1]["items"] == []
    assert all(a not in petra_all for a in otto_all)
    assert {e["code"] for e in (await otto.get("/employees"))[1]}.isdisjoint({"KM", "SB"})

    _, created = await petra.call("POST", "/activities", json=ACTIVITY)
    assert (await otto.get(f"/activities/{created['id']}"))[0] == 404
    assert (await tina.get(f"/activities/{created['id']}"))[0] == 404
    assert (await otto.get("/activities", external_ref="call-1"))[1] == []
    assert (await otto.call("PATCH", f"/activities/{created['id']}", json={"status": "done"}))[0] == 404
    assert (await petra.get(f"/activities/{created['id']}"))[1]["status"] == "open"
    # an address code of another firm is unknown when creating
    status, body = await otto.call("POST", "/activities", json={**ACTIVITY, "assignee": None})
    assert (status, body["detail"]) == (422, "unknown address_code MUST01")
