"""The map's browser assets, served by the app itself: no CDN, nothing fetched at run time.

folium and streamlit-folium point at public CDNs (jsdelivr, cdnjs, code.jquery.com), which are
blocked in mainland China and absent offline. The only third-party asset our maps need is
Leaflet (our layers use no jQuery, Bootstrap, Font Awesome or awesome-markers). It comes from
the pinned PyPI package ``xstatic-leaflet`` and is copied at install time into
``static/vendor/`` (git-ignored) by::

    python -m layers.assets install

Streamlit serves that folder (``[server] enableStaticServing``) at ``/app/static/``.
:func:`localise` rewrites every element's asset links to those URLs before rendering, and
:func:`inline_assets` pastes the files into an exported page so it also works offline.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import hashlib
import importlib
import logging
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from branca.element import Element
from folium.elements import JSCSSMixin

from layers._errors import LayersError
from layers.files import write_atomic

E = TypeVar("E", bound=Element)

ROOT = Path(__file__).resolve().parent.parent.parent
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_URL = "/app/static/vendor"
"""Where Streamlit serves ``static/vendor`` (``enableStaticServing``)."""


@dataclass(frozen=True)
class Asset:
    """A file of a pinned PyPI package, copied to ``static/vendor/<folder>/<name>``."""

    module: str
    package: str
    version: str
    folder: str
    name: str

    @property
    def url(self) -> str:
        """The URL the app serves it at."""
        return f"{STATIC_URL}/{self.folder}/{self.name}"

    @property
    def path(self) -> Path:
        """Where it is installed."""
        return VENDOR_DIR / self.folder / self.name


def _leaflet(name: str) -> Asset:
    return Asset("xstatic.pkg.leaflet", "xstatic-leaflet", "1.9.3", "leaflet", name)


LEAFLET_JS = _leaflet("leaflet.js")
LEAFLET_CSS = _leaflet("leaflet.css")
ASSETS = (
    LEAFLET_JS,
    LEAFLET_CSS,
    _leaflet("images/layers.png"),
    _leaflet("images/layers-2x.png"),
    _leaflet("images/marker-icon.png"),
    _leaflet("images/marker-icon-2x.png"),
    _leaflet("images/marker-shadow.png"),
)

LOCAL = {"leaflet": LEAFLET_JS.url, "leaflet_css": LEAFLET_CSS.url}
"""folium's asset names -> our URLs."""

UNUSED = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)
"""folium defaults our maps do not use: dropped instead of fetched."""


def _source_dir(asset: Asset) -> Path:
    try:
        module = importlib.import_module(asset.module)
    except ModuleNotFoundError as error:
        msg = f"map asset package {asset.package} is missing: pip install it (see requirements.txt)"
        raise LayersError(msg) from error
    if not str(getattr(module, "VERSION", "")).startswith(asset.version):
        found = getattr(module, "VERSION", "?")
        msg = f"{asset.package} {found} is installed; the map needs {asset.version}"
        raise LayersError(msg)
    return Path(module.BASE_DIR)


def install(target: Path | None = None) -> list[Path]:
    """Copy every asset from its package into ``static/vendor`` (or ``target``).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    LayersError
        If a package is missing, has another version, or lacks a file.
    """
    root = target if target is not None else VENDOR_DIR
    written = []
    for asset in ASSETS:
        source = _source_dir(asset) / asset.name
        if not source.is_file():
            msg = f"{asset.package} has no file {asset.name} (looked in {source.parent})"
            raise LayersError(msg)
        destination = root / asset.folder / asset.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        written.append(destination)
    return written


def ensure_installed() -> None:
    """Install the assets when any is missing (the app calls this on start)."""
    if not all(asset.path.is_file() for asset in ASSETS):
        install()


PUBLISHED_DIR = VENDOR_DIR / "scx"
"""Our own scripts (the map runtime, data every page shares), named by content hash."""


def publish_script(stem: str, code: str) -> str:
    """Write ``code`` once as ``static/vendor/scx/<stem>-<hash>.js``; return its URL.

    A page then loads it as a link the browser caches, instead of receiving it inside the
    map's script with every rerun; :func:`inline_assets` pastes it back into an export.
    The name changes with the content, so no browser keeps a stale copy; the file is
    written whole, then renamed, so no half-written file is served.

    Raises
    ------
    LayersError
        If the static folder cannot be written.
    """
    data = code.encode("utf-8")
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.js"
    publish(PUBLISHED_DIR, name, data, what=f"the script {stem}")
    return f"{STATIC_URL}/scx/{name}"


def publish(folder: Path, name: str, data: bytes, *, what: str) -> Path:
    """Write ``data`` as ``folder/name`` unless it is there; return the path.

    Served files are named by their content's hash, so a file that exists is the right
    one. It is written whole, then renamed: no half-written file is ever served.

    Raises
    ------
    LayersError
        If the folder cannot be written (one message: what, where, why).
    """
    target = folder / name
    if not target.is_file():
        try:
            write_atomic(target, data)
        except OSError as error:
            msg = f"cannot write {what} to {folder} ({error.strerror or error})"
            raise LayersError(msg) from error
        prune_family(folder, name)
    return target


# --- old hashed files -----------------------------------------------------------------------

KEEP_PER_FAMILY = 3
"""Files of one family kept, the one just written included: the pages of an app process of an
older version (a replica not yet restarted) still link theirs."""
GRACE_SECONDS = 3600.0
"""A file younger than this is never removed: a page opened before another version wrote its
files may still fetch it (the shapes of a finer zoom, say)."""
_HASHED = re.compile(r"(?P<family>.+)-[0-9a-f]{12,16}(?P<suffix>\.[a-z]+)")
"""A served file named by its content: ``<family>-<hash><suffix>``, as publish and the shape
files name them (``runtime-1a52…js``, ``prefectures-web-wgs84-80a2…json``)."""

_log = logging.getLogger(__name__)


def prune_family(
    folder: Path, current: str, *, keep: int = KEEP_PER_FAMILY, grace: float = GRACE_SECONDS
) -> list[Path]:
    """Remove old files of ``current``'s family from ``folder``; return the removed paths.

    Each write of a changed runtime, dataset or shape file adds a file under a new hash
    and nothing removed the old ones. The family is the name before the hash; ``current``
    and the newest others, ``keep`` in all, stay, and so does any file younger than
    ``grace`` seconds. Housekeeping must never fail a write: a file another process has
    already removed is skipped, and a file that cannot be removed is logged and kept.

    Examples
    --------
    >>> prune_family(Path("/nonexistent"), "manifest.json")
    []
    """
    match = _HASHED.fullmatch(current)
    if match is None:
        return []
    family = _siblings(folder, match["family"], match["suffix"])
    others = sorted((item for item in family if item[0].name != current),
                    key=lambda item: item[1], reverse=True)  # fmt: skip
    now = time.time()
    return [path for path, modified in others[keep - 1 :]
            if now - modified >= grace and _remove(path)]  # fmt: skip


def _siblings(folder: Path, family: str, suffix: str) -> list[tuple[Path, float]]:
    """Return the files of a family in ``folder`` with their modification times."""
    found = []
    for path in folder.glob(f"{glob.escape(family)}-*{suffix}"):
        match = _HASHED.fullmatch(path.name)
        if match is None or match["family"] != family:  # runtime-x-<hash> is not runtime's
            continue
        with contextlib.suppress(FileNotFoundError):
            found.append((path, path.stat().st_mtime))
    return found


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:  # another process pruned it first
        return False
    except OSError as error:
        _log.warning("cannot remove the old file %s: %s", path, error.strerror or error)
        return False
    return True


def localise(element: E) -> E:
    """Point every asset link of an element tree at our own URLs; drop unused ones.

    Raises
    ------
    LayersError
        If an element asks for an asset we do not ship (a folium plugin, say), instead of
        letting the browser fetch it from a CDN.
    """
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            node.default_js = _mapped(node, node.default_js)
            node.default_css = _mapped(node, node.default_css)
    return element


def asset_links(element: Element) -> tuple[list[str], list[str]]:
    """Return the scripts and the style sheets an element tree links, in the order loaded.

    The order is streamlit-folium's (it loads the scripts one after the other, then the
    style sheets), each link once.
    """
    scripts: dict[str, None] = {}
    styles: dict[str, None] = {}
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            scripts.update(dict.fromkeys(url for _, url in node.default_js))
            styles.update(dict.fromkeys(url for _, url in node.default_css))
    return list(scripts), list(styles)


def _walk(element: Element) -> list[Element]:
    found = [element]
    for child in element._children.values():
        found.extend(_walk(child))
    return found


def _mapped(node: Element, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kept = []
    for name, url in links:
        if name in LOCAL:
            kept.append((name, LOCAL[name]))
        elif url.startswith(STATIC_URL):
            kept.append((name, url))
        elif name not in UNUSED:
            msg = f"{type(node).__name__} needs asset {name!r} ({url}), which the app does not ship"
            raise LayersError(msg)
    return kept


_SCRIPT = re.compile(r'<script src="(/app/static/vendor/[^"]+)"></script>')
_LINK = re.compile(r'<link rel="stylesheet" href="(/app/static/vendor/[^"]+)"/>')
_CSS_URL = re.compile(r"url\((images/[^)]+\.png)\)")


def inline_assets(html: str) -> str:
    """Return a rendered page with our asset links replaced by the files' contents.

    The result needs no server and no network: scripts and styles are inline and the
    images of the Leaflet stylesheet are data URIs.
    """

    def script(match: re.Match[str]) -> str:
        code = _read(match.group(1)).replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def style(match: re.Match[str]) -> str:
        url = match.group(1)
        folder = url.rsplit("/", 1)[0]
        css = _CSS_URL.sub(lambda m: f"url({_data_uri(folder + '/' + m.group(1))})", _read(url))
        return f"<style>{css}</style>"

    return _LINK.sub(style, _SCRIPT.sub(script, html))


def _local_path(url: str) -> Path:
    path = VENDOR_DIR / url.removeprefix(STATIC_URL + "/")
    if not path.is_file():
        msg = f"asset {url} is not installed at {path}: run 'python -m layers.assets install'"
        raise LayersError(msg)
    return path


def _read(url: str) -> str:
    return _local_path(url).read_text(encoding="utf-8")


def _data_uri(url: str) -> str:
    data = base64.b64encode(_local_path(url).read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"
