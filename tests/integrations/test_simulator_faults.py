"""Fault knobs of the simulator: 5xx, 429 with Retry-After, connection resets, commit-then-timeout
(the write IS applied), latency; set at start, on the state object and through /_sim/faults."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from zentrale.integrations.trade.simulator.app import Faults

ACTIVITY = {"type": "Rückruf", "subject": "Rückruf", "text": "Bitte zurückrufen.", "external_ref": "call-1"}


@pytest.fixture
async def token(simulator, simulator_login) -> str:
    return (await simulator_login.tokens(simulator))["access_token"]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_error_rate_gives_5xx_and_does_nothing(simulator, token):
    simulator.state.faults.error_rate = 1.0
    async with aiohttp.ClientSession() as http:
        for _ in range(5):
            async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(token)) as resp:
                assert resp.status in (500, 502, 503)
    assert simulator.state.activities == []
    assert simulator.state.faults_injected["error"] == 5


async def test_rate_limit_gives_429_with_retry_after(simulator, token):
    simulator.state.faults.update({"rate_limit_rate": 1.0, "retry_after_s": 7})
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(token)) as resp:
            assert resp.status == 429
            assert resp.headers["Retry-After"] == "7"
            assert (await resp.json())["error"] == "rate_limited"
    assert simulator.state.activities == []


async def test_reset_closes_the_connection_without_doing_anything(simulator, token):
    simulator.state.faults.reset_rate = 1.0
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(token)) as resp:
                await resp.read()
    assert simulator.state.activities == []


async def test_commit_then_close_stores_the_activity_but_the_client_gets_no_answer(simulator, token):
    simulator.state.faults.commit_then_timeout_rate = 1.0
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(token)) as resp:
                await resp.read()
        assert [a["external_ref"] for a in simulator.state.activities] == ["call-1"]
        # reads are not affected by commit-then-timeout: the client can look the ref up
        async with http.get(f"{simulator.url}/api/v1/activities", params={"external_ref": "call-1"}, headers=auth(token)) as resp:
            assert resp.status == 200 and len(await resp.json()) == 1


async def test_commit_then_delay_answers_after_the_clients_timeout(simulator, token):
    simulator.state.faults.update({"commit_then_timeout_rate": 1.0, "commit_then_timeout_mode": "delay", "timeout_delay_s": 2.0})
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=0.3)) as http:
        with pytest.raises(asyncio.TimeoutError):
            async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(token)) as resp:
                await resp.read()
    assert len(simulator.state.activities) == 1


async def test_latency_is_added(simulator, token):
    simulator.state.faults.latency_ms = 150
    async with aiohttp.ClientSession() as http:
        started = time.perf_counter()
        async with http.get(f"{simulator.url}/api/v1/me", headers=auth(token)) as resp:
            assert resp.status == 200
        assert time.perf_counter() - started >= 0.15


async def test_faults_spare_oauth_unless_asked(simulator, simulator_login):
    simulator.state.faults.error_rate = 1.0
    tokens = await simulator_login.tokens(simulator)  # would fail on a 5xx
    assert tokens["access_token"]
    simulator.state.faults.apply_to_oauth = True
    with pytest.raises(AssertionError, match=r"50[023]"):
        await simulator_login.tokens(simulator)


async def test_rates_are_drawn_per_request_and_reproducible_by_seed(simulator_factory, simulator_login):
    outcomes = []
    for _ in range(2):
        sim = await simulator_factory(seed=7, faults=Faults(error_rate=0.3, rate_limit_rate=0.05))
        tok = (await simulator_login.tokens(sim))["access_token"]
        statuses = []
        for _ in range(400):
            async with simulator_login.http.get(f"{sim.url}/api/v1/me", headers=auth(tok)) as resp:
                statuses.append(resp.status)
        outcomes.append(statuses)
    statuses = outcomes[0]
    assert outcomes[0] == outcomes[1]
    errors = sum(s >= 500 for s in statuses) / len(statuses)
    limited = statuses.count(429) / len(statuses)
    assert 0.22 <= errors <= 0.38
    assert 0.01 <= limited <= 0.10
    assert statuses.count(200) == len(statuses) - sum(s >= 500 for s in statuses) - statuses.count(429)


async def test_sim_faults_endpoint_reads_and_changes_the_knobs(simulator):
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{simulator.url}/_sim/faults", json={"error_rate": 0.25, "latency_ms": 5}) as resp:
            assert resp.status == 200
            assert (await resp.json())["error_rate"] == 0.25
        assert simulator.state.faults.error_rate == 0.25 and simulator.state.faults.latency_ms == 5
        for bad in ({"error_rate": 1.5}, {"error_rate": 0.6, "reset_rate": 0.6}, {"explode": True}, {"latency_ms": -1}):
            async with http.post(f"{simulator.url}/_sim/faults", json=bad) as resp:
                assert resp.status == 422
                assert (await resp.json())["error"] == "validation_error"
        # refused changes leave the knobs as they were
        assert simulator.state.faults.error_rate == 0.25 and simulator.state.faults.reset_rate == 0.0
        async with http.get(f"{simulator.url}/_sim/faults") as resp:
            assert (await resp.json())["latency_ms"] == 5


async def test_sim_state_counts(simulator, simulator_login):
    tokens = await simulator_login.tokens(simulator)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{simulator.url}/api/v1/activities", json=ACTIVITY, headers=auth(tokens["access_token"])) as resp:
            assert resp.status == 201
        async with http.get(f"{simulator.url}/_sim/state") as resp:
            counts = await resp.json()
    assert counts["activities"] == 1
    assert counts["grants"] == 1 and counts["active_grants"] == 1
    assert counts["addresses"] == {"MUELLER/-": 300}
    assert counts["refreshes"] == 0


def test_faults_validate_their_values():
    with pytest.raises(ValueError, match=r"add up to 1\.10"):
        Faults(error_rate=0.5, commit_then_timeout_rate=0.6)
    with pytest.raises(ValueError, match="error_rate"):
        Faults(error_rate=-0.1)
    with pytest.raises(ValueError, match="commit_then_timeout_mode"):
        Faults(commit_then_timeout_mode="hang")  # type: ignore[arg-type]
