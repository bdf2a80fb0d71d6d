"""The staff inbox: login with invitations, the activity list and detail, the staff admin page.

Register ``zentrale.web.inbox`` in ``webhooks.app.EXTENSIONS`` (its ``install(app)`` adds the
routes under ``/inbox`` and the static files) and ``zentrale.web.inbox.cli`` in
``cli.COMMAND_MODULES`` (``zentrale staff invite``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

# The inbox's clock (timezone-aware UTC); tests replace it after ``create_app``.
CLOCK: web.AppKey[Callable[[], datetime]] = web.AppKey("inbox_clock", Callable)  # type: ignore[arg-type]


def install(app: web.Application) -> None:
    from zentrale.web.inbox.pages import install_routes

    install_routes(app)


__all__ = ["CLOCK", "install"]
