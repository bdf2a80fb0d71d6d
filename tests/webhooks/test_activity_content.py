"""Issue 11: what the caller says about the matter ends up in the activity's summary and details.

Seen on main: without ``ask`` items in the task nothing was extracted — the read-back was only
the task's name, the summary was the caller's words run together, cut at about 200 characters
and padded with "ja passt"; "fehler f achtundzwanzig" never became "F28"; device, error code
and dates lived only in the transcript.

Each test plays a whole call through the real webhooks (the Twilio call simulator against
``create_app``, the local intent engine) with the German example business whose tasks have
their ``ask`` items removed, and reads the stored activity: the summary and the labelled
details (everything before "Gesprächsverlauf"), never only the transcript.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from zentrale.callsim import CallResult, CallSimulator
from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, Call
from zentrale.store.secrets import generate_key
from zentrale.webhooks import voice

TOKEN = "activity-auth-token-0123456789abcdef"
PUBLIC = "https://zentrale.example"
MUELLER = "+4930555010"
STRANGER = "+491705551234"
WITHHELD = "anonymous"
# Tuesday 1 December 2026, 10:00 in Berlin: the office is open.
OPEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


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


def stored(activity: Activity) -> str:
    """Subject, summary and details: what the call stored, without the transcript."""
    assert "Gesprächsverlauf:" in activity.text, activity.text
    return activity.subject + "\n" + activity.text.split("Gesprächsverlauf:")[0]


def summary_of(activity: Activity) -> str:
    match = re.search(r"^Zusammenfassung: (.+)$", activity.text, re.MULTILINE)
    assert match, activity.text
    return match.group(1)


def details_of(activity: Activity) -> dict[str, str]:
    """The labelled list under "Angaben:" as label → value."""
    block = activity.text.split("Angaben:\n", 1)
    assert len(block) == 2, activity.text
    lines = block[1].split("\n\n", 1)[0].splitlines()
    return dict(line[2:].split(": ", 1) for line in lines if line.startswith("- "))


@pytest.fixture(autouse=True)
def local_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # the local engine: no language model in tests
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture
def config_without_ask(tmp_path: Path) -> Any:
    """The example heating business with every task's ``ask`` items removed."""
    data = yaml.safe_load((Path(EXAMPLES_DIR) / "heizung-mueller.yaml").read_text(encoding="utf-8"))
    for task in data["tasks"]:
        task.pop("ask", None)
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "heizung-mueller.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(folder, {})


@pytest.fixture
async def phone(database: Any, tmp_path: Path, aiohttp_client: Any, config_without_ask: Any) -> Phone:
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=TOKEN, public_url=PUBLIC)
    app = create_app(settings, config_without_ask, database=database, extensions=(voice.install,))
    app[CLOCK] = Clock()
    client = await aiohttp_client(app)
    return Phone(database, str(client.make_url("")).rstrip("/"))


async def test_device_and_spoken_error_code_reach_summary_details_and_read_back(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER,
        "ja hallo unsere gastherme von vaillant zeigt fehler f achtundzwanzig und die wohnung ist kalt",
        "Karin Vogel",
        "Musterstraße 12 in 10115 Berlin",
        "ja passt",
    )
    assert activity.task_id == "stoerung", result.transcript()
    summary = summary_of(activity)
    assert "Vaillant Gastherme zeigt F28" in summary, summary
    details = details_of(activity)
    assert details["Gerät"] == "Vaillant Gastherme", details
    assert "F28" in details["Fehlerbild"], details
    assert details["Name"] == "Karin Vogel", details
    # The read-back names the details, not only the task.
    readback = next(line for line in result.said() if "stimmt" in line.lower() or "richtig" in line.lower())
    assert "F28" in readback or "F 28" in readback, result.transcript()
    assert "Vaillant" in readback, result.transcript()
    # The number the call came from is where the technician calls back.
    assert "Rückruf erbeten unter 0170 5551234" in summary, summary


async def test_wished_date_and_callback_number_are_details_not_only_transcript(phone: Phone) -> None:
    result, activity = await phone.call(
        WITHHELD,
        "ich brauche einen termin für die wartung von meiner buderus heizung am besten nächsten mittwoch vormittag",
        "Vogel, Karin Vogel",
        "null drei null eins zwei drei vier fünf sechs sieben, erreichbar bin ich ab sechzehn uhr",
        "ja",
    )
    assert activity.task_id == "termin", result.transcript()
    text = stored(activity)
    details = details_of(activity)
    assert details["Rückrufnummer"] == "030 123 45 67", details
    assert details["Name"] == "Karin Vogel", details
    assert details["Gerät"].startswith("Buderus"), details
    # "nächsten Mittwoch Vormittag", said on Tuesday 1 December: a date in December after the
    # call (not after the test machine's clock) and the hours of the morning.
    assert details["Wunschtermin"].startswith("Mittwoch, 2. Dezember, vormittags (8–12 Uhr)"), details
    assert "vormittags (8–12 Uhr)" in details["Wunschtermin"], details
    summary = summary_of(activity)
    assert "Rückruf erbeten unter 030 1234567" in summary, summary
    assert "Karin Vogel" in activity.subject and "Vogel Karin" not in text, text


async def test_the_summary_is_no_run_of_the_callers_words_and_never_cut(phone: Phone) -> None:
    """Without a recognised matter the summary quotes one whole utterance, never the words
    of several turns run together, never cut with an ellipsis, never "ja passt"."""
    long_question = (
        "ich wollte mal fragen ob sie eigentlich auch die dachrinnen bei uns am haus reinigen weil da so viel laub "
        "drin ist und das wasser läuft schon über die kante und mein nachbar meinte sie machen so etwas vielleicht"
    )
    _result, activity = await phone.call(WITHHELD, "ähm ja hallo", long_question, "keine ahnung", "Karin Vogel", "ja passt")
    summary = summary_of(activity)
    assert "…" not in summary and "..." not in summary, summary
    assert "ja passt" not in summary and "ähm ja hallo" not in summary, summary
    assert long_question[:60] not in summary or long_question in summary, summary  # whole or not at all
    assert "hallo ich wollte" not in summary, summary  # no two turns run together
    # Every word is still there, whole, in the transcript.
    assert f"Anrufer: {long_question}" in activity.text


async def test_a_technician_reads_the_matter_not_the_callers_words(phone: Phone) -> None:
    _result, activity = await phone.call(
        STRANGER,
        "grüß gott also bei uns ist die heizung ausgefallen die buderus zeigt fehler e eins drei drei "
        "und wir haben seit heute früh kein warmes wasser mehr und es ist wirklich sehr kalt hier im haus",
        "Huber Sepp",
        "ja genau",
    )
    summary = summary_of(activity)
    assert "Buderus zeigt E133" in summary, summary
    assert "kein Warmwasser" in summary, summary
    assert "grüß gott" not in summary.lower() and "Gesagt wurde" not in summary, summary
    assert len(re.findall(r"[.!?](?:\s|$)", summary)) <= 3, summary


async def test_an_estimate_number_is_a_detail(phone: Phone) -> None:
    result, activity = await phone.call(
        STRANGER,
        "es geht um den voranschlag nummer a b zwei drei vier fünf den würden wir gerne annehmen",
        "Karin Vogel",
        "ja",
    )
    details = details_of(activity)
    assert details.get("Angebotsnummer") == "AB2345", (details, result.transcript())
    assert "AB2345" in summary_of(activity)
