"""The language-model intent engine: any OpenAI-compatible chat-completions server.

Every call is bounded by a time budget (default 1.5 s per turn). The fallback engine (the
local classifier) is started next to the request, so when the model is slow, down, refuses,
or answers something that does not fit the strict JSON schema, the caller gets the local
answer without waiting longer than the budget. Fallbacks are logged with the reason and
never with what the caller said.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import openai

from zentrale.bot import prompts_de
from zentrale.bot.intents.base import (
    MAX_TEXT_CHARS,
    Classification,
    ContextTurn,
    DialogueContext,
    IntentEngine,
    Slots,
    SlotValue,
    Summary,
    TaskLike,
)
from zentrale.bot.intents.local import find_emergency_task
from zentrale.bot.numbers_de import words_to_digits
from zentrale.config.phones import caller_e164
from zentrale.config.vocabulary import SLOT_NAMES
from zentrale.logs import get_logger

log = get_logger(__name__)

DEFAULT_BUDGET_SECONDS = 1.5
# The HTTP client gives up a little after the budget; the budget itself cancels the request.
CLIENT_TIMEOUT_MARGIN_SECONDS = 0.5
# Local servers (vLLM, Ollama, llama.cpp) ignore the key, but the client must send one.
PLACEHOLDER_API_KEY = "not-needed"
# Earlier turns sent along with the caller's utterance.
MAX_CONTEXT_TURNS = 8
MAX_SLOT_CHARS = 200
MAX_SUMMARY_CHARS = 1000

URGENCY_LEVELS = ("low", "normal", "high", "urgent")
UNSURE = prompts_de.UNSURE

CLASSIFY_SCHEMA_NAME = "call_reason"
SLOTS_SCHEMA_NAME = "call_details"
SUMMARY_SCHEMA_NAME = "call_summary"

T = TypeVar("T")


class LLMAnswerError(Exception):
    """The model answered, but not usably. ``reason`` is safe to log (no caller text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# What the model reports as an acute danger next to the task ("none" when none or denied).
DANGER_KINDS = ("none", "gas", "water", "smoke_co", "overpressure", "fire", "oil", "frost")
# Confidence of the emergency task when a danger was heard, and of a clear topic change.
DANGER_CONFIDENCE = 0.9
TOPIC_CHANGE_CONFIDENCE = 0.85


def classification_schema(task_ids: Sequence[str]) -> dict[str, Any]:
    """Strict JSON schema: ``task`` is one of the business's task ids or ``unsure``; ``danger``
    names an acute danger first (it decides over ``task``); ``topic_change`` marks a correction."""
    return {
        "type": "object",
        "properties": {
            "danger": {
                "type": "string",
                "enum": list(DANGER_KINDS),
                "description": (
                    "Zuerst prüfen: akute Gefahr in der letzten Äußerung? gas = Gasgeruch, Geruch nach faulen Eiern, "
                    "Gas tritt aus/zischt, Gasmelder schlägt an, komischer Geruch an einer Gastherme (auch verhört: "
                    '"geruh", "gass"); water = Rohrbruch, Leitung geplatzt, Wasser läuft aus '
                    "der Decke/Wand und lässt sich nicht abstellen (auch: Haupthahn zu, läuft trotzdem weiter), "
                    "Überschwemmung, Keller unter Wasser; "
                    "smoke_co = Rauch, Abgas- oder Brandgeruch, CO- oder Rauchmelder schlägt an (auch mit Schwindel, "
                    "Übelkeit, Kopfweh), ein Warnmelder an der Therme hört nicht auf zu piepen; overpressure = Überdruck- oder Sicherheitsventil bläst ab, Druck weit über 3 bar, "
                    "Zischen/Knallen mit heißem Wasser oder Dampf, Rohre knallen oder hämmern bei 4 bar; fire = Brand, "
                    "Kaminbrand (im Rauchfang/Kamin braust, dröhnt oder rumort es, Funken oder Glühen oben heraus, "
                    "die Wand daneben wird heiß); oil = Heizöl läuft aus; "
                    "frost = Heizung ganz aus bei Frost (Minusgrade) oder Wasserleitungen frieren ein. "
                    '"none" wenn keine Gefahr genannt oder sie verneint wird ("es riecht nicht nach Gas"), wenn ein '
                    'Leck schon abgestellt und trocken ist, und bei Wörtern, die nur so klingen: Nachname "Rauch", '
                    '"Brand" oder "Feuer", Rauchfangkehrer/Kaminkehrer (ein Beruf), Gasrechnung, Gastherme warten '
                    "lassen, Rauchmelder montieren."
                ),
            },
            "task": {
                "type": "string",
                "enum": [*task_ids, UNSURE],
                "description": (
                    'Kennung der passenden Aufgabe oder "unsure". Bei einer Gefahr die Notfall-Aufgabe. '
                    "Voranschlag, Kostenvoranschlag, KV, Offerte, Angebot (anfragen, Rückfrage, annehmen, "
                    "ablehnen, zu teuer), Preis einer bestimmten Arbeit, Stundensatz = Angebots-Aufgabe; Rechnung, "
                    "Mahnung, Zahlschein, Gutschrift, Rechnung höher als der Voranschlag = Rechnungs-Aufgabe; "
                    "Interesse, Beratung, Förderung, Gesetz zu einer neuen Heizung oder Wärmepumpe (auch ungefähre "
                    "Kosten einer Wärmepumpe) = Aufgabe für neue Anlagen. Der Grund geht vor dem Rückrufwunsch."
                ),
            },
            "topic_change": {
                "type": "boolean",
                "description": (
                    "true, wenn die letzte Äußerung einen früher genannten Grund korrigiert oder ausdrücklich "
                    'einen anderen Grund nennt ("nein warten Sie, eigentlich geht es um die Rechnung").'
                ),
            },
            "confidence": {"type": "number", "description": "Sicherheit von 0 bis 1."},
        },
        "required": ["danger", "task", "topic_change", "confidence"],
        "additionalProperties": False,
    }


def classification_rules_de(tasks: Sequence[TaskLike], emergency_task: str | None) -> str:
    """The rules of issue 11 for the classification prompt, the same the local engine follows."""
    lines = [
        "",
        "Regeln (in dieser Reihenfolge):",
        '1. Sicherheit zuerst: Gasgeruch (auch "stinkt nach faulen Eiern" oder "nach Schwefel"), Gas tritt aus, '
        "Gasmelder schlägt an; Rohrbruch, geplatzte Leitung, Wasser läuft aus der Decke oder Wand und lässt sich nicht abstellen, "
        "Überschwemmung, Keller steht unter Wasser; Rauch, Abgas- oder Brandgeruch aus der Therme, CO-Melder oder "
        'Rauchmelder schlägt an, piept, läutet oder klingelt (auch "der Melder piept und mir ist schwindlig", '
        'schweizerisch "de CO-Melder lüütet"); Überdruckventil bzw. '
        "Sicherheitsventil bläst ab, Druck weit über 3 bar (schon 4 bar, wenn die Rohre knallen oder hämmern), es "
        "zischt oder knallt und heißes Wasser spritzt; ein Warnmelder an der Therme hört nicht auf zu piepen; ein "
        'komischer Geruch an einer Gastherme (auch verhört geschrieben: "geruh", "gass"); Wasser, das nach dem '
        "Zudrehen des Haupthahns trotzdem weiterläuft; Kaminbrand oder Rauchfangbrand: im Kamin braust, dröhnt "
        "oder rumort es wie ein Düsenjet, oben kommen Funken, Glühen oder dicker Rauch heraus, die Wand daneben "
        "wird heiß; "
        "Heizung ganz aus bei Frost (Minusgrade, Leitungen frieren ein); Heizöl läuft aus; Brand: immer die "
        "Notfall-Aufgabe, auch wenn der Anrufer vor allem sagt, dass die Heizung aus ist, oder zugleich einen "
        "Rückruf oder Termin will. Was der Anrufer bis zum Eintreffen tun soll (Haupthahn schließen, Fenster "
        "öffnen, Haus verlassen), sagt der Dialog; du bestimmst nur die Aufgabe.",
        'Kein Notfall: eine verneinte Gefahr ("es riecht nicht nach Gas", "kein Gasgeruch"); ein Leck, das schon '
        'abgestellt und trocken ist (Sanitär); Heizung aus ohne Frost oder Gefahr, oder "nicht eilig" '
        "(Störung); ein verstopftes oder überlaufendes WC (Sanitär, solange der Betrieb es nicht als Notfall "
        'beschreibt); Wörter, die nur nach Gefahr klingen: ein Nachname wie "Rauch", "Brand" oder "Feuer", der '
        "Rauchfangkehrer oder Kaminkehrer (ein Beruf, kein Rauch), die Gasrechnung, die Gastherme warten lassen, "
        "einen Rauchmelder montieren lassen. Ebenso kein Notfall: ein Melder beim Test, der piept, wie er soll; "
        "Geruch nach verbranntem Staub beim ersten Heizen der Saison (Störung); Frost draußen, aber die Heizung "
        'läuft (die Aufgabe des eigentlichen Problems); "Rauch oder Gasgeruch ist keiner"; ein Rohrbruch von '
        "gestern, der Haupthahn ist zu und nichts mehr nass (Sanitär); ein Rohrbruch, den der Notdienst schon "
        "geflickt hat, und jetzt soll die Leitung erneuert werden, oder alte Leitungen mit früheren Rohrbrüchen "
        "(Sanitär); ein Service, bei dem der Anrufer ausdrücklich sagt, es gebe keinen Gasgeruch (Termin); die "
        "Feuerwehr war schon da, hat gelöscht oder gemessen und es ist jetzt sicher (das verbliebene Problem, etwa "
        "Störung oder Überprüfung des Kamins); Geruch nach verbranntem Lack beim ersten Einheizen eines neuen Ofens; "
        "ein Melder, der nur wegen leerer Batterie ab und zu piept (das eigentliche Anliegen). Im Zweifel bleibt "
        "es ein Notfall.",
        "2. Kostenvoranschlag, Voranschlag, KV, Offerte (Schweiz) und Angebot sind dasselbe: ein Angebot anfragen, "
        'eine Rückfrage dazu ("Voranschlag Nummer …"), es annehmen oder ablehnen ("zu teuer, wir sagen ab") '
        "gehört zur Aufgabe für Angebote/Kostenvoranschläge, nicht zu Rechnungen und nicht zum Interesse an einer "
        "neuen Anlage. Ein Voranschlag ist keine Rechnung.",
        '3. Rechnung, Mahnung, Zahlungserinnerung, Erlagschein, "zu viel berechnet", Zahlung oder Raten gehören '
        "zur Rechnungs-Aufgabe, auch wenn zum Vergleich ein Voranschlag erwähnt wird (auch eine Endabrechnung "
        "oder Schlussrechnung). Die Wasser-, Strom- oder Gasrechnung des Versorgers ist keine Rechnung des "
        'Betriebs: "der Hahn tropft, die Wasserrechnung steigt" ist Sanitär.',
        "4. Interesse an einer neuen Heizung, Wärmepumpe, einem Heizungstausch, Beratung, Förderung oder dem "
        "Heizungsgesetz gehört zur Aufgabe für neue Anlagen, auch bei der Frage, was eine Wärmepumpe ungefähr "
        "kostet, solange es nicht um ein bereits erhaltenes Angebot geht. Ein Angebot oder den Preis für eine "
        "bestimmte Arbeit, den Stundensatz oder die Anfahrt zu erfragen gehört zur Angebots-Aufgabe. "
        '"Warum ist die Rechnung höher als der Kostenvoranschlag" ist eine Rechnungsfrage.',
        '5. Der Grund geht vor dem Rückrufwunsch: "rufen Sie mich zurück wegen meiner Rechnung" gehört zur '
        "Rechnungs-Aufgabe, eine Störung mit Rückrufbitte zur Störung. Zum Rückruf gehört nur, wer ohne anderen "
        "Grund zurückgerufen werden oder eine bestimmte Person (Chef, Monteur, Büro) sprechen will oder einen "
        "verpassten Anruf zurückgibt. Wer eine bestimmte Person sprechen will und die Arbeit nur nennt, um zu "
        'sagen, wer es war ("die Frau Y, die neulich die Dusche repariert hat"), gehört zum '
        'Rückruf, solange kein anderes Problem klar im Vordergrund steht. Schweizerisch "zruggrüeft werde", '
        '"zrugg rüefe", "aalüüte", "sich mälde" sind Rückrufwünsche.',
        '6. Eine Störung ist keine Terminbuchung: "die Heizung geht nicht, schicken Sie jemanden" ist eine '
        'Störung. Wartung, Inspektion, Service, einen Termin verschieben oder absagen und "wann kommt der '
        'Monteur" gehören zum Termin. Ein Vorstellungsgespräch verschieben, Lehrstelle, Lehre oder Ausbildung '
        "gehören zur Bewerbung.",
        "7. Korrekturen und Themenwechsel: Nennt die letzte Äußerung ausdrücklich einen anderen Grund "
        '("nein warten Sie, eigentlich geht es um die Rechnung"), gilt der neue Grund mit hoher Sicherheit und '
        'topic_change ist true. Das gilt auch innerhalb eines Satzes: "X, nein Moment / nein halt / eigentlich / '
        'nicht um X, sondern um Y": der spätere Grund Y gilt (schweizerisch "wäge de Rächnig, nei halt, '
        'i mein d Offerte für d Chuchi" ist die Offerte). Ein bloßes "ja"/"genau" bestätigt die zuletzt gefragte Aufgabe.',
    ]
    if emergency_task is not None:
        lines.append(f'Die Notfall-Aufgabe dieses Betriebs hat die Kennung "{emergency_task}".')
    else:
        lines.append("Dieser Betrieb hat keine eigene Notfall-Aufgabe; bei Gefahr wähle die Aufgabe, die am besten passt.")
    return "\n".join(lines)


def slots_schema(wanted: Sequence[str]) -> dict[str, Any]:
    """Strict JSON schema with one nullable string per wanted slot (strict mode: all required)."""
    properties: dict[str, Any] = {}
    for name in wanted:
        prop: dict[str, Any] = {"type": ["string", "null"], "description": prompts_de.SLOT_DESCRIPTIONS_DE[name]}
        if name == "urgency":
            prop["enum"] = [*URGENCY_LEVELS, None]
        properties[name] = prop
        if name == "preferred_time":
            properties["preferred_time_iso"] = {
                "type": ["string", "null"],
                "description": prompts_de.PREFERRED_TIME_ISO_DESCRIPTION,
            }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def summary_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"summary": {"type": "string", "description": "Zwei oder drei deutsche Sätze."}},
        "required": ["summary"],
        "additionalProperties": False,
    }


def _response_format(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _clip(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    return text[:limit]


class OpenAIEngine:
    """:class:`IntentEngine` backed by a chat-completions model with strict structured outputs."""

    name = "openai"

    def __init__(
        self,
        tasks: Sequence[TaskLike],
        *,
        model: str,
        fallback: IntentEngine,
        api_key: str | None = None,
        base_url: str | None = None,
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
        region: str = "DE",
        timezone: str = "Europe/Berlin",
        business_id: str | None = None,
        business_name: str | None = None,
    ) -> None:
        if not tasks:
            raise ValueError("OpenAIEngine needs at least one task")
        if budget_seconds <= 0:
            raise ValueError(f"budget_seconds must be positive, not {budget_seconds!r}")
        self.tasks = list(tasks)
        self.task_ids = [task.id for task in self.tasks]
        self.model = model
        self.fallback = fallback
        self.budget_seconds = float(budget_seconds)
        self.region = region.upper()
        self.timezone = timezone
        self.business_id = business_id
        self.business_name = business_name
        emergency = find_emergency_task(self.tasks)
        self.emergency_task_id: str | None = emergency.id if emergency is not None else None
        self.client = openai.AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=base_url,
            max_retries=0,
            timeout=self.budget_seconds + CLIENT_TIMEOUT_MARGIN_SECONDS,
        )

    async def aclose(self) -> None:
        """Close the HTTP connections (and the fallback's resources, if it has any)."""
        await self.client.close()
        closer = getattr(self.fallback, "aclose", None)
        if closer is not None:
            await closer()

    async def __aenter__(self) -> OpenAIEngine:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- the interface -------------------------------------------------------------------

    async def classify(self, text: str, context: DialogueContext | None = None) -> Classification:
        text = _clip(text or "")
        if not text.strip():
            # Nothing to ask the model about; the fallback answers "unsure" for empty input.
            return await self._safe_fallback(
                lambda: self.fallback.classify(text, context), lambda: self._neutral_classification(0.0)
            )
        started = time.perf_counter()
        system = (
            prompts_de.classify_system_prompt(
                self.tasks,
                business_name=self.business_name,
                region=self.region,
                current_task=context.current_task if context else None,
            )
            + "\n"
            + classification_rules_de(self.tasks, self.emergency_task_id)
        )
        messages = self._messages(system, text, context)
        response_format = _response_format(CLASSIFY_SCHEMA_NAME, classification_schema(self.task_ids))

        async def ask() -> Classification:
            data = await self._complete(messages, response_format)
            return self._danger_net(self._parse_classification(data, started), text)

        result, reason = await self._with_fallback(
            "classify", ask, lambda: self.fallback.classify(text, context), lambda: self._neutral_classification(0.0)
        )
        if reason is None:
            return result
        reason_text = f"fallback: {reason}" + (f"; {result.reason}" if result.reason else "")
        return dataclasses.replace(result, ms=_elapsed_ms(started), reason=reason_text)

    async def extract_slots(
        self,
        text: str,
        wanted: Sequence[str] = SLOT_NAMES,
        context: DialogueContext | None = None,
        *,
        region: str = "DE",
    ) -> Slots:
        text = _clip(text or "")
        region = (region or self.region).upper()
        known = [name for name in dict.fromkeys(wanted) if name in SLOT_NAMES]
        if not known:
            return Slots(engine=self.name, ms=0.0)
        if not text.strip():
            return await self._safe_fallback(
                lambda: self.fallback.extract_slots(text, known, context, region=region), self._neutral_slots
            )
        started = time.perf_counter()
        now = context.now if context is not None and context.now is not None else datetime.now(self._zone())
        now_iso = now.astimezone(self._zone()).replace(microsecond=0).isoformat()
        system = prompts_de.slots_system_prompt(known, region=region, timezone=self.timezone, now_iso=now_iso)
        messages = self._messages(system, text, context)
        response_format = _response_format(SLOTS_SCHEMA_NAME, slots_schema(known))

        async def ask() -> Slots:
            data = await self._complete(messages, response_format)
            return self._parse_slots(data, known, region, started)

        result, reason = await self._with_fallback(
            "extract_slots",
            ask,
            lambda: self.fallback.extract_slots(text, known, context, region=region),
            self._neutral_slots,
        )
        if reason is not None:
            result.ms = _elapsed_ms(started)
        return result

    async def summarize(
        self, turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, *, caller: str | None = None
    ) -> Summary:
        transcript = [(turn.speaker, _clip(turn.text or "")) for turn in turns if (turn.text or "").strip()]
        if not transcript:
            return await self._safe_fallback(
                lambda: self.fallback.summarize(turns, task, slots, caller=caller), self._neutral_summary
            )
        started = time.perf_counter()
        details = {name: value.value for name, value in slots.values.items() if value.value}
        messages = [
            {"role": "system", "content": prompts_de.summary_system_prompt(region=self.region)},
            {
                "role": "user",
                "content": prompts_de.summary_user_message(transcript, task.name if task else None, details, caller),
            },
        ]
        response_format = _response_format(SUMMARY_SCHEMA_NAME, summary_schema())

        async def ask() -> Summary:
            data = await self._complete(messages, response_format)
            summary = data.get("summary")
            if not isinstance(summary, str) or not summary.strip():
                raise LLMAnswerError("schema violation: summary is not a non-empty string")
            return Summary(text=summary.strip()[:MAX_SUMMARY_CHARS], engine=self.name, ms=_elapsed_ms(started))

        result, reason = await self._with_fallback(
            "summarize", ask, lambda: self.fallback.summarize(turns, task, slots, caller=caller), self._neutral_summary
        )
        if reason is not None:
            result = dataclasses.replace(result, ms=_elapsed_ms(started))
        return result

    # -- the request ---------------------------------------------------------------------

    def _messages(self, system: str, text: str, context: DialogueContext | None) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": system}]
        if context is not None:
            for turn in list(context.turns)[-MAX_CONTEXT_TURNS:]:
                if not (turn.text or "").strip():
                    continue
                role = "user" if turn.speaker == "caller" else "assistant"
                messages.append({"role": role, "content": _clip(turn.text)})
        messages.append({"role": "user", "content": text})
        return messages

    async def _complete(self, messages: list[dict[str, str]], response_format: dict[str, Any]) -> dict[str, Any]:
        """One chat completion; returns the parsed JSON object or raises :class:`LLMAnswerError`."""
        completion = await self.client.chat.completions.create(  # type: ignore[call-overload]
            model=self.model,
            messages=messages,
            response_format=response_format,
            temperature=0,
        )
        if not completion.choices:
            raise LLMAnswerError("empty answer")
        message = completion.choices[0].message
        if message.refusal:
            raise LLMAnswerError("refusal")
        if not message.content:
            raise LLMAnswerError("empty answer")
        try:
            data = json.loads(message.content)
        except ValueError:
            raise LLMAnswerError("invalid JSON") from None
        if not isinstance(data, dict):
            raise LLMAnswerError("schema violation: answer is not a JSON object")
        return data

    async def _with_fallback(
        self,
        op: str,
        ask: Callable[[], Awaitable[T]],
        fallback_call: Callable[[], Awaitable[T]],
        neutral: Callable[[], T],
    ) -> tuple[T, str | None]:
        """Run ``ask`` within the budget; the fallback runs alongside and answers if ``ask`` fails.

        Returns the result and ``None``, or the fallback's result and the (loggable) reason.
        """
        fallback_task = asyncio.ensure_future(fallback_call())
        try:
            async with asyncio.timeout(self.budget_seconds):
                result = await ask()
        except TimeoutError:
            reason = f"timeout after {self.budget_seconds:.2f} s"
        except LLMAnswerError as exc:
            reason = exc.reason
        except openai.APITimeoutError:
            reason = "client timeout"
        except openai.APIConnectionError:
            reason = "connection error"
        except openai.APIStatusError as exc:
            reason = f"HTTP {exc.status_code}"
        except openai.OpenAIError as exc:
            reason = f"API error {type(exc).__name__}"
        except Exception as exc:  # never let a model problem end a call
            reason = f"unexpected {type(exc).__name__}"
        else:
            fallback_task.cancel()
            await asyncio.gather(fallback_task, return_exceptions=True)
            return result, None
        log.warning(
            "llm_fallback",
            op=op,
            reason=reason,
            model=self.model,
            business=self.business_id,
            fallback=getattr(self.fallback, "name", "?"),
        )
        return await self._safe_fallback(lambda: fallback_task, neutral), reason

    async def _safe_fallback(self, call: Callable[[], Awaitable[T]], neutral: Callable[[], T]) -> T:
        try:
            return await call()
        except Exception as exc:  # the fallback must not crash the call either
            log.error("fallback_engine_failed", error=type(exc).__name__, business=self.business_id)
            return neutral()

    # -- parsing -------------------------------------------------------------------------

    def _danger_net(self, result: Classification, text: str) -> Classification:
        """Safety net: when the local rules hear an undenied danger the model missed, the call
        goes to the emergency task all the same (the check costs microseconds)."""
        danger_task = getattr(self.fallback, "danger_task", None)
        if danger_task is None or self.emergency_task_id is None or result.task == self.emergency_task_id:
            return result
        try:
            hit = danger_task(text)
        except Exception:  # the net must never cost the call
            return result
        if hit != self.emergency_task_id:
            return result
        return dataclasses.replace(
            result,
            task=hit,
            confidence=max(result.confidence, DANGER_CONFIDENCE),
            reason=result.reason + "; danger heard by the local rules",
        )

    def _parse_classification(self, data: dict[str, Any], started: float) -> Classification:
        task = data.get("task")
        confidence = data.get("confidence")
        if not isinstance(task, str):
            raise LLMAnswerError("schema violation: task is not a string")
        if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not math.isfinite(confidence):
            raise LLMAnswerError("schema violation: confidence is not a number")
        confidence = min(max(float(confidence), 0.0), 1.0)
        danger = data.get("danger")
        if danger is not None and danger not in DANGER_KINDS:
            raise LLMAnswerError("schema violation: danger is not a known kind")
        if danger not in (None, "none") and self.emergency_task_id is not None:
            # Emergency first: the danger decides, whatever task the model put next to it.
            return Classification(
                self.emergency_task_id,
                max(confidence, DANGER_CONFIDENCE),
                self.name,
                _elapsed_ms(started),
                reason=f"model: danger={danger}",
            )
        if data.get("topic_change") is True and task in self.task_ids:
            confidence = max(confidence, TOPIC_CHANGE_CONFIDENCE)
        if task == UNSURE:
            return Classification(None, confidence, self.name, _elapsed_ms(started), reason="model: unsure")
        if task not in self.task_ids:
            # An id outside the business's tasks is "unsure": the bot asks again rather than
            # guess. The caller's text is never logged; the id itself only at DEBUG.
            log.warning("llm_unknown_task", model=self.model, business=self.business_id)
            log.debug("llm_unknown_task_id", task=task[:80], business=self.business_id)
            return Classification(None, 0.0, self.name, _elapsed_ms(started), reason="model: unknown task id")
        return Classification(task, confidence, self.name, _elapsed_ms(started), reason="model")

    def _parse_slots(self, data: dict[str, Any], wanted: Sequence[str], region: str, started: float) -> Slots:
        values: dict[str, SlotValue] = {}
        for name in [*wanted, "preferred_time_iso"]:
            raw = data.get(name)
            if raw is not None and not isinstance(raw, str):
                raise LLMAnswerError(f"schema violation: {name} is not a string or null")
        for name in wanted:
            raw = data.get(name)
            if raw is None or not raw.strip():
                continue
            value = raw.strip()[:MAX_SLOT_CHARS]
            if name == "callback_number":
                e164 = normalize_phone(value, region)
                if e164 is None:
                    log.info("slot_dropped", slot=name, reason="not a valid phone number", business=self.business_id)
                    continue
                values[name] = SlotValue(e164, normalized=e164)
            elif name == "urgency":
                level = value.lower()
                if level not in URGENCY_LEVELS:
                    log.info("slot_dropped", slot=name, reason="unknown urgency level", business=self.business_id)
                    continue
                values[name] = SlotValue(level, normalized=level)
            elif name == "preferred_time":
                values[name] = SlotValue(value, normalized=self._iso_time(data.get("preferred_time_iso")))
            else:
                values[name] = SlotValue(value)
        return Slots(values=values, engine=self.name, ms=_elapsed_ms(started))

    def _iso_time(self, raw: str | None) -> str | None:
        if not raw or not raw.strip():
            return None
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self._zone())
        return moment.isoformat()

    def _zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("Europe/Berlin")

    # -- neutral answers when even the fallback fails ------------------------------------

    def _neutral_classification(self, ms: float) -> Classification:
        return Classification(None, 0.0, getattr(self.fallback, "name", "fallback"), ms, reason="fallback failed")

    def _neutral_slots(self) -> Slots:
        return Slots(engine=getattr(self.fallback, "name", "fallback"))

    def _neutral_summary(self) -> Summary:
        return Summary(text="Anruf ohne auswertbaren Inhalt.", engine=getattr(self.fallback, "name", "fallback"), ms=0.0)


def normalize_phone(value: str, region: str = "DE") -> str | None:
    """A caller's number as E.164 (``+4917155501234``), or ``None`` if it is not a valid number.

    Spoken digits the model passed through unchanged ("null eins sieben eins ...") are read too.
    """
    for candidate in dict.fromkeys((value, words_to_digits(value))):
        e164 = caller_e164(candidate, region)
        if e164 is not None:
            return e164
    return None
