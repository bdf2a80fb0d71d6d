"""Every simulator response is checked against the response schema the contract
(``docs/contracts/trade-api.openapi.yaml``, the project's copy) declares for that path, method and status."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

import zentrale

CONTRACT = Path(zentrale.__file__).resolve().parent / "docs" / "contracts" / "trade-api.openapi.yaml"
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _type_ok(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def check(value: Any, schema: dict, root: dict, where: str = "$") -> None:
    """A small checker for the JSON-schema keywords the contract uses (raises AssertionError)."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return check(value, target, root, where)
    for sub in schema.get("allOf", []):
        check(value, sub, root, where)
    if "oneOf" in schema:
        matches = 0
        for sub in schema["oneOf"]:
            try:
                check(value, sub, root, where)
                matches += 1
            except AssertionError:
                pass
        assert matches == 1, f"{where}: matches {matches} of oneOf"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(_type_ok(value, t) for t in types), f"{where}: {value!r} is not {types}"
    if "const" in schema:
        assert value == schema["const"], f"{where}: {value!r} != {schema['const']!r}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, str) and schema.get("format") in ("date-time", "date"):
        (datetime if schema["format"] == "date-time" else date).fromisoformat(value)
    if isinstance(value, str) and "maxLength" in schema:
        assert len(value) <= schema["maxLength"], f"{where}: longer than {schema['maxLength']}"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            assert name in value, f"{where}: required field {name!r} missing"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(value[name], sub, root, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], root, f"{where}[{i}]")


@pytest.fixture(scope="module")
def contract() -> dict:
    # The project keeps its own copy: a missing file is a broken checkout, never a skip.
    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


def response_schema(contract: dict, path: str, method: str, status: int) -> dict:
    response = contract["paths"][path][method]["responses"][str(status)]
    return response["content"]["application/json"]["schema"]


def test_the_checker_refuses_what_the_contract_forbids(contract):
    schema = {"$ref": "#/components/schemas/Activity"}
    good = {
        "id": "1",
        "status": "open",
        "created_by": "PETRA",
        "created_at": "2025-01-01T00:00:00Z",
        "type": "t",
        "subject": "s",
        "text": "x",
        "external_ref": "r",
    }
    check(good, schema, contract)
    for bad in (
        {**good, "status": "pending"},
        {k: v for k, v in good.items() if k != "external_ref"},
        {**good, "subject": "x" * 81},
        {**good, "created_at": "gestern"},
        {**good, "priority": 1},
    ):
        with pytest.raises((AssertionError, ValueError)):
            check(bad, schema, contract)


async def test_every_response_matches_the_contract(contract, simulator, simulator_login):
    http = simulator_login.http
    code, verifier = await simulator_login.code(simulator)
    import base64

    basic = {"Authorization": "Basic " + base64.b64encode(f"{simulator.client_id}:{simulator.client_secret}".encode()).decode()}
    async with http.post(
        f"{simulator.url}/oauth/token",
        headers=basic,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": simulator.redirect_uri,
            "code_verifier": verifier,
        },
    ) as resp:
        tokens = await resp.json()
    check(tokens, response_schema(contract, "/oauth/token", "post", 200), contract)
    async with http.post(
        f"{simulator.url}/oauth/token",
        headers=basic,
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    ) as resp:
        tokens = await resp.json()
    check(tokens, response_schema(contract, "/oauth/token", "post", 200), contract)
    assert isinstance(tokens["expires_in"], str)  # the second one is a string: the contract allows it
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}

    async def call(method: str, path: str, template: str, status: int, **kwargs: Any) -> Any:
        async with http.request(method, f"{simulator.url}{path}", headers=auth, **kwargs) as resp:
            assert resp.status == status, await resp.text()
            body = await resp.json()
        check(body, response_schema(contract, template, method.lower(), status), contract, f"{method} {path}")
        return body

    await call("GET", "/api/v1/me", "/api/v1/me", 200)
    await call("GET", "/api/v1/addresses?limit=500", "/api/v1/addresses", 200)
    await call("GET", "/api/v1/addresses?updated_since=2024-01-01T00:00:00Z&limit=500", "/api/v1/addresses", 200)
    simulator.state.delete_address("KLEI01")
    page = await call("GET", "/api/v1/addresses?updated_since=2025-01-01T00:00:00Z", "/api/v1/addresses", 200)
    assert page["items"][-1]["deleted"] is True
    for code in ("MUST01", "HUBE01", "MEIE01"):
        await call("GET", f"/api/v1/addresses/{code}", "/api/v1/addresses/{code}", 200)
        await call("GET", f"/api/v1/addresses/{code}/equipment", "/api/v1/addresses/{code}/equipment", 200)
    await call("GET", "/api/v1/employees", "/api/v1/employees", 200)
    created = await call(
        "POST",
        "/api/v1/activities",
        "/api/v1/activities",
        201,
        json={
            "type": "Störung",
            "subject": "Heizung kalt",
            "text": "Therme zeigt F28",
            "external_ref": "call-7",
            "address_code": "MUST01",
            "team": "monteure",
            "priority": "urgent",
            "due_at": "2025-01-01T10:00:00+01:00",
        },
    )
    await call("GET", "/api/v1/activities?external_ref=call-7", "/api/v1/activities", 200)
    await call("GET", f"/api/v1/activities/{created['id']}", "/api/v1/activities/{id}", 200)
    await call(
        "PATCH", f"/api/v1/activities/{created['id']}", "/api/v1/activities/{id}", 200, json={"status": "done", "assignee": "TW"}
    )
    await call("POST", f"/api/v1/activities/{created['id']}/convert-to-order", "/api/v1/activities/{id}/convert-to-order", 201)
    await call("GET", "/api/v1/estimates/E1001", "/api/v1/estimates/{id}", 200)
    await call("PATCH", "/api/v1/estimates/E1001", "/api/v1/estimates/{id}", 200, json={"status": "accepted"})
    today = simulator.state.today
    await call(
        "GET",
        f"/api/v1/appointments?from={today.replace(day=1)}&to={today.replace(year=today.year + 1)}",
        "/api/v1/appointments",
        200,
    )


async def test_every_contract_path_is_served(contract, simulator):
    from zentrale.integrations.trade.simulator.app import create_simulator_app

    app = create_simulator_app(simulator.state.options)
    served = {(r.method.lower(), r.resource.canonical) for r in app.router.routes() if r.resource is not None}
    for path, methods in contract["paths"].items():
        for method in methods:
            assert (method, path) in served, f"{method.upper()} {path} is not served"
