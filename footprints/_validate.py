"""Input checks shared by the comparison functions; each raises :class:`FootprintsError`."""

from __future__ import annotations

from collections.abc import Iterable

from footprints._errors import FootprintsError
from layout_rules import Rules, prefectures, resolve_place
from layout_rules.vocab import ROLES


def check_document(rules: Rules, document: str, *, where: str) -> None:
    """Raise unless ``document`` is the id of a loaded document."""
    if document not in rules.documents:
        known = ", ".join(rules.documents)
        msg = f"{where}: unknown document {document!r}; known: {known}"
        raise FootprintsError(msg)


def city_code(name: str, *, where: str) -> str:
    """Return the adcode of one of the 21 prefectures given by adcode or any gazetteer name."""
    try:
        code = resolve_place(str(name))
    except ValueError as error:  # GeodataError and LayoutRulesError both subclass it
        msg = f"{where}: unknown city {name!r} ({error})"
        raise FootprintsError(msg) from error
    if code not in {city.adcode for city in prefectures()}:
        msg = f"{where}: {name!r} ({code}) is not one of Sichuan's 21 prefectures"
        raise FootprintsError(msg)
    return code


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
