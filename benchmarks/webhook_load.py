"""Load on the Twilio webhooks: N concurrent simulated callers with full dialogues.

    .venv/bin/python benchmarks/webhook_load.py [--calls 200] [--think 2.0] [--ramp 2] [--rounds 1]
                                                [--duration 15] [--url URL] [--json FILE]

Starts the real server (``python -m zentrale serve``) as its own process on a free port, with a
fresh, migrated SQLite database in a temporary directory, the example configuration
(``config/examples``), a random ``TWILIO_AUTH_TOKEN``, ``ZENTRALE_LOG_LEVEL=WARNING`` and no
``OPENAI_*`` variables (so the intent engine is the local one). The callers are
:class:`~zentrale.callsim.CallSimulator` calls over one shared aiohttp session in this
process; every caller plays a full dialogue with Heizung Müller (heating fault, callback,
appointment, invoice, burst pipe with an unanswered forward, no recognisable reason; rotating)
from its own number, then the status callback. Two phases:

(a) ``--calls`` calls at once, as on a phone line: the calls start spread over ``--ramp``
    seconds, and before every webhook after the first the caller "speaks" for ``--think``
    seconds (jittered ±50 %; Twilio posts only once a sentence is finished). Per route: count,
    p50/p99/max of the server-side time (``Server-Timing: app;dur=``) and of the client-side
    round trip. Target: server-side p99 <= 25 ms on every route.
(b) saturation: the same callers with no think time, each playing one call after another for
    ``--duration`` seconds (closed loop) → webhook requests per second, counted over the window
    after ``--warmup``. Reference from the same run: a bare aiohttp handler in another process
    that reads the form and returns a fixed TwiML ``<Gather>`` document, driven by the same
    callers with the same signed form posts. Target: zentrale >= 20 % of the bare handler's rate.

Both servers run in processes of their own, the client in this one, so neither comparison shares
a CPU with the load generator. Exit 1 when calls failed (HTTP errors, fallback, no response),
else 0, whether or not the targets were met. ``--url`` uses an already running server instead
(it must serve heizung-mueller's number +4930555010 and accept ``$TWILIO_AUTH_TOKEN``; the
signatures are computed for ``$ZENTRALE_PUBLIC_URL`` if set, else for ``--url``).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import secrets
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "examples"
BUSINESS_NUMBER = "+4930555010"  # heizung-mueller
TARGET_P99_MS = 25.0
TARGET_RATIO = 0.20
ROUTES = ("/twilio/voice", "/twilio/gather", "/twilio/dial", "/twilio/status")
GOODBYE = "Auf Wiederhören"

# What callers of Heizung Müller say, one sentence per <Gather>. The order of the questions
# depends on the task (and on the opening hours); a sentence left over when the server hangs up
# is simply not said.
SCRIPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "fault",
        ("Meine Heizung ist ausgefallen, die Therme zeigt Fehler F28.", "Erika Mustermann", "Musterstraße 12", "10115", "ja"),
    ),
    ("callback", ("Kann mich der Herr Müller bitte zurückrufen?", "Max Meier", "Mit Herrn Müller", "morgen Vormittag", "ja")),
    (
        "appointment",
        ("Ich möchte einen Termin für die jährliche Wartung meiner Gastherme.", "Petra Schulz", "nächste Woche Dienstag", "ja"),
    ),
    (
        "invoice",
        ("Ich habe eine Frage zu Ihrer letzten Rechnung, der Betrag kommt mir zu hoch vor.", "Hans Becker", "R 2026 0815", "ja"),
    ),
    (
        "emergency",
        ("Bei uns ist ein Rohr geplatzt, das Wasser läuft und läuft!", "Anna Wolf", "Lindenstraße 5", "10117", "ja"),
    ),  # forward to the emergency phone, not answered, then the message
    ("unknown", ("Hallo, ich wollte nur mal was fragen.", "Also, das ist schwer zu sagen.", "Jürgen Klein", "ja")),
)


# ------------------------------------------------------------------------------------------------
# processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of another process (Linux ``/proc``), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes of the machine have used (Linux ``/proc/stat``), None elsewhere."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class Cpu:
    """CPU use during a phase, in cores (1.0 = one core busy the whole time)."""

    server: float | None
    client: float
    others: float | None  # everything else on the machine (other test runs compete for the cores)

    def text(self) -> str:
        def pct(value: float | None) -> str:
            return f"{value * 100:.0f} %" if value is not None else "?"

        server = pct(self.server) if self.server is not None else "? (not started here: among the other processes)"
        return f"CPU (100 % = one core): server {server}, client {pct(self.client)}, other processes {pct(self.others)}"

    def figures(self) -> dict[str, float | None]:
        return {k: None if v is None else round(v, 3) for k, v in vars(self).items()}


class CpuMeter:
    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.start()

    def start(self) -> None:
        self._at = (time.perf_counter(), cpu_seconds(self.pid) if self.pid else None, time.process_time(), machine_busy_seconds())

    def stop(self) -> Cpu:
        wall0, server0, client0, machine0 = self._at
        wall = max(time.perf_counter() - wall0, 1e-9)
        server1 = cpu_seconds(self.pid) if self.pid else None
        client1, machine1 = time.process_time(), machine_busy_seconds()
        server = (server1 - server0) / wall if server0 is not None and server1 is not None else None
        client = (client1 - client0) / wall
        others = None
        if machine0 is not None and machine1 is not None:
            others = max(0.0, (machine1 - machine0) / wall - client - (server or 0.0))
        return Cpu(server, client, others)


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None, log: Path | None, timeout: float = 60) -> float:
    import urllib.error
    import urllib.request

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise SystemExit(f"the server at {url} exited during start-up:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not become healthy within {timeout:g} s")


def server_env(tmp: Path, token: str) -> dict[str, str]:
    from zentrale.store.secrets import generate_key

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ZENTRALE_", "TWILIO_"))}
    env.update(
        ZENTRALE_VAR_DIR=str(tmp),
        ZENTRALE_DATABASE_URL=f"sqlite+aiosqlite:///{tmp / 'zentrale.db'}",
        ZENTRALE_SECRET_KEY=generate_key(),
        ZENTRALE_LOG_LEVEL="WARNING",  # no access log line per request
        TWILIO_AUTH_TOKEN=token,
    )
    return env


def start_zentrale(tmp: Path, token: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    env = server_env(tmp, token)
    log = tmp / "server.log"
    migrated = subprocess.run(
        [sys.executable, "-m", "zentrale", "db", "upgrade"], cwd=ROOT.parent, env=env, capture_output=True, text=True, check=False
    )
    if migrated.returncode != 0:
        raise SystemExit(f"zentrale db upgrade failed:\n{migrated.stderr[-3000:]}")
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "zentrale", "serve", "--config", str(CONFIG), "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}", log


def start_bare(tmp: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log = tmp / "bare.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, __file__, "--child-bare", str(port)], cwd=ROOT.parent, stdout=out, stderr=subprocess.STDOUT
        )
    return process, f"http://127.0.0.1:{port}", log


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_bare(port: int) -> int:
    """The reference server: read the form, answer a fixed TwiML document (a speech <Gather>
    like zentrale's, so the callers go on posting their sentences), with the same
    Server-Timing header zentrale sets."""
    from aiohttp import web
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    gather = response.gather(
        input="speech",
        action="gather?step=1",
        method="POST",
        language="de-DE",
        hints="Rückrufwunsch, Heizungsstörung, Termin, Rechnung, Notfall, ja, nein",
        speech_timeout="auto",
        timeout=6,
        action_on_empty_result=True,
    )
    gather.say(
        "Guten Tag, Sie sprechen mit der digitalen Telefonassistenz von Heizung Müller. Wie kann ich Ihnen helfen?",
        voice="Polly.Vicki-Neural",
        language="de-DE",
    )
    body = str(response)

    async def twiml(request: web.Request) -> web.Response:
        started = time.perf_counter()
        await request.post()
        answer = web.Response(text=body, content_type="text/xml")
        answer.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return answer

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/twilio/{tail:.*}", twiml)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)
    return 0


# ------------------------------------------------------------------------------------------------
# callers


@dataclass
class Sample:
    done: float  # perf_counter when the response was read
    path: str
    status: int
    client_ms: float
    server_ms: float | None
    error: str | None


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    calls: int = 0
    failed: list[str] = field(default_factory=list)  # one reason per failed call
    goodbye: int = 0  # calls whose last words were zentrale's goodbye
    by_script: dict[str, int] = field(default_factory=dict)


def make_simulator(
    base_url: str, token: str, public_url: str, session: Any, think: float, rng: random.Random, tally: Tally
) -> Any:
    """A CallSimulator that pauses like a speaking caller before each webhook after the first
    (the status callback comes right after the hang-up) and records every request it sends."""
    from zentrale.callsim import CallSimulator

    class LoadSimulator(CallSimulator):
        async def _send(self, call: Any, url: str, method: str, params: Any) -> Any:  # type: ignore[override]
            if think > 0 and call.exchanges and url not in (self.status_url, self.fallback_url):
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            response = await super()._send(call, url, method, params)
            e = response.exchange
            tally.samples.append(Sample(time.perf_counter(), e.path, e.status, e.client_ms, e.server_ms, e.error))
            return response

    return LoadSimulator(base_url, token, public_url=public_url, session=session, dial_status="no-answer")


async def one_call(simulator: Any, number: str, script_index: int, tally: Tally) -> None:
    name, sentences = SCRIPTS[script_index % len(SCRIPTS)]
    result = await simulator.call(number, BUSINESS_NUMBER, sentences)
    tally.calls += 1
    tally.by_script[name] = tally.by_script.get(name, 0) + 1
    bad = [e for e in result.exchanges if not 200 <= e.status < 300]
    if result.ended_by == "error" or bad or not (200 <= (result.status_callback_status or 0) < 300):
        reason = result.error or (
            f"{bad[0].method} {bad[0].path}: {bad[0].error or 'HTTP ' + str(bad[0].status)}"
            if bad
            else f"status callback HTTP {result.status_callback_status}"
        )
        tally.failed.append(f"{name}: {reason}")
    said = result.said("zentrale")
    if said and GOODBYE in said[-1]:
        tally.goodbye += 1


def shared_session() -> Any:
    import aiohttp

    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))


async def phone_line(
    url: str, public_url: str, token: str, args: argparse.Namespace, numbers: Any, pid: int | None
) -> tuple[Tally, Cpu]:
    """Phase (a): every caller plays ``--rounds`` calls with think time; starts spread over ``--ramp``."""
    tally = Tally()
    rng = random.Random(1)
    meter = CpuMeter(pid)
    async with shared_session() as session:
        simulator = make_simulator(url, token, public_url, session, args.think, rng, tally)

        async def caller(i: int) -> None:
            await asyncio.sleep(args.ramp * i / args.calls)
            for r in range(args.rounds):
                await one_call(simulator, next(numbers), i + r, tally)

        await asyncio.gather(*(caller(i) for i in range(args.calls)))
    return tally, meter.stop()


@dataclass
class Saturation:
    tally: Tally
    window_s: float
    requests: int  # responses read inside the window
    rate: float
    cpu: Cpu  # during the window


async def saturate(url: str, public_url: str, token: str, args: argparse.Namespace, numbers: Any, pid: int | None) -> Saturation:
    """Phase (b): closed loop, no think time; requests counted from ``--warmup`` to ``--duration``."""
    tally = Tally()
    started = time.perf_counter()
    window_start, deadline = started + args.warmup, started + args.duration
    meter = CpuMeter(pid)
    cpu: list[Cpu] = []

    async def measure_cpu() -> None:
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        meter.start()
        await asyncio.sleep(max(0.0, deadline - time.perf_counter()))
        cpu.append(meter.stop())

    async with shared_session() as session:
        simulator = make_simulator(url, token, public_url, session, 0.0, random.Random(2), tally)

        async def caller(i: int) -> None:
            for r in itertools.count():
                if time.perf_counter() >= deadline:
                    return
                await one_call(simulator, next(numbers), i + r, tally)

        await asyncio.gather(measure_cpu(), *(caller(i) for i in range(args.calls)))
    window = deadline - window_start
    requests = sum(1 for s in tally.samples if window_start <= s.done < deadline)
    return Saturation(tally, window, requests, requests / window, cpu[0])


# ------------------------------------------------------------------------------------------------
# figures


def quantiles(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p99": None, "max": None}
    ordered = sorted(values)
    if len(ordered) == 1:
        return {"p50": ordered[0], "p99": ordered[0], "max": ordered[0]}
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": q[49], "p99": q[98], "max": ordered[-1]}


def route_figures(samples: Sequence[Sample]) -> dict[str, dict[str, Any]]:
    routes: dict[str, dict[str, Any]] = {}
    names = [*ROUTES, *sorted({s.path for s in samples} - set(ROUTES))]
    for route in [*names, "all"]:
        chosen = [s for s in samples if route == "all" or s.path == route]
        if not chosen and route != "all":
            continue
        server = [s.server_ms for s in chosen if s.server_ms is not None]
        routes[route] = {
            "count": len(chosen),
            "server_ms": quantiles(server),
            "client_ms": quantiles([s.client_ms for s in chosen]),
            "without_server_timing": len(chosen) - len(server),
        }
    return routes


def fmt(value: float | None, width: int = 7, digits: int = 1) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else f"{'-':>{width}}"


def print_routes(routes: dict[str, dict[str, Any]]) -> None:
    print("  route               count  server ms: p50     p99     max   client ms: p50     p99     max")
    for route, r in routes.items():
        s, c = r["server_ms"], r["client_ms"]
        print(
            f"  {route:<18} {r['count']:6,}  {'':9}{fmt(s['p50'], 5, 2)} {fmt(s['p99'])} {fmt(s['max'])}"
            f"  {'':9}{fmt(c['p50'], 5, 1)} {fmt(c['p99'])} {fmt(c['max'])}"
        )


def tally_line(tally: Tally) -> str:
    failed = f", {len(tally.failed)} FAILED" if tally.failed else ""
    return f"{tally.calls:,} calls, {len(tally.samples):,} webhook requests, {tally.goodbye:,} ended with the goodbye{failed}"


def saturation_figures(result: Saturation) -> dict[str, Any]:
    return {
        "calls": result.tally.calls,
        "requests_total": len(result.tally.samples),
        "window_s": round(result.window_s, 3),
        "requests_in_window": result.requests,
        "requests_per_s": round(result.rate, 1),
        "cpu_cores": result.cpu.figures(),
        "failed_calls": len(result.tally.failed),
        "goodbye": result.tally.goodbye,
        "routes": route_figures(result.tally.samples),
    }


async def run(args: argparse.Namespace, command: str) -> int:
    from zentrale.logs import configure_logging

    configure_logging("console", "WARNING")
    processes: list[subprocess.Popen[bytes]] = []
    counter = itertools.count()

    def numbers() -> Any:  # a distinct, valid German mobile number for every call
        for n in counter:
            yield f"+49170{1_000_000 + n:07d}"

    caller_numbers = numbers()
    with tempfile.TemporaryDirectory(prefix="zentrale-load-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            if args.url:
                url = args.url.rstrip("/")
                token = os.environ.get("TWILIO_AUTH_TOKEN", "").strip()
                if not token:
                    raise SystemExit("--url needs TWILIO_AUTH_TOKEN (the token that server checks signatures with)")
                public_url = os.environ.get("ZENTRALE_PUBLIC_URL", "").strip() or url
                server_pid = None
                startup = wait_healthy(url, None, None)
                server_text = f"running server {url}"
            else:
                token = secrets.token_hex(16)
                server, url, server_log = start_zentrale(tmp, token)
                processes.append(server)
                public_url, server_pid = url, server.pid
                startup = wait_healthy(url, server, server_log)
                server_text = "zentrale serve (SQLite, config/examples, local intent engine, log level WARNING)"
            bare, bare_url, bare_log = start_bare(tmp)
            processes.append(bare)
            wait_healthy(bare_url, bare, bare_log)

            started = time.perf_counter()
            line, line_cpu = await phone_line(url, public_url, token, args, caller_numbers, server_pid)
            line_s = time.perf_counter() - started
            if line.calls and len(line.failed) == line.calls:
                raise SystemExit(f"every call of phase (a) failed ({line.calls}), e.g. {line.failed[0]}")
            zentrale = await saturate(url, public_url, token, args, caller_numbers, server_pid)
            if not args.url:
                # Its outbox worker is still working off the calls just made: stop it, so that
                # the reference runs on an otherwise quiet machine.
                stop(server)
                processes.remove(server)
            reference = await saturate(bare_url, bare_url, token, args, caller_numbers, bare.pid)
        finally:
            for process in processes:
                stop(process)

    routes = route_figures(line.samples)
    measured = [r for name, r in routes.items() if name != "all"]
    latency_ok = all(r["server_ms"]["p99"] is not None and r["server_ms"]["p99"] <= TARGET_P99_MS for r in measured)
    ratio = zentrale.rate / reference.rate if reference.rate else 0.0
    ratio_ok = ratio >= TARGET_RATIO
    failed = line.failed + zentrale.tally.failed + reference.tally.failed

    print(f"server: {server_text}, healthy after {startup:.1f} s")
    print(
        f"callers: CallSimulator, one aiohttp session per phase in this process; scripts: "
        f"{', '.join(name for name, _ in SCRIPTS)} (rotating), each from its own number, then the status callback"
    )
    print()
    print(
        f"(a) {args.calls} concurrent calls, think time {args.think:g} s ±50 %, started over {args.ramp:g} s, "
        f"{args.rounds} call(s) per caller: {line_s:.1f} s, {len(line.samples) / line_s:.1f} requests/s"
    )
    print(f"  {tally_line(line)}; {line_cpu.text()}")
    print_routes(routes)
    worst = max((r["server_ms"]["p99"] or 0.0 for r in measured), default=0.0)
    print(
        f"  target server-side p99 <= {TARGET_P99_MS:g} ms on every route: "
        f"{'met' if latency_ok else 'NOT met'} (worst route p99 {worst:.1f} ms)"
    )
    print()
    print(
        f"(b) saturation: {args.calls} callers, no think time, {args.duration:g} s each, "
        f"counted over the last {zentrale.window_s:g} s"
    )
    for label, result in (("zentrale", zentrale), ("bare aiohttp handler (reference)", reference)):
        all_routes = route_figures(result.tally.samples)["all"]
        server_ms, client_ms = all_routes["server_ms"], all_routes["client_ms"]
        print(
            f"  {label}: {result.rate:,.1f} requests/s; server ms p50 {fmt(server_ms['p50'], 0, 2)} p99 {fmt(server_ms['p99'], 0, 2)},"
            f" client ms p50 {fmt(client_ms['p50'], 0, 1)} p99 {fmt(client_ms['p99'], 0, 1)}"
        )
        print(f"    {tally_line(result.tally)}")
        print(f"    {result.cpu.text()}")
        if result.cpu.server and result.rate:
            print(f"    server CPU per request: {result.cpu.server / result.rate * 1000:.2f} ms")
    print(
        f"  zentrale / bare handler: {ratio * 100:.1f} % (target >= {TARGET_RATIO * 100:g} %: {'met' if ratio_ok else 'NOT met'})"
    )
    if reference.cpu.client >= 0.9:
        print(
            "  note: the client process was busy for the whole reference window, so the bare handler's rate is the"
            " client's limit and the ratio flatters zentrale"
        )
    busiest = max((c.others or 0.0) for c in (line_cpu, zentrale.cpu, reference.cpu))
    if busiest >= 0.25:
        print(
            f"  note: other processes on this machine used up to {busiest * 100:.0f} % of a core during a phase;"
            " the figures are disturbed by them"
        )
    print()
    print("summary")
    print(
        f"  p99 server-side at {args.calls} concurrent calls (worst route)  {worst:8.1f} ms   target <= {TARGET_P99_MS:g} ms"
        f"   {'met' if latency_ok else 'NOT met'}"
    )
    print(f"  turns/s at saturation, zentrale                       {zentrale.rate:8,.1f}")
    print(f"  requests/s at saturation, bare aiohttp handler        {reference.rate:8,.1f}")
    print(
        f"  ratio                                                 {ratio * 100:8.1f} %   target >= {TARGET_RATIO * 100:g} %"
        f"    {'met' if ratio_ok else 'NOT met'}"
    )
    if zentrale.cpu.server and reference.cpu.server and zentrale.rate and reference.rate:
        per_z = zentrale.cpu.server / zentrale.rate * 1000
        per_b = reference.cpu.server / reference.rate * 1000
        print(
            f"  server CPU per request, zentrale / bare handler      {per_z:8.2f} / {per_b:.2f} ms"
            f"   (bare handler's rate at zentrale's CPU per request: {per_b / per_z * 100:.1f} %)"
        )
    print(f"  failed calls: {len(failed)}")
    print(f"command: {command}")

    if args.json:
        figures = {
            "command": command,
            "options": {k: v for k, v in vars(args).items() if not k.startswith("child")},
            "server": server_text,
            "phone_line": {
                "calls": line.calls,
                "seconds": round(line_s, 3),
                "requests": len(line.samples),
                "cpu_cores": line_cpu.figures(),
                "failed_calls": len(line.failed),
                "goodbye": line.goodbye,
                "routes": routes,
                "target_p99_ms": TARGET_P99_MS,
                "target_met": latency_ok,
            },
            "saturation": {
                "zentrale": saturation_figures(zentrale),
                "bare_handler": saturation_figures(reference),
                "ratio": round(ratio, 4),
                "target_ratio": TARGET_RATIO,
                "target_met": ratio_ok,
            },
            "failures": failed[:50],
        }
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    if failed:
        print(f"{len(failed)} call(s) failed; the first ones:", file=sys.stderr)
        for reason in failed[:10]:
            print(f"  {reason}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="concurrent callers (default 200)")
    parser.add_argument(
        "--think", type=float, default=2.0, help="phase (a): seconds a caller speaks before each webhook, ±50 %% (default 2.0)"
    )
    parser.add_argument("--ramp", type=float, default=2.0, help="phase (a): seconds over which the calls start (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="phase (a): calls per caller, one after another (default 1)")
    parser.add_argument(
        "--duration", type=float, default=15.0, help="phase (b): seconds of closed-loop load per server (default 15)"
    )
    parser.add_argument("--warmup", type=float, default=3.0, help="phase (b): seconds at the start not counted (default 3)")
    parser.add_argument("--url", help="use this running server instead of starting one (needs $TWILIO_AUTH_TOKEN)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--child-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_bare:
        return run_bare(args.child_bare)
    if args.calls < 1 or args.rounds < 1 or args.think < 0 or args.ramp < 0:
        parser.error("--calls and --rounds must be at least 1, --think and --ramp not negative")
    if not 0 <= args.warmup < args.duration:
        parser.error("--warmup must be shorter than --duration")
    command = shlex.join(
        [os.path.relpath(sys.executable), os.path.relpath(__file__), *(argv if argv is not None else sys.argv[1:])]
    )
    return asyncio.run(run(args, command))


if __name__ == "__main__":
    sys.exit(main())
