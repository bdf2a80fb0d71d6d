"""CLI commands of this area."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # pragma: no cover - filled in
    pass
