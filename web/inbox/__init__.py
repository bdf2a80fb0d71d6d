"""The staff inbox: login with invitations, the activity list and detail, the staff admin page.

:func:`install` (listed in :data:`zentrale.server.EXTENSIONS`) adds the routes under ``/inbox``
and the static files; ``zentrale staff invite`` lives in :mod:`zentrale.cli.staff`.
"""

from __future__ import annotations

from aiohttp import web


def install(app: web.Application) -> None:
    from zentrale.web.inbox.pages import install_routes

    install_routes(app)


__all__ = ["install"]
