"""Server-side part of this area, installed by webhooks.app.create_app."""

from __future__ import annotations

from aiohttp import web


def install(app: web.Application) -> None:  # pragma: no cover - filled in
    pass
