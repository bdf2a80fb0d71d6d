"""One phone call played through the dialogue, turn by turn, for the dialogue tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from zentrale.bot.dialogue import CallerCandidate, Decision, Dialogue, DialogueState
from zentrale.bot.intents.factory import build_local_engine

# The businesses' time zones, a Tuesday morning in office hours in each, and a mobile caller per country.
BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY_MORNING = datetime(2027, 1, 19, 10, 0, tzinfo=BERLIN)
TUESDAY_MORNING_AT = datetime(2027, 1, 19, 10, 0, tzinfo=VIENNA)
TUESDAY_MORNING_CH = datetime(2027, 1, 19, 10, 0, tzinfo=ZURICH)
CALLER_DE = "+491715550199"
CALLER_AT = "+436601112233"
CALLER_CH = "+41791234567"


class Call:
    """One phone call: every turn stores the state as JSON and reads it back, like the webhooks.

    With ``back_on_forward`` (the default) a forward that nobody on call answers goes straight
    back to the bot inside ``say``; without it the test plays the forward's result itself."""

    def __init__(self, business, clock: datetime, *, back_on_forward: bool = True) -> None:
        self.dialogue = Dialogue(business, build_local_engine(business), clock=lambda: clock)
        self.back_on_forward = back_on_forward
        self.stored = ""
        self.decisions: list[Decision] = []

    @property
    def state(self) -> DialogueState:
        return DialogueState.from_dict(json.loads(self.stored))

    def _store(self, state: DialogueState, decision: Decision) -> Decision:
        self.stored = json.dumps(state.to_dict(), ensure_ascii=False)
        self.decisions.append(decision)
        return decision

    async def start(self, caller: str, matches: Sequence[CallerCandidate] = ()) -> Decision:
        return self._store(*await self.dialogue.start(caller, list(matches)))

    async def say(self, *lines: str) -> Decision:
        decision = self.decisions[-1]
        for line in lines:
            decision = self._store(*await self.dialogue.on_speech(self.state, line, None))
            if self.back_on_forward and decision.kind == "forward":  # nobody on call answers
                decision = await self.forward_result(False)
        return decision

    async def forward_result(self, answered: bool) -> Decision:
        return self._store(*await self.dialogue.on_forward_result(self.state, answered))

    async def answer_until(self, words: str, answers: dict[str, str], limit: int = 10) -> Decision:
        """Answer each question by the first key it contains (else "weiß ich nicht") until the
        bot says ``words``."""
        for _ in range(limit):
            text = self.decisions[-1].text
            if words in text:
                return self.decisions[-1]
            said = next((a for key, a in answers.items() if key in text), "weiß ich nicht")
            await self.say(said)
        raise AssertionError(f"never heard {words!r}:\n{self.heard}")

    async def until_end(self, answer: str = "weiß ich nicht", limit: int = 12) -> Decision:
        """Answer every question with ``answer`` (and "ja" at the read-back) until the call ends."""
        decision = self.decisions[-1]
        for _ in range(limit):
            if decision.kind == "end":
                return decision
            if decision.kind == "forward":
                decision = await self.forward_result(False)
                continue
            decision = await self.say("ja" if "Stimmt das so?" in decision.text else answer)
        return decision

    @property
    def heard(self) -> str:
        return "\n".join(d.text for d in self.decisions)

    @property
    def slots(self) -> dict:
        return self.state.slots

    def slot(self, name: str) -> dict:
        return self.state.slots.get(name) or {}


# The opening words of each safety advice the dialogue gives: gas, smoke or fire, carbon monoxide,
# water, heating oil, a person in danger.
SAFETY_ADVICE = (
    "Bei Gasgeruch gilt",
    "Bei Rauch oder Feuer gilt",
    "Kohlenmonoxid",
    "Hauptwasserhahn",
    "Heizöl",
    "Falls jemand in Gefahr",
)


async def played(business, clock: datetime, caller: str, *lines: str) -> Call:
    """A call from ``caller`` at ``clock`` in which the caller says ``lines``, one turn each."""
    call = Call(business, clock)
    await call.start(caller)
    await call.say(*lines)
    return call


def assert_emergency(call: Call, kind: str, advice: str) -> None:
    """Filed in the emergency task as a danger of ``kind``, with ``advice`` heard."""
    assert call.state.hazard == kind, call.heard
    assert call.state.task_id == "notfall", call.heard
    assert advice in call.heard, call.heard


def assert_no_alarm(call: Call, *, urgent: bool = True) -> None:
    """No safety advice heard, no danger noted, not filed as an emergency, nobody rung; with
    ``urgent=False`` not even marked urgent."""
    assert not any(advice in call.heard for advice in SAFETY_ADVICE), call.heard
    assert call.state.hazard is None and call.state.task_id != "notfall", call.heard
    assert not any(d.kind == "forward" for d in call.decisions), call.heard
    if not urgent:
        assert not call.state.urgent, call.heard
