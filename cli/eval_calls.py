"""``zentrale eval-calls``: play scripted multi-turn calls through the real webhooks and score
what the stored activities say (scoring: :mod:`zentrale.calleval`).

One in-process server (``create_app``, voice webhooks only: no outbox worker, no address sync,
so ``integrations.trade_system`` is ignored and activities stay local) on a free local port with
a fresh, migrated SQLite database in a temporary directory. Businesses connected to the trade
simulator get the simulator's fixed addresses in their store, so that its documented callers
are known. Per script: the server's clock is set to the script's local call time, the caller is
played by :class:`~zentrale.callsim.CallSimulator` (signed webhooks, TwiML, forwards not
answered, status callback), then the call's activities are read from the store and scored.

Exit 0 whatever the scores; 1 when a script could not be played (an application error, no
activity stored) so that a broken run is not mistaken for a low score.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import secrets
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from zentrale.cli import Subparsers
from zentrale.errors import CliError

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from zentrale.calleval import CallScript, ScriptedCaller, ScriptScore, Stored
    from zentrale.config import Installation

PUBLIC_URL = "https://zentrale-eval.invalid"
TRANSCRIPT_MARKERS = ("Gesprächsverlauf", "Transkript", "Wortlaut")
ACTIVITY_WAIT_SECONDS = 5.0


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "eval-calls",
        help="play scripted calls through the real webhooks and score the stored activities",
        description=(
            "Plays every script of SCRIPTS.yaml through an in-process server (fresh SQLite database, "
            "the server's clock at the script's call time, forwards not answered) and scores per script: "
            "task, expected details in the activity's summary/details, emergency handling, the promise "
            "heard, no implausible name or callback number stored. Prints one line per script and the "
            "totals. Exit 0 whatever the scores, 1 when a script could not be played."
        ),
    )
    parser.add_argument(
        "--config",
        action="append",
        metavar="PATH",
        help="YAML file or directory of business configurations; repeat to add more (default: $ZENTRALE_CONFIG)",
    )
    parser.add_argument("scripts", metavar="SCRIPTS.yaml", help="the call scripts")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--only", action="append", metavar="ID", help="play only this script (repeatable)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print the conversation and the stored activity of every script; log at INFO"
    )
    parser.set_defaults(func=cmd_eval_calls)


def _installation(args: argparse.Namespace) -> Installation:
    from zentrale.cli.config import load_installation
    from zentrale.config import Installation

    paths = args.config or [None]
    merged: list[Any] = []
    sources: dict[str, Path] = {}
    for path in paths:
        one = load_installation(argparse.Namespace(config=path, settings=args.settings))
        for business in one.businesses:
            if business.id in sources:
                raise CliError(f"business {business.id!r} is configured twice")
            merged.append(business)
            sources[business.id] = one.sources.get(business.id, Path(path or "."))
    return Installation(merged, sources)


def _scripts(path: str, installation: Installation, only: Sequence[str] | None) -> list[CallScript]:
    import yaml

    from zentrale.calleval import ScriptError, parse_scripts

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CliError(f"{path}: not valid YAML: {exc}") from None
    try:
        scripts = parse_scripts(data)
    except ScriptError as exc:
        raise CliError(f"{path}: {exc}") from None
    known = {b.id: b for b in installation.businesses}
    for script in scripts:
        business = known.get(script.business)
        if business is None:
            raise CliError(f"{path}: script {script.id}: business {script.business!r} is not configured")
        if script.expect.task not in {t.id for t in business.tasks}:
            raise CliError(f"{path}: script {script.id}: {script.business} has no task {script.expect.task!r}")
        if not business.business.phone_numbers:
            raise CliError(f"business {business.id!r} has no business.phone_numbers to call")
    if only:
        missing = sorted(set(only) - {s.id for s in scripts})
        if missing:
            raise CliError(f"no script with id {', '.join(missing)}")
        scripts = [s for s in scripts if s.id in set(only)]
    return scripts


class _Clock:
    """The server's clock: the script's call time, running on with the real time."""

    def __init__(self) -> None:
        self._start = datetime.now(UTC)
        self._at = time.monotonic()

    def set(self, now: datetime) -> None:
        self._start = now
        self._at = time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._at)


class _Replies:
    """Stands in for the simulator's queue of sentences: asks the scripted caller at each
    ``<Gather>`` what to say, given what the bot said since the last reply."""

    def __init__(self, caller: ScriptedCaller) -> None:
        self.caller = caller
        self._next: deque[str] = deque()
        self._done = False

    def _fill(self) -> None:
        if not self._next and not self._done:
            reply = self.caller.reply()
            if reply is None:
                self._done = True
            else:
                self._next.append(reply)

    def __bool__(self) -> bool:
        self._fill()
        return bool(self._next)

    def __len__(self) -> int:
        return len(self._next)

    def popleft(self) -> str:
        self._fill()
        return self._next.popleft()


def _simulator_class() -> type[Any]:
    from zentrale.callsim import CallSimulator

    class ScriptedSimulator(CallSimulator):
        """The call simulator with a caller that answers what it is asked.

        Relies on two internals of :mod:`zentrale.callsim`: every bot line passes through
        ``_say``, and the sentences are taken from ``call.script`` (``bool``/``popleft``)."""

        caller: ScriptedCaller | None = None

        def _say(self, call: Any, verb: ET.Element) -> None:
            super()._say(call, verb)
            if self.caller is None:
                return
            if not isinstance(call.script, _Replies):
                call.script = _Replies(self.caller)
            if call.lines and call.lines[-1][0] == "zentrale":
                self.caller.heard(call.lines[-1][1])

    return ScriptedSimulator


def _cut_transcript(text: str, said: frozenset[str] = frozenset()) -> str:
    """``text`` without its transcript: cut at the transcript's heading, and without any line
    that is just something said in the call ("Anrufer: …", "zentrale: …")."""
    positions = [text.find(marker) for marker in TRANSCRIPT_MARKERS if marker in text]
    text = text[: min(positions)] if positions else text
    if not said:
        return text
    kept = [line for line in text.splitlines() if not _said_line(line) or _said_line(line) not in said]
    return "\n".join(kept)


_SPEAKER = re.compile(
    r"^\s*[-•*]?\s*(\[[^\]]*\]\s*)?(anrufer(in)?|zentrale|bot|assistenz|assistent(in)?|kunde|kundin|caller)\s*:\s*",
    re.IGNORECASE,
)


def _said_line(line: str) -> str:
    """A transcript line's words (without the speaker), else ``""``."""
    match = _SPEAKER.match(line)
    return " ".join(line[match.end() :].split()).casefold() if match else ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        skip = ("transcript", "turns", "fallback", "verlauf")
        return [s for k, v in value.items() if not any(w in str(k).lower() for w in skip) for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


_LABELLED = re.compile(r"^\s*[-•*]?\s*([^:\n]{1,40}):\s*(.+?)\s*$", re.MULTILINE)


def _stored(call: Any, activities: Sequence[Any], lines: Sequence[tuple[str, str]], error: str | None) -> Stored:
    from zentrale.calleval import Stored

    texts: list[str] = []
    names: list[str] = []
    numbers: list[str] = []
    said = frozenset(" ".join(text.split()).casefold() for _, text in lines if text.strip())
    for activity in activities:
        texts.append(activity.subject)
        texts.append(_cut_transcript(activity.text or "", said))
        _kind, sep, who = activity.subject.partition(": ")
        if sep:
            names.append(who)
        for label, value in _LABELLED.findall(_cut_transcript(activity.text or "", said)):
            low = label.lower()
            if "name" in low:
                names.append(value)
            elif ("rückruf" in low or "telefon" in low or low.endswith("nummer")) and not any(
                w in low for w in ("angebot", "rechnung", "auftrag", "offert", "voranschlag")
            ):
                numbers.append(value)
    if call is not None:
        texts.append(call.summary or "")
        details = call.details or {}
        texts.extend(_strings(details))
        slots = details.get("slots") or {}
        for slot, bucket in (("caller_name", names), ("callback_number", numbers)):
            value = slots.get(slot)
            if isinstance(value, dict):
                bucket.extend(v for v in (value.get("value"), value.get("normalized")) if isinstance(v, str))
            elif isinstance(value, str):
                bucket.append(value)
    heard = [text for who, text in lines if who == "zentrale"]
    last_caller = max((i for i, (who, _) in enumerate(lines) if who == "Anrufer"), default=-1)
    final = " ".join(text for who, text in lines[last_caller + 1 :] if who == "zentrale")
    if not activities and error is None:
        error = "no activity stored for the call"
    return Stored(
        task_ids=tuple(a.task_id for a in activities),
        text="\n".join(t for t in texts if t),
        names=tuple(n for n in names if n),
        numbers=tuple(n for n in numbers if n),
        heard=tuple(heard),
        final=final,
        error=error,
    )


async def _seed_known_callers(db: Any, installation: Installation) -> int:
    """The trade simulator's documented addresses, for businesses connected to the simulator."""
    from zentrale.integrations.trade.simulator.data import fixed_addresses
    from zentrale.store.repositories import contacts

    inputs = [
        contacts.ContactInput(
            address_code=a["code"],
            name=a["name"],
            phones=tuple(
                contacts.PhoneInput(p["number"], p.get("kind") or "unknown", bool(p.get("sms_consent"))) for p in a["phones"]
            ),
            salutation=a.get("salutation"),
            title=a.get("title"),
            name2=a.get("name2"),
            street=a.get("street"),
            zip=a.get("zip"),
            city=a.get("city"),
            country=a.get("country"),
        )
        for a in fixed_addresses()
    ]
    seeded = 0
    for business in installation.businesses:
        trade = business.integrations.trade_system
        if trade is None or getattr(trade, "kind", None) != "simulator":
            continue
        async with db.transaction() as session:
            await contacts.upsert_contacts(session, business.id, inputs, region=business.business.region or "DE")
        seeded += len(inputs)
    return seeded


async def _run(installation: Installation, scripts: Sequence[CallScript], verbose: bool) -> list[ScriptScore]:
    from aiohttp import web

    from zentrale.calleval import ScriptedCaller, format_line, score
    from zentrale.cli.call import _own_account
    from zentrale.runtime import CLOCK, DATABASE, Clock
    from zentrale.server import create_app
    from zentrale.settings import Settings
    from zentrale.store.migrate import check_schema
    from zentrale.store.repositories import activities as stored_activities
    from zentrale.store.repositories import inbox
    from zentrale.store.secrets import generate_key
    from zentrale.webhooks import voice

    results: list[ScriptScore] = []
    with tempfile.TemporaryDirectory(prefix="zentrale-eval-") as tmp:
        token = secrets.token_hex(16)
        settings = Settings(var_dir=Path(tmp), secret_key=generate_key(), twilio_auth_token=token, public_url=PUBLIC_URL)
        await check_schema(settings.database_url, migrate=True)
        app = create_app(settings, installation, extensions=(voice.install,))
        clock = _Clock()
        now: Clock = clock
        app[CLOCK] = now
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            base_url = f"http://127.0.0.1:{port}"
            db = app[DATABASE]
            await _seed_known_callers(db, installation)
            simulator_class = _simulator_class()
            for script in scripts:
                business = installation.business(script.business)
                zone = ZoneInfo(business.business.timezone or "Europe/Berlin")
                clock.set(script.at.replace(tzinfo=zone).astimezone(UTC))
                caller = ScriptedCaller(script)
                simulator = simulator_class(
                    base_url, _own_account(business)[1] or token, public_url=PUBLIC_URL, dial_status="no-answer"
                )
                simulator.caller = caller
                async with simulator:
                    result = await simulator.call(script.from_number, business.business.phone_numbers[0], [])
                error = result.error if result.ended_by == "error" else None
                call_row = None
                activities: list[Any] = []
                deadline = time.monotonic() + ACTIVITY_WAIT_SECONDS
                while True:
                    async with db.read() as session:
                        activity = await stored_activities.for_call_sid(session, business.id, result.call_sid)
                        if activity is not None:
                            activities = [activity]  # the first; every activity of a call has its task and text
                            call_row = await inbox.call_of(session, activity)
                    if activities or time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.05)
                scored = score(script, _stored(call_row, activities, result.lines, error))
                results.append(scored)
                print(format_line(scored), flush=True)
                if verbose:
                    for line in result.transcript().splitlines():
                        print(f"    {line}")
                    for activity in activities:
                        print(f"    [activity {activity.task_id}] {activity.subject}")
                        for line in _cut_transcript(activity.text or "").splitlines():
                            print(f"    | {line}")
        finally:
            await runner.cleanup()
    return results


def cmd_eval_calls(args: argparse.Namespace) -> int:
    from zentrale.calleval import format_totals, totals
    from zentrale.logs import configure_logging

    if not args.verbose:  # one line per script, not one per webhook
        configure_logging(args.settings.log_format, "WARNING")
    installation = _installation(args)
    scripts = _scripts(args.scripts, installation, args.only)
    results = asyncio.run(_run(installation, scripts, args.verbose))
    summary = totals(results)
    print(format_totals(summary))
    if args.json:
        payload = {
            "scripts_file": args.scripts,
            "config": args.config,
            "results": [r.as_dict() for r in results],
            "totals": summary.as_dict(),
        }
        try:
            Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.json}: {exc.strerror or exc}") from None
    if summary.errors:
        print(f"{summary.errors} script(s) could not be played", file=sys.stderr)
        return 1
    return 0
