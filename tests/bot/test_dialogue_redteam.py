"""Real, live emergencies said with the words the dialogue's false-alarm vetoes key on (see
tests/data/emergency_redteam_dialogue.tsv): a denial next to another danger, "ich dachte … war aber"
before a live danger, Berlin "keen" / Bavarian "koa" about one thing, a detector that alarms without
the usual verbs (a reading, "ist an", a person who feels ill), a danger that was over and is back.
Every one stays an emergency with the advice of its kind — a missed emergency is far worse than a
false alarm."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.dangers import hazard_kind, mentions_gas
from zentrale.bot.dialogue import _fold

REDTEAM = Path(__file__).resolve().parents[1] / "data" / "emergency_redteam_dialogue.tsv"
ZONES = {"mueller": "Europe/Berlin", "huber": "Europe/Vienna", "meier": "Europe/Zurich"}
CALLERS = {"mueller": "+491715550199", "huber": "+436601112233", "meier": "+41796667788"}
ADVICE = {
    "gas": ("Bei Gasgeruch",),
    "smoke": ("Bei Rauch oder Feuer",),
    "co": ("Kohlenmonoxid",),
    "water": ("Hauptwasserhahn", "Haupthahn"),
    "oil": ("Heizöl",),
}


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in REDTEAM.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rid, business, kind, text = line.split("\t")
            rows.append((rid, business, kind, text))
    return rows


@pytest.fixture(scope="module")
def businesses(mueller, huber, meier):
    return {"mueller": mueller, "huber": huber, "meier": meier}


@pytest.mark.parametrize(("rid", "business", "kind", "text"), _rows(), ids=[row[0] for row in _rows()])
async def test_a_live_emergency_near_dismissal_words_stays_an_emergency(businesses, rid, business, kind, text):
    call = Call(businesses[business], datetime(2027, 1, 19, 10, 0, tzinfo=ZoneInfo(ZONES[business])))
    await call.start(CALLERS[business])
    await call.say(text)
    assert call.state.task_id == "notfall", call.heard
    wanted = [advice for one in kind.split("|") for advice in ADVICE[one]]
    assert any(advice in call.heard for advice in wanted), call.heard


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # a detector with a reading, a person who feels ill, or alarming in other words
        ("Der CO-Melder im Flur zeigt 120 an", "co"),
        ("Unser Kohlenmonoxidwarner zeigt vierhundert ppm", "co"),
        ("Der CO-Warner spinnt und meinem Mann ist total übel", "co"),
        ("Der Rauchmelder im Heizraum ist an und es riecht verschmort", "smoke"),
        ("Der CO-Melder ist gerade angesprungen", "co"),
        ("Der CO-Melder geht nicht mehr aus", "co"),
        # the battery only thought of, or a reading despite it
        ("Der CO-Melder piept, ich dachte erst an die Batterie, aber mir ist schwindlig", "co"),
        # a smoke denial next to a CO alarm: CO, not smoke
        ("Kein Rauch, aber der CO-Melder piept und mir ist schwindlig", "co"),
        # a person lying by the boiler
        ("Mein Vater liegt im Keller am Boden neben der Therme und rührt sich nicht", "co"),
    ],
)
def test_a_detector_or_a_person_ill_is_an_emergency_of_its_kind(sentence, kind):
    assert hazard_kind(_fold(sentence)) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Gasmelder im Keller schreit",
        "Der Gaswarner zeigt Gas an",
        # a denial of something else, and no denial of the smell ("keine Ahnung", "nicht nur", "nicht so stark")
        "es riecht nach gas keine ahnung woher",
        "es stinkt nach gas nicht nur in der küche",
        "es riecht nicht so stark nach gas aber es riecht",
        # only thought, then played down, no explanation: still gas
        "ich hab gedacht es riecht nach gas, es ist nur ganz schwach, aber es wird mehr",
    ],
)
def test_gas_played_down_or_next_to_another_denial_is_gas(sentence):
    assert mentions_gas(_fold(sentence))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # over once, back now: the danger of now counts
        ("Letzten Winter hatten wir einen Kaminbrand und jetzt kommen wieder Funken raus", "smoke"),
        ("Letztes Jahr hatten wir einen Rohrbruch, jetzt ist schon wieder ein Rohr geplatzt", "water"),
        ("Der Wasserschaden letzten Monat war schlimm, heute steht der Keller wieder unter Wasser", "water"),
        # a dialect article before the chimney ("brennt da Rauchfang") and "koa Spaß"
        ("des is koa spaß, bei uns brennt da rauchfang", "smoke"),
    ],
)
def test_a_danger_that_was_over_and_is_back_is_an_emergency(sentence, kind):
    assert hazard_kind(_fold(sentence)) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        # explained away, thought and nothing, a detector's battery or purchase: no alarm from the rules themselves
        "ich hab gedacht es brennt was aber das war nur der grill vom nachbarn, die therme muss gewartet werden",
        "unser co warner piepst jede halbe stunde kurz und im display steht batterie",
        "ich möchte einen co melder neben der therme montieren lassen, was kostet das",
    ],
)
def test_a_danger_only_dismissed_is_still_no_hazard(sentence):
    folded = _fold(sentence)
    assert hazard_kind(folded) is None and not mentions_gas(folded)
