"""Loading YAML business configurations: what an admin sees when a file is right or wrong."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from zentrale.cli import main
from zentrale.config import EXAMPLES_DIR, ConfigError, load_config

MINIMAL = """\
version: 1
business:
  id: {id}
  phone_numbers: ["{number}"]
staff:
  - id: anna
    name: Anna Schmidt
    trade_user: AS
tasks:
  - id: rueckruf
    name: Rückrufwunsch
    description: Der Anrufer möchte zurückgerufen werden.
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def issues_of(path: Path, environ: dict[str, str] | None = None) -> list:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ=environ or {})
    return caught.value.issues


def test_misspelt_key_reports_file_line_and_key_path_and_cli_exits_1(tmp_path, capsys):
    path = write(
        tmp_path,
        "firma.yaml",
        """\
        version: 1
        business:
          id: firma
        tasks:
          - id: a
            name: A
            description: Erste Aufgabe
          - id: b
            name: B
            description: Zweite Aufgabe
          - id: c
            name: C
            descripton: Dritte Aufgabe
        """,
    )

    code = main(["config", "check", str(path)])

    out = capsys.readouterr().out
    assert code == 1
    assert f"{path}:13: tasks[2].descripton: unknown key 'descripton' (did you mean 'description'?)" in out
    assert "allowed: id, name, description, examples" in out
    # the missing required key is reported too, at the task's line
    assert f"{path}:11: tasks[2].description: missing required key 'description'" in out
    assert "OK" not in out


def test_check_ok_prints_counts(tmp_path, capsys):
    path = write(tmp_path, "firma.yaml", MINIMAL.format(id="firma", number="+4930555010"))
    assert main(["config", "check", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "OK: 1 business, 1 task"


def test_both_examples_pass_without_environment(capsys, monkeypatch):
    for var in ("TRADE_CLIENT_ID", "TRADE_CLIENT_SECRET", "ZENTRALE_TRADE_URL"):
        monkeypatch.delenv(var, raising=False)
    assert main(["config", "check", str(EXAMPLES_DIR)]) == 0
    assert capsys.readouterr().out.strip() == "OK: 2 businesses, 17 tasks"

    installation = load_config(EXAMPLES_DIR, environ={})
    mueller = installation.business("heizung-mueller")
    assert [t.id for t in mueller.tasks] == [
        "rueckruf",
        "stoerung",
        "notfall",
        "neue-heizung",
        "termin",
        "angebot",
        "rechnung",
        "bewerbung",
        "sanitaer",
    ]
    trade = mueller.integrations.trade_system
    assert trade is not None and trade.kind == "simulator"
    assert trade.base_url == "http://127.0.0.1:8700"
    assert trade.client_id == "zentrale-demo"
    assert trade.client_secret.get_secret_value() == "demo-secret"
    assert installation.for_number("+4930555010") is mueller
    huber = installation.for_number("+43316555020")
    assert huber is not None and huber.id == "rauchfangkehrer-huber"
    assert (huber.business.timezone, huber.business.language, huber.business.voice) == (
        "Europe/Vienna",
        "de-AT",
        "Polly.Hannah-Neural",
    )
    assert huber.integrations.trade_system is None
    assert installation.source("heizung-mueller") == EXAMPLES_DIR / "heizung-mueller.yaml"


def test_example_environment_overrides_defaults():
    installation = load_config(
        EXAMPLES_DIR / "heizung-mueller.yaml",
        environ={"TRADE_CLIENT_SECRET": "s3cret", "ZENTRALE_TRADE_URL": "https://trade.example"},
    )
    trade = installation.business("heizung-mueller").integrations.trade_system
    assert trade.client_secret.get_secret_value() == "s3cret"
    assert trade.base_url == "https://trade.example"


def test_missing_environment_variable_is_named_at_its_line(tmp_path):
    path = write(
        tmp_path,
        "firma.yaml",
        MINIMAL.format(id="firma", number="+4930555010")
        + """\
integrations:
  trade_system:
    kind: kwp
    base_url: https://kwp.example
    firm_code: FIRMA
    client_id: ${TRADE_CLIENT_ID}
    client_secret: ${TRADE_CLIENT_SECRET}
""",
    )
    issues = issues_of(path, environ={"TRADE_CLIENT_ID": "zentrale"})
    assert [str(i) for i in issues] == [
        f"{path}:19: integrations.trade_system.client_secret: environment variable TRADE_CLIENT_SECRET is not set"
    ]


def test_variable_default_and_inline_substitution(tmp_path):
    path = write(
        tmp_path,
        "firma.yaml",
        MINIMAL.format(id="firma", number="+4930555010")
        + """\
integrations:
  trade_system:
    kind: simulator
    base_url: http://${TRADE_HOST:-localhost}:${TRADE_PORT:-8700}/api
    firm_code: ${FIRM}
    client_id: ${CLIENT:-demo}
    client_secret: pre-${SECRET}-$${NOT_A_VAR}
    sync_interval_minutes: ${SYNC_MINUTES:-30}
""",
    )
    config = load_config(path, environ={"TRADE_PORT": "9000", "FIRM": "MUELLER", "SECRET": "x"}).business("firma")
    trade = config.integrations.trade_system
    assert trade.base_url == "http://localhost:9000/api"
    assert trade.firm_code == "MUELLER"
    assert trade.client_id == "demo"
    assert trade.client_secret.get_secret_value() == "pre-x-${NOT_A_VAR}"
    assert trade.sync_interval_minutes == 30


def test_broken_yaml_reports_the_parser_line(tmp_path, capsys):
    path = write(
        tmp_path,
        "kaputt.yaml",
        """\
        version: 1
        business:
          id: firma
          name: "Heizung Müller
        tasks: []
        """,
    )
    assert main(["config", "check", str(path)]) == 1
    assert capsys.readouterr().out.strip() == (
        f"{path}:6: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts in line 4)"
    )

    write(tmp_path, "kaputt.yaml", "version: 1\nbusiness:\n  id: firma\n   name: x\ntasks: []\n")
    assert main(["config", "check", str(path)]) == 1
    assert capsys.readouterr().out.strip() == f"{path}:4: invalid YAML: mapping values are not allowed here"


def test_wrong_type_points_at_the_value(tmp_path):
    path = write(
        tmp_path,
        "firma.yaml",
        MINIMAL.format(id="firma", number="+4930555010")
        + """\
intents:
  budget_seconds: schnell
privacy:
  retention_days: [180]
""",
    )
    issues = issues_of(path)
    assert [(i.line, i.path) for i in issues] == [(14, "intents.budget_seconds"), (16, "privacy.retention_days")]
    assert "number" in issues[0].message


def test_unquoted_phone_number_and_unparsable_phone_number(tmp_path):
    path = write(
        tmp_path,
        "firma.yaml",
        """\
        version: 1
        business:
          id: firma
          phone_numbers: [+4930555010, "030 hallo"]
        staff:
          - id: anna
            name: Anna
            mobile: "12"
        tasks:
          - {id: a, name: A, description: Aufgabe}
        """,
    )
    issues = issues_of(path)
    by_path = {i.path: i for i in issues}
    assert by_path["business.phone_numbers[0]"].line == 4
    assert "put the value in quotes" in by_path["business.phone_numbers[0]"].message
    assert by_path["staff[0].mobile"].line == 8
    assert "not a valid phone number" in by_path["staff[0].mobile"].message


def test_national_numbers_are_stored_as_e164_in_the_business_region(tmp_path):
    text = MINIMAL.format(id="firma", number="0316 555 020").replace("  id: firma\n", "  id: firma\n  region: AT\n")
    config = load_config(write(tmp_path, "firma.yaml", text)).business("firma")
    assert config.business.phone_numbers == ["+43316555020"]
    assert config.business.timezone == "Europe/Vienna"
    assert config.business.greeting.startswith("Grüß Gott")


def test_duplicate_business_id_and_phone_number_across_a_directory(tmp_path):
    write(tmp_path, "a-erste.yaml", MINIMAL.format(id="firma", number="+4930555010"))
    second = write(tmp_path, "b-zweite.yaml", MINIMAL.format(id="firma", number="030 555010"))
    issues = issues_of(tmp_path)
    assert [str(i) for i in issues] == [
        f"{second}:3: business.id: business id 'firma' is already used in {tmp_path / 'a-erste.yaml'}",
        f"{second}:4: business.phone_numbers[0]: phone number +4930555010 also rings business 'firma' "
        f"in {tmp_path / 'a-erste.yaml'}; each number can select only one business",
    ]


def test_directory_selects_business_by_called_number(tmp_path):
    write(tmp_path, "a.yaml", MINIMAL.format(id="berlin", number="+4930555010"))
    write(tmp_path, "b.yml", MINIMAL.format(id="wien", number="+431555010"))
    write(tmp_path, "notes.txt", "kein YAML")
    installation = load_config(tmp_path)
    assert [b.id for b in installation.businesses] == ["berlin", "wien"]
    assert installation.for_number("+431555010").id == "wien"
    assert installation.for_number("+49 30 555010").id == "berlin"
    assert installation.for_number("+4989123456") is None
    assert installation.task_count == 2
    with pytest.raises(KeyError, match="no business with id 'graz'; configured: berlin, wien"):
        installation.business("graz")


def test_several_errors_in_several_files_are_reported_at_once(tmp_path, capsys):
    one = write(
        tmp_path,
        "eins.yaml",
        """\
        version: 2
        business:
          id: Firma Eins
          gretting: Hallo
        tasks:
          - id: a
            name: A
            description: Aufgabe
            priority: hihg
        """,
    )
    two = write(
        tmp_path,
        "zwei.yaml",
        """\
        version: 1
        business:
          id: zwei
          id: zwei-b
        tasks:
          - id: a
            name: A
            description: Aufgabe
            actions:
              - activity: {assignee: niemand}
        """,
    )
    assert main(["config", "check", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"{one}:1: version: unknown version 2; supported versions: 1"
    assert lines[1].startswith(f"{one}:3: business.id: 'Firma Eins' is not a valid id")
    assert lines[2].startswith(f"{one}:4: business.gretting: unknown key 'gretting' (did you mean 'greeting'?)")
    assert lines[3] == (
        f"{one}:9: tasks[0].priority: 'hihg' is not allowed; use one of low, normal, high, urgent (did you mean 'high'?)"
    )
    assert lines[4] == f"{two}:4: business.id: duplicate key 'id' (first given in line 3)"
    assert lines[5] == f"{two}:10: tasks[0].actions[0].activity.assignee: unknown staff id 'niemand'; staff ids are: (none)"
    assert len(lines) == 6


def test_missing_path_and_empty_directory_and_empty_file(tmp_path, capsys):
    assert main(["config", "check", str(tmp_path / "fehlt.yaml")]) == 1
    assert "no such file or directory" in capsys.readouterr().out
    assert main(["config", "check", str(tmp_path)]) == 1
    assert "no *.yaml or *.yml files" in capsys.readouterr().out
    write(tmp_path, "leer.yaml", "# nur ein Kommentar\n")
    assert main(["config", "check", str(tmp_path)]) == 1
    assert "the file is empty" in capsys.readouterr().out


def test_non_utf8_file_is_an_issue_not_a_traceback(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: 1\nbusiness:\n  name: Heizung M\u00fcller\n".encode("latin-1"))
    [issue] = issues_of(tmp_path)
    assert (issue.line, issue.message) == (3, "the file is not UTF-8 text; save it as UTF-8")


def test_yaml_anchors_and_merge_keys_work(tmp_path):
    text = MINIMAL.format(id="firma", number="+4930555010") + (
        "  - &basis\n"
        "    id: termin\n"
        "    name: Termin\n"
        "    description: Termin vereinbaren\n"
        "    priority: high\n"
        "  - <<: *basis\n"
        "    id: wartung\n"
        "    name: Wartung\n"
    )
    config = load_config(write(tmp_path, "firma.yaml", text)).business("firma")
    wartung = config.task("wartung")
    assert (wartung.name, wartung.description, wartung.priority) == ("Wartung", "Termin vereinbaren", "high")


def test_show_fills_defaults_and_masks_secrets(tmp_path, capsys):
    assert main(["config", "show", str(EXAMPLES_DIR), "--business", "heizung-mueller"]) == 0
    out = capsys.readouterr().out
    assert "client_secret: '********'" in out
    assert "demo-secret" not in out
    assert "model: gpt-4o-mini" in out  # default filled in
    assert "rauchfangkehrer-huber" not in out

    import yaml

    data = yaml.safe_load(out)
    termin = next(t for t in data["tasks"] if t["id"] == "termin")
    assert termin["actions"] == [{"activity": {"type": "Termin", "assignee": "sb", "priority": "normal", "follow_up": "1d"}}]
    assert main(["config", "show", str(EXAMPLES_DIR), "--business", "nope"]) == 1
    assert "no business with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "line", "path", "expected"),
    [
        ("version: 1\nbusiness:\ntasks: [{id: a, name: A, description: B}]\n", 2, "business", "the value is empty"),
        (
            "version: 1\nbusiness: {id: b, region: NO}\ntasks: [{id: a, name: A, description: B}]\n",
            2,
            "business.region",
            "put the value in quotes",
        ),
        (
            "version: 1\nbusiness: {id: b}\ntasks:\n  - &t\n    id: a\n    name: A\n    description: B\n    examples: *t\n",
            8,
            "tasks[0].examples",
            "an alias refers to a mapping or list that contains it",
        ),
        ("version: 1\nbusiness: {id: b}\ntasks: [{id: a, name: A, description: B}]\nstaff: {}\n", 4, "staff", "expected a list"),
        ("- nur\n- eine Liste\n", 1, "", "the file must be a mapping"),
        (
            "version: 1\nbusiness: {id: b, greeting: '${GRUSS'}\ntasks: [{id: a, name: A, description: B}]\n",
            2,
            "business.greeting",
            "malformed variable reference",
        ),
    ],
)
def test_odd_files_give_one_clear_issue(tmp_path, text, line, path, expected):
    [issue] = issues_of(write(tmp_path, "odd.yaml", text))
    assert (issue.line, issue.path) == (line, path)
    assert expected in issue.message
