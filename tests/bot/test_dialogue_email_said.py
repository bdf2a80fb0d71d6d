"""An e-mail address the caller says in any answer ("meine Mail ist k minus berger ät gmx punkt de",
CH "d Mailadresse isch … at bluewin punkt ch") is written down as an address in the notes: the
office sends the copy of an invoice or the offer there. Nothing is asked for it. Sentences of our
own."""

from __future__ import annotations

from tests.bot.dialogue_calls import CALLER_AT, CALLER_DE, TUESDAY_MORNING, TUESDAY_MORNING_AT, TUESDAY_MORNING_CH, Call


async def test_a_spoken_address_with_a_hyphen_is_written_down(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Können Sie mir die letzte Rechnung noch mal schicken, per Mail bitte")
    await call.say("Karin Berger, meine Mail ist k minus berger ät gmx punkt de")
    assert "E-Mail: k-berger@gmx.de" in call.state.notes
    assert call.slot("caller_name")["value"] == "Karin Berger"


async def test_an_austrian_address_ending_in_at(huber):
    call = Call(huber, TUESDAY_MORNING_AT)
    await call.start(CALLER_AT)
    await call.say("schicken S ma bitte den Befund per Mail an franz punkt huber at aon punkt at")
    assert "E-Mail: franz.huber@aon.at" in call.state.notes


async def test_a_swiss_address_in_the_name_answer(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("anonymous")
    await call.say("grüezi chönd Sie mir d Offerte no einisch per Mail schicke")
    await call.answer_until("Telefonnummer", {"Namen": "Ruth Imhof und d Mailadresse isch ruth punkt imhof at bluewin punkt ch"})
    assert "E-Mail: ruth.imhof@bluewin.ch" in call.state.notes


async def test_at_home_is_no_mail_address(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Die Heizung ist aus, ich bin ab acht at home, sagt mein Sohn immer")
    assert not any(note.startswith("E-Mail") for note in call.state.notes)
