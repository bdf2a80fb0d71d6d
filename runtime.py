"""What every part of the running server shares: the typed application keys.

The composition root (:mod:`zentrale.server`) fills them in ``create_app`` and its
``cleanup_ctx``; webhooks, pages and background tasks read them. They live here, below those
folders, so that no folder imports another folder's keys (and none imports the server).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import aiohttp
from aiohttp import web

from zentrale.config import Installation
from zentrale.settings import Settings
from zentrale.store.db import Database
from zentrale.store.secrets import SecretBox

Clock = Callable[[], datetime]

SETTINGS: web.AppKey[Settings] = web.AppKey("settings", Settings)
INSTALLATION: web.AppKey[Installation] = web.AppKey("installation", Installation)
DATABASE: web.AppKey[Database] = web.AppKey("database", Database)
HTTP: web.AppKey[aiohttp.ClientSession] = web.AppKey("http", aiohttp.ClientSession)
SECRETS: web.AppKey[SecretBox] = web.AppKey("secrets", SecretBox)
# The one clock of the server (timezone-aware UTC): dialogues, the watchdog, the inbox and the
# SMS status callbacks read it. Tests replace it after ``create_app`` and before start-up.
CLOCK: web.AppKey[Clock] = web.AppKey("clock")

__all__ = ["CLOCK", "DATABASE", "HTTP", "INSTALLATION", "SECRETS", "SETTINGS", "Clock"]
