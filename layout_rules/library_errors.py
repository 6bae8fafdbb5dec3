"""Errors of the libraries that read rules and documents, worded by the catalogue.

A library words its errors in English ("Input should be a valid date or datetime, invalid
character in year"); a Chinese page must not show that. Each error is worded here by what it
*is* — pydantic's error ``type`` and context, PyYAML's error class and mark, the class of a
zip, zlib, PDF or XML reading error — never by matching its text, so a library update that
rewords a message changes nothing. An error of a kind the catalogue does not word gets a
general message (for pydantic: naming the field and the value); the library's own text goes
to the log only.
"""

from __future__ import annotations

import enum
import logging
import types
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from xml.etree import ElementTree

import yaml
from pydantic import BaseModel, ValidationError

from layout_rules._errors import Problem, one_line, shorten
from layout_rules.limits import WHOLE
from words import Worded, worded

_LOG = logging.getLogger(__name__)

PYDANTIC_CONTEXT: Mapping[str, tuple[str, ...]] = types.MappingProxyType({
    "bool_parsing": (), "bool_type": (), "tuple_type": (), "list_type": (), "dict_type": (),
    "model_type": (), "string_type": (), "string_too_short": ("min_length",),
    "string_too_long": ("max_length",), "string_pattern_mismatch": ("pattern",),
    "too_short": ("min_length",), "too_long": ("max_length",),
    "int_parsing": (), "int_type": (), "int_from_float": (), "float_parsing": (),
    "float_type": (), "greater_than": ("gt",), "greater_than_equal": ("ge",),
    "less_than": ("lt",), "less_than_equal": ("le",), "date_parsing": (), "date_type": (),
    "date_from_datetime_parsing": (), "date_from_datetime_inexact": (), "date_future": (),
    "date_past": (),
})  # fmt: skip
"""Pydantic error types the catalogue words (``error.rules.pydantic.<type>``), and the
context each one's words name."""

_FIELD_WORDS: Mapping[str, str] = types.MappingProxyType(
    {
        "missing": "error.rules.missing",
        "extra_forbidden": "error.rules.unknown_key",
    }
)
"""Pydantic error types about a key rather than its value, and their words."""

_CHOICE_TYPES = frozenset({"literal_error", "enum"})
"""Pydantic error types for a value outside a fixed set: worded with the set, from the model."""

YAML_CLASSES: tuple[tuple[type[yaml.YAMLError], str], ...] = (
    (yaml.scanner.ScannerError, "scanner"),
    (yaml.parser.ParserError, "parser"),
    (yaml.composer.ComposerError, "composer"),
    (yaml.constructor.ConstructorError, "constructor"),
    (yaml.reader.ReaderError, "reader"),
)
"""PyYAML's error classes, most specific first, and their words (``error.rules.yaml.<case>``)."""

_YAML_KINDS = frozenset({"list", "str", "int", "float", "bool", "date", "datetime"})
"""Python types a YAML file's top level may hold, worded ``error.rules.kind.<name>``."""

READING_CASES: tuple[tuple[type[BaseException], str], ...] = (
    (zipfile.BadZipFile, "not_zip"),
    (zlib.error, "compressed"),
    (EOFError, "truncated"),
    (NotImplementedError, "method"),
    (RecursionError, "nested"),
    (RuntimeError, "encrypted"),
)
"""Errors of reading a file (zip, zlib, a PDF or XML parser), most specific first, and their
words (``error.library.<case>``); any other is ``error.library.damaged``."""


# --- pydantic ----------------------------------------------------------------------------------


def validation_problems(file: str, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Return one worded problem per error of ``error``, raised validating ``model``.

    A list whose items failed may also report its length; the item errors say it all, so an
    error at a location that holds a deeper error is left out.
    """
    errors = error.errors()
    inner = {e["loc"][:n] for e in errors for n in range(len(e["loc"]))}
    return [
        Problem(file, entry_of(e["loc"]), pydantic_reason(e, model))
        for e in errors
        if e["loc"] not in inner
    ]


def entry_of(loc: Sequence[int | str]) -> str:
    """Turn a pydantic location into a YAML path: ``industries[2].layout.core``.

    >>> entry_of(("industries", 2, "layout", "core"))
    'industries[2].layout.core'
    """
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or WHOLE


def pydantic_reason(error: Any, model: type[BaseModel]) -> str:
    """Return why a value failed validation, worded by the error's type and context.

    The schema's own messages (raised as a ``ValueError``) are passed on as they are.
    """
    kind = error["type"]
    if kind in _FIELD_WORDS:
        return worded(_FIELD_WORDS[kind])
    own = _schema_words(error)
    if own is not None:
        return own
    ctx = error.get("ctx") or {}
    value = shorten(repr(error.get("input")))
    if kind in PYDANTIC_CONTEXT:
        named = {name: ctx.get(name) for name in PYDANTIC_CONTEXT[kind]}
        return worded(f"error.rules.pydantic.{kind}", value=value, **named)
    choices = choices_at(model, error["loc"]) if kind in _CHOICE_TYPES else ()
    if choices:
        listed = ", ".join(repr(choice) for choice in choices)
        return worded("error.rules.choice", choices=listed, value=value)
    _LOG.info("pydantic error %s worded in general: %s", kind, one_line(error.get("msg", "")))
    field = next((part for part in reversed(error["loc"]) if isinstance(part, str)), WHOLE)
    return worded("error.rules.invalid", field=field, value=value)


def _schema_words(error: Any) -> str | None:
    """Return the message a validator of the schema raised, or None for a library's error."""
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Worded):
        return raised.args[0]
    if error["type"] in {"value_error", "assertion_error"}:  # a validator's words, not worded
        return one_line(error["msg"].removeprefix("Value error, "))
    return None


def choices_at(model: type[BaseModel], loc: Sequence[int | str]) -> tuple[object, ...]:
    """Return the values allowed at ``loc`` of ``model`` (a ``Literal`` or an ``Enum``).

    Follows the location through the model's fields and the items of its lists and tuples;
    returns ``()`` where the location leads to no fixed set of values.

    >>> from layout_rules.schema import Crosswalk
    >>> choices_at(Crosswalk, ("links", 0, "relation"))
    ('same', 'broader', 'narrower', 'overlaps')
    """
    annotation: Any = model
    for part in loc:
        annotation = _bare(annotation)
        if isinstance(part, int):
            items = [arg for arg in get_args(annotation) if arg is not Ellipsis]
            annotation = items[0] if len(items) == 1 else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            annotation = None if field is None else field.annotation
        else:
            return ()
    annotation = _bare(annotation)
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(member.value for member in annotation)
    return ()


def _bare(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` from an annotation: what the value must be."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kept = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation


# --- reading files ------------------------------------------------------------------------------


def reading_detail(error: BaseException) -> Worded:
    """Return what went wrong reading a file, worded by the error's class, not its text.

    The detail of a file that cannot be read (a zip, a PDF, a DOCX's XML): the library's own
    text goes to the log.

    >>> reading_detail(zipfile.BadZipFile("File is not a zip file"))
    'not a zip archive, or a damaged one'
    """
    _LOG.info("reading error worded by its class: %s: %s", type(error).__name__, error)
    if isinstance(error, ElementTree.ParseError):
        line, column = error.position
        return worded("error.library.xml", line=line, column=column + 1)
    case = next((case for cls, case in READING_CASES if isinstance(error, cls)), "damaged")
    return worded(f"error.library.{case}")


# --- PyYAML ------------------------------------------------------------------------------------


def yaml_problem(file: str, error: yaml.YAMLError) -> Problem:
    """Return the problem of a text that is not YAML, worded by the error's class and mark."""
    _LOG.info("YAML error in %s worded by its class: %s", file, one_line(str(error)))
    case = next((case for cls, case in YAML_CLASSES if isinstance(error, cls)), "other")
    mark = getattr(error, "problem_mark", None)
    entry = WHOLE if mark is None else line_entry(mark.line + 1, mark.column + 1)
    return Problem(file, entry, worded(f"error.rules.yaml.{case}"))


def yaml_value_reason(node: yaml.ScalarNode) -> Worded:
    """Return why a scalar that YAML resolved to a date (or another type) cannot be built."""
    tag = node.tag.rsplit(":", 1)[-1]
    case = "timestamp" if tag == "timestamp" else "other"
    return worded(f"error.rules.yaml_value.{case}", value=node.value)


def kind_of(data: object) -> Worded:
    """Return the name of a YAML value's kind, worded: what a file holds instead of a mapping."""
    name = type(data).__name__
    return worded(f"error.rules.kind.{name if name in _YAML_KINDS else 'other'}")


def line_entry(line: int, column: int | None = None) -> Worded:
    """Return the entry of a problem found at a line (and column) of a file, worded."""
    if column is None:
        return worded("error.entry.line", line=line)
    return worded("error.entry.line_column", line=line, column=column)
