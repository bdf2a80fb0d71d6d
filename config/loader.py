"""Load business configuration files: YAML → ``${VAR}`` substitution → validation → Installation.

Every problem in every file is collected and raised together as one :class:`ConfigError`,
each as ``FILE:LINE: key.path: message`` with the 1-based line of the offending key or value.
Nothing is half-loaded: a caller gets a complete :class:`Installation` or the error.

Line numbers come from PyYAML's composed node tree: the loader builds the plain data itself
from the nodes and remembers the line of every key and value, so that pydantic's error
locations (``('tasks', 2, 'descripton')``) can be mapped back to the file.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from zentrale.config.schema import BusinessConfig
from zentrale.logs import get_logger

log = get_logger(__name__)

YAML_SUFFIXES = (".yaml", ".yml")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
# ${NAME}, ${NAME:-default}; "$${" is a literal "${".
_VAR_RE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

Loc = tuple[str | int, ...]
_PHONE_KEYS = frozenset({"phone_numbers", "mobile", "emergency_number", "to"})


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a configuration file. ``line`` is 1-based; ``path`` like ``tasks[2].name``."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(Exception):
    """The configuration has problems; ``issues`` lists all of them, ``str()`` one per line."""

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        self.issues: list[ConfigIssue] = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass
class Installation:
    """All businesses of one installation, with the file each came from."""

    businesses: list[BusinessConfig]
    sources: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {b.id: b for b in self.businesses}
        self._by_number = {number: b for b in self.businesses for number in b.business.phone_numbers}

    def business(self, business_id: str) -> BusinessConfig:
        try:
            return self._by_id[business_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "(none)"
            raise KeyError(f"no business with id {business_id!r}; configured: {known}") from None

    def for_number(self, e164: str) -> BusinessConfig | None:
        """The business whose ``phone_numbers`` contain the called number (Twilio's ``To``)."""
        number = (e164 or "").strip()
        found = self._by_number.get(number)
        if found is None and number.startswith("+"):
            try:
                parsed = phonenumbers.parse(number, None)
            except phonenumbers.NumberParseException:
                return None
            found = self._by_number.get(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
        return found

    def source(self, business_id: str) -> Path:
        self.business(business_id)  # same KeyError for an unknown id
        return self.sources[business_id]

    @property
    def task_count(self) -> int:
        return sum(len(b.tasks) for b in self.businesses)

    def __iter__(self) -> typing.Iterator[BusinessConfig]:
        return iter(self.businesses)

    def __len__(self) -> int:
        return len(self.businesses)


# --------------------------------------------------------------------------------------------
# public entry point


def load_config(path: str | Path, environ: Mapping[str, str] | None = None) -> Installation:
    """Load a YAML file, or a directory of ``*.yaml``/``*.yml`` files (one business each).

    ``environ`` replaces ``os.environ`` for ``${VAR}`` substitution (tests).
    Raises :class:`ConfigError` listing every problem found in every file.
    """
    env = os.environ if environ is None else environ
    root = Path(path)
    issues: list[ConfigIssue] = []
    if root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file() and not p.name.startswith("."))
        if not files:
            raise ConfigError([ConfigIssue(str(root), None, "", "no *.yaml or *.yml files in this directory")])
    elif root.is_file():
        files = [root]
    else:
        raise ConfigError([ConfigIssue(str(root), None, "", "no such file or directory")])

    loaded: list[tuple[Path, _Document, BusinessConfig]] = []
    for file in files:
        doc = _Document(file, env)
        config = doc.load()
        issues.extend(sorted(doc.issues, key=lambda issue: issue.line or 0))
        if config is not None:
            loaded.append((file, doc, config))

    issues.extend(_cross_file_issues(loaded))
    if issues:
        raise ConfigError(issues)
    installation = Installation([c for _, _, c in loaded], {c.id: f for f, _, c in loaded})
    log.debug("config.loaded", businesses=len(installation.businesses), tasks=installation.task_count)
    return installation


def _cross_file_issues(loaded: list[tuple[Path, _Document, BusinessConfig]]) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []
    ids: dict[str, Path] = {}
    numbers: dict[str, tuple[Path, str]] = {}
    for file, doc, config in loaded:
        if config.id in ids:
            issues.append(doc.issue(("business", "id"), f"business id {config.id!r} is already used in {ids[config.id]}"))
        else:
            ids[config.id] = file
        for index, number in enumerate(config.business.phone_numbers):
            if number in numbers:
                other_file, other_id = numbers[number]
                issues.append(
                    doc.issue(
                        ("business", "phone_numbers", index),
                        f"phone number {number} also rings business {other_id!r} in {other_file}; "
                        "each number can select only one business",
                    )
                )
            else:
                numbers[number] = (file, config.id)
    return issues


# --------------------------------------------------------------------------------------------
# one file


class _Document:
    """One YAML file: builds the data with line numbers, substitutes ``${VAR}``, validates."""

    def __init__(self, file: Path, environ: Mapping[str, str]) -> None:
        self.file = file
        self.environ = environ
        self.issues: list[ConfigIssue] = []
        # loc → (line of the key or list item, line of the value), both 1-based
        self.lines: dict[Loc, tuple[int, int]] = {}
        self._constructor = SafeConstructor()
        self._issue_locs: list[Loc] = []
        self._open_nodes: set[int] = set()

    def issue(self, loc: Loc, message: str, *, at_key: bool = False) -> ConfigIssue:
        return ConfigIssue(str(self.file), self.line_of(loc, at_key=at_key), _format_path(loc), message)

    def _add(self, loc: Loc, line: int | None, message: str) -> None:
        self._issue_locs.append(loc)
        self.issues.append(ConfigIssue(str(self.file), line, _format_path(loc), message))

    def line_of(self, loc: Loc, *, at_key: bool = False) -> int:
        for end in range(len(loc), -1, -1):
            lines = self.lines.get(tuple(loc[:end]))
            if lines is not None:
                # the exact location: the key (unknown keys) or the value; a parent: its key line
                return lines[1] if end == len(loc) and not at_key else lines[0]
        return 1

    def load(self) -> BusinessConfig | None:
        try:
            text = self.file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raw = self.file.read_bytes()
            self._add((), raw[: exc.start].count(b"\n") + 1, "the file is not UTF-8 text; save it as UTF-8")
            return None
        except OSError as exc:
            self._add((), None, f"cannot read the file: {exc.strerror or exc}")
            return None
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "invalid YAML"
            context = ""
            if exc.context:
                started = exc.context_mark
                where = f" that starts in line {started.line + 1}" if started and mark and started.line != mark.line else ""
                context = f" ({exc.context}{where})"
            self._add((), mark.line + 1 if mark else None, f"invalid YAML: {problem}{context}")
            return None
        except yaml.YAMLError as exc:
            self._add((), None, f"invalid YAML: {exc}")
            return None
        if root is None:
            self._add((), 1, "the file is empty; a business configuration starts with 'version: 1'")
            return None
        self.lines[()] = (root.start_mark.line + 1, root.start_mark.line + 1)
        data = self._build(root, ())
        if not isinstance(root, MappingNode):
            self._add(
                (), root.start_mark.line + 1, "the file must be a mapping with the keys version, business, staff, tasks, ..."
            )
            return None
        # Validate even after YAML-level problems (duplicate keys, missing variables) so that all
        # problems show at once; errors at a place already reported are follow-ups and dropped.
        reported = set(self._issue_locs)
        try:
            config = BusinessConfig.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(part for part in error["loc"] if part != "[key]")
                if not any(loc[: len(r)] == r for r in reported if r):
                    self._add_validation_error(error)
            return None
        return None if self.issues else config

    # -- node tree → data -----------------------------------------------------------------

    def _build(self, node: Node, loc: Loc) -> Any:
        if not isinstance(node, ScalarNode):
            if id(node) in self._open_nodes:
                self._add(loc, self.line_of(loc, at_key=True), "an alias refers to a mapping or list that contains it")
                return None
            self._open_nodes.add(id(node))
            try:
                return self._build_collection(node, loc)
            finally:
                self._open_nodes.discard(id(node))
        return self._build_scalar(node, loc)

    def _build_scalar(self, node: ScalarNode, loc: Loc) -> Any:
        try:
            value = self._constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            mark = exc.problem_mark or node.start_mark
            self._add(loc, mark.line + 1, f"invalid value: {exc.problem}")
            return None
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2024-02-30
            self._add(loc, node.start_mark.line + 1, f"invalid value {node.value!r}: {exc}")
            return None
        if isinstance(value, str) and node.tag == _STR_TAG:
            return self._substitute(value, loc, node.start_mark.line + 1)
        return value

    def _build_collection(self, node: Node, loc: Loc) -> Any:
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                line = item.start_mark.line + 1
                self.lines[(*loc, index)] = (line, line)
                items.append(self._build(item, (*loc, index)))
            return items
        if isinstance(node, MappingNode):
            return self._build_mapping(node, loc)
        self._add(loc, node.start_mark.line + 1, f"unsupported YAML node {node.tag}")  # pragma: no cover
        return None

    def _build_mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:  # "<<: *defaults": keys of the anchor, overridden by our own
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, MappingNode):
                        self._add(loc, key_line, "'<<' merges only mappings")
                        continue
                    for key, value in (self._build(source, loc) or {}).items():
                        merged.setdefault(key, value)
                continue
            if not isinstance(key_node, ScalarNode):
                self._add(loc, key_line, "a key must be a plain name, not a list or mapping")
                continue
            # Keys are names: "no:", "on:" or "1:" stay text (YAML 1.1 would make them booleans/numbers).
            key = str(key_node.value)
            if key in seen:
                self._add((*loc, key), key_line, f"duplicate key {key!r} (first given in line {seen[key]})")
                continue
            seen[key] = key_line
            value_line = value_node.start_mark.line + 1
            # a block mapping/list below its key: point at the key
            self.lines[(*loc, key)] = (key_line, value_line if isinstance(value_node, ScalarNode) else key_line)
            result[key] = self._build(value_node, (*loc, key))
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _substitute(self, text: str, loc: Loc, line: int) -> str:
        if "$" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            if match.group(0) == "$$":
                return "$"
            name, default = match.group(1), match.group(2)
            value = self.environ.get(name)
            if value is None or (value == "" and default is not None):
                if default is not None:
                    return default
                self._add(loc, line, f"environment variable {name} is not set")
                return ""
            return value

        result = _VAR_RE.sub(replace, text)
        rest = _VAR_RE.sub("", text)
        if "${" in rest:
            self._add(loc, line, "malformed variable reference; write ${NAME} or ${NAME:-default} (and $$ for a literal $)")
        return result

    # -- pydantic errors → issues ---------------------------------------------------------

    def _add_validation_error(self, error: Mapping[str, Any]) -> None:
        loc: Loc = tuple(part for part in error["loc"] if part != "[key]")
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = _allowed_keys(loc[:-1])
            hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"unknown key {key!r}"
            if hint:
                message += f" (did you mean {hint[0]!r}?)"
            message += f"; allowed: {', '.join(allowed)}"
            self._add(loc, self.line_of(loc, at_key=True), message)
            return
        if kind == "missing":
            self._add(loc, self.line_of(loc), f"missing required key {loc[-1]!r}")
            return
        self._add(loc, self.line_of(loc), _message(error))


def _message(error: Mapping[str, Any]) -> str:
    kind, msg, value = error["type"], str(error["msg"]), error.get("input")
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "assertion_error":
        return msg.removeprefix("Assertion failed, ")
    if kind == "string_type":
        if isinstance(value, bool):
            return "expected text, but YAML read a yes/no/true/false/on/off word as a boolean; put the value in quotes"
        if isinstance(value, int | float):
            note = ""
            if any(part in _PHONE_KEYS for part in error["loc"]):
                note = " (unquoted, YAML reads +49... as a number and drops the +)"
            return f"expected text, got the number {value!r}; put the value in quotes{note}"
        if isinstance(value, dict | list):
            return f"expected text, got a {'mapping' if isinstance(value, dict) else 'list'}"
        if value is None:
            return "expected text, but the value is empty"
    if kind in {"list_type", "tuple_type"}:
        return "expected a list: [a, b] or one '- item' per line"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if value is None:
            return "expected a mapping (key: value lines), but the value is empty"
        return "expected a mapping (key: value lines)"
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        hint = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6) if isinstance(value, str) else []
        return f"{value!r} is not allowed; use one of {', '.join(options) or expected}" + (
            f" (did you mean {hint[0]!r}?)" if hint else ""
        )
    return msg[:1].lower() + msg[1:]


def _format_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _unwrap(tp: Any) -> Any:
    """``X | None`` → X; ``Annotated[X, ...]`` → X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _allowed_keys(loc: Loc) -> list[str]:
    """The field names of the model found at ``loc`` inside a BusinessConfig."""
    tp: Any = BusinessConfig
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else None
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []
