"""The last resort for a caller's message: when the store cannot take it, an encrypted line in a file.

The fallback handler answers Twilio even when the database is down; what the caller said goes
here and is written into the store as soon as it answers again (at start-up and by the
watchdog). Lines are Fernet tokens (the installation's secret key), so the file holds no
readable personal data; it is fsynced before Twilio gets its answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from zentrale.logs import get_logger
from zentrale.store.secrets import SecretBox

log = get_logger("zentrale.spool")


class Spool:
    def __init__(self, path: Path, box: SecretBox) -> None:
        self.path = path
        self.box = box
        self._lock = asyncio.Lock()

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably (raises OSError when even the disk fails)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = self.box.encrypt(json.dumps(record, ensure_ascii=False)) + "\n"
        with open(self.path, "a", encoding="ascii") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        log.warning("message_spooled", spool=str(self.path))

    def pending(self) -> int:
        if not self.path.exists():
            return 0
        return sum(1 for line in self.path.read_text(encoding="ascii").splitlines() if line.strip())

    async def replay(self, store: Callable[[dict[str, Any]], Awaitable[None]]) -> int:
        """Hand every spooled record to ``store``; records it fails on stay spooled. Returns how many were stored."""
        async with self._lock:
            if not self.path.exists():
                return 0
            taken = self.path.with_name(f"{self.path.name}.replay-{time.time_ns()}")
            os.replace(self.path, taken)
            stored = 0
            for line in taken.read_text(encoding="ascii").splitlines():
                if not line.strip():
                    continue
                try:
                    record = json.loads(self.box.decrypt(line))
                except Exception as exc:  # a line under a key we no longer have: keep it for the admin
                    log.error("spool_unreadable", error=type(exc).__name__)
                    self._keep(line)
                    continue
                try:
                    await store(record)
                    stored += 1
                except Exception as exc:
                    log.warning("spool_replay_failed", error=type(exc).__name__)
                    self._keep(line)
            taken.unlink()
            if stored:
                log.info("spool_replayed", stored=stored)
            return stored

    def _keep(self, line: str) -> None:
        with open(self.path, "a", encoding="ascii") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
