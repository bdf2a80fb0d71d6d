"""Call reasons and false alarms the local engine got wrong, in sentences of our own (not the dev sets'):

- what a display says ("im Display steht was von zu wenig Wasser") is no water standing in the house;
- "hilft nix" after a restart is no plea for help; a noise or a code in the frost is a fault (a heating
  out or cold in the frost stays the emergency);
- a number word ("neunzehn") has no parts: no "neu" of a new heating in a house number;
- a cistern's "Schwimmer" (float) is nothing that swims; a tap that drips and will not close properly
  is a leak, no running water; a shower that does not drain with water standing in it is plumbing;
- "aus Bad Nauheim" is a town, no bathroom; "von der Firma Gruber Bau" a firm, no building wished;
- "hat der Monteur letztes Jahr schon gesagt" about a job is no callback owed; a missed call returned
  with its reason only guessed at is the callback;
- a heat pump installed years ago or to be serviced is the service, no new heating;
- a reason only the office answers (an application) where no task is for it goes to the callback;
- a bill said to be fine and then a fault: the fault; the price of a service with a booking wished: the booking;
- "das ist ja keine Rechnung, das ist das Angebot", "nicht so ne Rechnung, ich mein …": the first
  reason taken back.
Near misses stay what they were.
"""

from __future__ import annotations

import pytest

from zentrale.bot.dangers import hazard_kind
from zentrale.bot.intents.base import DialogueContext
from zentrale.bot.intents.local import LocalEngine


def _fold(text: str) -> str:
    from zentrale.bot.dialogue import _fold as fold

    return fold(text)


# ---- false emergencies

DE_NO_EMERGENCY = [
    ("die therme ist kalt und auf dem display steht irgendwas von zu wenig wasser", "stoerung"),
    ("meine gastherme zeigt f zweiundzwanzig, die heizung bleibt kalt, im display steht wassermangel", "stoerung"),
    ("seit es so friert brummt die wärmepumpe ganz laut und zeigt e drei eins, aus und wieder an hilft nix", "stoerung"),
    ("draußen ist frost und die wärmepumpe macht seit heute früh so ein klopfen", "stoerung"),
    ("beim klo im bad läuft die spülung dauernd nach, ich hab schon am schwimmer gedreht, bringt nichts", "sanitaer"),
    ("die mischbatterie in der küche tropft und lässt sich nicht mehr richtig zudrehen", "sanitaer"),
    ("die badewanne läuft nicht mehr ab, das wasser steht fünf zentimeter hoch drin", "sanitaer"),
]


@pytest.mark.parametrize(("text", "task"), DE_NO_EMERGENCY)
def test_no_false_emergency(de: LocalEngine, text: str, task: str) -> None:
    assert de.danger_task(text) is None
    assert de.classify_sync(text).task == task


DE_STILL_EMERGENCY = [
    "seit dem frost ist die heizung komplett aus und es hat minus zwölf grad",
    "bei minus zehn grad ist die therme ausgefallen, sie zeigt f achtundzwanzig",
    "das wasser läuft aus dem hahn und ich krieg ihn nicht zu",
    "im keller steht das wasser zehn zentimeter hoch",
    "die badewanne läuft über, das ganze bad ist nass",
    "wir frieren seit dem frost, die wärmepumpe brummt nur noch",
    "im display steht ein fehler und im keller steht wasser",
    "der keller ist überschwemmt, alles schwimmt",
]


@pytest.mark.parametrize("text", DE_STILL_EMERGENCY)
def test_real_emergencies_stay(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall"


@pytest.mark.parametrize(
    "text",
    [
        "die badewanne läuft nicht mehr ab, das wasser steht fünf zentimeter hoch drin",
        "d dusche lauft nöd ab, s wasser staht zäh zentimeter hoch",
    ],
)
def test_blocked_fixture_is_no_water_hazard(text: str) -> None:
    assert hazard_kind(_fold(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "im keller steht das wasser zehn zentimeter hoch",
        "die dusche ist verstopft und im bad steht das wasser zehn zentimeter hoch auf dem boden",
    ],
)
def test_standing_water_in_a_room_stays_a_hazard(text: str) -> None:
    assert hazard_kind(_fold(text)) == "water"


def test_a_house_number_is_no_new_heating(de: LocalEngine) -> None:
    text = "wir haben eine wärmepumpe, die brummt seit gestern, wir wohnen in der lindenstraße neunzehn"
    assert de.classify_sync(text).task == "stoerung"


# ---- what the caller wants

DE_REASONS = [
    (
        "hier ist frau jung aus bad homburg, der monteur wollte sich wegen dem heizkörper melden und hat er aber nicht",
        "rueckruf",
    ),
    ("ich hab einen verpassten anruf von ihnen, vielleicht wegen dem angebot oder wegen der wartung", "rueckruf"),
    ("die wärmepumpe haben wir vor drei jahren bei ihnen einbauen lassen, die müsste jetzt gewartet werden", "termin"),
    ("unsere wärmepumpe sollte mal gewartet werden", "termin"),
    (
        "ich hab eine frage zu ihrer rechnung, die ist angekommen, passt alles, aber seit gestern geht die therme nicht mehr an",
        "stoerung",
    ),
    ("was kostet bei ihnen eine wartung für die gastherme, ich würde gern einen termin ausmachen", "termin"),
]


@pytest.mark.parametrize(("text", "task"), DE_REASONS)
def test_de_reasons(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task


DE_NEAR_MISSES = [
    ("was kostet eine wartung bei ihnen", "angebot"),
    ("ich habe eine frage zur rechnung, da steht die reparatur der therme drauf", "rechnung"),
    ("wir möchten eine wärmepumpe einbauen lassen", "neue-heizung"),
    ("wir haben vor, eine wärmepumpe einbauen zu lassen, was gibt es da an förderung", "neue-heizung"),
    ("die heizung geht nicht, aber es ist nicht kalt draußen", "stoerung"),
]


@pytest.mark.parametrize(("text", "task"), DE_NEAR_MISSES)
def test_de_near_misses_stay(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task


def test_at_firm_name_is_no_building_wish(at: LocalEngine) -> None:
    text = "grüß gott, da ist der polier von der firma gruber bau, der herr huber soll mich bitte zurückrufen"
    assert at.classify_sync(text).task == "rueckruf"


CH_REASONS = [
    (
        "de monteur hät letscht johr scho gseit mir söttid de boiler entchalche, und grad no de service vo de gasheizig,"
        " erreiche chönd si mi am namittag",
        "service",
    ),
    ("ich ha en verpasste aaruef vo ihne, ich weiss nöd wer mi gsuecht hät, vilicht wäg de offerte", "rueckruf"),
    ("mir händ e wärmepumpe und die sött mal en service ha", "service"),
    ("was chostet bi ihne en service für e ölheizig, ich würd gern eine abmache", "service"),
    ("ich suech e lehrstell als heizungsinstallateur, wem chan ich d bewerbig schicke", "rueckruf"),
]


@pytest.mark.parametrize(("text", "task"), CH_REASONS)
def test_ch_reasons(ch: LocalEngine, text: str, task: str) -> None:
    assert ch.classify_sync(text).task == task


def test_ch_plumbing_without_a_task_is_still_asked_again(at: LocalEngine) -> None:
    # A job the firm does not do is asked again; only an office matter goes to the callback.
    assert at.classify_sync("das klo läuft über").task is None


# ---- the first reason taken back (said to the name question of a call about a bill)


def test_no_bill_but_the_offer(de: LocalEngine) -> None:
    text = "ach quatsch, das ist ja gar keine rechnung, das ist das angebot für die neue dusche, da fehlt was"
    got = de.classify_sync(text, DialogueContext(current_task="rechnung"))
    assert got.task == "angebot"


def test_not_such_a_bill_i_mean(de: LocalEngine) -> None:
    text = "nee, nicht so ne rechnung, ich mein ich überlege ob sich eine wärmepumpe lohnt und was es an förderung gibt"
    assert de.classify_sync(text, DialogueContext(current_task="rechnung")).task == "neue-heizung"


def test_a_verb_denied_takes_nothing_back(de: LocalEngine) -> None:
    # "geht nicht, aber es ist …": no thing denied, nothing taken back.
    got = de.classify_sync("die heizung geht nicht, aber es ist nicht kalt draußen")
    assert got.task == "stoerung" and "retracted_first_reason" not in got.reason


def test_the_reason_denied_at_the_start_then_a_new_sentence(de: LocalEngine) -> None:
    text = "also nicht direkt einen termin, wir haben ihr angebot für die neue dusche bekommen und nehmen das an"
    got = de.classify_sync(text, DialogueContext(current_task="termin"))
    assert got.task == "angebot" and "retracted_first_reason" in got.reason


def test_that_is_why_i_call_marks_the_reason_that_follows(de: LocalEngine) -> None:
    text = "ehrlich gesagt, deswegen ruf ich an, die heizkörper oben werden nur noch lauwarm und es gluckert"
    got = de.classify_sync(text, DialogueContext(current_task="termin"))
    assert got.task == "stoerung" and "retracted_first_reason" in got.reason


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("keine heizung, ich habe kein warmes wasser", "stoerung"),
        ("ich hab noch keine rechnung, wir warten noch drauf", "rechnung"),
        ("die heizung ist kalt, drum ruf ich an", "stoerung"),
    ],
)
def test_nothing_taken_back_stays(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task
