"""Dangers denied, explained away, told as past or named only as what is bought, quoted, billed or
inspected are no emergencies; a live danger played down or unsure stays one, and so does one described
without the usual words (a puddle that keeps growing, a shut-off nobody can find, a person collapsed next
to the gas boiler). Sentences of our own; the dev sets tests/data/intents_dev_denials*.tsv were written
before the rules (heizung-mueller 86 lines, 30 emergencies; rauchfangkehrer-huber 16, 6; haustechnik-meier
15, 5).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.intents.evaluation import evaluate, load_cases
from zentrale.bot.intents.local import LocalEngine, dismissed_danger

DATA = Path(__file__).parents[1] / "data"
BERLIN = ZoneInfo("Europe/Berlin")
ZURICH = ZoneInfo("Europe/Zurich")
MONDAY_NIGHT = datetime(2026, 12, 7, 22, 40, tzinfo=BERLIN)
SATURDAY_CH = datetime(2026, 12, 12, 10, 5, tzinfo=ZURICH)


@pytest.mark.parametrize(
    ("engine_name", "cases_file", "at_least"),
    [
        ("de", "intents_dev_denials.tsv", 82 / 86),
        ("at", "intents_dev_denials_rauchfangkehrer.tsv", 14 / 16),
        ("ch", "intents_dev_denials_ch.tsv", 15 / 15),
    ],
)
def test_the_denials_dev_sets_lose_no_emergency_and_raise_no_false_alarm(request, engine_name, cases_file, at_least):
    engine: LocalEngine = request.getfixturevalue(engine_name)
    report = evaluate(engine, load_cases(DATA / cases_file, [t.id for t in engine.tasks]))
    emergency = engine.emergency_task_id
    missed = [case.text for case, _got in report.errors if case.task == emergency]
    false_alarms = [case.text for case, got in report.errors if got == emergency]
    assert report.per_task[emergency].support >= 5
    assert missed == []
    assert false_alarms == []
    assert report.accuracy >= at_least - 0.015, [(c.text, got) for c, got in report.errors]


NO_EMERGENCY_DE = [
    # denied after the danger, with a particle or a place word in between
    ("unsere therme springt nicht an nach abgas stinkt es aber überhaupt nicht", "stoerung"),
    ("gasgeruch ist hier keiner aber der brenner hat eine störung", "stoerung"),
    ("qualm kommt keiner raus die heizung bleibt einfach kalt", "stoerung"),
    ("die therme meldet einen abgasfehler aber riechen tun wir nirgends was", "stoerung"),
    # explained away after a belief, or as a false alarm
    ("wir dachten es riecht verbrannt war aber nur der toaster und jetzt bräuchten wir die wartung der therme", "termin"),
    ("meine frau meinte es qualmt aus der heizung das war aber eh nix ich hätte trotzdem gern einen wartungstermin", "termin"),
    ("der gaswarner hat gestern angeschlagen das war aber ein fehlalarm bitte bei der wartung mal mitprüfen", "termin"),
    ("der rauchmelder im flur piepst ab und zu das ist nur die batterie und die therme sollte gewartet werden", "termin"),
    # long past or over since
    ("vorletztes jahr hatten wir mal einen rohrbruch die rechnung dafür finde ich nicht mehr brauche eine kopie", "rechnung"),
    ("nach dem wasserschaden war ihr monteur da es ist alles trocken aber er wollte mich noch zurückrufen", "rueckruf"),
    # bought, quoted or adjusted
    ("was kostet bei ihnen ein wassermelder gegen überschwemmung im keller", "angebot"),
    ("der schornsteinfeger sagt die werte sind knapp ich soll den brenner neu einstellen lassen", "termin"),
    # a blocked floor drain with water standing over it, a limed-up boiler that hisses
    ("in der waschküche ist der gully verstopft und da steht jetzt das wasser", "sanitaer"),
    ("der warmwasserspeicher zischt beim aufheizen der ist wohl verkalkt können sie den entkalken", "termin"),
    # a plumbing problem now plus a price question on the side
    ("der wasserhahn im bad tropft dauernd und was kostet eigentlich so eine neue dusche", "sanitaer"),
    # the rooms between the heating and "ist aus"; a callback owed about a repair after damage now dry
    ("die heizung im arbeitszimmer und im bad ist aus aber es ist mild draußen eilt nicht", "stoerung"),
    (
        "nach dem rohrbruch ist alles wieder trocken der monteur wollte mich wegen der reparatur anrufen hat er aber nicht",
        "rueckruf",
    ),
    # a sewer smell, a check of the gas pipe, looking for work
    ("aus dem bodenablauf in der waschküche stinkt es nach abwasser", "sanitaer"),
    ("wir bräuchten eine dichtheitsprüfung für die gasleitung im keller", "termin"),
    ("servus i suach grad a arbeit als installateur habts ihr was", "bewerbung"),
    # dialect
    ("bei uns jeht die therme nich mehr an", "stoerung"),
    ("wir haben keen warmes wasser mehr aus der dusche kommt nur kaltes", "stoerung"),
]


@pytest.mark.parametrize(("text", "task"), NO_EMERGENCY_DE)
def test_a_denied_past_or_bought_danger_is_no_emergency(de, text, task):
    assert de.classify_sync(text).task == task


EMERGENCIES_DE = [
    # played down or unsure, still live
    "im keller riecht es nach gas nicht stark aber man riecht es",
    "nach gas riecht es nicht mehr so stark aber immer noch",
    "ich glaube es riecht nach gas bin mir aber nicht sicher",
    "kein notfall hoffe ich aber aus der therme kommt rauch",
    # back again after the past one
    "vor zwei wochen hatten wir schon einen rohrbruch jetzt läuft schon wieder wasser aus der wand",
    # explained first, then the real danger
    "ich dachte zuerst das ist der grill von nebenan aber der qualm kommt aus unserem heizraum",
    # the battery changed and it still beeps
    "der co melder piept obwohl wir die batterie gewechselt haben",
    # without the usual words
    "unter der therme wird die pfütze immer größer",
    "ich finde den haupthahn nicht und das wasser läuft über den boden",
    "ich weiß nicht wie man das wasser abdreht es rinnt unter der spüle raus",
    "im heizungskeller ist mein opa zusammengebrochen der notarzt ist unterwegs",
    "mein mann liegt neben der gastherme und ist nicht ansprechbar",
]


@pytest.mark.parametrize("text", EMERGENCIES_DE)
def test_a_live_danger_stays_an_emergency(de, text):
    assert de.classify_sync(text).task == "notfall"


def test_swiss_and_austrian_denials_and_dangers(at, ch):
    assert ch.classify_sync("de boiler chlöpft und zischt bim ufheize er isch verchalcht chönd ihr en service mache").task == (
        "service"
    )
    assert ch.classify_sync("mir händ gmeint es schmöckt nach rauch isch aber nüt gsi de herr meier söll zruggrüefe").task == (
        "rueckruf"
    )
    assert ch.classify_sync("letscht johr hätted mir e überschwemmig im chäller gha wo isch d rechnig dervo").task == "rechnung"
    assert ch.classify_sync("es schmöckt nach gas im chäller nöd fescht aber doch").task == "notfall"
    assert at.classify_sync(
        "wir haben geglaubt es raucht aus dem rauchfang war aber nur dampf der meister soll mich anrufen"
    ).task == ("rueckruf")
    assert at.classify_sync("nach dem rauchfangbrand im vorjahr braucht die versicherung einen befund").task == "befund"
    assert at.classify_sync("im stiegenhaus riecht es ein bisserl nach rauch ned stark aber doch").task == "notfall"
    assert at.classify_sync("könnte wer unseren rauchfang anschauen ob da alles passt").task == "ueberpruefung"


async def test_a_growing_puddle_nobody_can_shut_off_is_an_emergency_call(mueller):
    call = Call(mueller, MONDAY_NIGHT)
    await call.start("anonymous")
    await call.say(
        "unter dem warmwasserspeicher im keller wird die wasserpfütze immer größer und ich weiß nicht wo man das abdreht"
    )
    assert call.state.task_id == "notfall"
    assert call.state.hazard == "water"


async def test_a_limed_boiler_that_hisses_is_a_service_call(meier):
    call = Call(meier, SATURDAY_CH)
    await call.start("+41445550123")
    await call.say(
        "grüezi üse boiler zischt und chlöpft bim ufheize de isch verchalcht chönd mer en termin zum entchalche abmache"
    )
    assert call.state.task_id == "service"
    assert call.state.hazard is None


DISMISSED = [
    "ich dachte erst es qualmt aus dem kamin aber das war nur der grill vom nachbarn",
    "vorletzte woche hatten wir einen rohrbruch und jetzt ist die rechnung gekommen",
    "nach gas riecht es aber überhaupt nicht die therme geht nur nicht an",
    "was kostet ein wassermelder gegen überschwemmung",
]
LIVE = [
    "es riecht nach gas aber nicht stark",
    "ich dachte es ist der grill aber der rauch kommt aus unserem keller",
    "kein gasgeruch aber das wasser läuft aus der wand und hört nicht auf",
    "letztes jahr hatten wir schon einen rohrbruch und jetzt läuft wieder wasser aus der decke",
]


@pytest.mark.parametrize("text", DISMISSED)
def test_rules_outside_the_engine_can_ask_whether_a_danger_was_dismissed(text):
    assert dismissed_danger(text)


@pytest.mark.parametrize("text", [*LIVE, "", "die heizung ist kalt"])
def test_a_live_danger_or_none_is_not_dismissed(text):
    assert not dismissed_danger(text)
