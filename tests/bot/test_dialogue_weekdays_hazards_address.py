"""Calls played through the dialogue: a promise for a later working day names the day, a danger
denied in dialect or explained as harmless raises no alarm, a beeping box with "c o" on it is a
CO alarm, the onset and the person a call is about are kept, and in an emergency the address an
unknown caller gave is read back once so a corrected house number reaches the on-call technician."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.dangers import hazard_kind, mentions_gas
from zentrale.bot.dialogue import CallerCandidate, _fold

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
FRIDAY_AFTERNOON = datetime(2027, 1, 22, 15, 0, tzinfo=BERLIN)  # closed since 13:00
SATURDAY_MORNING = datetime(2027, 1, 23, 10, 0, tzinfo=BERLIN)
SUNDAY_EVENING = datetime(2027, 1, 24, 19, 0, tzinfo=BERLIN)  # Monday is tomorrow
FRIDAY_AFTERNOON_AT = datetime(2027, 1, 22, 15, 0, tzinfo=VIENNA)  # closed since 12:00
WEDNESDAY_NIGHT = datetime(2027, 1, 20, 23, 15, tzinfo=BERLIN)
MONDAY_MORNING_CH = datetime(2027, 1, 18, 7, 30, tzinfo=ZURICH)
MONDAY_MORNING_AT = datetime(2027, 1, 25, 9, 20, tzinfo=VIENNA)
CALLER = "+491715550199"
MUSTERMANN = CallerCandidate("MUS01", "Mustermann, Max", "Herr")


# --------------------------------------------------------------------------------------------
# the promise names the day


@pytest.mark.parametrize("moment", [FRIDAY_AFTERNOON, SATURDAY_MORNING], ids=["friday-afternoon", "saturday"])
async def test_a_callback_after_the_weekend_names_monday(mueller, moment):
    """'am nächsten Werktag' left callers guessing; Friday afternoon and Saturday say Monday."""
    call = Call(mueller, moment, back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    end = await call.say("Ich habe eine Frage zu meiner Rechnung", "nein", "ja")
    assert end.kind == "end"
    assert "Sabine Berger ruft Sie am Montag zurück." in end.text, call.heard
    assert "Werktag" not in call.heard and "morgen" not in end.text


async def test_sunday_evening_still_says_tomorrow(mueller):
    call = Call(mueller, SUNDAY_EVENING, back_on_forward=False)  # a callback wish: follow-up 4 h, handled Monday morning
    await call.start(CALLER, [MUSTERMANN])
    await call.say("Können Sie mich bitte zurückrufen?")
    end = await call.until_end("ist egal")
    assert "ruft Sie morgen zurück." in end.text, call.heard


async def test_austria_friday_afternoon_names_monday_for_the_master(huber):
    call = Call(huber, FRIDAY_AFTERNOON_AT, back_on_forward=False)
    await call.start("anonymous")
    end = await call.say(
        "grüß gott könnt mich der herr huber zurückrufen ich hätt was zu besprechen mit dem meister",
        "alois gruber",
        "null sechs sechs null acht acht vier zwei sieben eins sechs",
    )
    end = await call.until_end("am montag in der früh wenns geht")
    assert "am Montag zurück" in end.text or "am Montag bei Ihnen" in end.text, call.heard
    assert "nächsten Werktag" not in call.heard


async def test_without_a_number_the_caller_is_asked_to_call_again_on_monday(mueller):
    call = Call(mueller, FRIDAY_AFTERNOON, back_on_forward=False)
    await call.start("anonymous")
    await call.say("Ich habe eine Frage zu meiner Rechnung", "Anna Schmidt", "die weiß ich nicht")
    end = await call.until_end("nicht zur Hand")
    assert "Bitte rufen Sie uns am Montag noch einmal an." in end.text, call.heard


# --------------------------------------------------------------------------------------------
# dangers denied in dialect, explained as harmless, or told in other words


async def test_swiss_gas_denied_with_noed_raises_no_alarm(meier):
    call = Call(meier, MONDAY_MORNING_CH, back_on_forward=False)
    await call.start("anonymous")
    first = await call.say(
        "grüezi also es schmöckt nöd nach gas gar nüt aber sit geschter hämmer keis warms wasser meh und d heizig isch au chalt"
    )
    assert first.kind == "ask" and "Gasgeruch" not in first.text and "Gebäude" not in first.text, call.heard
    assert call.state.task_id != "notfall" and not call.state.gas_smell


async def test_a_smoke_smell_explained_as_the_neighbours_grill_is_no_fire(huber):
    call = Call(huber, MONDAY_MORNING_AT, back_on_forward=False)
    await call.start("anonymous")
    first = await call.say(
        "servus ah i hab gestern abend gemeint es riecht nach rauch aber des war eh nur der nachbar mit seinem griller "
        "alles in ordnung ich wollt nur fragen wann ihr heuer zum kehren kommts weil im herbst war niemand da"
    )
    assert first.kind == "ask" and "Feuer" not in first.text and "Gebäude" not in first.text, call.heard
    assert call.state.hazard is None and call.state.task_id != "notfall"


async def test_water_from_the_neighbours_flat_is_still_a_water_emergency(mueller):
    """The neighbour explains a smell away, not a leak: his burst pipe is the caller's emergency."""
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    first = await call.say("das Wasser kommt von der Decke, das ist eh nur der Nachbar über uns, bei dem ist was geplatzt")
    assert first.kind == "forward" and first.text.startswith("Drehen Sie bitte den Hauptwasserhahn zu"), call.heard


async def test_embers_flying_out_of_the_chimney_are_a_chimney_fire(huber):
    call = Call(huber, MONDAY_MORNING_AT, back_on_forward=False)
    await call.start("anonymous")
    first = await call.say("der nachbar hat grad angeläutet, oben aus unserm kamin kommt so a glut raus")
    assert first.kind == "forward" and first.text.startswith("Bei Rauch oder Feuer gilt"), call.heard


async def test_embers_in_the_fireplace_raise_no_fire_rule(huber):
    """The dialogue's own rule stays quiet (what the classifier makes of it is its own matter)."""
    call = Call(huber, MONDAY_MORNING_AT, back_on_forward=False)
    await call.start("anonymous")
    first = await call.say("im kamin ist noch glut, darf ich die asche trotzdem raus tun")
    assert "Bei Rauch oder Feuer gilt" not in first.text, call.heard


async def test_smoke_coming_out_is_still_a_fire(huber):
    call = Call(huber, MONDAY_MORNING_AT, back_on_forward=False)
    await call.start("anonymous")
    first = await call.say("es riecht nach rauch im keller und es kommt rauch aus dem ofen")
    assert first.kind == "forward" and first.text.startswith("Bei Rauch oder Feuer gilt"), call.heard


async def test_a_beeping_box_with_c_o_on_it_gets_the_co_advice(huber):
    call = Call(huber, datetime(2027, 1, 20, 23, 15, tzinfo=VIENNA), back_on_forward=False)
    await call.start("+436769012345")
    first = await call.say("servus des kastl am gang des piepst wie verrückt, da steht c o drauf")
    assert first.kind == "forward" and first.text.startswith("Bei Verdacht auf Kohlenmonoxid gilt"), call.heard


async def test_pressure_in_the_head_with_a_beeping_box_is_carbon_monoxide(huber):
    call = Call(huber, datetime(2027, 1, 20, 23, 15, tzinfo=VIENNA), back_on_forward=False)
    await call.start("+436769012345")
    first = await call.say("mein mann sagt er hat so an druck im schädel und das kastl am gang piepst")
    assert first.kind == "forward" and first.text.startswith("Bei Verdacht auf Kohlenmonoxid gilt"), call.heard


async def test_the_dialogues_water_rules_leave_plumbing_alone(mueller):
    """'das Wasser läuft kaum noch ab', 'Anschluss … Wasser und Abfluss': no rule of the dialogue's
    own fires (whether the classifier files it as an emergency is the classifier's matter)."""
    for reason in (
        "hallo der ab fluss in der dusche ist total verstopft das wasser läuft kaum noch ab",
        "guten tag wir haben ne neue wasch maschine und bräuchten im keller einen anschluss dafür also wasser und abfluss",
    ):
        assert hazard_kind(_fold(reason)) is None and not mentions_gas(_fold(reason)), reason


# --------------------------------------------------------------------------------------------
# since when, and for whom


async def test_the_person_concerned_and_the_first_onset_are_kept_and_the_person_read_back(mueller):
    call = Call(mueller, datetime(2027, 1, 19, 10, 0, tzinfo=BERLIN), back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    await call.say("Ich rufe für meine Mutter Elfriede Lange an, bei ihr ist seit gestern Abend die Heizung kalt")
    onset = call.slots.get("onset", {}).get("value", "")
    assert "gestern" in onset, call.slots
    assert "Elfriede" in call.slots.get("person_concerned", {}).get("value", ""), call.slots
    # a later "seit …" is another symptom's, not when the fault began
    decision = await call.say("eine Vaillant Therme, seit heute früh geht auch das Warmwasser nicht")
    assert "gestern" in call.slots["onset"]["value"], call.slots
    for _ in range(4):
        if "Stimmt das so?" in decision.text:
            break
        decision = await call.say("weiß ich nicht")
    assert "Betrifft:" in decision.text and "Elfriede" in decision.text, call.heard


async def test_where_in_the_building_is_kept_for_the_technician(mueller):
    call = Call(mueller, datetime(2027, 1, 19, 10, 0, tzinfo=BERLIN), back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    await call.say("Guten Tag, bei uns in der Küche unter der Spüle tropft es, der Abfluss ist undicht")
    assert "Spüle" in call.slots.get("location", {}).get("value", ""), call.slots


# --------------------------------------------------------------------------------------------
# the emergency address read back


async def test_an_unknown_callers_emergency_address_is_read_back_and_the_house_number_corrected(mueller):
    call = Call(mueller, datetime(2027, 1, 17, 7, 15, tzinfo=BERLIN), back_on_forward=False)
    await call.start("+493055587412")
    forward = await call.say("ja guten morgen äh bei uns im bad is n rohr geplatzt das wasser spritzt überall raus")
    assert forward.kind == "forward"
    await call.forward_result(False)
    await call.say("wir sind in der sonnenallee, hausnummer zweiundachtzig")
    check = await call.say("eins zwei null vier drei")
    assert check.text == "Ich wiederhole die Adresse: Sonnenallee 82, eins zwo null vier drei. Ist das richtig?", call.heard
    name = await call.say("nee, nicht zweiundachtzig, achtundzwanzig. sonnenallee achtundzwanzig")
    assert name.text.startswith("Danke, ich habe das korrigiert: Sonnenallee 28"), call.heard
    assert "Ihr Name" in name.text
    end = await call.say("brandt, mit d t am ende")
    assert end.kind == "end" and "Hauptwasserhahn" in end.text
    assert call.slots["street"]["value"] == "Sonnenallee 28"
    assert "Stimmt das so?" not in call.heard


async def test_a_bare_no_to_the_emergency_address_asks_for_it_once_more(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start("+493055587412")
    await call.say("Hilfe, bei uns kommt das Wasser durch die Decke")
    await call.forward_result(False)
    check = await call.say("Okerstraße 9 in 12051 Berlin")
    assert check.text.startswith("Ich wiederhole die Adresse: Okerstraße 9"), call.heard
    again = await call.say("nein")
    assert again.text == "Bitte nennen Sie mir die Adresse noch einmal: Straße, Hausnummer und Ort.", call.heard
    name = await call.say("Okerstraße 19 in 12051 Berlin")
    assert name.text.startswith("Danke, ich habe das korrigiert: Okerstraße 19"), call.heard
    assert call.slots["street"]["value"] == "Okerstraße 19"


async def test_a_known_gas_caller_hears_no_address_read_back(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    await call.say("Bei uns im Keller riecht es ganz stark nach Gas")
    place = await call.forward_result(False)
    assert place.kind == "ask" and "an der Adresse, die wir von Ihnen haben?" in place.text, call.heard
    end = await call.say("ja, bei mir zu Hause")
    assert end.kind == "end", call.heard
    assert "Ich wiederhole die Adresse" not in call.heard and "Ihr Name" not in call.heard
    assert call.state.contact is not None and call.state.contact["address_code"] == "MUS01"


async def test_a_name_said_to_the_address_read_back_is_kept_and_not_asked_again(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start("+491715587412")  # a mobile: a landline caller is asked for one (they leave the house)
    await call.say("Es riecht im Treppenhaus ganz stark nach Gas")
    await call.forward_result(False)
    check = await call.say("Hauptstraße 1 in 10115 Berlin")
    assert check.text.startswith("Ich wiederhole die Adresse: Hauptstraße 1"), call.heard
    end = await call.say("Karin Vogel")
    assert end.kind == "end" and "Ihr Name" not in call.heard, call.heard
    assert call.slots["caller_name"]["value"] == "Karin Vogel"
