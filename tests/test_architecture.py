"""Rules of the house that import-linter cannot see: SQL is built only in ``store/``, and
``webhooks/`` serves only Twilio. (The layers themselves are a contract in pyproject.toml.)"""

from __future__ import annotations

import ast
from pathlib import Path

from aiohttp import web

import zentrale
from zentrale import runtime
from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.settings import Settings
from zentrale.webhooks import sms, voice

ROOT = Path(zentrale.__file__).resolve().parent
NOT_PACKAGE = {"tests", "benchmarks", ".venv", "build", "var", "docs"}
# What a module outside store/ may take from SQLAlchemy: the types of the session or connection a
# repository function is called with, nothing that builds a statement.
SESSION_TYPES = {"Connection", "AsyncSession"}


def package_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not (set(path.relative_to(ROOT).parts[:-1]) & NOT_PACKAGE) and path.relative_to(ROOT).parts[0] != "store"
    ]


def sqlalchemy_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            found += [f"from {node.module} import {a.name}" for a in node.names if a.name not in SESSION_TYPES]
    return found


def test_no_module_outside_store_builds_sql() -> None:
    modules = package_modules()
    assert len(modules) > 50  # the walk found the package, not an empty folder
    offenders = {str(p.relative_to(ROOT)): imports for p in modules if (imports := sqlalchemy_imports(p))}
    assert offenders == {}


def test_the_check_sees_a_statement_builder(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text("from sqlalchemy import Connection, select\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert sqlalchemy_imports(module) == ["from sqlalchemy import select", "import sqlalchemy.orm"]


def test_webhooks_serve_only_twilio() -> None:
    app = web.Application()
    app[runtime.SETTINGS] = Settings()
    app[runtime.INSTALLATION] = load_config(EXAMPLES_DIR)
    voice.install(app)
    sms.install(app)
    paths = {resource.canonical for resource in app.router.resources()}
    assert paths and all(path.startswith("/twilio/") for path in paths), paths
