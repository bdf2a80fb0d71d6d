"""Shared fixtures for the bot tests: the example heating firm's tasks, a fake OpenAI server,
and a scripted fallback engine that records how it was called."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from zentrale.bot.intents.base import (
    SLOT_NAMES,
    Classification,
    ContextTurn,
    DialogueContext,
    Slots,
    SlotValue,
    Summary,
    TaskLike,
)
from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.config import EXAMPLES_DIR, load_config


def _load_fake_module():
    # tests/ is not a package (importlib import mode): load the fake by path, once.
    name = "zentrale_tests_fake_openai"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("fake_openai.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


fake_openai_module = _load_fake_module()
FakeOpenAI = fake_openai_module.FakeOpenAI


@dataclass(frozen=True)
class Task:
    id: str
    name: str
    description: str
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    priority: str = "normal"


# The German example business "heizung-mueller" (ids, names, descriptions verbatim).
HEIZUNG_MUELLER_TASKS = (
    Task(
        "rueckruf",
        "Rückrufwunsch",
        "Der Anrufer möchte zurückgerufen werden oder eine bestimmte Person sprechen (Chef, Monteur, Büro), "
        "ohne dass ein anderes Anliegen im Vordergrund steht.",
    ),
    Task(
        "stoerung",
        "Heizungsstörung",
        "Heizung, Therme, Brenner, Kessel, Wärmepumpe oder Warmwasser funktioniert nicht richtig: bleibt kalt, "
        "zeigt eine Fehlermeldung oder einen Störcode, verliert Druck, macht Geräusche, springt nicht an. "
        "Kein akuter Notfall.",
        examples=("Meine Heizung ist ausgefallen.",),
        keywords=("störung", "ausgefallen"),
        priority="high",
    ),
    Task(
        "notfall",
        "Notfall",
        "Akute Gefahr oder ein Schaden, der sofort Hilfe braucht: Gasgeruch, Wasserrohrbruch, Wasser läuft aus und "
        "lässt sich nicht abstellen, Überschwemmung, Abgas- oder Rauchgeruch, Totalausfall der Heizung bei Frost.",
        priority="urgent",
    ),
    Task(
        "neue-heizung",
        "Interesse an neuer Heizung",
        "Interesse an einer neuen Heizung oder einem Heizungstausch: Wärmepumpe, Gas-Brennwert, Pellets, "
        "Solarthermie, Hybrid; Beratung, Förderung, Heizungsgesetz.",
    ),
    Task(
        "termin",
        "Termin",
        "Einen Termin vereinbaren, verschieben oder absagen, vor allem Wartung, Inspektion oder Kundendienst; "
        "Frage, wann der Monteur kommt.",
    ),
    Task(
        "angebot",
        "Kostenvoranschlag",
        "Ein Angebot oder einen Kostenvoranschlag anfragen, fragen was eine Arbeit kostet, oder Rückfragen zu "
        "einem erhaltenen Angebot.",
    ),
    Task(
        "rechnung",
        "Rechnung",
        "Fragen zu einer Rechnung: Betrag unklar oder falsch, Zahlung, Ratenzahlung, Mahnung, Rechnung nicht "
        "erhalten oder Kopie benötigt.",
    ),
    Task(
        "bewerbung",
        "Bewerbung",
        "Jemand möchte bei der Firma arbeiten: Bewerbung, Ausbildungsplatz, Praktikum, Stelle als "
        "Anlagenmechaniker oder Monteur, Nachfrage zum Stand einer Bewerbung.",
    ),
    Task(
        "sanitaer",
        "Sanitär",
        "Probleme oder Arbeiten im Bad und an Wasserleitungen, die kein Notfall sind: tropfender Wasserhahn, "
        "verstopfter Abfluss, WC-Spülung, Badsanierung, neue Dusche.",
    ),
)

TASK_IDS = [task.id for task in HEIZUNG_MUELLER_TASKS]


@dataclass
class ScriptedEngine:
    """A fallback engine with fixed, recognisable answers; records every call."""

    name: str = "local"
    task: str | None = "rueckruf"
    confidence: float = 0.61
    calls: list[str] = field(default_factory=list)

    async def classify(self, text: str, context: DialogueContext | None = None) -> Classification:
        self.calls.append("classify")
        if not text.strip():
            return Classification(None, 0.0, self.name, 0.1, reason="empty")
        return Classification(self.task, self.confidence, self.name, 0.1, reason="scripted")

    async def extract_slots(
        self, text: str, wanted: Sequence[str] = SLOT_NAMES, context: DialogueContext | None = None, *, region: str = "DE"
    ) -> Slots:
        self.calls.append("extract_slots")
        return Slots(values={"city": SlotValue("Fallbackstadt")}, engine=self.name, ms=0.1)

    async def summarize(
        self, turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, *, caller: str | None = None
    ) -> Summary:
        self.calls.append("summarize")
        return Summary(text="Zusammenfassung der Regeln.", engine=self.name, ms=0.1)


@pytest.fixture
def tasks() -> tuple[Task, ...]:
    return HEIZUNG_MUELLER_TASKS


@pytest.fixture
def fallback() -> ScriptedEngine:
    return ScriptedEngine()


@pytest.fixture
async def fake_openai(aiohttp_server) -> AsyncIterator[FakeOpenAI]:
    fake = FakeOpenAI(task_ids=TASK_IDS)
    server = await aiohttp_server(fake.app())
    fake.base_url = str(server.make_url("/v1"))
    yield fake
    fake.release()


def business_yaml(
    business_id: str = "heizung-mueller",
    *,
    tasks: Sequence[Task] = HEIZUNG_MUELLER_TASKS,
    intents: dict | None = None,
    region: str = "DE",
) -> str:
    """A minimal business YAML (only the fields the contract requires) with the given tasks."""
    import yaml

    data: dict = {
        "version": 1,
        "business": {"id": business_id, "name": "Heizung Müller GmbH", "region": region},
        "tasks": [
            {
                "id": t.id,
                "name": t.name,
                "description": t.description,
                **({"examples": list(t.examples)} if t.examples else {}),
                **({"keywords": list(t.keywords)} if t.keywords else {}),
            }
            for t in tasks
        ],
    }
    if intents is not None:
        data["intents"] = intents
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def write_config(tmp_path):
    """Write one business YAML (or several into a directory) and return the path to pass as --config."""

    def write(*businesses: str, **kwargs) -> Path:
        ids = businesses or ("heizung-mueller",)
        if len(ids) == 1:
            path = tmp_path / f"{ids[0]}.yaml"
            path.write_text(business_yaml(ids[0], **kwargs), encoding="utf-8")
            return path
        folder = tmp_path / "businesses"
        folder.mkdir(exist_ok=True)
        for business_id in ids:
            (folder / f"{business_id}.yaml").write_text(business_yaml(business_id, **kwargs), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def task_ids() -> list[str]:
    return list(TASK_IDS)


@pytest.fixture
def threaded_fake_openai():
    """A FakeOpenAI for sync code (e.g. the CLI): use ``with fake.running_in_thread() as base_url``."""
    return FakeOpenAI(task_ids=TASK_IDS)


# ------------------------------------------------------------------ the example businesses
# Loaded once per test module from the shipped examples (DE, AT) and the Swiss dev business.

CH_CONFIG = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "haustechnik-meier-ch.yaml"


@pytest.fixture(scope="module")
def installation():
    return load_config(EXAMPLES_DIR, environ={})


@pytest.fixture(scope="module")
def mueller(installation):
    return installation.business("heizung-mueller")


@pytest.fixture(scope="module")
def huber(installation):
    return installation.business("rauchfangkehrer-huber")


@pytest.fixture(scope="module")
def meier():
    return load_config(CH_CONFIG, environ={}).business("haustechnik-meier")


def local_engine(path: Path) -> LocalEngine:
    """The local engine of the first business in ``path``, to classify sentences with."""
    built = build_local_engine(load_config(path).businesses[0])
    assert isinstance(built, LocalEngine)
    return built


@pytest.fixture(scope="module")
def de() -> LocalEngine:
    return local_engine(EXAMPLES_DIR / "heizung-mueller.yaml")


@pytest.fixture(scope="module")
def at() -> LocalEngine:
    return local_engine(EXAMPLES_DIR / "rauchfangkehrer-huber.yaml")


@pytest.fixture(scope="module")
def ch() -> LocalEngine:
    return local_engine(CH_CONFIG)
