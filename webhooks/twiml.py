"""TwiML for the dialogue's decisions: pure functions, built with twilio's ``VoiceResponse``.

Action URLs are relative (``gather?step=3``): Twilio resolves them against the URL of the
document it is executing, so they keep working behind a proxy that adds a path prefix. ``step``
is the call's version after the turn that produced the document; a retried webhook carries the
same step and gets the stored answer again (see :mod:`zentrale.services.calls`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twilio.twiml.voice_response import Gather, VoiceResponse

from zentrale.bot.dialogue import Decision
from zentrale.config import BusinessConfig, Installation

# Twilio's limits for <Gather hints>: 500 entries of at most 100 characters.
MAX_HINTS = 500
MAX_HINT_CHARS = 100
# Seconds of silence before a Gather without speech ends (then the action gets no SpeechResult).
GATHER_TIMEOUT_SECONDS = 6


@dataclass(frozen=True)
class Voice:
    """How a business speaks: Twilio ``<Say>`` voice and the language of speech and recognition."""

    voice: str
    language: str


def voice_of(business: BusinessConfig) -> Voice:
    """The business's ``<Say>`` voice and language (German defaults)."""
    return Voice(business.business.voice or "Polly.Vicki-Neural", business.business.language or "de-DE")


def _hints(hints: Sequence[str]) -> str | None:
    seen: dict[str, str] = {}
    for hint in hints:
        for part in str(hint).split(","):
            cleaned = " ".join(part.split())[:MAX_HINT_CHARS]
            if cleaned and len(seen) < MAX_HINTS:
                seen.setdefault(cleaned.lower(), cleaned)
    return ", ".join(seen.values()) or None


def _say(target: VoiceResponse | Gather, text: str, voice: Voice) -> None:
    if text.strip():
        target.say(text, voice=voice.voice, language=voice.language)


def listen(response: VoiceResponse, text: str, hints: Sequence[str], voice: Voice, action: str) -> None:
    """Say ``text`` and listen for speech; silence posts the action without ``SpeechResult``."""
    gather = response.gather(
        input="speech",
        action=action,
        method="POST",
        language=voice.language,
        hints=_hints(hints),
        speech_timeout="auto",
        timeout=GATHER_TIMEOUT_SECONDS,
        action_on_empty_result=True,
    )
    _say(gather, text, voice)


def render_decision(decision: Decision, voice: Voice, step: int) -> str:
    """The TwiML document for one decision of :class:`~zentrale.bot.dialogue.Dialogue`."""
    response = VoiceResponse()
    if decision.kind == "forward" and decision.number:
        _say(response, decision.text, voice)
        dial = response.dial(action=f"dial?step={step}", method="POST", timeout=decision.timeout_seconds or 20)
        dial.number(decision.number)
    elif decision.kind == "end":
        _say(response, decision.text, voice)
        response.hangup()
    else:
        # ``ask`` — and ``say`` (reserved, not produced by the dialogue today): listening after
        # a statement costs nothing and never loses what the caller adds.
        listen(response, decision.text, decision.hints, voice, f"gather?step={step}")
    return str(response)


def render_hangup(text: str, voice: Voice) -> str:
    """Say ``text`` (may be empty) and hang up."""
    response = VoiceResponse()
    _say(response, text, voice)
    response.hangup()
    return str(response)


def render_message_prompt(text: str, voice: Voice, action: str, hints: Sequence[str] = ()) -> str:
    """Ask for a message and post it to ``action`` (the fallback's way to take a message)."""
    response = VoiceResponse()
    listen(response, text, hints, voice, action)
    # No speech at all: still say goodbye rather than leaving the caller in silence.
    return str(response)


class TwimlRenderer:
    """The call service's :class:`~zentrale.services.calls.Renderer` for Twilio: each business's
    voice and language, chosen once."""

    def __init__(self, installation: Installation) -> None:
        self.voices = {b.id: voice_of(b) for b in installation.businesses}

    def decision(self, business: BusinessConfig, decision: Decision, step: int) -> str:
        return render_decision(decision, self.voices[business.id], step)

    def hangup(self, business: BusinessConfig) -> str:
        return render_hangup("", self.voices[business.id])
