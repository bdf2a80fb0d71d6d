"""The trade-software simulator: a standalone aiohttp server that implements the whole contract
``trade-api.openapi.yaml`` with in-memory, seeded data and fault knobs.

    from zentrale.integrations.trade.simulator.app import create_simulator_app, SimulatorOptions, Faults
    app = create_simulator_app(SimulatorOptions(seed=1, addresses=300, faults=Faults(error_rate=0.3)))
    state = app[SIMULATOR_STATE]

Besides the contract it serves ``GET /_sim/state`` (counts), ``GET``/``POST /_sim/faults`` (read or
change the fault knobs at run time, JSON) and ``GET /_sim/images/{name}.svg`` (estimate photos).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from zentrale.integrations.trade.simulator import api, oauth
from zentrale.integrations.trade.simulator.data import generate_addresses
from zentrale.integrations.trade.simulator.state import (
    ALL_SCOPES,
    DEMO_REDIRECT_URI,
    ClientSpec,
    Faults,
    SimulatorOptions,
    SimulatorState,
    UserSpec,
)

__all__ = [
    "ALL_SCOPES",
    "DEMO_REDIRECT_URI",
    "SIMULATOR_STATE",
    "ClientSpec",
    "Faults",
    "SimulatorOptions",
    "SimulatorState",
    "UserSpec",
    "create_simulator_app",
    "generate_addresses",
]

SIMULATOR_STATE: web.AppKey[SimulatorState] = web.AppKey("simulator_state", SimulatorState)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class _Dropped(web.HTTPException):
    """Raised after the connection was aborted on purpose: nothing is written back."""

    status_code = 500


def _drop_connection(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.abort()
    raise _Dropped()


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except api.ApiError as exc:
        return exc.response()


@web.middleware
async def faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Inject the configured faults into ``/api/`` (and, if asked, ``/oauth/token``) requests."""
    state = request.app[SIMULATOR_STATE]
    path = request.path
    if path.startswith("/api/"):
        state.requests += 1
    elif not (path == "/oauth/token" and state.faults.apply_to_oauth):
        return await handler(request)
    f = state.faults
    if f.latency_ms:
        await asyncio.sleep(f.latency_ms / 1000)
    r = state.rng.random()
    edge = f.reset_rate
    if r < edge:
        state.faults_injected["reset"] += 1
        return _drop_connection(request)
    edge += f.rate_limit_rate
    if r < edge:
        state.faults_injected["rate_limit"] += 1
        return api.json_response(
            {"error": "rate_limited", "detail": "too many requests"}, 429, {"Retry-After": str(f.retry_after_s)}
        )
    edge += f.error_rate
    if r < edge:
        state.faults_injected["error"] += 1
        status = state.rng.choice((500, 502, 503))
        return api.json_response({"error": "server_error", "detail": f"simulated {status}"}, status)
    edge += f.commit_then_timeout_rate
    if r < edge and request.method in WRITE_METHODS:
        response = await handler(request)  # the write is applied ...
        state.faults_injected["commit_then_timeout"] += 1
        if f.commit_then_timeout_mode == "delay":
            await asyncio.sleep(f.timeout_delay_s)  # ... and answered after the client gave up
            return response
        return _drop_connection(request)  # ... or never answered
    return await handler(request)


async def sim_state(request: web.Request) -> web.Response:
    return api.json_response(request.app[SIMULATOR_STATE].counts())


async def sim_faults_get(request: web.Request) -> web.Response:
    return api.json_response(request.app[SIMULATOR_STATE].faults.as_dict())


async def sim_faults_post(request: web.Request) -> web.Response:
    state = request.app[SIMULATOR_STATE]
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return api.json_response({"error": "validation_error", "detail": "the body is not valid JSON"}, 422)
    if not isinstance(body, dict):
        return api.json_response({"error": "validation_error", "detail": "the body must be a JSON object"}, 422)
    try:
        state.faults.update(body)
    except (ValueError, TypeError) as exc:
        return api.json_response({"error": "validation_error", "detail": str(exc)}, 422)
    return api.json_response(state.faults.as_dict())


async def sim_image(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200">'
        '<rect width="320" height="200" fill="#d9dee3"/>'
        f'<text x="20" y="105" font-family="sans-serif" font-size="18">Foto {name}</text></svg>'
    )
    return web.Response(text=svg, content_type="image/svg+xml")


async def index(request: web.Request) -> web.Response:
    return api.json_response(
        {
            "service": "zentrale trade-software simulator",
            "contract": "trade-api v1",
            "state": "/_sim/state",
            "faults": "/_sim/faults",
        }
    )


def create_simulator_app(options: SimulatorOptions | None = None) -> web.Application:
    """A ready-to-run simulator application with its state at ``app[SIMULATOR_STATE]``."""
    options = options or SimulatorOptions()
    app = web.Application(middlewares=[faults, api_errors])
    app[SIMULATOR_STATE] = SimulatorState(options)
    app.router.add_routes(oauth.routes)
    app.router.add_routes(api.routes)
    app.router.add_get("/", index)
    app.router.add_get("/_sim/state", sim_state)
    app.router.add_get("/_sim/faults", sim_faults_get)
    app.router.add_post("/_sim/faults", sim_faults_post)
    app.router.add_get(r"/_sim/images/{name:[A-Za-z0-9_-]+}.svg", sim_image)
    return app
