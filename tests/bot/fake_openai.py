"""A fake OpenAI-compatible server speaking the real ``POST /v1/chat/completions`` protocol.

It checks every request the way a strict server would (bearer key, model, a strict
``json_schema`` response format, the task enum) and records it, then answers according to
``mode``: a normal answer, slowly, HTTP 500/429, a refusal, invalid JSON, a task id outside
the enum, or by dropping the connection. Problems with a request are answered with HTTP 400
and collected in ``problems`` so a test can assert the engine sent what a real server needs.

Use it from async tests through the ``fake_openai`` fixture (conftest.py), or from sync code
with :meth:`FakeOpenAI.running_in_thread`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

MODES = ("answer", "slow", "error500", "error429", "refusal", "invalid_json", "unknown_task", "drop")

CLASSIFY = "call_reason"
SLOTS = "call_details"
SUMMARY = "call_summary"


@dataclass
class RecordedRequest:
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def schema_name(self) -> str | None:
        return ((self.body.get("response_format") or {}).get("json_schema") or {}).get("name")

    @property
    def schema(self) -> dict[str, Any]:
        return self.body["response_format"]["json_schema"]["schema"]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])


@dataclass
class FakeOpenAI:
    """Configure the answers, then point an OpenAI client at :attr:`base_url`."""

    task_ids: Sequence[str]
    model: str = "fake-model"
    api_key: str = "sk-test"
    mode: str = "answer"
    delay_seconds: float = 10.0
    # What the model "says" per schema name; slots not given are answered with null.
    answers: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {
            CLASSIFY: {"task": "stoerung", "confidence": 0.93},
            SLOTS: {},
            SUMMARY: {"summary": "Ein Kunde hat angerufen."},
        }
    )
    requests: list[RecordedRequest] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    base_url: str = ""

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._released: asyncio.Event | None = None

    # -- the aiohttp application ---------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.on_shutdown.append(self._on_shutdown)
        return app

    def release(self) -> None:
        """End every pending slow answer now (used before the server shuts down)."""
        if self._released is not None:
            self._released.set()

    async def _on_shutdown(self, _app: web.Application) -> None:
        self.release()

    async def _chat_completions(self, request: web.Request) -> web.StreamResponse:
        if self._released is None:
            self._released = asyncio.Event()
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return self._error(400, "invalid_request_error", "body is not JSON")
        recorded = RecordedRequest(headers=dict(request.headers), body=body)
        self.requests.append(recorded)
        problems = self._check(recorded)
        if problems:
            self.problems.extend(problems)
            return self._error(400, "invalid_request_error", "; ".join(problems))

        if self.mode == "slow":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._released.wait(), self.delay_seconds)
        elif self.mode == "error500":
            return self._error(500, "server_error", "The server had an error while processing your request.")
        elif self.mode == "error429":
            return self._error(429, "rate_limit_exceeded", "Rate limit reached for requests.")
        elif self.mode == "drop":
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)
        elif self.mode not in MODES:
            raise ValueError(f"unknown fake mode {self.mode!r}")

        name = recorded.schema_name or ""
        if self.mode == "refusal":
            return self._completion(body, content=None, refusal="Dabei kann ich leider nicht helfen.")
        if self.mode == "invalid_json":
            return self._completion(body, content='{"task": "stoerung", "confidence": ')
        answer = self._answer_for(name, recorded.schema)
        if self.mode == "unknown_task" and name == CLASSIFY:
            answer = {"task": "pizza-bestellung", "confidence": 0.99}
        return self._completion(body, content=json.dumps(answer, ensure_ascii=False))

    def _answer_for(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        given = dict(self.answers.get(name, {}))
        # Strict mode: every property is present; a model answers null for what it did not hear.
        return {key: given.get(key) for key in schema.get("properties", {})}

    # -- request checks (what a strict OpenAI server rejects) -----------------------------

    def _check(self, recorded: RecordedRequest) -> list[str]:
        problems: list[str] = []
        auth = recorded.headers.get("Authorization", "")
        if auth != f"Bearer {self.api_key}":
            problems.append(f"Authorization header is {auth!r}, expected the bearer key")
        body = recorded.body
        if body.get("model") != self.model:
            problems.append(f"model is {body.get('model')!r}, expected {self.model!r}")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            problems.append("messages missing")
        else:
            for message in messages:
                if message.get("role") not in {"system", "developer", "user", "assistant"}:
                    problems.append(f"bad message role {message.get('role')!r}")
                if not isinstance(message.get("content"), str):
                    problems.append("message content is not a string")
        response_format = body.get("response_format") or {}
        if response_format.get("type") != "json_schema":
            problems.append("response_format.type is not json_schema")
            return problems
        json_schema = response_format.get("json_schema") or {}
        if json_schema.get("strict") is not True:
            problems.append("json_schema.strict is not true")
        if not json_schema.get("name"):
            problems.append("json_schema.name missing")
        schema = json_schema.get("schema") or {}
        problems.extend(_strict_schema_problems(schema))
        if json_schema.get("name") == CLASSIFY:
            enum = ((schema.get("properties") or {}).get("task") or {}).get("enum")
            expected = [*self.task_ids, "unsure"]
            if enum != expected:
                problems.append(f"task enum is {enum!r}, expected {expected!r}")
        return problems

    # -- responses in the real wire format ------------------------------------------------

    def _completion(self, body: dict[str, Any], *, content: str | None, refusal: str | None = None) -> web.Response:
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
        completion_tokens = len((content or refusal or "").split())
        payload = {
            "id": f"chatcmpl-fake{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal, "annotations": []},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
        return web.json_response(payload)

    @staticmethod
    def _error(status: int, code: str, message: str) -> web.Response:
        payload = {"error": {"message": message, "type": code, "param": None, "code": code}}
        return web.json_response(payload, status=status)

    # -- running outside an async test -----------------------------------------------------

    @contextlib.contextmanager
    def running_in_thread(self) -> Iterator[str]:
        """Serve on 127.0.0.1 in a background thread; yields the ``base_url`` (``.../v1``)."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        runner = web.AppRunner(self.app())

        def serve() -> None:
            asyncio.set_event_loop(loop)

            async def start() -> None:
                await runner.setup()
                site = web.TCPSite(runner, "127.0.0.1", 0)
                await site.start()
                host, port = runner.addresses[0][:2]
                self.base_url = f"http://{host}:{port}/v1"

            loop.run_until_complete(start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
            loop.close()

        thread = threading.Thread(target=serve, name="fake-openai", daemon=True)
        thread.start()
        ready.wait(10)
        try:
            yield self.base_url
        finally:
            loop.call_soon_threadsafe(self.release)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)


def _strict_schema_problems(schema: dict[str, Any], path: str = "schema") -> list[str]:
    """Strict structured outputs: objects list every property as required and forbid others."""
    problems: list[str] = []
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            problems.append(f"{path}: additionalProperties must be false")
        if sorted(schema.get("required") or []) != sorted(properties):
            problems.append(f"{path}: every property must be required")
        for key, sub in properties.items():
            problems.extend(_strict_schema_problems(sub, f"{path}.{key}"))
    return problems
