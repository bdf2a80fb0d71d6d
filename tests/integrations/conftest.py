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
        return SimulatorHandle(url=f"http://127.0.0.1:{port}", state=app[SIMULATOR_STATE], app=app,
                               tenant=tenant, scopes=tuple(scopes))

    try:
        yield start
    finally:
        for runner in reversed(runners):
            await runner.cleanup()


@pytest.fixture
async def simulator(simulator_factory: SimulatorFactory) -> SimulatorHandle:
    """A running simulator with 300 addresses (see the module docstring)."""
    return await simulator_factory()
