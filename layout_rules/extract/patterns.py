"""The importer's pattern file (``patterns.yaml``), read and validated once.

The phrasing families of the plans, park suffixes, abbreviations, named areas, regions and
industry variants are data; this module only checks their shape and compiles the regular
expressions, so a bad edit fails with the file, the entry and the reason.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from layout_rules._errors import LayoutRulesError
from layout_rules.library_errors import validation_problems, yaml_problem

PATTERN_FILE = Path(__file__).resolve().parent / "patterns.yaml"
RoleName = Literal[
    "core", "expansion", "radiated", "lead", "named", "base", "pilot",
    "national_cluster", "cluster", "corridor",
]  # fmt: skip
_GROUPS = frozenset(get_args(RoleName)) | {"subject", "object"}


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Pattern(_Strict):
    """One phrasing family: a regular expression whose named groups are roles."""

    id: str
    family: str
    regex: str
    confidence: float = Field(gt=0, le=1)
    coexists: bool = False
    """Its ``named`` role stays beside other roles of the place (not beside tiers or lead)."""
    note: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            groups = set(re.compile(value).groupindex)
        except re.error as error:
            msg = f"not a regular expression: {error}"
            raise ValueError(msg) from None
        unknown = groups - _GROUPS
        if unknown or not groups:
            msg = f"groups must be roles or subject/object; got {sorted(groups)}"
            raise ValueError(msg)
        return value

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        """The compiled expression."""
        return re.compile(self.regex)


class ObjectRule(_Strict):
    """What a built object (…基地, …示范区) makes of the places building it."""

    contains: str
    and_: str | None = Field(default=None, alias="and")
    role: RoleName


class NamedArea(_Strict):
    """A named area that is not a gazetteer place, and its host place (editorial)."""

    host: str
    note: str


class Variant(_Strict):
    """Industry names that mean the same or a related thing."""

    names: tuple[str, ...] = Field(min_length=2)
    relation: Literal["same", "overlaps", "broader", "narrower"]
    suggest: bool = False


class Patterns(_Strict):
    """The whole pattern file."""

    version: int
    roles: tuple[RoleName, ...]
    patterns: tuple[Pattern, ...] = Field(min_length=1)
    objects: tuple[ObjectRule, ...]
    open_list: tuple[str, ...]
    park_suffixes: tuple[str, ...]
    abbreviations: dict[str, str]
    abbreviation_before: tuple[str, ...]
    named_areas: dict[str, NamedArea]
    regions: dict[str, tuple[str, ...]]
    not_places: tuple[str, ...]
    industry_phrases: tuple[str, ...]
    industry_variants: tuple[Variant, ...]

    @field_validator("industry_phrases")
    @classmethod
    def _named_groups(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for regex in value:
            try:
                groups = set(re.compile(regex).groupindex)
            except re.error as error:
                msg = f"not a regular expression: {error}"
                raise ValueError(msg) from None
            if groups != {"name"}:
                msg = f"an industry phrase needs exactly the group 'name': {regex!r}"
                raise ValueError(msg)
        return value


def read_patterns(path: Path | str = PATTERN_FILE) -> Patterns:
    """Read and validate a pattern file.

    Raises
    ------
    LayoutRulesError
        Naming the file, each bad entry and why.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Patterns.model_validate(data)
    except yaml.YAMLError as error:
        raise LayoutRulesError([yaml_problem(path.name, error)]) from None
    except ValidationError as error:
        raise LayoutRulesError(validation_problems(path.name, error, Patterns)) from None


@functools.cache
def patterns() -> Patterns:
    """Return the shipped pattern file, read once."""
    return read_patterns()
