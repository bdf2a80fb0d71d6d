"""Two things a receptionist keeps without asking more: a second number said with the callback
number ("… und wenn keiner rangeht, meine Frau auf dem Handy …") goes to the notes, and a caller
who says they are about to leave ("ich muss gleich wieder weg", CH "i mues grad furt") is asked once
when someone is at home, since a technician has to come. Callers who say neither are not asked.
Sentences of our own."""

from __future__ import annotations

from tests.bot.dialogue_calls import CALLER_CH, CALLER_DE, TUESDAY_MORNING, TUESDAY_MORNING_AT, TUESDAY_MORNING_CH, Call

WHEN_HOME = "Wann sind Sie wieder zu Hause"


async def test_a_second_number_said_with_the_first_is_kept_in_the_notes(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("Die Heizung geht nicht mehr, die Therme ist aus")
    await call.answer_until("Telefonnummer", {"Namen": "Gisela Hartmann"})
    await call.say(
        "null drei null zwei vier sechs acht eins drei, und wenn ich nicht rangehe mein mann auf dem handy "
        "null eins sieben zwei drei vier fünf sechs sieben acht neun"
    )
    kept = [call.slot("callback_number")["value"], *(n for n in call.state.notes if n.startswith("Weitere Nummer: "))]
    digits = ["".join(c for c in k if c.isdigit()) for k in kept]
    assert len(digits) == 2 and {"030246813", "01723456789"} == set(digits), kept


async def test_a_number_corrected_within_the_answer_is_no_second_number(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("Die Heizung geht nicht mehr, die Therme ist aus")
    await call.answer_until("Telefonnummer", {"Namen": "Gisela Hartmann"})
    await call.say("null eins sieben zwei, drei vier fünf, sechs sieben, null null, nein halt, sechs sieben null neun")
    assert not any(note.startswith("Weitere Nummer") for note in call.state.notes), call.state.notes


async def test_a_swiss_number_whose_end_is_corrected_is_no_second_number(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("anonymous")
    await call.say("grüezi d heizig gaht nöd meh, de chessel isch uus")
    await call.answer_until("Telefonnummer", {"Namen": "Beat Zürcher"})
    await call.say("null sibe nüün, drü vier föif, sächs sibe, sibezäh nai am schluss achtzäh")
    assert not any(note.startswith("Weitere Nummer") for note in call.state.notes), call.state.notes
    assert call.slot("callback_number")["value"].replace(" ", "").endswith("18"), call.slot("callback_number")


async def test_a_caller_about_to_leave_is_asked_when_someone_is_home(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Die Gastherme zeigt F28 und die Heizung bleibt kalt, ich muss aber gleich wieder weg zur Arbeit")
    asked = await call.answer_until(
        WHEN_HOME, {"Namen": "Jürgen Habermann", "Straße": "lindenstraße siebzehn", "Postleitzahl": "eins null neun eins fünf"}
    )
    assert "Techniker" in asked.text
    readback = await call.say("morgen ab acht bin ich wieder da")
    assert call.slot("preferred_time")["value"]
    assert "Stimmt das so?" in readback.text


async def test_a_swiss_caller_leaving_now_is_asked_too(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start(CALLER_CH)
    await call.say("grüezi de boiler macht kei warms wasser meh und i mues grad wieder furt")
    await call.answer_until(
        WHEN_HOME, {"Name": "Beat Zürcher", "Strasse": "sunnegass sächzäh", "Postleitzahl": "acht vier null null winterthur"}
    )


async def test_a_caller_who_says_nothing_of_leaving_is_not_asked(mueller, huber):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Die Gastherme zeigt F28 und die Heizung bleibt kalt")
    await call.until_end("weiß ich nicht")
    assert WHEN_HOME not in call.heard
    # "die alte Wanne muss weg" is a job, not the caller leaving
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Die Heizung ist kaputt und der alte Kessel muss weg")
    await call.until_end("weiß ich nicht")
    assert WHEN_HOME not in call.heard
    at = Call(huber, TUESDAY_MORNING_AT)
    await at.start("+436641234567")
    await at.say("Der Ofen zieht so schlecht, können Sie sich das anschauen")
    await at.until_end("weiß ich nicht")
    assert WHEN_HOME not in at.heard


async def test_a_number_said_anew_with_its_end_changed_is_no_second_number(huber):
    call = Call(huber, TUESDAY_MORNING_AT)
    await call.start("anonymous")
    await call.say("Der Ofen zieht so schlecht, können Sie sich das anschauen")
    await call.answer_until("Nummer", {"Namen": "Markus Hofer"})
    await call.say(
        "null sechs sechs vier, sieben sieben eins, zwei null null acht, äh am ende doch a neun, null sechs sechs vier sieben sieben eins zwei null null neun"
    )
    assert not any(note.startswith("Weitere Nummer") for note in call.state.notes), call.state.notes
