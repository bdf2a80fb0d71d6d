"""`zentrale serve` and `zentrale demo` as an operator runs them: real processes, real ports."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zentrale.config import EXAMPLES_DIR


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zentrale", *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZENTRALE_")}
    clean["ZENTRALE_VAR_DIR"] = str(tmp_path / "var")
    return clean


def test_demo_once_creates_key_migrates_and_reports_health(env: dict[str, str], tmp_path: Path) -> None:
    port, trade_port = free_port(), free_port()
    result = run(["demo", "--once", "--port", str(port), "--trade-port", str(trade_port)], env)
    assert result.returncode == 0, result.stderr
    assert f"zentrale is running at http://127.0.0.1:{port}/" in result.stdout
    assert f"GET http://127.0.0.1:{port}/healthz -> 200" in result.stdout
    assert '"status": "ok"' in result.stdout
    # The demo call: Erika Mustermann is recognised by her number and her heating fault ends up
    # as an activity in the trade software (the built-in simulator), delivered by the worker.
    assert "2,000 addresses synced" in result.stdout
    assert "zentrale: Guten Tag, Frau Mustermann." in result.stdout
    assert "digitalen Telefonassistenz" in result.stdout
    assert "Activity in the trade software (simulator):" in result.stdout
    assert re.search(r"type\s+Störung", result.stdout) and re.search(r"address_code\s+MUST01", result.stdout)
    assert re.search(r"team\s+monteure", result.stdout)
    assert "Fehler F28" in result.stdout.split("Activity in the trade software")[1]
    # Each demo answer fits the question before it (the maker question, then the read-back).
    assert "Anrufer: Das ist eine Vaillant." in result.stdout.split("Von welchem Hersteller")[1].split("zentrale:")[0]
    assert "Vaillant Therme" in result.stdout.split("Activity in the trade software")[1]
    key_file = tmp_path / "var" / "secret.key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "WARNING" in result.stderr and "ZENTRALE_SECRET_KEY" in result.stderr
    assert (tmp_path / "var" / "zentrale.db").exists()
    # A second run keeps the key (tokens stored with it stay readable).
    key = key_file.read_text()
    again = run(["demo", "--once", "--port", str(port), "--trade-port", str(trade_port)], env)
    assert again.returncode == 0, again.stderr
    assert key_file.read_text() == key


def test_serve_with_broken_config_names_file_and_line(env: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "version: 1\nbusiness:\n  id: test\n  name: Test\n  gretting: Hallo\n"
        "staff: []\ntasks:\n  - id: a\n    name: A\n    description: A\n",
        encoding="utf-8",
    )
    result = run(["serve", "--config", str(broken)], env)
    assert result.returncode == 1
    assert f"{broken}:5: business.gretting" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_unreachable_database_prints_one_line(env: dict[str, str]) -> None:
    env["ZENTRALE_DATABASE_URL"] = f"postgresql+asyncpg://postgres:hunter2@127.0.0.1:{free_port()}/nothing"
    result = run(["serve", "--config", str(EXAMPLES_DIR)], env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("error: cannot reach the database")
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr


def test_serve_refuses_an_unmigrated_database(env: dict[str, str]) -> None:
    result = run(["serve", "--config", str(EXAMPLES_DIR)], env)
    assert result.returncode == 1
    assert "zentrale db upgrade" in result.stderr


def test_worker_refuses_an_unmigrated_database(env: dict[str, str]) -> None:
    result = run(["worker", "--once", "--config", str(EXAMPLES_DIR)], env)
    assert result.returncode == 1
    assert "zentrale db upgrade" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_a_secret_key_says_how_to_get_one(env: dict[str, str]) -> None:
    assert run(["db", "upgrade"], env).returncode == 0
    result = run(["serve", "--config", str(EXAMPLES_DIR)], env)
    assert result.returncode == 1
    assert "ZENTRALE_SECRET_KEY" in result.stderr and "zentrale secrets init" in result.stderr


def test_served_requests_are_logged_without_personal_data(env: dict[str, str]) -> None:
    assert run(["db", "upgrade"], env).returncode == 0
    assert run(["secrets", "init"], env).returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zentrale", "--log-format", "json", "serve", "--config", str(EXAMPLES_DIR), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz?From=%2B491715550199&CallerName=Mustermann"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    assert resp.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert '"event": "http_request"' in err
    assert '"route": "/healthz"' in err
    assert "5550199" not in out + err
    assert "Mustermann" not in out + err
