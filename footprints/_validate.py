"""Input checks shared by the comparison functions; each raises :class:`FootprintsError`."""

from __future__ import annotations

from collections.abc import Iterable

from footprints._errors import FootprintsError
from geodata.places import PlaceError, prefecture
from layout_rules import Rules
from layout_rules.vocab import ROLES


def check_document(rules: Rules, document: str, *, where: str) -> None:
    """Raise unless ``document`` is the id of a loaded document."""
    if document not in rules.documents:
        known = ", ".join(rules.documents)
        msg = f"{where}: unknown document {document!r}; known: {known}"
        raise FootprintsError(msg)


def city_code(name: str, *, where: str) -> str:
    """Return the adcode of one of the 21 prefectures given by adcode or any place reference.

    The reference goes through :func:`geodata.places.prefecture`; its :class:`PlaceError`
    becomes this package's :class:`FootprintsError`, saying which function was called.
    """
    try:
        return prefecture(str(name))
    except PlaceError as error:
        msg = f"{where}: {error}"
        raise FootprintsError(msg) from error


def city_codes(names: Iterable[str], *, where: str, least: int, most: int) -> list[str]:
    """Return distinct prefecture adcodes, in the given order; between least and most of them."""
    codes = list(dict.fromkeys(city_code(name, where=where) for name in names))
    if not least <= len(codes) <= most:
        msg = f"{where}: expected {least}–{most} distinct cities, got {len(codes)}"
        raise FootprintsError(msg)
    return codes


def check_roles(roles: Iterable[str], *, where: str) -> tuple[str, ...]:
    """Return ``roles`` as a tuple, raising if one is not a role id of the vocabulary."""
    roles = tuple(roles)
    unknown = [role for role in roles if role not in ROLES or role == "none"]
    if unknown or not roles:
        known = ", ".join(role for role in ROLES if role != "none")
        msg = f"{where}: roles {list(roles)!r} must be a non-empty choice of: {known}"
        raise FootprintsError(msg)
    return roles
