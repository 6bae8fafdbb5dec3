"""Loading and validating the layout-rule YAML files into one immutable :class:`Rules`.

Validation runs in two passes. The first reads each file (``yaml.safe_load`` only) and checks
its shape against :mod:`layout_rules.schema`. The second checks what the schema cannot see:
that every place resolves in the gazetteer (through :func:`resolve_place`, the one resolver of
the package), that tiers name each prefecture once, that ids are unique and references point to
something, and that every quote occurs in its document's text. All problems of all files are
gathered and raised together in one :class:`~layout_rules.LayoutRulesError`. Loading never
writes: a failed load leaves the files as they were.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from layout_rules import limits as bounds
from layout_rules import quotes
from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.limits import DEFAULT_LIMITS, Limits
from layout_rules.schema import Crosswalk, DocumentRules, Industry, Layout, Source

if TYPE_CHECKING:
    import geodata

DATA_DIR = Path(__file__).resolve().parent / "data"
"""The shipped rules: one YAML file per document plus ``crosswalk.yaml``."""

CROSSWALK_FILE = "crosswalk.yaml"
_M = TypeVar("_M", bound=BaseModel)
_WHOLE = "-"
"""The entry of a problem that concerns a whole file or folder."""


@dataclass(frozen=True)
class Rules:
    """Every document's rules and the crosswalk, validated and immutable.

    Attributes
    ----------
    documents
        Document id -> its rules, ordered by document date (then id).
    crosswalk
        The editorial links between industries of different documents, or None when the
        folder has no ``crosswalk.yaml``.
    data_version
        A short hash of the YAML files' names and contents: a cache key for derived data.
    files
        Document id -> the YAML file it was read from (for messages).
    """

    documents: Mapping[str, DocumentRules]
    crosswalk: Crosswalk | None
    data_version: str
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash(self.data_version)

    def document(self, document_id: str) -> DocumentRules:
        """Return one document's rules, or raise LayoutRulesError naming the known ids."""
        if document_id not in self.documents:
            known = ", ".join(self.documents)
            reason = f"unknown document {document_id!r}; known: {known}"
            raise LayoutRulesError([Problem("rules", "document", reason)])
        return self.documents[document_id]

    def industry(self, document_id: str, industry_id: str) -> Industry:
        """Return one industry of one document, or raise LayoutRulesError naming the known ids."""
        rules = self.document(document_id)
        for industry in rules.industries:
            if industry.id == industry_id:
                return industry
        known = ", ".join(industry.id for industry in rules.industries)
        reason = f"unknown industry {industry_id!r}; {document_id} has: {known}"
        raise LayoutRulesError([Problem(self.files.get(document_id, "rules"), "industry", reason)])


# --- the one place resolver -----------------------------------------------------------------


def _geodata() -> ModuleType:
    """Import geodata on first use: it pulls in geopandas and may build its boundary cache."""
    import geodata

    return geodata


@functools.cache
def resolve_place(name: str) -> str:
    """Return the adcode of a place name as the documents write it (成都, 凉山州, 仁寿县).

    The one resolver of the package: loading and every query go through it, so a name means
    the same place everywhere. Results are cached by name.

    Raises
    ------
    geodata.GeodataError
        If the gazetteer does not know the name, or it is ambiguous.
    """
    return _geodata().resolve(name)


def try_resolve_place(name: str) -> tuple[str | None, str]:
    """Return ``(adcode, "")``, or ``(None, reason)`` when the name does not resolve."""
    try:
        return resolve_place(name), ""
    except _geodata().GeodataError as error:
        return None, f"{name!r} does not resolve: {_one_line(str(error))}"


@functools.cache
def place_info(adcode: str) -> geodata.Place:
    """Return the gazetteer record of an adcode (name, level, parent, label point)."""
    return _geodata().place(adcode)


def prefecture_of(adcode: str) -> str | None:
    """Return the Sichuan prefecture an adcode is or lies in; None outside the prefectures.

    Counties are lifted to their prefecture; the province and places outside Sichuan
    (重庆) have no prefecture.
    """
    info = place_info(adcode)
    if info.level == "prefecture":
        return adcode
    if info.level == "county" and info.parent_adcode:
        return info.parent_adcode
    return None


@functools.cache
def prefecture_codes() -> tuple[str, ...]:
    """Return the adcodes of Sichuan's 21 prefectures, in order, from the gazetteer."""
    table = _geodata().gazetteer()
    return tuple(sorted(table.loc[table["level"] == "prefecture", "adcode"].astype(str)))


def _require_gazetteer() -> None:
    """Raise one error when the gazetteer cannot be had at all (unwritable boundary cache,
    a missing package file), instead of one "does not resolve" per place of every file."""
    try:
        prefecture_codes()
    except _geodata().GeodataError as error:
        reason = f"{_one_line(str(error))} (no place can be checked until this is fixed)"
        raise LayoutRulesError([Problem("boundary cache", _WHOLE, reason)]) from None


# --- loading --------------------------------------------------------------------------------


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
    loaded.problems += _check_unique_ids(loaded.models)
    if loaded.crosswalk is not None:
        loaded.problems += _check_crosswalk(loaded)
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


_SECTIONS = ("line", "byte", "document", "industries", "clusters", "parks", "corridors", "links")
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
    loaded.problems += _check_document(name, model, texts, loaded.limits)
    loaded.models.append((name, model))
    doc_id = model.document.id
    if doc_id in loaded.documents:
        reason = f"duplicate document id {doc_id!r}, already used by {loaded.files[doc_id]}"
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
        problems.append(Problem(name, f"byte {error.start}", "not UTF-8 text"))
        return None
    try:
        root = bounds.compose(text, limits)
    except bounds.LimitExceeded as error:
        line = f"line {error.line}" if error.line is not None else _WHOLE
        problems.append(Problem(name, line, error.reason))
        return None
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(name, error))
        return None
    try:
        data = bounds.construct(root)
    except (yaml.YAMLError, ValueError) as error:
        problems.append(_value_problem(name, root, error))
        return None
    for line, key in _duplicate_keys(root):
        reason = f"key {key!r} appears twice in one mapping; YAML would keep only the last"
        problems.append(Problem(name, f"line {line}", reason))
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        reason = f"the file is {what}; expected a mapping (document:, industries:, …)"
        problems.append(Problem(name, _WHOLE, reason))
        return None
    return data


def _yaml_problem(name: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    entry = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else _WHOLE
    parts = (getattr(error, "context", None), getattr(error, "problem", None))
    reason = "; ".join(part for part in parts if part) or str(error)
    return Problem(name, entry, f"invalid YAML: {_one_line(reason)}")


def _value_problem(name: str, root: yaml.Node | None, error: Exception) -> Problem:
    """Locate a scalar that parses but cannot be built (a date like 2017-13-01)."""
    builder = yaml.SafeLoader("")
    for node in _nodes(root):
        if isinstance(node, yaml.ScalarNode):
            try:
                builder.construct_object(node)
            except (yaml.YAMLError, ValueError):
                reason = f"invalid YAML value {node.value!r}: {_one_line(str(error))}"
                return Problem(name, f"line {node.start_mark.line + 1}", reason)
    return Problem(name, _WHOLE, f"invalid YAML: {_one_line(str(error))}")


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
        errors = error.errors()
        # A list whose items failed may also report its length; the item errors say it all.
        inner = {e["loc"][:n] for e in errors for n in range(len(e["loc"]))}
        problems += [
            Problem(name, _entry(e["loc"]), _reason(e)) for e in errors if e["loc"] not in inner
        ]
        return None


def _entry(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into a YAML path: ``industries[2].layout.core``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or _WHOLE


def _reason(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown key (not a field of the schema; a typo?)"
    message = _one_line(error["msg"].removeprefix("Value error, "))
    if kind in {"value_error", "assertion_error"}:
        return message
    return f"{message}; got {_short(repr(error.get('input')))}"


def _document_id(data: Any) -> set[str]:
    document = data.get("document") if isinstance(data, dict) else None
    doc_id = document.get("id") if isinstance(document, dict) else None
    return {doc_id} if isinstance(doc_id, str) else set()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- second pass: what the schema cannot see ------------------------------------------------


def _check_document(
    file: str, model: DocumentRules, texts: Path, limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    return [
        *_check_industry_ids(file, model),
        *_check_references(file, model),
        *_check_sources(file, model, texts, limits),
        *_check_places(file, model),
    ]


def _check_industry_ids(file: str, model: DocumentRules) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, industry in enumerate(model.industries):
        if industry.id in first:
            reason = (
                f"duplicate industry id {industry.id!r} (also industries[{first[industry.id]}])"
            )
            problems.append(Problem(file, f"industries[{i}].id", reason))
        first.setdefault(industry.id, i)
    return problems


def _check_references(file: str, model: DocumentRules) -> list[Problem]:
    """Focus parks must be parks of the document; record industries its industries."""
    parks = {park.id for park in model.parks}
    industries = {industry.id for industry in model.industries}
    problems = []
    for i, industry in enumerate(model.industries):
        for j, focus in enumerate(industry.focus):
            for k, park in enumerate(focus.parks):
                if park not in parks:
                    reason = f"unknown park id {park!r}: no park of {model.document.id} has it"
                    problems.append(Problem(file, f"industries[{i}].focus[{j}].parks[{k}]", reason))
    for kind in ("clusters", "parks", "corridors"):
        for i, record in enumerate(getattr(model, kind)):
            for k, industry_id in enumerate(record.industries):
                if industry_id not in industries:
                    reason = f"{industry_id!r} is not an industry of {model.document.id}"
                    problems.append(Problem(file, f"{kind}[{i}].industries[{k}]", reason))
    return problems


def _sources(model: DocumentRules) -> Iterator[tuple[str, Source]]:
    """Yield (entry, source) for every sourced record of a document."""
    for i, industry in enumerate(model.industries):
        at = f"industries[{i}]"
        if industry.source is not None:
            yield f"{at}.source", industry.source
        if industry.layout is not None:
            yield f"{at}.layout.source", industry.layout.source
        for j, focus in enumerate(industry.focus):
            yield f"{at}.focus[{j}].source", focus.source
        for j, designation in enumerate(industry.designations):
            yield f"{at}.designations[{j}].source", designation.source
    for kind in ("clusters", "parks", "corridors"):
        for i, record in enumerate(getattr(model, kind)):
            yield f"{kind}[{i}].source", record.source


def _check_sources(
    file: str, model: DocumentRules, texts: Path, limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every source names this document, and its quote occurs in this document's text."""
    document = model.document
    problems = [
        Problem(file, f"{entry}.doc", f"{source.doc!r} is not this file's document {document.id!r}")
        for entry, source in _sources(model)
        if source.doc != document.id
    ]
    raw_text, reason = bounds.read_text(texts, document.file, limits)
    if raw_text is None:
        return [*problems, Problem(file, "document.file", reason)]
    text = _normalised_text(raw_text)
    for entry, source in _sources(model):
        fragment = quotes.missing_fragment(source.quote, text)
        if fragment is not None:
            reason = f"quote not found in {document.file}: no match for {_short(fragment, 40)!r}"
            problems.append(Problem(file, f"{entry}.quote", reason))
    return problems


@functools.lru_cache(maxsize=16)
def _normalised_text(text: str) -> str:
    """Each source text is normalised once (per content), then matched many times."""
    return quotes.normalise(text)


def _places(model: DocumentRules) -> Iterator[tuple[str, str, bool]]:
    """Yield (entry, place name, must be a prefecture) for every place a document names."""
    for i, industry in enumerate(model.industries):
        yield from _industry_places(f"industries[{i}]", industry)
    for i, cluster in enumerate(model.clusters):
        for k, name in enumerate(cluster.places):
            yield f"clusters[{i}].places[{k}]", name, False
    for i, park in enumerate(model.parks):
        yield f"parks[{i}].host", park.host, False
    for i, corridor in enumerate(model.corridors):
        for k, waypoint in enumerate(corridor.waypoints):
            yield f"corridors[{i}].waypoints[{k}].place", waypoint.place, False


def _industry_places(at: str, industry: Industry) -> Iterator[tuple[str, str, bool]]:
    if industry.layout is not None:
        for tier in ("core", "expansion"):
            for k, name in enumerate(getattr(industry.layout, tier)):
                yield f"{at}.layout.{tier}[{k}]", name, True
    for j, focus in enumerate(industry.focus):
        yield f"{at}.focus[{j}].place", focus.place, False
    for j, designation in enumerate(industry.designations):
        for k, name in enumerate(designation.places):
            yield f"{at}.designations[{j}].places[{k}]", name, False


def _check_places(file: str, model: DocumentRules) -> list[Problem]:
    """Every place resolves; tiers name prefectures, each once, in one tier only."""
    problems = []
    for entry, name, needs_prefecture in _places(model):
        adcode, reason = try_resolve_place(name)
        if adcode is None:
            problems.append(Problem(file, entry, reason))
            continue
        level = place_info(adcode).level
        if needs_prefecture and level != "prefecture":
            reason = (
                f"{name!r} ({adcode}, level {level}) is not a Sichuan prefecture; "
                "tiers name prefectures only"
            )
            problems.append(Problem(file, entry, reason))
    for i, industry in enumerate(model.industries):
        if industry.layout is not None:
            problems += _check_tiers(file, f"industries[{i}].layout", industry.layout)
    return problems


def _check_tiers(file: str, at: str, layout: Layout) -> list[Problem]:
    """A prefecture appears once per layout, whatever name (凉山, 凉山州) the text uses."""
    first: dict[str, tuple[str, str]] = {}
    problems = []
    for tier in ("core", "expansion"):
        for k, name in enumerate(getattr(layout, tier)):
            adcode, _ = try_resolve_place(name)
            if adcode is None:
                continue
            if adcode not in first:
                first[adcode] = (tier, name)
                continue
            first_tier, first_name = first[adcode]
            if first_tier == tier:
                reason = f"{name!r} is listed twice in {tier} (also as {first_name!r}; {adcode})"
            else:
                reason = (
                    f"{name!r} is {tier} but already {first_tier} as {first_name!r} ({adcode}): "
                    "contradictory tiers"
                )
            problems.append(Problem(file, f"{at}.{tier}[{k}]", reason))
    return problems


def _check_unique_ids(models: list[tuple[str, DocumentRules]]) -> list[Problem]:
    """Cluster, park and corridor ids are unique across all files (maps key layers on them)."""
    problems = []
    for kind in ("clusters", "parks", "corridors"):
        first: dict[str, str] = {}
        for file, model in models:
            for i, record in enumerate(getattr(model, kind)):
                where = f"{file} {kind}[{i}]"
                if record.id in first:
                    reason = (
                        f"duplicate {kind[:-1]} id {record.id!r}, first used in {first[record.id]}"
                    )
                    problems.append(Problem(file, f"{kind}[{i}].id", reason))
                first.setdefault(record.id, where)
    return problems


def _check_crosswalk(loaded: _Loaded) -> list[Problem]:
    """Each link joins an existing industry of one document to one of another."""
    assert loaded.crosswalk is not None
    problems = []
    known = ", ".join(sorted(loaded.documents))
    for i, link in enumerate(loaded.crosswalk.links):
        for side, ref in (("from", link.source_industry), ("to", link.target_industry)):
            model = loaded.documents.get(ref.doc)
            if model is None:
                if ref.doc not in loaded.unchecked and not loaded.blind:
                    reason = f"unknown document {ref.doc!r}; known: {known}"
                    problems.append(Problem(CROSSWALK_FILE, f"links[{i}].{side}.doc", reason))
            elif ref.industry not in {industry.id for industry in model.industries}:
                reason = f"{ref.industry!r} is not an industry of {ref.doc}"
                problems.append(Problem(CROSSWALK_FILE, f"links[{i}].{side}.industry", reason))
    return problems
