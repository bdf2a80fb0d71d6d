"""The Jinja2 environment of zentrale's pages and the helpers handlers use to answer with HTML."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/static/"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Autoescaping everywhere (names and errors come from outside); undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = lambda name: f"{STATIC_PREFIX}{name}"
    env.filters["de_datetime"] = _de_datetime
    return env


def _de_datetime(value: Any) -> str:
    if value is None:
        return "–"
    return str(value.strftime("%d.%m.%Y %H:%M UTC"))


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def html_response(name: str, *, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> web.Response:
    response = web.Response(text=render(name, **context), status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def install_static(app: web.Application) -> None:
    """Serve ``web/static`` under ``/static/`` (once per app, whoever installs first)."""
    if "static" not in app.router.named_resources():
        app.router.add_static(STATIC_PREFIX, STATIC_DIR, name="static")
