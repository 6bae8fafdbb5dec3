"""Loading the layout-rule YAML files into one immutable :class:`~layout_rules.rules.Rules`.

Validation runs in two passes. The first, here, reads each file (with the bounded safe YAML
reader of :mod:`layout_rules.limits`) and checks its shape against :mod:`layout_rules.schema`.
The second,
:mod:`layout_rules.validate`, checks what the schema cannot see (places, ids, references,
quotes). All problems of all files are gathered and raised together in one
:class:`~layout_rules.LayoutRulesError`. Loading never writes: a failed load leaves the files
as they were.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

import geodata
from layout_rules import limits as bounds
from layout_rules._errors import LayoutRulesError, Problem, one_line
from layout_rules.library_errors import (
    kind_of,
    line_entry,
    validation_problems,
    yaml_problem,
    yaml_value_reason,
)
from layout_rules.limits import DEFAULT_LIMITS, WHOLE, Limits
from layout_rules.rules import Rules
from layout_rules.schema import RECORD_KINDS, Crosswalk, DocumentRules
from layout_rules.validate import (
    CROSSWALK_FILE,
    check_crosswalk,
    check_document,
    check_unique_ids,
)
from words import worded

DATA_DIR = Path(__file__).resolve().parent / "data"
"""The shipped rules: one YAML file per document plus ``crosswalk.yaml``."""

_M = TypeVar("_M", bound=BaseModel)


def _require_gazetteer() -> None:
    """Raise one error when the gazetteer cannot be had at all.

    An unwritable boundary cache or a missing package file is one root cause: it is reported
    once, instead of one "does not resolve" per place of every file.
    """
    try:
        geodata.prefectures()
    except geodata.GeodataError as error:
        reason = f"{one_line(str(error))} (no place can be checked until this is fixed)"
        raise LayoutRulesError([Problem("boundary cache", WHOLE, reason)]) from None


def load_rules(
    path: Path | str | None = None,
    *,
    sources: Path | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Rules:
    """Read, validate and return every rule file of a folder.

    Parameters
    ----------
    path
        Folder of ``*.yaml`` files; ``crosswalk.yaml`` is the crosswalk, every other file one
        document. Defaults to the shipped ``layout_rules/data``.
    sources
        Folder of the documents' texts, against which quotes are checked. Defaults to the
        ``sources`` folder beside ``path`` (``layout_rules/sources`` for the shipped data).
    limits
        Bounds on files, sizes, YAML nesting and aliases, and problems listed, all checked
        before parsing (see :mod:`layout_rules.limits`).

    Returns
    -------
    Rules
        The validated rules, immutable.

    Raises
    ------
    LayoutRulesError
        With every problem found in every file, one per line as ``file: entry: reason``.

    Examples
    --------
    >>> rules = load_rules()
    >>> rules.document("sei-2016-2020").document.period
    (2016, 2020)
    """
    folder = Path(path) if path is not None else DATA_DIR
    texts = Path(sources) if sources is not None else folder.parent / "sources"
    raw, refused = bounds.read_rule_files(folder, limits)
    _require_gazetteer()
    loaded = _Loaded(limits=limits, problems=refused, blind=bool(refused))
    for name, content in raw.items():
        _load_file(name, content, texts, loaded)
    loaded.problems += check_unique_ids(loaded.models)
    if loaded.crosswalk is not None:
        unchecked = None if loaded.blind else loaded.unchecked
        loaded.problems += check_crosswalk(loaded.crosswalk, loaded.documents, unchecked=unchecked)
    if loaded.problems:
        raise LayoutRulesError(bounds.capped(sorted(loaded.problems, key=_reading_order), limits))
    return _rules(loaded, raw)


@dataclass
class _Loaded:
    """What the files yielded so far, across files."""

    models: list[tuple[str, DocumentRules]] = field(default_factory=list)
    documents: dict[str, DocumentRules] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    unchecked: set[str] = field(default_factory=set)
    """Ids of documents whose file is invalid: references to them cannot be checked."""
    blind: bool = False
    """Some document file could not even be read, so its id is unknown."""
    crosswalk: Crosswalk | None = None
    problems: list[Problem] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS


_SECTIONS = ("line", "byte", "document", "industries", *RECORD_KINDS, "links")
_TOKEN = re.compile(r"\d+|[^\d\[\].]+")


def _reading_order(problem: Problem) -> tuple[object, ...]:
    """Sort problems by file, then roughly as the file reads (top-level key, then indices)."""
    tokens = _TOKEN.findall(problem.entry)
    head = tokens[0].split()[0] if tokens else ""
    rank = _SECTIONS.index(head) if head in _SECTIONS else len(_SECTIONS)
    key = tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens)
    return (problem.file, rank, key)


def _load_file(name: str, content: bytes, texts: Path, loaded: _Loaded) -> None:
    data = _parse(name, content, loaded.problems, loaded.limits)
    if name == CROSSWALK_FILE:
        if data is not None:
            loaded.crosswalk = _validate(name, data, Crosswalk, loaded.problems)
        return
    model = _validate(name, data, DocumentRules, loaded.problems) if data is not None else None
    if not isinstance(model, DocumentRules):
        ids = _document_id(data)
        loaded.unchecked.update(ids)
        loaded.blind = loaded.blind or not ids
        return
    loaded.problems += check_document(name, model, texts, loaded.limits)
    loaded.models.append((name, model))
    doc_id = model.document.id
    if doc_id in loaded.documents:
        reason = worded("error.rules.duplicate.document", id=doc_id, file=loaded.files[doc_id])
        loaded.problems.append(Problem(name, "document.id", reason))
        return
    loaded.documents[doc_id] = model
    loaded.files[doc_id] = name


def _rules(loaded: _Loaded, raw: dict[str, bytes]) -> Rules:
    ordered = sorted(loaded.documents.items(), key=lambda item: (item[1].document.date, item[0]))
    digest = hashlib.sha256()
    for name in sorted(raw):
        digest.update(name.encode() + b"\0" + raw[name] + b"\0")
    return Rules(
        documents=MappingProxyType(dict(ordered)),
        crosswalk=loaded.crosswalk,
        data_version=digest.hexdigest()[:12],
        files=MappingProxyType({doc_id: loaded.files[doc_id] for doc_id, _ in ordered}),
    )


# --- first pass: YAML and schema ------------------------------------------------------------


def _parse(
    name: str, content: bytes, problems: list[Problem], limits: Limits = DEFAULT_LIMITS
) -> Any:
    """Return the file's data, or None after recording why it cannot be read."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        entry = worded("error.entry.byte", byte=error.start)
        problems.append(Problem(name, entry, worded("error.rules.not_utf8")))
        return None
    try:
        root = bounds.compose(text, limits)
    except bounds.LimitExceeded as error:
        line = line_entry(error.line) if error.line is not None else WHOLE
        problems.append(Problem(name, line, error.reason))
        return None
    except yaml.YAMLError as error:
        problems.append(yaml_problem(name, error))
        return None
    try:
        data = bounds.construct(root)
    except (yaml.YAMLError, ValueError) as error:
        problems.append(_value_problem(name, root, error))
        return None
    for key_line, key in _duplicate_keys(root):
        reason = worded("error.rules.duplicate_key", name=key)
        problems.append(Problem(name, line_entry(key_line), reason))
    if not isinstance(data, dict):
        reason = (
            worded("error.rules.empty")
            if data is None
            else worded("error.rules.not_a_mapping", kind=kind_of(data))
        )
        problems.append(Problem(name, WHOLE, reason))
        return None
    return data


def _value_problem(name: str, root: yaml.Node | None, error: Exception) -> Problem:
    """Locate a scalar that parses but cannot be built (a date like 2017-13-01)."""
    builder = yaml.SafeLoader("")
    for node in _nodes(root):
        if isinstance(node, yaml.ScalarNode):
            try:
                builder.construct_object(node)
            except (yaml.YAMLError, ValueError):
                return Problem(name, line_entry(node.start_mark.line + 1), yaml_value_reason(node))
    return yaml_problem(name, error if isinstance(error, yaml.YAMLError) else yaml.YAMLError())


def _nodes(root: yaml.Node | None) -> Iterator[yaml.Node]:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[int, str]]:
    """Yield (line, key) for each key repeated in a mapping: safe_load silently keeps the last."""
    for node in _nodes(root):
        if isinstance(node, yaml.MappingNode):
            keys = [key for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            seen: set[str] = set()
            for key in keys:
                if key.value in seen:
                    yield key.start_mark.line + 1, key.value
                seen.add(key.value)


def _validate(name: str, data: Any, model: type[_M], problems: list[Problem]) -> _M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems += validation_problems(name, error, model)
        return None


def _document_id(data: Any) -> set[str]:
    document = data.get("document") if isinstance(data, dict) else None
    doc_id = document.get("id") if isinstance(document, dict) else None
    return {doc_id} if isinstance(doc_id, str) else set()
