"""A detail stored earlier is replaced, while another question is open, only by words that clearly
name it (its topic or its old value): a hesitation ("Moment, …") in the answer to the device
question is no correction of the caller's name, even when the engine hears a name in it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import Dialogue
from zentrale.bot.intents.base import SLOT_NAMES, DialogueContext, Slots, SlotValue
from zentrale.bot.intents.factory import build_local_engine

MONDAY_MORNING = datetime(2027, 1, 11, 9, 5, tzinfo=ZoneInfo("Europe/Berlin"))
STRANGER = "+49302345670"
REASON = (
    "guten morgen hausverwaltung sonnenhof mein name ist lea hofmann ich habe eine meldung von einem mieter "
    "kein warmwasser in der wohnung lindenstraße sieben"
)


class StickerNameAsCallerName:
    """The local engine, except that it also hears the installer's name on the device's sticker
    ("… hier steht … eingebaut von Karl Weber") as the caller's name (as an engine may)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.name = engine.name

    async def classify(self, text: str, context: DialogueContext | None = None):
        return await self.engine.classify(text, context)

    async def extract_slots(
        self, text: str, wanted: Sequence[str] = SLOT_NAMES, context: DialogueContext | None = None, *, region: str = "DE"
    ) -> Slots:
        slots = await self.engine.extract_slots(text, wanted, context, region=region)
        if "karl weber" in text.lower():
            return Slots(values={**slots.values, "caller_name": SlotValue("Karl Weber", None, 0.9)}, engine=slots.engine)
        return slots

    async def summarize(self, *args, **kwargs):
        return await self.engine.summarize(*args, **kwargs)


async def answer_until(call: Call, question: str) -> None:
    answers = {"Nummer": "null drei null zwei drei vier fünf sechs sieben null", "Postleitzahl": "eins null vier drei sieben"}
    for _ in range(6):
        text = call.decisions[-1].text
        if question in text:
            return
        await call.say(next(a for key, a in answers.items() if key in text))
    raise AssertionError(call.decisions[-1].text)


async def test_a_name_heard_in_a_hesitant_device_answer_is_no_new_caller_name(mueller) -> None:
    call = Call(mueller, MONDAY_MORNING)
    call.dialogue = Dialogue(mueller, StickerNameAsCallerName(build_local_engine(mueller)), clock=lambda: MONDAY_MORNING)
    await call.start(STRANGER)
    await call.say(REASON)
    assert call.state.slots["caller_name"]["value"] == "Lea Hofmann"
    await answer_until(call, "Gerät")
    await call.say("moment da steht hier gastherme von wolf eingebaut von karl weber")
    state = call.state
    assert state.slots["caller_name"]["value"] == "Lea Hofmann"
    assert "Gastherme" in state.slots["device"]["value"]


async def test_a_name_corrected_by_its_old_value_at_another_question_is_still_taken(mueller) -> None:
    call = Call(mueller, MONDAY_MORNING)
    await call.start(STRANGER)
    await call.say(REASON)
    await answer_until(call, "Postleitzahl")
    again = await call.say("Moment, mein Name ist Hoffmann, nicht Hofmann.")
    assert again.text.startswith("Danke, ich habe das korrigiert."), again.text
    assert call.state.slots["caller_name"]["value"] == "Lea Hoffmann"
