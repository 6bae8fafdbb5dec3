"""Our folium elements: thin Jinja wrappers that hand JSON specs to ``window.scx``.

folium's own GeoJson, Tooltip and Popup paste text into JavaScript template literals and
embed plain GeoJSON; ours pass everything as JSON (``tojson`` escapes ``<``, ``>``, ``&``
and ``'``), carry compact geometry (:mod:`layers.geometry`) and expect every piece of data
text in the specs to have gone through :func:`layout_rules.text.escape_html` already.
The browser side is ``layers/runtime.js``, added to every map by :class:`Runtime`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from layers._errors import LayersError
from layers.assets import publish_script
from layers.geometry import EncodedShape
from layers.topology import ShapeFile

Shapes = Mapping[str, EncodedShape] | Sequence[ShapeFile]
"""Polygons' shapes: encoded inline by id, or the files the browser fetches (coarsest first)."""


@cache
def runtime_js() -> str:
    """Return the source of ``layers/runtime.js``."""
    return files("layers").joinpath("runtime.js").read_text(encoding="utf-8")


_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
     "\u2028": "\\u2028", "\u2029": "\\u2029"}
)  # fmt: skip


def script_json(value: Any) -> str:
    r"""Return JSON safe to paste into a ``<script>``: compact, UTF-8, ``<>&'`` escaped.

    Like Jinja's ``tojson`` but without ASCII-escaping Chinese text (which triples its size).

    >>> script_json({"t": "</script>成都"})
    '{"t":"\\u003c/script\\u003e成都"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_UNSAFE)


class _Text(Element):
    """Rendered script kept as text (branca would compile it as a Jinja template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text as it is."""
        del kwargs
        return self.text


class ScriptElement(MacroElement):
    """An element whose ``script`` macro output goes into the page as text, as it is.

    branca wraps each element's rendered script in a new ``Element`` and compiles that as a
    Jinja template: data text holding ``{{ … }}`` was evaluated on the server when a page
    was rendered (an export), and the compile cost about 4 ms an element, 55 a view.
    """

    def render(self, **kwargs: Any) -> str:
        """Add the element's script to the page's, then render its children.

        Raises
        ------
        LayersError
            If the element is not on a page (a folium map's figure).
        """
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = f"{type(self).__name__} is rendered outside a map"
            raise LayersError(msg)
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Text(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class Runtime(JSCSSMixin, ScriptElement):
    """Defines ``window.scx`` (decoder, layer builders, legend) and attaches the map to it.

    The runtime is a script file the page links (:func:`layers.assets.publish_script`,
    named by its hash: the browser keeps it, and a rerun does not send it again); the
    map's own script only attaches the map (``scx.attach``): the view of the page's URL
    (``z``, ``c``) or else ``bounds``, the note shown when base-map tiles fail, and the label
    placement. Linked scripts load before the map script, in the Streamlit component and in
    a page (an export inlines the file).

    Parameters
    ----------
    bounds
        South-west and north-east corners (lat, lon) the map opens on without a URL view.
    words
        The runtime's words in the view's language (``offline``, ``unplaced``), unescaped:
        the browser sets them as text.
    datum
        The base map's datum (``wgs84`` or ``gcj02``): the URL's centre is WGS84 on every
        base map, shifted into this datum to open the map and back when the map moves.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "scx.attach({{ this._parent.get_name() }}, {{ this.options_json }});"
        "{% endmacro %}"
    )

    def __init__(
        self,
        bounds: Sequence[Sequence[float]],
        words: Mapping[str, str] | None = None,
        *,
        datum: str = "wgs84",
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "ScxRuntime"
        self.default_js = [("scx_runtime", publish_script("runtime", runtime_js()))]
        options = {"bounds": [list(corner) for corner in bounds], "words": dict(words or {}),
                   "datum": datum}  # fmt: skip
        self.options_json = script_json(options)


def shared_data_script(key: str, data: Any) -> str:
    """Return the script that sets ``window.scxData[key]`` to ``data`` (for :class:`SharedData`)."""
    return (f"window.scxData = window.scxData || {{}};\n"
            f"window.scxData[{script_json(key)}] = {script_json(data)};\n")  # fmt: skip


def prefetch_js(
    urls: Sequence[str], *, scripts: Sequence[str] = (), styles: Sequence[str] = ()
) -> str:
    """Return a script that starts fetching app static files as JSON: ``scxPrefetch[url]``.

    The component's frame is at ``<base>component/…``; the files are at ``<base><url>``.
    ``scripts`` and ``styles`` (the map's other links, absolute paths) are asked for at once,
    after the shapes, by preload hints: streamlit-folium loads the scripts one after the
    other, each asked for only when the one before has run, so without the hints the page
    waits for each in turn.
    """
    hints = [[url, "script"] for url in scripts] + [[url, "style"] for url in styles]
    return (
        "window.scxPrefetch = window.scxPrefetch || {};\n(function (urls, hints) {\n"
        "  var path = window.location.pathname, at = path.indexOf('/component/');\n"
        "  var base = window.location.origin + (at >= 0 ? path.slice(0, at + 1) : '/');\n"
        "  urls.forEach(function (url) {\n"
        "    if (window.scxPrefetch[url]) { return; }\n"
        "    window.scxPrefetch[url] = fetch(base + url).then(function (response) {\n"
        "      if (!response.ok) { throw new Error('HTTP ' + response.status + ' for ' + url); }\n"
        "      return response.json();\n"
        "    });\n"
        "    window.scxPrefetch[url].catch(function () { delete window.scxPrefetch[url]; });\n"
        "  });\n"
        "  hints.forEach(function (hint) {\n"
        "    var link = document.createElement('link');\n"
        "    link.rel = 'preload'; link.as = hint[1]; link.href = hint[0];\n"
        "    document.head.appendChild(link);\n"
        "  });\n"
        f"}})({script_json(list(urls))}, {script_json(hints)});\n"
    )


class SharedData(JSCSSMixin, ScriptElement):
    """Data every page of a kind shares (rivers, say), linked as a script, then drawn.

    The data is published as ``window.scxData[key] = …`` in a hashed file (``code``, from
    :func:`shared_data_script`: the caller may keep it, so that a rerun does not serialise
    the data again); the element's script calls ``scx.<call>(parent, scxData[key])``, so
    the data crosses the network once per browser rather than with every rerun of the map.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "scx.{{ this.call }}({{ this._parent.get_name() }}, window.scxData[{{ this.key_json }}]);"
        "{% endmacro %}"
    )

    def __init__(self, call: str, key: str, code: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "ScxShared"
        self.call = call
        self.key_json = script_json(key)
        self.default_js = [(f"scx_data_{key}", publish_script(f"data-{key}", code))]


DIGITS = 5
"""Decimals a spec's numbers keep: 1 m in degrees; a pixel is 2 km at province zoom."""


def rounded(value: Any) -> Any:
    """Return ``value`` with every float in it rounded to :data:`DIGITS` decimals.

    Coordinates came with 15 digits, a third of the bytes of a view's points and labels.

    >>> rounded({"lat": 30.710923281885243, "ids": [1, 2.5]})
    {'lat': 30.71092, 'ids': [1, 2.5]}
    """
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value


def factored(spec: Any) -> Any:
    """Return a list of items as ``{"common": {...}, "items": [...]}`` when values repeat.

    A key with the same value in every item (a label's kind and priority, a park ring's
    style) is sent once; the browser merges it back into each item (``scx.expand``).

    >>> factored([{"kind": "city", "id": "1"}, {"kind": "city", "id": "2"}])
    {'common': {'kind': 'city'}, 'items': [{'id': '1'}, {'id': '2'}]}
    """
    if not (isinstance(spec, list) and len(spec) > 1 and all(isinstance(i, dict) for i in spec)):
        return spec
    common = {k: v for k, v in spec[0].items() if all(k in i and i[k] == v for i in spec[1:])}
    if not common:
        return spec
    return {"common": common, "items": [{k: v for k, v in i.items() if k not in common}
                                        for i in spec]}  # fmt: skip


class SpecElement(ScriptElement):
    """An element whose script is one ``scx.<call>(parent, spec)``."""

    _call = ""
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "scx.{{ this.call }}({{ this._parent.get_name() }}, {{ this.spec_json }});"
        "{% endmacro %}"
    )

    def __init__(self, spec: Any) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "Scx" + self._call.capitalize()
        self.call = self._call
        self.spec = spec
        self.spec_json = script_json(rounded(factored(spec)))

    def items(self) -> list[dict[str, Any]]:
        """Return the spec's items (features, points, lines): the dicts texts are bound to."""
        found = self.spec.get("features", []) if isinstance(self.spec, dict) else self.spec
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    def refer_texts(self, index: Mapping[str, int]) -> int:
        """Replace each popup and tooltip found in ``index`` by its number; return how many.

        The browser looks the numbers up in the text file the view names (:class:`Texts`).
        """
        items = self.items()
        count = sum(isinstance(item.get(k), str) and item[k] in index
                    for item in items for k in TEXT_FIELDS)  # fmt: skip
        swapped = [
            {k: index.get(v, v) if k in TEXT_FIELDS and isinstance(v, str) else v
             for k, v in item.items()}
            for item in items
        ]  # fmt: skip
        if count:
            if isinstance(self.spec, dict):
                self.spec = {**self.spec, "features": swapped}
            else:
                self.spec = swapped
            self.spec_json = script_json(rounded(factored(self.spec)))
        return count


TEXT_FIELDS = ("popup", "tooltip")
"""The fields of an item that may be a number into the view's text file."""


class Texts(SpecElement):
    """The text file (URL) whose entries the items' numbered popups and tooltips are.

    Comes before the items that refer to it: the browser starts fetching the file, and
    every item bound after it looks its texts up there when a popup or tooltip opens.
    """

    _call = "texts"


class Polygons(SpecElement):
    """Polygons from encoded shapes, one style per feature, tooltips and popups as HTML.

    Parameters
    ----------
    shapes
        Feature id -> encoded shape (only the ids of ``features`` are sent), or the shape
        files of the layer (:func:`layers.shape_files.shape_files`): then the spec names
        the files and the browser fetches each once per page.
    features
        Dicts with ``id``, ``style`` (index into ``styles``), ``tooltip`` and ``popup``
        (escaped HTML or ``""``).
    styles
        Leaflet path styles.
    hover
        Style applied while the pointer is over a feature, or None.
    pane
        ``"fills"`` puts the polygons in the pane under every outline, ring and line (the
        tier and count fills: shapes fetched from a file arrive after the overlays, and
        would otherwise be drawn over them and take their clicks); None: Leaflet's own.
    keep_popup
        A click opens the feature's popup and selects nothing beneath (outlines drawn over
        the cities: clusters), so the rerun of a selection does not close the popup.
    """

    _call = "polygons"

    def __init__(
        self,
        shapes: Shapes,
        features: Sequence[Mapping[str, Any]],
        styles: Sequence[Mapping[str, Any]],
        *,
        hover: Mapping[str, Any] | None = None,
        pane: str | None = None,
        keep_popup: bool = False,
    ) -> None:
        spec = {**_shapes_spec(shapes, features), "features": list(features), "pane": pane,
                "keepPopup": keep_popup}  # fmt: skip
        super().__init__({**spec, "styles": list(styles), "hover": dict(hover) if hover else None})


def _shapes_spec(shapes: Shapes, features: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the spec's ``shapes`` (inline, the features' only) or ``files`` (URLs, zooms)."""
    if isinstance(shapes, Mapping):
        return {"shapes": {str(f["id"]): shapes[str(f["id"])] for f in features}}
    return {"files": [{"url": f.url, "minZoom": f.min_zoom} for f in shapes]}


class Labels(SpecElement):
    """Text labels at points, placed in the browser so that none overlaps another.

    Dicts with ``lat``, ``lon``, ``html`` (escaped), ``kind`` (its CSS class) and
    ``priority`` (see :func:`layers.placement.priority`); a city's has its ``id`` (adcode),
    a park's the ``radius`` of its ring.

    The browser places them (``scx.place``): by priority, each beside its anchor where it
    overlaps no label placed before it, else hidden.
    """

    _call = "labels"


class Points(SpecElement):
    """Circle markers: dicts with ``lat``, ``lon``, ``style``, ``tooltip``, ``popup``."""

    _call = "points"


class Lines(SpecElement):
    """Polylines: dicts with ``latlngs`` ([[lat, lon], …]), ``style``, ``tooltip``, ``popup``."""

    _call = "lines"


class Focus(SpecElement):
    """The selected city (adcode or None): its label wins, the map fits it once per choice."""

    _call = "focus"


class Legend(ScriptElement):
    """A part of the map's one legend, shown and removed with the feature group it belongs to.

    Parts stack in ``order`` (the tiers first, then the overlays in layer-control order).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "scx.legend({{ this._parent.get_name() }}, {{ this.html_json }}, "
        "{{ this.position|tojson }}, {{ this.order|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, html: str, *, position: str = "bottomright", order: int = 0) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "ScxLegend"
        self.html = html
        self.html_json = script_json(html)
        self.position = position
        self.order = order
