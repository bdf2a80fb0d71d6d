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
from pathlib import Path
from typing import Any

import pytest
import yaml

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.store.models import Activity

from .conftest import STRANGER, WITHHELD, Phone, phone_for, stored


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


pytestmark = pytest.mark.usefixtures("local_engine")


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
    return await phone_for(database, tmp_path, aiohttp_client, config_without_ask)


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
    assert details["Wunschtermin"].startswith("Mittwoch, 2. Dezember, Vormittag (8–12 Uhr)"), details
    assert "Vormittag (8–12 Uhr)" in details["Wunschtermin"], details
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
