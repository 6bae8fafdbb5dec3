"""Bounded reading of rule files and source texts: size, count, nesting and alias limits.

A shared server reads rules that any visitor uploads, so every input is bounded *before* it is
parsed: bytes per file, number of files, YAML nesting depth, alias uses and the size of the
document once aliases are expanded (a "billion laughs" file is refused in milliseconds instead
of growing without end), and the number of problems listed. Only regular files inside the
folder are read: FIFOs, devices, directories named ``x.yaml`` and symlinks that dangle, loop or
lead out of the folder are refused with a message, never followed or waited on.

Each limit is a named field of :class:`Limits`; :data:`DEFAULT_LIMITS` holds the defaults.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser  # libyaml, in every PyYAML wheel: the scanner and parser in C
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from layout_rules._errors import LayoutRulesError, Problem
from words import worded

WHOLE = "-"
"""The entry of a problem that concerns a whole file or folder."""


@dataclass(frozen=True)
class Limits:
    """The bounds on what the loader reads; every field is checked before parsing.

    Attributes
    ----------
    file_bytes
        Largest rule file (the largest shipped one is 50 KB; PyYAML reads ~1 MB a second).
    upload_bytes
        Largest upload, all files (or the unpacked zip) together.
    text_bytes
        Largest source text (the largest shipped one is 108 KB).
    files
        Most ``*.yaml`` files in one folder or upload.
    depth
        Deepest YAML nesting (the shipped files nest 7 levels).
    aliases
        Most YAML alias uses (``*name``) in one file (the shipped files use none).
    nodes
        Most YAML values in one file, aliases expanded (the largest shipped file has 2,188).
    problems
        Problems listed in full; the rest are counted in one last line.
    """

    file_bytes: int = 512_000
    upload_bytes: int = 5_000_000
    text_bytes: int = 5_000_000
    files: int = 100
    depth: int = 32
    aliases: int = 32
    nodes: int = 20_000
    problems: int = 100


DEFAULT_LIMITS = Limits()


class LimitExceeded(yaml.YAMLError):
    """A YAML file goes beyond a limit; ``reason`` says which, ``line`` where (or None)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason)


# --- files ----------------------------------------------------------------------------------


def _not_regular(mode: int) -> str:
    """Say what a path is instead of a regular file (a directory, a FIFO, …); refused."""
    kinds = {
        stat.S_ISDIR: "directory",
        stat.S_ISFIFO: "fifo",
        stat.S_ISSOCK: "socket",
        stat.S_ISCHR: "device",
        stat.S_ISBLK: "device",
    }
    kind = next((name for test, name in kinds.items() if test(mode)), "other")
    return worded(f"error.limit.special.{kind}")


def regular_file_problem(path: Path, root: Path) -> str | None:
    """Return why ``path`` may not be read as a file of the folder ``root``, or None if it may.

    A symlink is followed only to a regular file inside ``root``; a dangling or looping link,
    a link out of ``root`` and anything but a regular file are refused.
    """
    try:
        target = path.resolve(strict=True)
        info = target.stat()
    except (OSError, RuntimeError) as error:
        return _resolve_problem(path, error)
    if not target.is_relative_to(root.resolve()):
        return worded("error.limit.symlink_out")
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(info.st_mode)
    return None


def _resolve_problem(path: Path, error: Exception) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return worded("error.limit.symlink_loop")
    if path.is_symlink():
        return worded("error.limit.symlink_dangling")
    return worded("error.limit.unreadable", detail=str(getattr(error, "strerror", None) or error))


def read_bounded(path: Path, limit: int, *, setting: str = "file_bytes") -> bytes:
    """Read a regular file of at most ``limit`` bytes, without blocking on a FIFO.

    Raises
    ------
    LimitExceeded
        If the file is larger than ``limit`` (checked before reading) or not a regular file;
        the message names the limit as ``Limits.<setting>``.
    OSError
        If it cannot be opened or read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LimitExceeded(_not_regular(info.st_mode))
        if info.st_size > limit:
            reason = worded(
                "error.upload.file_too_big", size=info.st_size, limit=limit, setting=setting
            )
            raise LimitExceeded(reason)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise LimitExceeded(worded("error.limit.grew", limit=limit))
    return data


def read_rule_files(
    folder: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, bytes], list[Problem]]:
    """Return ``{file name: bytes}`` of a folder's ``*.yaml`` files and the files refused.

    Raises
    ------
    LayoutRulesError
        If ``folder`` is not a readable folder, holds no document file, or more than
        ``limits.files`` files, or files of more than ``limits.upload_bytes`` together (one
        problem: the folder is not worth reading file by file).
    """
    names = _yaml_names(folder, limits)
    raw: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name in names:
        reason = regular_file_problem(folder / name, folder)
        try:
            if reason is None:
                raw[name] = read_bounded(folder / name, limits.file_bytes)
        except LimitExceeded as error:
            reason = error.reason
        except OSError as error:
            reason = worded("error.limit.unreadable", detail=str(error.strerror or error))
        if reason is not None:
            problems.append(Problem(name, WHOLE, reason))
        _check_total(folder, raw, limits)
    return raw, problems


def _check_total(folder: Path, raw: dict[str, bytes], limits: Limits) -> None:
    total = sum(map(len, raw.values()))
    if total > limits.upload_bytes:
        reason = worded("error.limit.folder_bytes", limit=limits.upload_bytes)
        raise LayoutRulesError([Problem(str(folder), WHOLE, reason)])


def _yaml_names(folder: Path, limits: Limits) -> list[str]:
    try:
        if not folder.is_dir():
            reason = worded("error.limit.not_a_folder")
            raise LayoutRulesError([Problem(str(folder), WHOLE, reason)])
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".yaml"))
    except OSError as error:
        reason = worded("error.limit.folder_unreadable", detail=str(error.strerror or error))
        raise LayoutRulesError([Problem(str(folder), WHOLE, reason)]) from None
    if len(names) > limits.files:
        reason = worded("error.limit.folder_files", count=len(names), limit=limits.files)
        raise LayoutRulesError([Problem(str(folder), WHOLE, reason)])
    if not [name for name in names if name != "crosswalk.yaml"]:
        reason = worded("error.limit.no_documents")
        raise LayoutRulesError([Problem(str(folder), WHOLE, reason)])
    return names


def read_text(folder: Path, name: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, str]:
    """Return ``(text, "")`` of a source text in ``folder``, or ``(None, reason)``.

    The text must be a regular file inside ``folder``, at most ``limits.text_bytes``, and
    UTF-8; the reason of a refusal names the file.
    """
    path = folder / name
    if not path.exists() and not path.is_symlink():
        return None, worded("error.limit.source_missing", name=name, folder=str(folder))
    reason = regular_file_problem(path, folder)
    try:
        if reason is None:
            data = read_bounded(path, limits.text_bytes, setting="text_bytes")
            return data.decode("utf-8"), ""
    except LimitExceeded as error:
        reason = error.reason
    except UnicodeDecodeError as error:
        reason = worded("error.limit.source_not_utf8", byte=error.start)
    except OSError as error:
        reason = worded("error.limit.unreadable", detail=str(error.strerror or error))
    return None, worded("error.limit.source_refused", name=name, reason=reason)


# --- YAML -----------------------------------------------------------------------------------


class BoundedLoader(Composer, CParser, SafeConstructor, Resolver):
    """A safe loader with bounded nesting depth and alias uses while composing.

    libyaml (C) reads the text into events, 7 times faster than PyYAML's Python parser; PyYAML's
    own composer builds the nodes from them, so that each node passes the checks below. The
    expanded size is checked by :func:`compose` on the composed graph.
    """

    def __init__(self, stream: str, limits: Limits = DEFAULT_LIMITS) -> None:
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.limits = limits
        self.depth = 0
        self.alias_uses = 0
        self.composed = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        """Compose one node, refusing aliases beyond the limit and nesting beyond the depth."""
        if self.check_event(yaml.AliasEvent):
            self.alias_uses += 1
            if self.alias_uses > self.limits.aliases:
                line = self._next_line()
                reason = worded("error.limit.aliases", limit=self.limits.aliases)
                raise LimitExceeded(reason, line)
        self.depth += 1
        self.composed += 1
        try:
            if self.composed > self.limits.nodes:
                line = self._next_line()
                raise LimitExceeded(_too_many_values(self.limits), line)
            if self.depth > self.limits.depth:
                line = self._next_line()
                reason = worded("error.limit.depth", limit=self.limits.depth)
                raise LimitExceeded(reason, line)
            # The stubs type ``index`` as int, but PyYAML passes the key node (or None) for the
            # entries of a mapping: ``object`` is what this override truly receives.
            return super().compose_node(parent, index)  # type: ignore[arg-type]  # stub says int
        finally:
            self.depth -= 1

    def _next_line(self) -> int | None:
        """Return the 1-based line where the next event starts (None if it carries no mark).

        libyaml marks every event while composing, so None guards the stubs' ``Event | None``.
        """
        event = self.peek_event()
        mark = None if event is None else event.start_mark
        return None if mark is None else mark.line + 1


def compose(text: str, limits: Limits = DEFAULT_LIMITS) -> yaml.Node | None:
    """Compose one YAML document into nodes within the limits (the safe schema only).

    Raises
    ------
    LimitExceeded
        If nesting, alias uses or the expanded size go beyond ``limits``.
    yaml.YAMLError
        If the text is not YAML.
    """
    loader = BoundedLoader(text, limits)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is not None:
        _check_expanded(root, limits)
    return root


def _check_expanded(root: yaml.Node, limits: Limits) -> None:
    """Refuse a graph whose expansion (aliases copied out) is larger or deeper than allowed."""
    sizes: dict[int, tuple[int, int]] = {}
    for node in _post_order(root):
        children = [sizes.get(id(child)) for child in _children(node)]
        if None in children:
            raise LimitExceeded(worded("error.limit.recursive_alias"), node.start_mark.line + 1)
        size = 1 + sum(child[0] for child in children if child)
        depth = 1 + max((child[1] for child in children if child), default=0)
        if size > limits.nodes or depth > limits.depth:
            reason = (
                _too_many_values(limits)
                if size > limits.nodes
                else worded("error.limit.depth_expanded", limit=limits.depth)
            )
            raise LimitExceeded(reason, node.start_mark.line + 1)
        sizes[id(node)] = (size, depth)


def _too_many_values(limits: Limits) -> str:
    return worded("error.limit.nodes", limit=limits.nodes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _post_order(root: yaml.Node) -> list[yaml.Node]:
    """Each distinct node once, children before parents (a DAG walk, no recursion)."""
    order: list[yaml.Node] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in seen)
    return order


def construct(root: yaml.Node | None) -> Any:
    """Build Python data from a composed node (safe schema), as ``yaml.safe_load`` would."""
    if root is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def capped(problems: list[Problem], limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Return the first ``limits.problems`` problems and one line counting the rest."""
    if len(problems) <= limits.problems:
        return problems
    rest = len(problems) - limits.problems
    reason = worded("error.limit.more_problems", rest=rest, limit=limits.problems)
    return [*problems[: limits.problems], Problem(worded("error.all_files"), WHOLE, reason)]
