"""The business configuration models: defaults, the contract's minimal config, rules an admin relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from zentrale.config import BusinessConfig, TaskConfig
from zentrale.config.phones import to_e164

BERLIN = ZoneInfo("Europe/Berlin")


def minimal(**business: object) -> dict:
    return {
        "version": 1,
        "business": {"id": "firma", **business},
        "tasks": [{"id": "rueckruf", "name": "Rückrufwunsch", "description": "Möchte zurückgerufen werden."}],
    }


def errors(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        BusinessConfig.model_validate(data)
    return [(e["loc"], e["msg"]) for e in caught.value.errors()]


def test_contract_minimal_config_creates_one_activity_for_the_first_staff_member():
    data = minimal()
    data["staff"] = [
        {"id": "sb", "name": "Sabine Berger", "trade_user": "SB"},
        {"id": "km", "name": "Klaus Müller", "trade_user": "KM"},
    ]
    config = BusinessConfig.model_validate(data)
    [action] = config.tasks[0].effective_actions(config)
    assert action.kind == "activity"
    assert (action.activity.type, action.activity.assignee, action.activity.team) == ("Rückrufwunsch", "sb", None)
    assert config.staff_member(action.activity.assignee).trade_user == "SB"
    assert config.id == "firma"
    assert config.tasks[0].actions == []  # the configured list stays as written


def test_only_required_fields_is_valid_with_german_defaults():
    config = BusinessConfig.model_validate(minimal())
    info = config.business
    assert (info.region, info.timezone, info.language, info.voice) == ("DE", "Europe/Berlin", "de-DE", "Polly.Vicki-Neural")
    assert "Telefonassistenz" in info.greeting and info.greeting.startswith("Guten Tag")
    assert config.intents.engine == "auto" and config.intents.budget_seconds == 1.5
    assert config.intents.openai.model == "gpt-4o-mini"
    assert config.privacy.retention_days == 180
    [action] = config.tasks[0].effective_actions(config)
    assert action.activity.assignee is None  # no staff: unassigned, in zentrale's inbox
    assert action.activity.type == "Rückrufwunsch"


@pytest.mark.parametrize(
    ("region", "zone", "language", "voice", "hello"),
    [
        ("AT", "Europe/Vienna", "de-AT", "Polly.Hannah-Neural", "Grüß Gott"),
        ("CH", "Europe/Zurich", "de-CH", "Polly.Vicki-Neural", "Guten Tag"),
    ],
)
def test_defaults_follow_the_region(region, zone, language, voice, hello):
    info = BusinessConfig.model_validate(minimal(region=region, name="Huber")).business
    assert (info.timezone, info.language, info.voice) == (zone, language, voice)
    assert info.greeting.startswith(hello) and "von Huber" in info.greeting


def test_region_without_defaults_asks_for_timezone():
    assert any("set timezone" in msg for _, msg in errors(minimal(region="FR")))
    info = BusinessConfig.model_validate(minimal(region="FR", timezone="Europe/Paris", language="de-DE")).business
    assert info.voice == "Polly.Vicki-Neural"


def test_unknown_version_says_which_exist():
    data = minimal()
    data["version"] = 3
    assert errors(data) == [(("version",), "Value error, unknown version 3; supported versions: 1")]


@pytest.mark.parametrize(
    "greeting",
    [
        "Guten Tag, Sie sprechen mit der digitalen Telefonassistenz von Heizung Müller.",
        "Hallo, hier ist der automatische Assistent der Firma Huber.",
        "Grüß Gott, hier spricht die KI-Assistentin vom Rauchfangkehrer.",
        "Willkommen, Sie sind mit unserer virtuellen Assistenz verbunden.",
        "Guten Tag, Sie sprechen mit einem automatisierten Telefonassistenten.",
    ],
)
def test_greeting_that_names_the_automated_assistant_is_accepted(greeting):
    assert BusinessConfig.model_validate(minimal(greeting=greeting)).business.greeting == greeting


@pytest.mark.parametrize(
    "greeting",
    [
        "Guten Tag, Heizung Müller, was kann ich für Sie tun?",
        "Hallo, hier ist die Assistentin vom Chef.",
        "Digital und schnell: Müller.",
    ],
)
def test_greeting_without_the_automated_assistant_is_rejected_citing_the_ai_act(greeting):
    [(loc, msg)] = errors(minimal(greeting=greeting))
    assert loc == ("business", "greeting")
    assert "EU AI Act, Art. 50" in msg


def test_opening_hours_is_open():
    info = BusinessConfig.model_validate(
        minimal(opening_hours={"mon-thu": "07:30-12:00, 13:00-16:30", "fri": "07:30-13:00", "sat": "closed"})
    ).business
    monday = datetime(2024, 6, 3, tzinfo=BERLIN)  # a Monday
    assert info.is_open(monday.replace(hour=7, minute=30))
    assert info.is_open(monday.replace(hour=11, minute=59))
    assert not info.is_open(monday.replace(hour=12, minute=30))  # lunch break
    assert not info.is_open(monday.replace(hour=16, minute=30))  # closing time is exclusive
    assert not info.is_open(monday.replace(hour=7, minute=29))
    friday = monday + timedelta(days=4)
    assert info.is_open(friday.replace(hour=12)) and not info.is_open(friday.replace(hour=14))
    assert not info.is_open((monday + timedelta(days=5)).replace(hour=10))  # Saturday: closed
    assert not info.is_open((monday + timedelta(days=6)).replace(hour=10))  # Sunday: not listed
    # 08:00 UTC is 10:00 in Berlin (summer time): open
    assert info.is_open(datetime(2024, 6, 3, 8, 0, tzinfo=UTC))
    # 15:00 UTC is 17:00 in Berlin: closed
    assert not info.is_open(datetime(2024, 6, 3, 15, 0, tzinfo=UTC))
    with pytest.raises(ValueError, match="time-zone-aware"):
        info.is_open(datetime(2024, 6, 3, 10, 0))


def test_opening_hours_use_the_business_time_zone():
    vienna = BusinessConfig.model_validate(minimal(region="AT", opening_hours={"mon-fri": "08:00-17:00"})).business
    # 06:30 UTC on a winter Monday is 07:30 in Vienna: not yet open
    assert not vienna.is_open(datetime(2024, 1, 8, 6, 30, tzinfo=UTC))
    assert vienna.is_open(datetime(2024, 1, 8, 7, 30, tzinfo=UTC))


def test_without_opening_hours_the_business_is_always_open():
    info = BusinessConfig.model_validate(minimal()).business
    assert info.is_open(datetime(2024, 6, 9, 3, 0, tzinfo=BERLIN))


def test_public_holidays_and_closed_dates_are_closed_days():
    hours = {"mon-fri": "08:00-17:00"}
    graz = BusinessConfig.model_validate(minimal(region="AT", opening_hours=hours)).business
    assert graz.holidays == "AT"  # the national holidays of the region by default
    assert not graz.is_open(datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Vienna")))  # Mariä Empfängnis
    assert graz.is_open(datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Vienna")))
    berlin = BusinessConfig.model_validate(
        minimal(opening_hours=hours, holidays="de-be", closed_dates=["2026-12-24..2027-01-01", "2027-05-07"])
    ).business
    assert berlin.holidays == "DE-BE"
    assert not berlin.is_open(datetime(2027, 3, 8, 10, 0, tzinfo=BERLIN))  # Frauentag, Berlin only
    assert not berlin.is_open(datetime(2026, 12, 28, 10, 0, tzinfo=BERLIN))  # company holidays
    assert not berlin.is_open(datetime(2027, 5, 7, 10, 0, tzinfo=BERLIN))
    assert berlin.is_open(datetime(2027, 1, 4, 10, 0, tzinfo=BERLIN))
    munich = BusinessConfig.model_validate(minimal(opening_hours=hours, holidays="DE-BY")).business
    assert munich.is_open(datetime(2027, 3, 8, 10, 0, tzinfo=BERLIN))
    none = BusinessConfig.model_validate(minimal(opening_hours=hours, holidays=False)).business
    assert none.is_open(datetime(2026, 12, 25, 10, 0, tzinfo=BERLIN))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"holidays": "XX"}, "no public holidays known for 'XX'"),
        ({"holidays": "DE-XY"}, "unknown subdivision 'DE-XY' of DE; use one of DE-BB, DE-BE"),
        ({"closed_dates": ["24.12.2026"]}, "is not a date like 2026-12-24"),
        ({"closed_dates": ["2027-01-06..2026-12-24"]}, "end before they start"),
    ],
)
def test_bad_holidays_and_closed_dates_are_explained(fields, expected):
    assert any(expected in msg for _, msg in errors(minimal(**fields)))


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ({"mon-fir": "08:00-17:00"}, "not a day or day range"),
        ({"mon": "8 bis 17"}, "not a time range"),
        ({"mon": "08:00-25:00"}, "not a time of day"),
        ({"mon": "17:00-08:00"}, "ends before it starts"),
        ({"mon": "08:00-12:00, 11:00-14:00"}, "overlap"),
        ({"mon-fri": "08:00-17:00", "fri": "08:00-12:00"}, "fri is covered twice"),
    ],
)
def test_bad_opening_hours_are_explained(hours, expected):
    assert any(expected in msg for _, msg in errors(minimal(opening_hours=hours)))


def test_quiet_hours_wrap_midnight():
    info = BusinessConfig.model_validate(minimal(quiet_hours="20:00-07:00")).business
    assert info.in_quiet_hours(datetime(2024, 6, 3, 22, 0, tzinfo=BERLIN))
    assert info.in_quiet_hours(datetime(2024, 6, 3, 6, 59, tzinfo=BERLIN))
    assert not info.in_quiet_hours(datetime(2024, 6, 3, 12, 0, tzinfo=BERLIN))


def _business_with_tasks(tasks: list[dict], **business: object) -> dict:
    data = minimal(**business)
    data["staff"] = [
        {"id": "km", "name": "Klaus", "mobile": "0171 5550101", "teams": ["buero"]},
        {"id": "tw", "name": "Tobias", "email": "t@example.de", "teams": ["monteure"]},
    ]
    data["tasks"] = tasks
    return data


def test_ask_shorthand_gets_the_german_default_question_and_custom_slots_need_one():
    task = {
        "id": "stoerung",
        "name": "Störung",
        "description": "Heizung kaputt",
        "ask": ["caller_name", {"slot": "geraetenummer", "question": "Wie lautet die Gerätenummer?", "required": False}],
    }
    config = BusinessConfig.model_validate(_business_with_tasks([task]))
    first, second = config.tasks[0].ask
    assert (first.slot, first.required) == ("caller_name", True)
    assert first.question == "Darf ich bitte Ihren Namen erfahren?"
    assert (second.question, second.required, second.is_custom) == ("Wie lautet die Gerätenummer?", False, True)

    task["ask"] = ["caller_name", "geraetenummer", "caller_name"]
    [(loc, msg)] = errors(_business_with_tasks([task]))
    assert loc[:4] == ("tasks", 0, "ask", 1)
    assert "'geraetenummer' is not a known slot" in msg and "needs a question" in msg


def test_actions_defaults_and_references():
    task = {
        "id": "notfall",
        "name": "Notfall",
        "description": "Gasgeruch",
        "priority": "urgent",
        "actions": [
            {"forward": "emergency"},
            {"activity": {"team": "monteure", "follow_up": "2h"}},
            {"notify": {"staff": "km", "via": ["sms"]}},
            {"forward": {"to": "030 5550199", "when": "outside_hours"}},
        ],
    }
    config = BusinessConfig.model_validate(_business_with_tasks([task], emergency_number="0171 5550100"))
    forward, activity, notify, forward_number = config.tasks[0].effective_actions(config)
    assert (forward.kind, forward.forward.to, forward.forward.when) == ("forward", "emergency", "always")
    assert config.business.emergency_number == "+491715550100"
    # activity: type = task name, priority = task priority; a team only, so no default assignee is added
    assert (activity.activity.type, activity.activity.priority, activity.activity.team, activity.activity.assignee) == (
        "Notfall",
        "urgent",
        "monteure",
        None,
    )
    assert activity.activity.follow_up_delta == timedelta(hours=2)
    assert (notify.notify.staff, notify.notify.when) == ("km", "always")
    assert forward_number.forward.to == "+49305550199" and forward_number.forward.is_number


@pytest.mark.parametrize(
    ("actions", "loc_tail", "expected"),
    [
        ([{"activity": {"assignee": "xy"}}], ("activity", "assignee"), "unknown staff id 'xy'; staff ids are: km, tw"),
        ([{"activity": {"team": "buro"}}], ("activity", "team"), "unknown team 'buro'"),
        ([{"notify": {"team": "monteure", "via": ["sms"]}}], ("notify",), "nobody in team 'monteure' has a mobile number"),
        ([{"notify": {"staff": "km", "via": ["email"]}}], ("notify",), "staff member 'km' has no e-mail address"),
        ([{"notify": {"via": ["sms"]}}], ("notify",), "exactly one of staff"),
        ([{"forward": {"to": "emergency"}}], ("forward", "to"), "needs business.emergency_number"),
        ([{"forward": {"to": "tw"}}], ("forward", "to"), "'tw' has no mobile number"),
        ([{"forward": {"to": "chef"}}], ("forward", "to"), "unknown forward target 'chef'"),
        ([{"activity": {"follow_up": "morgen"}}], ("activity", "follow_up"), "not a duration"),
        ([{"activity": {}, "notify": {"staff": "km"}}], (), "make them separate items"),
    ],
)
def test_bad_actions_are_errors_at_the_reference(actions, loc_tail, expected):
    task = {"id": "a", "name": "A", "description": "Aufgabe", "actions": actions}
    [(loc, msg)] = errors(_business_with_tasks([task]))
    assert loc == ("tasks", 0, "actions", 0, *loc_tail)
    assert expected in msg


def test_duplicate_ids_are_errors_at_the_second_one():
    data = _business_with_tasks(
        [
            {"id": "a", "name": "A", "description": "Eins"},
            {"id": "a", "name": "B", "description": "Zwei"},
        ]
    )
    data["staff"].append({"id": "km", "name": "Noch ein Klaus"})
    assert errors(data) == [
        (("staff", 2, "id"), "Value error, staff id 'km' is used twice"),
        (("tasks", 1, "id"), "Value error, task id 'a' is used twice"),
    ]


def test_task_model_stands_alone_for_engines():
    task = TaskConfig.model_validate({"id": "x", "name": "X", "description": "D", "keywords": "störung"})
    assert task.keywords == ["störung"] and task.examples == []


def test_secrets_do_not_show_in_repr():
    data = minimal()
    data["integrations"] = {
        "trade_system": {
            "kind": "kwp",
            "base_url": "https://kwp.example/",
            "firm_code": "F",
            "client_id": "c",
            "client_secret": "very-secret",
        }
    }
    config = BusinessConfig.model_validate(data)
    assert "very-secret" not in repr(config)
    assert config.integrations.trade_system.base_url == "https://kwp.example"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("030 555 010", "DE", "+4930555010"),
        ("+49 (0)30 555-010", "DE", "+4930555010"),
        ("0049 30 555010", "DE", "+4930555010"),
        ("0316 555 020", "AT", "+43316555020"),
        ("0664 / 5550201", "AT", "+436645550201"),
        ("044 555 12 34", "CH", "+41445551234"),
    ],
)
def test_to_e164(raw, region, expected):
    assert to_e164(raw, region) == expected


@pytest.mark.parametrize("raw", ["", "Büro", "12", "+999 123"])
def test_to_e164_rejects_non_numbers(raw):
    with pytest.raises(ValueError):
        to_e164(raw, "DE")


def test_every_field_of_every_model_is_described():
    from pydantic import BaseModel

    from zentrale.config import schema

    models = [
        m for m in vars(schema).values() if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == schema.__name__
    ]
    assert len(models) >= 15
    undocumented = [f"{m.__name__}.{name}" for m in models for name, info in m.model_fields.items() if not info.description]
    assert undocumented == []
    assert all(m.model_config.get("extra") == "forbid" for m in models)
