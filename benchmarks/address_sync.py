"""Full address sync of 100,000 simulator addresses into SQLite: time, rate and peak memory.

    .venv/bin/python benchmarks/address_sync.py [--addresses 100000] [--page-size 500]

Starts the simulator (``zentrale simulator``) as its own process with N seeded addresses,
connects a fresh, migrated SQLite store to it through the real login flow, then runs two phases,
each in a fresh child process so that its peak RSS (``resource.getrusage``) is its own:

- reference: page through all addresses over HTTP with the same client, storing nothing;
- sync: ``sync_addresses`` (full), i.e. the same paging plus normalising every phone field and
  the bulk upserts of contacts and phone index rows, one transaction per page.

Prints seconds, addresses/s and peak RSS of both, and the process's RSS before the phase (the
cost of the imports), so the sync's own memory is the difference.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUSINESS = "heizung-mueller"
CLIENT_ID, CLIENT_SECRET, PASSWORD = "zentrale-demo", "demo-secret", "petra-demo"
REDIRECT_URI = "http://127.0.0.1:8080/admin/trade/callback"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(url: str) -> dict[str, str]:
    return {"ZENTRALE_TRADE_URL": url, "TRADE_CLIENT_ID": CLIENT_ID, "TRADE_CLIENT_SECRET": CLIENT_SECRET}


def business_config(url: str) -> Any:
    from zentrale.config import EXAMPLES_DIR, load_config

    return load_config(EXAMPLES_DIR, env_for(url)).business(BUSINESS)


async def prepare(database_url: str, key: str, url: str) -> None:
    import aiohttp

    from zentrale.integrations.trade.connect import connect_with_password
    from zentrale.store.db import Database
    from zentrale.store.migrate import upgrade
    from zentrale.store.repositories.businesses import sync_business
    from zentrale.store.secrets import SecretBox

    db = Database(database_url)
    try:
        await upgrade(db)
        business = business_config(url)
        async with db.transaction() as session:
            await sync_business(session, business)
        async with aiohttp.ClientSession() as http:
            await connect_with_password(
                db, SecretBox([key]), business, http, username="PETRA", password=PASSWORD, redirect_uri=REDIRECT_URI
            )
    finally:
        await db.dispose()


async def phase(name: str, database_url: str, key: str, url: str, page_size: int) -> dict[str, Any]:
    import aiohttp

    from zentrale.integrations.trade.kwp.client import open_port
    from zentrale.integrations.trade.sync import sync_addresses
    from zentrale.store.db import Database
    from zentrale.store.secrets import SecretBox

    business = business_config(url)
    db = Database(database_url)
    rss_before = peak_rss_mib()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
            port = open_port(db, SecretBox([key]), business, http, timeout=120)
            started = time.perf_counter()
            if name == "reference":
                pages = addresses = 0
                async for page in port.addresses(page_size=page_size):
                    pages += 1
                    addresses += len(page.items)
                    del page
                phones = 0
            else:
                result = await sync_addresses(db, port, business, full=True, page_size=page_size)
                pages, addresses, phones = result.pages, result.addresses, result.phones
            seconds = time.perf_counter() - started
    finally:
        await db.dispose()
    return {
        "phase": name,
        "seconds": seconds,
        "pages": pages,
        "addresses": addresses,
        "phones": phones,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


def child(args: argparse.Namespace) -> int:
    from zentrale.logs import configure_logging

    configure_logging("console", "WARNING")
    if args.child == "prepare":
        asyncio.run(prepare(args.database_url, args.key, args.url))
        return 0
    print(json.dumps(asyncio.run(phase(args.child, args.database_url, args.key, args.url, args.page_size))))
    return 0


def run_child(name: str, args: argparse.Namespace, database_url: str, key: str, url: str) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        name,
        "--database-url",
        database_url,
        "--key",
        key,
        "--url",
        url,
        "--page-size",
        str(args.page_size),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]) if name != "prepare" else {}


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> float:
    import urllib.error
    import urllib.request

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit("the simulator exited during start-up")
        try:
            urllib.request.urlopen(f"{url}/api/v1/me", timeout=1)
        except urllib.error.HTTPError:
            return time.perf_counter() - started  # 401: it answers
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the simulator did not start in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--addresses", type=int, default=100_000, help="addresses in the simulator (default 100,000)")
    parser.add_argument("--page-size", type=int, default=500, help="addresses per page (default 500, the contract's maximum)")
    parser.add_argument("--child", choices=("prepare", "reference", "sync"), help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    from zentrale.store.secrets import generate_key

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    simulator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zentrale",
            "--log-level",
            "WARNING",
            "simulator",
            "--port",
            str(port),
            "--addresses",
            str(args.addresses),
            "--seed",
            "1",
        ],
        cwd=ROOT.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    try:
        startup = wait_for(url, simulator)
        with tempfile.TemporaryDirectory() as tmp:
            database_url = f"sqlite+aiosqlite:///{Path(tmp) / 'sync.db'}"
            key = generate_key()
            run_child("prepare", args, database_url, key, url)
            reference = run_child("reference", args, database_url, key, url)
            synced = run_child("sync", args, database_url, key, url)
            db_mib = (Path(tmp) / "sync.db").stat().st_size / 2**20
    finally:
        simulator.terminate()
        simulator.wait(timeout=10)
    print(f"simulator: {args.addresses:,} addresses (seed 1), started in {startup:.1f} s; page size {args.page_size}")
    print("                                  seconds  addresses/s   pages   peak RSS MiB  (RSS before)")
    for label, r in (("reference: page through, no store", reference), ("full sync into SQLite", synced)):
        rate = r["addresses"] / r["seconds"] if r["seconds"] else 0.0
        print(
            f"{label:<33} {r['seconds']:8.1f}  {rate:11,.0f}  {r['pages']:6,}  {r['peak_rss_mib']:13.1f}  ({r['rss_before_mib']:.1f})"
        )
    print(f"stored: {synced['addresses']:,} addresses, {synced['phones']:,} phone index rows; SQLite file {db_mib:.0f} MiB")
    print(
        f"sync overhead over paging alone: {synced['seconds'] - reference['seconds']:.1f} s "
        f"({synced['seconds'] / reference['seconds']:.1f}x); extra peak RSS: {synced['peak_rss_mib'] - reference['peak_rss_mib']:+.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
