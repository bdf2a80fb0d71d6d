"""What the call tests of issue 11 share: a phone that plays a whole call through the real
webhooks (the Twilio call simulator against ``create_app`` with the voice webhooks, the local
intent engine) and returns what the caller heard and the activity the call left behind."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from zentrale.callsim import CallResult, CallSimulator
from zentrale.config import EXAMPLES_DIR, Installation, load_config
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, Call
from zentrale.store.secrets import generate_key
from zentrale.webhooks import voice

TOKEN = "calls-auth-token-0123456789abcdef"
PUBLIC = "https://zentrale.example"
MUELLER = "+4930555010"
STRANGER = "+491705551234"
WITHHELD = "anonymous"
OPEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday 1 December 2026, 10:00 in Berlin: the office is open


class Clock:
    def __init__(self) -> None:
        self.now = OPEN

    def __call__(self) -> datetime:
        return self.now


class Phone:
    def __init__(self, database: Any, base_url: str) -> None:
        self.database = database
        self.base_url = base_url

    async def call(self, caller: str, *sentences: str) -> tuple[CallResult, Activity]:
        async with CallSimulator(self.base_url, TOKEN, public_url=PUBLIC) as twilio:
            result = await twilio.call(caller, MUELLER, list(sentences))
        assert result.error is None, result.transcript()
        async with self.database.read() as session:
            call = await session.scalar(select(Call).where(Call.call_sid == result.call_sid))
            assert call is not None, "the call was not stored"
            [activity] = list(await session.scalars(select(Activity).where(Activity.call_id == call.id)))
        return result, activity


async def phone_for(database: Any, tmp_path: Any, aiohttp_client: Any, installation: Installation) -> Phone:
    """A :class:`Phone` to a server with ``installation``, its clock at :data:`OPEN`."""
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=TOKEN, public_url=PUBLIC)
    app = create_app(settings, installation, database=database, extensions=(voice.install,))
    app[CLOCK] = Clock()
    client = await aiohttp_client(app)
    return Phone(database, str(client.make_url("")).rstrip("/"))


def stored(activity: Activity) -> str:
    """Subject, summary and details of the activity: what the call stored, without the transcript."""
    assert "Gesprächsverlauf:" in activity.text, activity.text
    return activity.subject + "\n" + activity.text.split("Gesprächsverlauf:")[0]


@pytest.fixture
def local_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The local intent engine: no language model in these call tests (``pytestmark =
    pytest.mark.usefixtures("local_engine")`` in a module)."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture
async def phone(database: Any, tmp_path: Any, aiohttp_client: Any) -> Phone:
    """A :class:`Phone` to a server with the example configuration."""
    return await phone_for(database, tmp_path, aiohttp_client, load_config(EXAMPLES_DIR, {}))
