"""What callers next to a danger word or in Swiss German want, played through the dialogue: the
right task, no false alarm.

A rusty old tank is no frost ("rostig" was heard as "frostig"); a paper the danger was the cause of
("für die Versicherung wegen dem Kaminbrand") is no fire; a fire told as over and put out, with no
wish said, is asked about again; CH "Rächnig" is a bill also next to the offer it is compared with;
CH "abseit" cancels; "jetzt ist was anderes dringender" changes the subject; a fee on the bill at
hand ("Anfahrtspauschale") is no new offer. Sentences of our own.
"""

from __future__ import annotations

from tests.bot.dialogue_calls import (
    TUESDAY_MORNING,
    TUESDAY_MORNING_AT,
    TUESDAY_MORNING_CH,
    Call,
    assert_no_alarm,
    played,
)


async def test_an_offer_for_a_rusty_old_tank_is_an_offer(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        "+491715550199",
        "ich hätte gern ein angebot für einen neuen boiler, der alte ist schon ganz rostig",
    )
    assert_no_alarm(call)
    assert call.state.task_id == "angebot", call.heard


async def test_the_insurance_paper_for_a_past_chimney_fire_raises_no_alarm(huber):
    call = await played(huber, TUESDAY_MORNING_AT, "+436601112233", "ich brauch einen befund vom rauchfangkehrer")
    assert call.state.task_id == "befund", call.heard
    await call.say("für die versicherung wegen dem kaminbrand")
    assert_no_alarm(call)
    assert call.state.task_id == "befund", call.heard


async def test_a_fire_told_as_put_out_without_a_wish_is_asked_about(huber):
    call = await played(
        huber, TUESDAY_MORNING_AT, "+436601112233", "wir hatten am sonntag einen rauchfangbrand, die feuerwehr hat alles gelöscht"
    )
    assert_no_alarm(call)
    assert call.state.task_id is None and "Worum geht es" in call.decisions[-1].text, call.heard


async def test_a_swiss_bill_higher_than_the_offer_is_a_bill(meier):
    call = await played(
        meier, TUESDAY_MORNING_CH, "+41791234567", "ich ha e frag wäg de rächnig, die isch vil höcher als d offerte"
    )
    assert call.state.task_id == "rechnung", call.heard


async def test_a_swiss_cancelled_service_date_is_the_service_task(meier):
    call = await played(
        meier, TUESDAY_MORNING_CH, "+41791234567", "mir wänd de servicetermin vom boiler abseit, mir zügled nämlich"
    )
    assert call.state.task_id == "service", call.heard


async def test_something_more_pressing_in_the_answer_to_the_name_changes_the_subject(mueller):
    call = await played(mueller, TUESDAY_MORNING, "+491715550199", "ich möchte einen termin für die wartung")
    assert call.state.task_id == "termin", call.heard
    await call.say("moment, jetzt ist was anderes dringender, die heizung geht seit heute morgen ständig aus und zeigt F28")
    assert call.state.task_id == "stoerung", call.heard


async def test_a_fee_on_the_bill_at_hand_keeps_the_bill(mueller):
    call = await played(mueller, TUESDAY_MORNING, "+491715550199", "ich habe eine frage zu ihrer rechnung vom dezember")
    assert call.state.task_id == "rechnung", call.heard
    await call.say("da steht eine anfahrtspauschale von neunzig euro drauf, die verstehe ich nicht")
    assert call.state.task_id == "rechnung", call.heard


async def test_a_weak_first_guess_gives_way_to_the_plain_reason_in_the_next_answer(mueller):
    """ "wegen unserem Kessel im Keller" is only a guess; "… die Wartung vom Kessel wäre bald fällig"
    in the answer to the name question says what the caller wants."""
    call = await played(mueller, TUESDAY_MORNING, "+491715550199", "ja hallo wegen unserem kessel im keller")
    guessed = call.state.task_id
    await call.say("das piepsen ist nur die batterie, aber die wartung vom kessel wäre eh bald fällig, kann da jemand kommen")
    assert guessed != "termin" and call.state.task_id == "termin", call.heard


async def test_a_clear_first_reason_stays_when_an_answer_names_another_weakly(mueller):
    call = await played(mueller, TUESDAY_MORNING, "+491715550199", "ich habe eine frage zu ihrer rechnung vom dezember")
    await call.say("das piepsen ist nur die batterie, aber die wartung vom kessel wäre eh bald fällig, kann da jemand kommen")
    assert call.state.task_id == "rechnung", call.heard


async def test_this_number_said_to_the_number_question_is_no_callback_wish(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("ich möchte einen termin für die wartung meiner therme")
    assert call.state.task_id == "termin", call.heard
    await call.answer_until("Telefonnummer", {"Namen": "petra sommer"})
    await call.say("ja die nummer hier ist richtig")
    assert call.state.task_id == "termin", call.heard


async def test_a_beep_every_ten_minutes_is_no_frost(mueller):
    """ "alle zehn Minuten" is no "minus zehn": no frost, no emergency."""
    call = await played(
        mueller, TUESDAY_MORNING, "+491715550199", "ja hallo der co melder im keller piept alle zehn minuten einmal kurz"
    )
    assert_no_alarm(call)
    assert call.state.task_id != "notfall", call.heard


async def test_ten_below_zero_with_the_heating_out_is_still_an_emergency(mueller):
    call = await played(
        mueller, TUESDAY_MORNING, "+491715550199", "draußen hat es minus zehn grad und die heizung ist komplett aus"
    )
    assert call.state.task_id == "notfall", call.heard
