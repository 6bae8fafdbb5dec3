"""One vocabulary, one ranking and one colour scheme for roles, read from ``roles.toml``.

The roles (tiers, designations, "not named") are data: :file:`layout_rules/roles.toml`
declares each one's kind, weight and colour, in rank order; its label is a word of the
catalogues (``role.<id>`` in ``words/catalogues/<lang>.yaml``). The file is read and
validated when this module is imported, so a broken vocabulary stops the program at once with
a :class:`~layout_rules.LayoutRulesError` naming the entry. Everything else derives from it:
the tiers, the designation kinds the rule files may use, the cluster kinds that confer a role,
and the one strongest-role function. A new designation kind is one entry in the file (plus
its label in each catalogue, which ``tests/test_words.py`` asks for).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from layout_rules._errors import LayoutRulesError, Problem, repeats
from words import t

ROLES_FILE = Path(__file__).resolve().parent / "roles.toml"
"""The shipped role vocabulary."""

KINDS = ("tier", "designation", "none")
"""What a role can be: a tier of a layout sentence, a designation, or 'not named'."""

_T = TypeVar("_T")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS: dict[str, type] = {
    "id": str,
    "kind": str,
    "named": bool,
    "weight": int,
    "colour": str,
}


@dataclass(frozen=True)
class Role:
    """How a role is called, drawn, weighed and ranked; ``rank`` 0 is the strongest."""

    id: str
    kind: str
    named: bool
    weight: int
    colour: str
    rank: int
    clusters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Every role by id in rank order, and what derives from them."""

    roles: Mapping[str, Role]

    def of_kind(self, kind: str) -> tuple[str, ...]:
        """Return the ids of the roles of one kind, strongest first."""
        return tuple(role.id for role in self.roles.values() if role.kind == kind)

    def rank(self, role: str) -> int:
        """Return a role's rank (0 is the strongest); unknown or empty roles rank last."""
        found = self.roles.get(role)
        return found.rank if found is not None else len(self.roles)


def load_vocabulary(path: Path | str = ROLES_FILE) -> Vocabulary:
    """Read and validate a role vocabulary file.

    Raises
    ------
    LayoutRulesError
        With every problem of the file (unknown kind, bad colour, repeated id, …), each
        naming the entry.
    """
    name = Path(path).name
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LayoutRulesError([Problem(name, "-", f"cannot read the roles: {error}")]) from error
    entries = data.get("role")
    if not isinstance(entries, list) or not entries:
        raise LayoutRulesError([Problem(name, "role", "expected a list of [[role]] entries")])
    problems = [p for i, entry in enumerate(entries) for p in _entry_problems(name, i, entry)]
    problems += _vocabulary_problems(name, entries) if not problems else []
    if problems:
        raise LayoutRulesError(problems)
    roles = (_role(rank, entry) for rank, entry in enumerate(entries))
    return Vocabulary(MappingProxyType({role.id: role for role in roles}))


def _entry_problems(file: str, i: int, entry: Any) -> list[Problem]:
    at = f"role[{i}]"
    if not isinstance(entry, dict):
        return [Problem(file, at, "expected a table of role fields")]
    problems = [
        Problem(file, f"{at}.{key}", f"required {kind.__name__} field is missing or mistyped")
        for key, kind in _FIELDS.items()
        if type(entry.get(key)) is not kind
    ]
    unknown = sorted(set(entry) - {*_FIELDS, "clusters"})
    problems += [Problem(file, f"{at}.{key}", "unknown key (a typo?)") for key in unknown]
    if entry.get("kind") not in KINDS:
        problems.append(Problem(file, f"{at}.kind", f"must be one of {', '.join(KINDS)}"))
    if not _COLOUR.match(str(entry.get("colour", ""))):
        problems.append(Problem(file, f"{at}.colour", "must be a colour like '#c0392b'"))
    clusters = entry.get("clusters", [])
    if not isinstance(clusters, list) or not all(isinstance(c, str) for c in clusters):
        problems.append(Problem(file, f"{at}.clusters", "must be a list of cluster kinds"))
    return problems


def _vocabulary_problems(file: str, entries: list[dict[str, Any]]) -> list[Problem]:
    ids = ((entry["id"], i) for i, entry in enumerate(entries))
    problems = [
        Problem(file, f"role[{i}].id", f"id {key!r} repeats role[{j}]")
        for key, i, j in repeats(ids)
    ]
    kinds = ((kind, i) for i, entry in enumerate(entries) for kind in entry.get("clusters", []))
    problems += [
        Problem(file, f"role[{i}].clusters", f"cluster kind {key!r} already gives role[{j}]")
        for key, i, j in repeats(kinds)
    ]
    if [entry["id"] for entry in entries if entry["kind"] == "none"] != ["none"]:
        reason = "exactly one role, with id 'none', must be of kind none"
        problems.append(Problem(file, "role", reason))
    return problems


def _role(rank: int, entry: dict[str, Any]) -> Role:
    fields = {key: entry[key] for key in _FIELDS}
    return Role(**fields, rank=rank, clusters=tuple(entry.get("clusters", ())))


VOCABULARY = load_vocabulary()
"""The shipped vocabulary, validated at import."""

ROLES: Mapping[str, Role] = VOCABULARY.roles
"""Every role by id, in rank order (tiers first)."""

TIERS: tuple[str, ...] = VOCABULARY.of_kind("tier")
"""The tiers of a layout sentence, strongest first: core, expansion, radiated."""

NAMED_TIERS: tuple[str, ...] = tuple(role for role in TIERS if ROLES[role].named)
"""The tiers by which a layout sentence names a city: ``("core", "expansion")``."""

TIER_RANK: Mapping[str, int] = MappingProxyType({role: ROLES[role].weight for role in TIERS})
"""Tier strength (core 3, expansion 2, radiated 1), for sorting and weighted similarity."""

DESIGNATIONS: tuple[str, ...] = VOCABULARY.of_kind("designation")
"""The designation kinds a rule file may use (``designations: - kind: base``)."""

DESIGNATED: tuple[str, ...] = tuple(role for role in ROLES if ROLES[role].named)
"""Roles by which a text names a city for an industry (every role except radiated and none)."""

ROLE_WEIGHT: Mapping[str, int] = MappingProxyType({r.id: r.weight for r in ROLES.values()})
"""How much a role weighs in a footprint: a lead city or national cluster counts like a core
city, a base or pilot like an expansion city, a bare mention like a radiated city."""

CLUSTER_ROLES: Mapping[str, str] = MappingProxyType(
    {kind: role.id for role in ROLES.values() for kind in role.clusters}
)
"""Cluster kind -> the role its member places get for the cluster's industries."""


def role_rank(role: str) -> int:
    """Return a role's rank, 0 for the strongest; unknown or empty roles rank last."""
    return VOCABULARY.rank(role)


def by_strength(items: Iterable[_T], *, role: Callable[[_T], str]) -> list[_T]:
    """Return items ordered by their role, strongest first (stable among equal roles).

    The one ranking of roles: maps, matrices and fact sheets all order by it.

    >>> by_strength([("绵阳", "expansion"), ("成都", "core")], role=lambda item: item[1])
    [('成都', 'core'), ('绵阳', 'expansion')]
    """
    return sorted(items, key=lambda item: role_rank(role(item)))


def strongest_role(roles: Iterable[str]) -> str:
    """Return the strongest of some roles, ``""`` when there are none.

    >>> strongest_role(["pilot", "expansion", "named"]), strongest_role([])
    ('expansion', '')
    """
    return min(roles, key=role_rank, default="")


def role_label(role: str, *, lang: str = "zh") -> str:
    """Return the display name of a role in ``lang`` (the catalogue's ``role.<id>``)."""
    entry = ROLES.get(role, ROLES["none"])
    return t(f"role.{entry.id}", lang)


def role_colour(role: str) -> str:
    """Return the colour of a role; unknown or empty roles get the 'not named' grey."""
    return ROLES.get(role, ROLES["none"]).colour


class Status(NamedTuple):
    """How a change status is called and drawn."""

    id: str
    colour: str


_STATUSES = (
    Status("gained", "#1a9641"),
    Status("kept", "#2b83ba"),
    Status("lost", "#d7191c"),
    Status("neither", ROLES["none"].colour),
    Status("out_of_scope", "#f7f7f7"),
    Status("unplaced", "#f7f7f7"),
    Status("unlinked", "#f7f7f7"),
)

STATUSES: MappingProxyType[str, Status] = MappingProxyType({s.id: s for s in _STATUSES})
"""How a city's standing for an industry changed between two documents, in display order.
``neither`` uses the 'not named' grey; the three statuses that mean "nothing to compare"
are near-white."""


def status_label(status: str, *, lang: str = "zh") -> str:
    """Return the display name of a change status in ``lang`` (the catalogue's ``status.<id>``)."""
    entry = STATUSES[status]
    return t(f"status.{entry.id}", lang)
