"""``zentrale demo``: the whole product on one machine, in one command.

1. the store (SQLite under ``var/``, migrated) and a local secret key;
2. the built-in trade-software simulator (firm MUELLER, seeded address master) on
   ``--trade-port`` — unless ``ZENTRALE_TRADE_URL`` points at another one;
3. the zentrale server with the example configuration (webhooks, worker, admin pages);
4. heizung-mueller connected to the simulator (OAuth with the simulator's demo user) and its
   address master synced, so that callers are recognised by number;
5. a demo call: Erika Mustermann (address code MUST01) rings from her landline about a heating
   fault, played by the call simulator exactly as Twilio would (signed webhooks, TwiML);
6. the activity the call left behind, as the trade software has it.

Then it serves until Ctrl-C (``--once``: stop after step 6), so that more calls can be made with
``zentrale call``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import time
from dataclasses import replace
from typing import Any

import aiohttp
from aiohttp import web

from zentrale.config import Installation
from zentrale.errors import CliError
from zentrale.settings import Settings
from zentrale.store.db import Database
from zentrale.store.migrate import check_schema

DEMO_BUSINESS = "heizung-mueller"
DEMO_CALLER = "+493055501099"  # Erika Mustermann's landline in the simulator: "030 / 555 010 99"
DEMO_SENTENCES = (
    "Guten Tag, unsere Heizung ist ausgefallen, die Therme zeigt den Fehler F28 und wir haben kein warmes Wasser.",
    "Das ist eine Vaillant.",  # to "Von welchem Hersteller ist das Gerät?"
    "Ja, das stimmt so.",
)
DEMO_ADDRESSES = 2_000
DEMO_USER, DEMO_PASSWORD = "PETRA", "petra-demo"
TRADE_URL_VARIABLE = "ZENTRALE_TRADE_URL"


def prepare_environment(args: argparse.Namespace) -> bool:
    """Point the example configuration at the demo's simulator (before the YAML is read).
    Returns whether the demo starts the simulator itself."""
    if os.environ.get(TRADE_URL_VARIABLE):
        return False
    os.environ[TRADE_URL_VARIABLE] = f"http://{args.host}:{args.trade_port}"
    return True


async def _start_simulator(host: str, port: int, server_port: int) -> tuple[web.AppRunner, Any]:
    from zentrale.integrations.trade.simulator.app import SIMULATOR_STATE, SimulatorOptions, create_simulator_app

    app = create_simulator_app(SimulatorOptions(addresses=DEMO_ADDRESSES))
    state = app[SIMULATOR_STATE]
    state.register_redirect_uri("zentrale-demo", f"http://{host}:{server_port}/admin/trade/callback")
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise CliError(
            f"cannot start the trade-software simulator on {host}:{port}: {exc.strerror or exc} "
            f"(choose another with --trade-port, or set {TRADE_URL_VARIABLE} to a running one)"
        ) from None
    return runner, state


async def _connect_and_sync(app: web.Application, business: Any, server_url: str) -> str:
    from zentrale.integrations.trade.connect import connect_with_password
    from zentrale.integrations.trade.kwp.client import open_port
    from zentrale.integrations.trade.sync import sync_addresses
    from zentrale.runtime import DATABASE, HTTP, SECRETS

    db, box, http = app[DATABASE], app[SECRETS], app[HTTP]
    me = await connect_with_password(
        db, box, business, http, username=DEMO_USER, password=DEMO_PASSWORD, redirect_uri=f"{server_url}/admin/trade/callback"
    )
    result = await sync_addresses(db, open_port(db, box, business, http), business, full=True)
    return f"connected to the trade software as {me.user} (firm {me.firm}); {result.addresses:,} addresses synced"


async def _delivered_activity(app: web.Application, business_id: str, call_sid: str, timeout: float = 20.0) -> Any:
    from zentrale.runtime import DATABASE
    from zentrale.store.repositories import activities

    db = app[DATABASE]
    deadline = time.monotonic() + timeout
    activity = None
    while time.monotonic() < deadline:
        async with db.read() as session:
            activity = await activities.for_call_sid(session, business_id, call_sid)
        if activity is not None and activity.delivery_status in ("delivered", "dead"):
            return activity
        await asyncio.sleep(0.2)
    return activity


def _print_activity(record: dict[str, Any]) -> None:
    print("Activity in the trade software (simulator):")
    for key in ("id", "type", "subject", "address_code", "assignee", "team", "priority", "follow_up_at", "external_ref"):
        if record.get(key) is not None:
            print(f"  {key:13s} {record[key]}")
    print("  text:")
    for line in str(record.get("text", "")).splitlines():
        print(f"    {line}")


async def run_demo(args: argparse.Namespace, settings: Settings, installation: Installation, starts_simulator: bool) -> int:
    from zentrale.server import create_app

    token = settings.twilio_auth_token
    if token is None:
        # Webhooks are only accepted signed; the demo's own caller signs with this token.
        token = secrets.token_hex(16)
        settings = replace(settings, twilio_auth_token=token)
    revision = await check_schema(settings.database_url, migrate=True)
    print(f"database: {Database(settings.database_url).safe_url} at revision {revision}")

    simulator = None
    sim_state = None
    if starts_simulator:
        simulator, sim_state = await _start_simulator(args.host, args.trade_port, args.port)
        print(f"trade-software simulator: http://{args.host}:{args.trade_port}/ (firm MUELLER, {DEMO_ADDRESSES:,} addresses)")
    app = create_app(settings, installation)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, args.host, args.port).start()
        except OSError as exc:
            raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
        url = f"http://{args.host}:{args.port}"
        print(f"zentrale is running at {url}/ with {len(installation.businesses)} business(es) from {args.config}")
        async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as resp:
            health = await resp.json()
        print(f"GET {url}/healthz -> {resp.status}")
        print(json.dumps(health, indent=2, ensure_ascii=False))
        if resp.status != 200:
            return 1

        ok = True
        business = next((b for b in installation.businesses if b.id == DEMO_BUSINESS), None)
        if business is not None and business.integrations.trade_system is not None and starts_simulator:
            print(f"{business.id}: {await _connect_and_sync(app, business, url)}")
            ok = await _demo_call(app, url, token, settings, business, sim_state)
        elif business is not None:
            print(f"(demo call skipped: {TRADE_URL_VARIABLE} points at a trade software the demo did not start)")

        if not settings.public_url:
            print(
                "\nTry a call of your own (the webhooks only take requests signed with this run's token):\n"
                f"  {own_call_command(token, args.config, url, business or next(iter(installation.businesses), None))}"
            )
        if args.once:
            return 0 if ok else 1
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        print("Press Ctrl-C to stop.", flush=True)
        await stop.wait()
        return 0
    finally:
        await runner.cleanup()
        if simulator is not None:
            await simulator.cleanup()


def own_call_command(token: str, config: Any, url: str, business: Any) -> str:
    """The ``zentrale call`` the demo suggests: it names the called number (``--to``), so that it
    works as printed with a configuration of several businesses."""
    to = f' --to "{business.business.phone_numbers[0]}"' if business is not None and business.business.phone_numbers else ""
    return (
        f"TWILIO_AUTH_TOKEN={token} .venv/bin/zentrale call --config {config} --url {url}{to} "
        '--from "030 555 010 99" "Ich brauche einen Termin für die Wartung."'
    )


async def _demo_call(app: web.Application, url: str, token: str, settings: Settings, business: Any, sim_state: Any) -> bool:
    from zentrale.callsim import CallSimulator

    to_number = business.business.phone_numbers[0]
    print(f"\nDemo call from {DEMO_CALLER} (Erika Mustermann, MUST01) to {to_number} ({business.business.name}):")
    async with CallSimulator(url, token, public_url=settings.public_url or url) as caller:
        result = await caller.call(DEMO_CALLER, to_number, DEMO_SENTENCES)
    for line in result.transcript().splitlines():
        print(f"  {line}")
    if result.error:
        print(f"demo call failed: {result.error}")
        return False
    activity = await _delivered_activity(app, business.id, result.call_sid)
    if activity is None:
        print("no activity was recorded for the demo call")
        return False
    print(f"\nzentrale recorded activity {activity.id} ({activity.delivery_status}).")
    record = next((a for a in sim_state.activities if a.get("external_ref") == activity.id), None) if sim_state else None
    if record is None:
        print(f"the trade software does not have it yet: {activity.delivery_error or 'delivery pending'}")
        return False
    _print_activity({k: v for k, v in record.items() if not k.startswith("_")})
    return True
