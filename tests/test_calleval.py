"""``zentrale.calleval`` (the scoring of scripted calls) and ``zentrale eval-calls`` end to end."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from zentrale.calleval import (
    DONT_KNOW,
    CallScript,
    Expect,
    ScriptedCaller,
    ScriptError,
    Stored,
    contains,
    format_line,
    format_totals,
    parse_scripts,
    question_kind,
    question_kinds,
    score,
    stored_as,
    totals,
)
from zentrale.config import EXAMPLES_DIR, load_config

ROOT = Path(__file__).resolve().parents[1]
HELDOUTS = sorted((ROOT / "benchmarks" / "data").glob("call_scripts_heldout*.yaml"))
SWISS = ROOT / "benchmarks" / "data" / "haustechnik-meier-ch.yaml"


def script(expect: Expect | None = None, turns: tuple[str | None, ...] = ("Hallo",), **answers: Any) -> CallScript:
    return CallScript(
        id="s1",
        business="heizung-mueller",
        from_number="+491705550000",
        at=datetime(2026, 12, 9, 9, 40),
        turns=turns,
        answers={k: tuple(v) if isinstance(v, list) else (v,) for k, v in answers.items()},
        expect=expect or Expect(task="stoerung"),
    )


def stored(**overrides: Any) -> Stored:
    values: dict[str, Any] = {
        "task_ids": ("stoerung",),
        "text": "",
        "names": (),
        "numbers": (),
        "heard": (),
        "final": "",
        "error": None,
    }
    values.update(overrides)
    return Stored(**values)


# ---------------------------------------------------------------------------------------------
# what the bot asked


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("Darf ich bitte Ihren Namen erfahren?", "name"),
        ("Entschuldigung, das habe ich nicht verstanden. Wie ist Ihr Name?", "name"),
        ("Unter welcher Telefonnummer können wir Sie zurückrufen?", "number"),
        ("Unter welcher Nummer dürfen wir Sie anläuten?", "number"),
        ("Wie lautet die Straße und Hausnummer?", "street"),
        ("Wie lautet die Postleitzahl?", "postcode"),
        ("In welchem Ort ist das?", "city"),
        ("Um welches Gerät geht es, zum Beispiel Gastherme, Ölkessel oder Wärmepumpe?", "device"),
        ("Was genau funktioniert nicht? Gibt es eine Fehlermeldung oder einen Störcode?", "fault"),
        ("Wann passt es Ihnen am besten?", "time"),
        ("Mit wem möchten Sie gern sprechen?", "person"),
        ("Haben Sie eine Angebotsnummer zur Hand? Wenn nicht, ist das auch in Ordnung.", "offer_no"),
        ("Haben Sie die Rechnungsnummer zur Hand?", "invoice_no"),
        ("Womit heizen Sie im Moment, und wie alt ist die Anlage ungefähr?", "current_heating"),
        ("Wofür brauchen Sie den Befund, zum Beispiel für die Versicherung oder einen Verkauf?", "purpose"),
        ("Worum geht es denn genau? Zum Beispiel: Rückrufwunsch, Heizungsstörung oder Termin?", "reason"),
        ("Ich habe notiert: Termin. Rückrufnummer: null eins sieben. Stimmt das so?", "confirm"),
        ("Was soll ich korrigieren?", "correct"),
        # The question is followed by an instruction that names what is wanted.
        ("Wo genau riecht es nach Gas? Bitte nennen Sie mir Straße, Hausnummer und Ort.", "street"),
        # Earlier sentences only count when the last question says nothing.
        ("Leider ist niemand erreichbar. Unter welcher Nummer erreichen wir Sie?", "number"),
        ("Hmm?", "other"),
    ],
)
def test_question_kind(said: str, kind: str) -> None:
    assert question_kind(said) == kind


def test_caller_says_turns_first_then_answers_by_kind_then_defaults() -> None:
    caller = ScriptedCaller(
        script(turns=("meine heizung ist kaputt", None), name=["ja", "karin vogel"], confirm=["nein nicht dienstag", "ja"])
    )
    replies = []
    for heard in [
        "Guten Tag. Wie kann ich Ihnen helfen?",
        "Darf ich bitte Ihren Namen erfahren?",  # still a scripted turn: silence
        "Ich habe Sie leider nicht verstanden. Darf ich bitte Ihren Namen erfahren?",
        "Entschuldigung. Wie ist Ihr Name?",
        "Wie lautet die Postleitzahl?",  # nothing scripted
        "Ich habe notiert: Heizungsstörung. Stimmt das so?",
        "Was soll ich korrigieren?",
        "Ich habe notiert: Heizungsstörung, Mittwoch. Stimmt das so?",
        "Ich habe notiert. Stimmt das so?",  # answers used up: "ja"
    ]:
        caller.heard(heard)
        replies.append(caller.reply())
    assert replies == [
        "meine heizung ist kaputt",
        "",
        "ja",
        "karin vogel",
        DONT_KNOW,
        "nein nicht dienstag",
        DONT_KNOW,
        "ja",
        "ja",
    ]
    assert caller.kinds == ["name", "name", "postcode", "confirm", "correct", "confirm", "confirm"]


def test_a_question_for_two_things_gets_both_answers_the_script_has() -> None:
    caller = ScriptedCaller(script(turns=(), device=["eine vaillant therme"], fault=["f achtundzwanzig"], name=["karin vogel"]))
    caller.heard("Welches Gerät ist es, und zeigt es eine Fehlermeldung oder einen Code an?")
    assert caller.reply() == "eine vaillant therme, f achtundzwanzig"
    # Asked only for the name (nothing else in the question): the name alone.
    caller.heard("Danke. Wie ist Ihr Name?")
    assert caller.reply() == "karin vogel"
    assert caller.kinds == ["device", "name"]


def test_a_question_for_two_things_gets_the_answer_the_caller_still_has() -> None:
    # The make was told before (or is not known): asked for make and fault code together, the
    # caller tells the fault rather than "das weiß ich nicht".
    caller = ScriptedCaller(script(turns=(), device=["eine therme"], fault=["sie geht dauernd aus"]))
    caller.heard("Um welches Gerät geht es?")
    assert caller.reply() == "eine therme"
    caller.heard("Von welchem Hersteller ist das Gerät, und zeigt es eine Fehlermeldung oder einen Code an?")
    assert caller.reply() == "sie geht dauernd aus"
    caller.heard("Von welchem Hersteller ist das Gerät, und zeigt es eine Fehlermeldung oder einen Code an?")
    assert caller.reply() == DONT_KNOW  # nothing left for either
    assert caller.kinds == ["device", "fault", "device"]


def test_asked_for_street_and_house_number_the_caller_gives_no_phone_number() -> None:
    # "Hausnummer" is the number of the house: a caller asked for it does not add the phone number.
    assert question_kinds("Wie lautet die Straße und Hausnummer?") == ("street",)
    assert question_kinds("Und unter welcher Nummer erreichen wir Sie, und wie ist die Hausnummer?") == ("street", "number")


def test_caller_repeats_the_reason_when_asked_and_hangs_up_after_max_turns() -> None:
    caller = ScriptedCaller(script(turns=("die therme spinnt",)), max_turns=3)
    caller.heard("Wie kann ich helfen?")
    assert caller.reply() == "die therme spinnt"
    caller.heard("Worum geht es denn genau? Zum Beispiel: Rückrufwunsch oder Termin?")
    assert caller.reply() == "die therme spinnt"
    caller.heard("Wie ist Ihr Name?")
    assert caller.reply() == DONT_KNOW
    caller.heard("Wie ist Ihr Name?")
    assert caller.reply() is None


# ---------------------------------------------------------------------------------------------
# matching


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        ("Gastherme zeigt F 28, Wohnung kalt", "F28", True),
        ("Fehler f28.", "F28", True),
        ("Fehler F280", "F28", False),
        ("Störcode E-133", "E 133", True),
        ("Rechnung RE 2026 0411", "RE2026-0411", True),
        ("Gerät: Wolff Heiztechnik", "Wolf", False),
        ("Gerät: Wolf-Gastherme", "Wolf", True),
        ("Name: Doris Berger", "Berg", False),
        ("Adresse: Lindenstrasse 14, 10435 Berlin", "Lindenstraße 14", True),
        ("Name: Paul Guenther", "Günther", True),
        ("Rückruf unter +49 176 5550305", "+491765550305", True),
        ("Rückruf unter 0176 5550305", "+491765550305", False),
        ("Termin: Mittwoch, 16.12.2026, Vormittag", "16.12", True),
        ("Termin: 116.12", "16.12", False),
    ],
)
def test_contains(text: str, expected: str, found: bool) -> None:
    assert contains(text, expected) is found


@pytest.mark.parametrize(
    ("value", "forbidden", "hit"),
    [
        ("Ja.", "Ja", True),
        ("ja", "Ja.", True),
        ("Jakob", "Ja", False),
        ("Weiß Doch Nicht", "Das weiß ich doch nicht", False),
        ("Weiß Doch Nicht", "Weiß Doch Nicht", True),
        ("Vogel Karin Vogel", "Vogel Karin Vogel", True),
        ("Karin Vogel", "Vogel Karin Vogel", False),
        ("+4910115", "10115", True),
        ("eins null eins eins fünf", "10115", True),
        ("+49 170 5550315", "10115", False),
        ("", "Ja", False),
    ],
)
def test_stored_as(value: str, forbidden: str, hit: bool) -> None:
    assert stored_as(value, forbidden) is hit


# ---------------------------------------------------------------------------------------------
# scoring


def test_score_all_right() -> None:
    expect = Expect(
        task="stoerung",
        details=(("F28",), ("Vaillant",), ("16.12", "Mittwoch")),
        absent=("F61",),
        promise=(("heute noch",),),
        promise_not=("nächsten Werktag",),
        not_stored=("Ja",),
    )
    result = score(
        script(expect),
        stored(
            text="Gastherme Vaillant zeigt F28. Wunschtermin: Mittwoch",
            names=("Karin Vogel",),
            numbers=("+491705550315",),
            final="Jemand ruft Sie heute noch zurück. Auf Wiederhören!",
        ),
    )
    assert result.passed
    assert (result.task_ok, result.details_ok, result.promise_ok, result.emergency_ok) == (True, True, True, None)
    assert (result.details_found, result.details_total) == (3, 3)
    assert format_line(result).startswith("PASS s1 task=ok details=ok(3/3) emergency=- promise=ok stored=ok")


def test_score_reports_each_failure() -> None:
    expect = Expect(
        task="notfall",
        details=(("F62",), ("Vaillant",)),
        absent=("F61",),
        emergency=True,
        safety=("Haupthahn",),
        promise=(("so schnell wie möglich",),),
        promise_not=("heute noch",),
        not_stored=("Ja", "10115"),
    )
    result = score(
        script(expect),
        stored(
            task_ids=("rueckruf",),
            text="Fehler F61, Vaillant",  # the corrected code is still there, the new one missing
            names=("Ja.",),
            numbers=("+4910115",),
            heard=("Verlassen Sie das Gebäude.",),
            final="Frau Berger ruft Sie heute noch zurück.",
        ),
    )
    assert not result.passed
    assert (result.task_ok, result.details_ok, result.emergency_ok, result.promise_ok) == (False, False, False, False)
    assert result.missing == ["F62"] and result.not_removed == ["F61"]
    assert result.promise_problems == ["not heard: so schnell wie möglich", "untrue: heute noch"]
    assert result.implausible == ["'Ja' stored as 'Ja.'", "'10115' stored as '+4910115'"]
    line = format_line(result)
    assert line.startswith("FAIL s1 task=FAIL(rueckruf≠notfall) details=FAIL(1/2) emergency=FAIL promise=FAIL stored=FAIL")
    assert "missing 'F62'" in line and "still there 'F61'" in line


def test_emergency_needs_the_task_and_the_safety_text() -> None:
    expect = Expect(task="notfall", emergency=True, safety=("Haupthahn", "Absperrhahn"))
    heard = ("Drehen Sie bitte den Haupthahn zu.",)
    assert score(script(expect), stored(task_ids=("notfall",), heard=heard)).emergency_ok is True
    assert score(script(expect), stored(task_ids=("notfall",), heard=("Bitte bleiben Sie ruhig.",))).emergency_ok is False
    assert score(script(expect), stored(task_ids=(None,), heard=heard)).emergency_ok is False


def test_an_error_fails_every_criterion() -> None:
    expect = Expect(task="stoerung", details=(("F28",),), promise=(("heute noch",),))
    result = score(script(expect), stored(error="no activity stored for the call", text="F28", final="heute noch"))
    assert (result.task_ok, result.details_ok, result.promise_ok) == (False, False, False)
    assert "error: no activity stored" in format_line(result)


def test_totals() -> None:
    good = score(script(Expect(task="stoerung", details=(("F28",),))), stored(text="F28"))
    bad = score(
        script(Expect(task="stoerung", details=(("F28",), ("Buderus",)), not_stored=("Ja",))), stored(names=("Ja",), text="F28")
    )
    emergency = score(
        script(Expect(task="notfall", emergency=True)), stored(task_ids=("notfall",), heard=("Verlassen Sie das Haus.",))
    )
    t = totals([good, bad, emergency])
    assert (t.scripts, t.passed, t.errors) == (3, 2, 0)
    assert t.task == (3, 3) and t.details == (1, 2) and t.detail_items == (2, 3)
    assert t.emergency == (1, 1) and t.promise == (0, 0) and t.implausible == 1
    text = format_totals(t)
    assert "details complete:   50.0 % (1/2); detail items 66.7 % (2/3)" in text and "implausible stored: 1" in text
    assert t.as_dict()["details"] == {"right": 1, "of": 2, "percent": 50.0}


# ---------------------------------------------------------------------------------------------
# the file format


def test_parse_scripts() -> None:
    data = yaml.safe_load(
        """
scripts:
  - id: a
    business: heizung-mueller
    from: anonymous
    at: "2026-12-09 09:40"
    turns: ["hallo", null]
    answers: {name: ["ja", "karin vogel"], confirm: null}
    expect:
      task: stoerung
      details: ["F28", ["Vaillant", "Buderus"]]
      promise: ["heute noch"]
"""
    )
    (parsed,) = parse_scripts(data)
    assert parsed.turns == ("hallo", None)
    assert parsed.answers == {"name": ("ja", "karin vogel"), "confirm": (None,)}
    assert parsed.expect.details == (("F28",), ("Vaillant", "Buderus"))
    assert parsed.expect.promise == (("heute noch",),)
    assert parsed.at == datetime(2026, 12, 9, 9, 40)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"at": "9.12.2026"}, r"script a: `at` must be 'YYYY-MM-DD HH:MM'"),
        ({"answers": {"favourite_colour": "blau"}}, r"answers.favourite_colour: unknown question kind"),
        ({"expect": {"details": ["F28"]}}, r"`expect.task` is required"),
        ({"expect": {"task": "x", "promised": ["heute"]}}, r"unknown keys in expect: promised"),
        ({"from": None}, r"`from` is required"),
    ],
)
def test_parse_scripts_errors(change: dict[str, Any], message: str) -> None:
    raw = {"id": "a", "business": "b", "from": "anonymous", "at": "2026-12-09 09:40", "expect": {"task": "t"}, **change}
    with pytest.raises(ScriptError, match=message):
        parse_scripts({"scripts": [raw]})


def test_parse_scripts_refuses_a_duplicate_id() -> None:
    raw = {"id": "a", "business": "b", "from": "anonymous", "at": "2026-12-09 09:40", "expect": {"task": "t"}}
    with pytest.raises(ScriptError, match="script a: duplicate id"):
        parse_scripts({"scripts": [raw, raw]})


@pytest.mark.parametrize("heldout", HELDOUTS, ids=lambda path: path.stem)
def test_the_heldout_files_are_well_formed(heldout: Path) -> None:
    """Format only (ids, businesses, tasks, count): the contents are not for tuning."""
    scripts = parse_scripts(yaml.safe_load(heldout.read_text(encoding="utf-8")))
    businesses = {b.id: b for config in (EXAMPLES_DIR, SWISS) for b in load_config(config).businesses}
    assert len(scripts) >= 60
    for s in scripts:
        assert s.business in businesses, s.id
        assert s.expect.task in {t.id for t in businesses[s.business].tasks}, s.id
    assert sum(1 for s in scripts if s.expect.emergency) >= 10
    assert {s.business for s in scripts} == set(businesses)


# ---------------------------------------------------------------------------------------------
# zentrale eval-calls, end to end (two scripts of this test's own)

OWN_SCRIPTS = """
scripts:
  - id: fault-in-the-morning
    business: heizung-mueller
    from: "+491705559901"
    at: "2026-12-09 09:40"
    turns: ["guten tag meine heizung ist ausgefallen"]
    answers:
      name: "otto normal"
      street: "teststraße eins"
      postcode: "eins null eins eins fünf"
      device: "eine vaillant therme"
      fault: "die heizkörper bleiben kalt"
    expect:
      task: stoerung
      details: ["Vaillant", "Otto Normal"]
      emergency: false
  - id: fault-filed-as-invoice
    business: heizung-mueller
    from: anonymous
    at: "2026-12-13 23:35"
    turns: ["meine heizung ist ausgefallen"]
    answers:
      name: "otto normal"
      number: "null eins sieben null fünf fünf fünf neun neun null zwei"
    expect:
      task: rechnung
      details: ["ein Wort das niemand gesagt hat"]
      promise_not: ["heute noch"]
"""


def test_eval_calls_plays_the_scripts_through_the_webhooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zentrale import cli

    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("ZENTRALE_VAR_DIR", str(tmp_path / "var"))
    scripts = tmp_path / "scripts.yaml"
    scripts.write_text(OWN_SCRIPTS, encoding="utf-8")
    out = tmp_path / "result.json"
    code = cli.main(["eval-calls", "--config", str(EXAMPLES_DIR), str(scripts), "--json", str(out)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0  # a low score is not an error
    assert lines[0].startswith("PASS fault-in-the-morning task=ok details=ok(2/2)"), lines
    # The second expects another task and a detail nobody said: reported, not fatal.
    assert lines[1].startswith("FAIL fault-filed-as-invoice task=FAIL(stoerung≠rechnung) details=FAIL(0/1)"), lines
    assert "missing 'ein Wort das niemand gesagt hat'" in lines[1]
    assert lines[2] == "scripts: 2, passed all checks: 1, errors: 0"
    assert "task right:         50.0 % (1/2)" in lines
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in result["results"]] == ["fault-in-the-morning", "fault-filed-as-invoice"]
    assert result["totals"]["task"] == {"right": 1, "of": 2, "percent": 50.0}
    assert result["totals"]["implausible_stored"] == 0
    # Nothing was left behind in the working directory's var/.
    assert not (tmp_path / "var").exists()


def test_eval_calls_refuses_a_script_for_an_unconfigured_business(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zentrale import cli

    scripts = tmp_path / "scripts.yaml"
    scripts.write_text(OWN_SCRIPTS.replace("heizung-mueller", "nobody"), encoding="utf-8")
    code = cli.main(["eval-calls", "--config", str(EXAMPLES_DIR), str(scripts)])
    assert code == 1
    err = capsys.readouterr().err
    assert "script fault-in-the-morning: business 'nobody' is not configured" in err and "Traceback" not in err


def test_the_transcript_does_not_count_as_details() -> None:
    """Whatever the transcript's heading, a line that is only something said in the call (with
    its speaker) is not a detail; a labelled detail holding the caller's words is."""
    from types import SimpleNamespace

    from zentrale.cli.eval_calls import _stored

    text = "\n".join(
        [
            "Anrufer: 0170 555 03 01",
            "Zusammenfassung: Heizungsstörung.",
            "- Gerät: das ist eine vaillant",
            "- Name: Ja.",
            "- Rückrufnummer: 10115",
            "- Angebotsnummer: 4711",
            "Verlauf des Gesprächs:",
            "Anrufer: die therme zeigt f achtundzwanzig von buderus",
            "zentrale: Darf ich bitte Ihren Namen erfahren?",
        ]
    )
    activity = SimpleNamespace(subject="Störung: Ja.", text=text, task_id="stoerung")
    call = SimpleNamespace(summary=None, details={"slots": {"caller_name": {"value": "Ja", "normalized": None}}})
    lines = [
        ("zentrale", "Darf ich bitte Ihren Namen erfahren?"),
        ("Anrufer", "die therme zeigt f achtundzwanzig von buderus"),
        ("Anrufer", "das ist eine vaillant"),
        ("zentrale", "Auf Wiederhören!"),
    ]
    got = _stored(call, [activity], lines, None)
    assert contains(got.text, "Vaillant") and not contains(got.text, "Buderus")
    assert set(got.names) == {"Ja.", "Ja"} and got.numbers == ("10115",)
    assert got.final == "Auf Wiederhören!" and got.task_ids == ("stoerung",)
    assert _stored(call, [], lines, None).error == "no activity stored for the call"
