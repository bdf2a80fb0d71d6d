"""Choose and build the intent engine for one business.

``local``  — the offline classifier (no network, no model download).
``openai`` — an OpenAI-compatible language model, with the local engine as fallback.
``auto``   — ``openai`` when an API key or a base URL is configured, else ``local``.

The key comes from ``intents.openai.api_key`` or ``OPENAI_API_KEY``, the base URL from
``intents.openai.base_url`` or ``OPENAI_BASE_URL``. A base URL alone is enough for local
servers (vLLM, Ollama, llama.cpp) that need no key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import SecretStr

from zentrale.bot.intents.base import IntentEngine
from zentrale.config.schema import BusinessConfig
from zentrale.errors import CliError

ENGINE_CHOICES = ("local", "openai", "auto")
DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"


class EngineConfigError(CliError):
    """The chosen engine cannot be built from the configuration (the message says what to set)."""


def _secret(value: SecretStr | str | None) -> str | None:
    if value is None:
        return None
    text = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    return text.strip() or None


def _env(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "")
    return value.strip() or None


def _staff_names(business_config: BusinessConfig) -> list[str]:
    """The words of the staff's names that name a person: not those of the business's own name
    ("Heizung Müller": "ist das die Firma Müller" asks for the firm, not for Klaus Müller)."""
    from zentrale.bot.intents.normalize import tokenize

    firm = set(tokenize(business_config.business.name or ""))
    return [word for person in business_config.staff for word in tokenize(person.name) if word not in firm]


def build_local_engine(business_config: BusinessConfig) -> IntentEngine:
    from zentrale.bot.intents.local import LocalEngine

    return LocalEngine(
        business_config.tasks,
        threshold=business_config.intents.confidence_threshold,
        region=business_config.business.region,
        timezone=business_config.business.timezone or "Europe/Berlin",
        staff_names=_staff_names(business_config),
    )


def build_engine(
    business_config: BusinessConfig, *, engine: str | None = None, environ: Mapping[str, str] | None = None
) -> IntentEngine:
    """The intent engine for ``business_config`` (a ``zentrale.config`` ``BusinessConfig``).

    ``engine`` overrides ``intents.engine``; ``environ`` defaults to ``os.environ``.
    Raises :class:`EngineConfigError` when ``openai`` is chosen but nothing says where to send requests.
    """
    env = os.environ if environ is None else environ
    intents = business_config.intents
    choice = (engine or intents.engine or "auto").lower()
    if choice not in ENGINE_CHOICES:
        raise EngineConfigError(f"unknown intent engine {choice!r}; choose one of: {', '.join(ENGINE_CHOICES)}")

    api_key = _secret(intents.openai.api_key) or _env(env, "OPENAI_API_KEY")
    base_url = _secret(intents.openai.base_url) or _env(env, "OPENAI_BASE_URL")
    llm_configured = api_key is not None or base_url is not None

    if choice == "local" or (choice == "auto" and not llm_configured):
        return build_local_engine(business_config)
    if not llm_configured:
        raise EngineConfigError(
            f"business {business_config.business.id!r}: the openai intent engine needs an API key or a base URL; "
            "set intents.openai.api_key / OPENAI_API_KEY, or intents.openai.base_url / OPENAI_BASE_URL "
            "for a local OpenAI-compatible server, or use --engine local"
        )

    from zentrale.bot.intents.openai_engine import OpenAIEngine

    info = business_config.business
    return OpenAIEngine(
        business_config.tasks,
        model=intents.openai.model,
        api_key=api_key,
        base_url=base_url or DEFAULT_OPENAI_BASE_URL,
        budget_seconds=intents.budget_seconds,
        fallback=build_local_engine(business_config),
        region=info.region,
        timezone=info.timezone or "Europe/Berlin",
        business_id=info.id,
        business_name=info.name,
    )
