"""Caller lookup latency with 1,000,000 stored phone numbers on SQLite.

    .venv/bin/python benchmarks/caller_lookup.py [--numbers 1000000] [--lookups 10000] [--db PATH]

Fills a fresh, migrated SQLite database (a temporary file unless --db) with 250,000 contacts and
their phone index rows (DE/AT/CH landline and mobile numbers, inserted in bulk), then measures
``lookup_caller`` as a call does it (a read session per lookup) for random callers, half of them
stored (hits), half not (misses). Prints p50/p95/p99/max in milliseconds and, as a reference
from the same run, the same statistics for a bare ``SELECT 1`` round trip through the same
engine and session handling. Target: p99 <= 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from zentrale.integrations.trade.lookup import lookup_caller
from zentrale.logs import configure_logging
from zentrale.store.db import Database
from zentrale.store.migrate import upgrade
from zentrale.store.models import Business, Contact, ContactPhone, utcnow

TARGET_P99_MS = 1.0
PHONES_PER_CONTACT = 4
BUSINESS = "heizung-mueller"
# (E.164 prefix, digits that follow): all valid numbers per phonenumbers' metadata.
NUMBER_SPACES = [
    ("+49151", 8),
    ("+49171", 7),
    ("+4930", 8),
    ("+4989", 8),
    ("+43664", 7),
    ("+43316", 6),
    ("+4179", 7),
    ("+4144", 7),
]


def random_number(rng: random.Random) -> str:
    prefix, digits = rng.choice(NUMBER_SPACES)
    return prefix + str(rng.randrange(10 ** (digits - 1), 10**digits))


async def fill(db: Database, count: int, rng: random.Random) -> tuple[set[str], list[str]]:
    """Store ``count`` numbers (9 in 10 contacts belong to the measured business, the rest to
    another one); returns all stored numbers and those of the measured business."""
    stored: set[str] = set()
    own: list[str] = []
    contacts_total = count // PHONES_PER_CONTACT
    now = utcnow()
    async with db.transaction() as session:
        session.add(Business(id=BUSINESS, name="Heizung Müller"))
        session.add(Business(id="other", name="Another business"))
    batch = 50_000
    next_id = 1
    for start in range(0, contacts_total, batch):
        size = min(batch, contacts_total - start)
        contacts, phones = [], []
        for i in range(size):
            contact_id = next_id + i
            contacts.append(
                {
                    "id": contact_id,
                    "business_id": BUSINESS if contact_id % 10 else "other",
                    "address_code": f"K{contact_id:07d}",
                    "name": f"Kunde {contact_id}",
                    "main_sweep_only": False,
                    "deleted": False,
                    "synced_at": now,
                }
            )
            for _ in range(PHONES_PER_CONTACT):
                number = random_number(rng)
                stored.add(number)
                if contacts[-1]["business_id"] == BUSINESS:
                    own.append(number)
                phones.append(
                    {
                        "business_id": contacts[-1]["business_id"],
                        "contact_id": contact_id,
                        "raw": number,
                        "e164": number,
                        "kind": "landline",
                        "sms_consent": False,
                    }
                )
        next_id += size
        async with db.transaction() as session:
            await session.execute(Contact.__table__.insert(), contacts)
            await session.execute(ContactPhone.__table__.insert(), phones)
    async with db.transaction() as session:
        await session.execute(text("ANALYZE"))
    return stored, own


def stats(samples_ns: list[int]) -> dict[str, float]:
    ms = sorted(s / 1e6 for s in samples_ns)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": ms[-1], "mean": statistics.fmean(ms)}


async def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "lookup.db"
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(db)
            started = time.perf_counter()
            stored, own = await fill(db, args.numbers, rng)
            fill_seconds = time.perf_counter() - started
            async with db.read() as session:
                rows = await session.scalar(text("SELECT count(*) FROM contact_phones"))
                plan = (
                    await session.execute(
                        text("EXPLAIN QUERY PLAN SELECT 1 FROM contact_phones WHERE business_id = :b AND e164 = :e"),
                        {"b": BUSINESS, "e": "+4930123"},
                    )
                ).all()
            callers = []
            for i in range(args.lookups):
                if i % 2 == 0:
                    callers.append(rng.choice(own))
                else:
                    number = random_number(rng)
                    while number in stored:
                        number = random_number(rng)
                    callers.append(number)
            for number in callers[:200]:  # warm-up: connection pool, statement cache, page cache
                async with db.single_read() as session:
                    await lookup_caller(session, BUSINESS, number, region="DE")
            lookup_ns, hits = [], 0
            for number in callers:
                t0 = time.perf_counter_ns()
                async with db.single_read() as session:
                    found = await lookup_caller(session, BUSINESS, number, region="DE")
                lookup_ns.append(time.perf_counter_ns() - t0)
                hits += bool(found)
            select_ns = []
            for _ in callers:
                t0 = time.perf_counter_ns()
                async with db.single_read() as session:
                    await session.execute(text("SELECT 1"))
                select_ns.append(time.perf_counter_ns() - t0)
        finally:
            await db.dispose()
    lookup, reference = stats(lookup_ns), stats(select_ns)
    print(f"stored phone numbers: {rows:,} ({len(stored):,} distinct) in {fill_seconds:.1f} s (bulk insert)")
    print(f"query plan: {' / '.join(str(r[-1]) for r in plan)}")
    print(f"lookups: {len(callers):,} random callers ({hits:,} found a contact, the rest were misses)")
    print("                      p50 ms   p95 ms   p99 ms   max ms")
    for name, s in (("lookup_caller", lookup), ("SELECT 1 (reference)", reference)):
        print(f"{name:<21} {s['p50']:7.3f}  {s['p95']:7.3f}  {s['p99']:7.3f}  {s['max']:7.2f}")
    ok = lookup["p99"] <= TARGET_P99_MS
    print(f"target p99 <= {TARGET_P99_MS} ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=1_000_000, help="phone numbers to store (default 1,000,000)")
    parser.add_argument("--lookups", type=int, default=10_000, help="lookups to time (default 10,000)")
    parser.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    parser.add_argument("--db", default=None, help="SQLite file to use (default: a temporary file)")
    args = parser.parse_args(argv)
    configure_logging("console", "WARNING")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
