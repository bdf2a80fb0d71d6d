"""``zentrale simulator``: starts, prints what an admin needs, serves, stops on Ctrl-C; bad flags
are clear errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from zentrale.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_simulator_serves_until_interrupted():
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zentrale",
            "simulator",
            "--port",
            str(port),
            "--addresses",
            "200",
            "--error-rate",
            "0.1",
            "--redirect-uri",
            "http://127.0.0.1:9999/cb",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Strg+C" in line:
                break
        out = "".join(lines)
        assert f"http://127.0.0.1:{port}" in out
        for text in ("zentrale-demo", "PETRA", "petra-demo", "MUELLER", "http://127.0.0.1:9999/cb"):
            assert text in out
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sim/state", timeout=5) as resp:
            state = json.load(resp)
        assert state["addresses"] == {"MUELLER/-": 200}
        assert state["faults"]["error_rate"] == 0.1
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--error-rate", "1.5"], "must be between 0 and 1"),
        (["--addresses", "-3"], "must not be negative"),
        (["--scopes", "everything"], "invalid choice"),
    ],
)
def test_bad_flags_are_usage_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(["simulator", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_fault_rates_adding_up_to_more_than_one_are_refused(capsys):
    assert main(["simulator", "--error-rate", "0.7", "--reset-rate", "0.5"]) == 2
    assert "error: the fault rates add up to 1.20; at most 1 is possible" in capsys.readouterr().err


def test_port_in_use_is_a_clear_error(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["simulator", "--port", str(port), "--addresses", "10"]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot listen on 127.0.0.1:{port}" in err
    assert "Traceback" not in err
