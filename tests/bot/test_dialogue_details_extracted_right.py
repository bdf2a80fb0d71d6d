"""Details said in a call reach the stored state right (issue 11): the device named in the first
sentence with a colloquial article ("das ist ne Wolf CGB") is not asked for again, the wished day
said as weekday and date ("den Donnerstag drauf, also den 28., ab 14 Uhr") is that date with its
hour, and the name on the bell is kept with the address."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY_MORNING = datetime(2027, 1, 13, 10, 40, tzinfo=BERLIN)
TUESDAY_MORNING = datetime(2027, 1, 19, 8, 45, tzinfo=BERLIN)

ADDRESS = {
    "Namen": "andrea vogt",
    "Telefonnummer": "null eins sechs null neun acht sieben sechs fünf vier drei",
    "Straße": "kiefernweg vier bei hoffmann das klingelschild steht hoffmann",
    "Postleitzahl": "eins zwei fünf fünf fünf",
}


async def test_a_wolf_named_in_the_first_sentence_is_not_asked_for(mueller):
    call = Call(mueller, WEDNESDAY_MORNING)
    await call.start("anonymous")
    await call.say("meine heizung geht seit heute früh nicht mehr das ist ne wolf cgb und die zeigt f achtundzwanzig")
    await call.answer_until("Stimmt das so?", ADDRESS)
    assert "Gerät" not in call.heard.split("Stimmt das so?")[0].split("Wie kann ich Ihnen helfen?")[-1]
    assert call.slot("device")["value"] == "Wolf CGB"


async def test_the_name_on_the_bell_is_kept(mueller):
    call = Call(mueller, WEDNESDAY_MORNING)
    await call.start("anonymous")
    await call.say("die heizung hat störung da steht e eins drei drei")
    await call.answer_until("Stimmt das so?", {**ADDRESS, "Gerät": "buderus logamax plus"})
    assert call.slot("street")["value"] == "Kiefernweg 4"
    assert "Hoffmann" in call.slot("location")["value"]


async def test_the_date_after_the_weekday_is_the_wished_day(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("ich hab am donnerstag den einundzwanzigsten einen termin für die wartung den muss ich verschieben")
    answers = {
        "Namen": "birgit lehmann",
        "Telefonnummer": "null drei null vier vier drei drei zwei zwei eins eins",
        "Gerät": "buderus gb einhundertzweiundsiebzig",
        "passen": "am liebsten den donnerstag drauf also den achtundzwanzigsten ab vierzehn uhr",
    }
    await call.answer_until("Stimmt das so?", answers)
    assert call.slot("preferred_time")["normalized"].startswith("2027-01-28T14:00")
