"""Fixtures for integration tests: the trade-software simulator on a real TCP port.

``simulator``: 300 addresses (seed 1), client ``zentrale-test``/``test-secret`` with redirect URI
``http://127.0.0.1:8080/admin/trade/callback`` (add more with
``simulator.state.register_redirect_uri(simulator.client_id, uri)``), user ``PETRA``/``petra-pass``
of firm ``MUELLER`` with every scope.

``simulator_factory``: start further simulators with other options, e.g.
``await simulator_factory(faults=Faults(error_rate=0.3), scopes=("addresses:read",))``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from zentrale.integrations.trade.simulator.app import (
    ALL_SCOPES,
    SIMULATOR_STATE,
    ClientSpec,
    SimulatorOptions,
    SimulatorState,
    UserSpec,
    create_simulator_app,
)

TEST_CLIENT_ID = "zentrale-test"
TEST_CLIENT_SECRET = "test-secret"
TEST_REDIRECT_URI = "http://127.0.0.1:8080/admin/trade/callback"
TEST_USER = "PETRA"
TEST_PASSWORD = "petra-pass"
TEST_FIRM = "MUELLER"


@dataclass
class SimulatorHandle:
    url: str
    state: SimulatorState
    app: web.Application
    client_id: str = TEST_CLIENT_ID
    client_secret: str = TEST_CLIENT_SECRET
    username: str = TEST_USER
    password: str = TEST_PASSWORD
    firm: str = TEST_FIRM
    tenant: str | None = None
    redirect_uri: str = TEST_REDIRECT_URI
    scopes: tuple[str, ...] = field(default=ALL_SCOPES)


SimulatorFactory = Callable[..., Awaitable[SimulatorHandle]]


@pytest.fixture
async def simulator_factory() -> AsyncIterator[SimulatorFactory]:
    """``await simulator_factory(**overrides)``: overrides are ``SimulatorOptions`` fields plus
    ``scopes`` (of PETRA), ``tenant`` (of PETRA) and ``extra_users`` (more ``UserSpec``s)."""
    runners: list[web.AppRunner] = []

    async def start(
        *,
        scopes: tuple[str, ...] = ALL_SCOPES,
        tenant: str | None = None,
        extra_users: tuple[UserSpec, ...] = (),
        **overrides: Any,
    ) -> SimulatorHandle:
        options = SimulatorOptions(
            seed=overrides.pop("seed", 1),
            addresses=overrides.pop("addresses", 300),
            clients=overrides.pop("clients", [ClientSpec(TEST_CLIENT_ID, TEST_CLIENT_SECRET, (TEST_REDIRECT_URI,))]),
            users=[UserSpec(TEST_USER, TEST_PASSWORD, TEST_FIRM, tenant, tuple(scopes)), *extra_users],
            **overrides,
        )
        app = create_simulator_app(options)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.1)
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        return SimulatorHandle(
            url=f"http://127.0.0.1:{port}", state=app[SIMULATOR_STATE], app=app, tenant=tenant, scopes=tuple(scopes)
        )

    try:
        yield start
    finally:
        for runner in reversed(runners):
            await runner.cleanup()


@pytest.fixture
async def simulator(simulator_factory: SimulatorFactory) -> SimulatorHandle:
    """A running simulator with 300 addresses (see the module docstring)."""
    return await simulator_factory()


# -- getting tokens without a browser (for the simulator's own tests and anyone who needs a raw token)


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge)."""
    import base64
    import hashlib
    import secrets

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def basic_auth(client_id: str, secret: str) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


@dataclass
class Login:
    """Drives the simulator's login form over HTTP: ``await login.code(sim)`` → (code, verifier),
    ``await login.tokens(sim)`` → the token response (dict)."""

    http: Any

    async def code(
        self,
        sim: SimulatorHandle,
        *,
        scope: str = " ".join(ALL_SCOPES),
        username: str | None = None,
        password: str | None = None,
        firm: str | None = None,
        tenant: str | None = None,
        state: str = "st-123",
    ) -> tuple[str, str]:
        from yarl import URL

        verifier, challenge = pkce_pair()
        form = {
            "response_type": "code",
            "client_id": sim.client_id,
            "redirect_uri": sim.redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "firm": firm or sim.firm,
            "username": username or sim.username,
            "password": password or sim.password,
            "action": "login",
        }
        tenant = tenant if tenant is not None else sim.tenant
        if tenant:
            form["tenant"] = tenant
        async with self.http.post(f"{sim.url}/oauth/authorize", data=form, allow_redirects=False) as resp:
            assert resp.status == 302, f"login failed: {resp.status} {await resp.text()}"
            location = URL(resp.headers["Location"])
        assert location.query["state"] == state
        return location.query["code"], verifier

    async def tokens(self, sim: SimulatorHandle, **kwargs: Any) -> dict[str, Any]:
        code, verifier = await self.code(sim, **kwargs)
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": sim.redirect_uri, "code_verifier": verifier}
        async with self.http.post(
            f"{sim.url}/oauth/token", data=form, headers=basic_auth(sim.client_id, sim.client_secret)
        ) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.json()


@pytest.fixture
async def simulator_login() -> AsyncIterator[Login]:
    """A :class:`Login` on its own aiohttp session."""
    import aiohttp

    async with aiohttp.ClientSession() as http:
        yield Login(http)


def simulator_business_data(simulator: SimulatorHandle, business_id: str) -> dict[str, Any]:
    """A small business (two staff, one task) connected to ``simulator``: the configuration the
    delivery and reconnect tests share."""
    return {
        "version": 1,
        "business": {"id": business_id, "name": "Heizung Müller GmbH", "region": "DE", "phone_numbers": ["+4930555010"]},
        "staff": [
            {"id": "km", "name": "Klaus Müller", "mobile": "+491715550101", "trade_user": "KM", "teams": ["buero"]},
            {"id": "tw", "name": "Tobias Wagner", "mobile": "+491715550103", "trade_user": "TW", "teams": ["monteure"]},
        ],
        "tasks": [{"id": "rueckruf", "name": "Rückrufwunsch", "description": "Der Anrufer möchte zurückgerufen werden."}],
        "integrations": {
            "trade_system": {
                "kind": "simulator",
                "base_url": simulator.url,
                "firm_code": simulator.firm,
                "client_id": simulator.client_id,
                "client_secret": simulator.client_secret,
                "redirect_uri": simulator.redirect_uri,
            }
        },
    }
