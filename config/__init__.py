"""The YAML business configuration: schema, loading with file:line errors, examples.

Others import from here: ``load_config(path) -> Installation`` and the models.
"""

from pathlib import Path

from zentrale.config.loader import ConfigError, ConfigIssue, Installation, load_config
from zentrale.config.schema import (
    Action,
    ActivitySpec,
    AskItem,
    BusinessConfig,
    BusinessInfo,
    ForwardSpec,
    IntentSettings,
    NotifySpec,
    OpenAISettings,
    StaffConfig,
    TaskConfig,
    TradeSystemConfig,
)

EXAMPLES_DIR = Path(__file__).parent / "examples"

__all__ = [
    "EXAMPLES_DIR",
    "Action",
    "ActivitySpec",
    "AskItem",
    "BusinessConfig",
    "BusinessInfo",
    "ConfigError",
    "ConfigIssue",
    "ForwardSpec",
    "Installation",
    "IntentSettings",
    "NotifySpec",
    "OpenAISettings",
    "StaffConfig",
    "TaskConfig",
    "TradeSystemConfig",
    "load_config",
]
