"""The text an AppTest run shows, as plain strings (for the language scan of issue 13)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

_FIELDS = ("label", "value", "body", "help", "placeholder", "caption")
_WIDGETS = (
    "selectbox", "multiselect", "radio", "checkbox", "toggle", "text_input", "select_slider",
)  # fmt: skip


_STYLE_ONLY = re.compile(r"(?:<style>[^<]*</style>|<script[^>]*>.*?</script>)+", re.DOTALL)
"""An element of stylesheets and scripts only (ui.streamlit_words' script): no words shown."""


def visible_texts(at: AppTest, *, skip_columns: Collection[str] = ()) -> list[str]:
    """Return every label, text, option, table header and cell of an AppTest page.

    Cells of the tables' ``skip_columns`` (id columns: adcodes, industry ids) are left out.
    """
    return list(_walk(at._tree, skip_columns))


def _walk(node: Any, skip: Collection[str]) -> Iterator[str]:
    if getattr(node, "type", "") == "vega_lite_chart":
        yield from _tooltip_names(json.loads(node.proto.spec))
    widget = getattr(node, "type", "") in _WIDGETS
    for field in _FIELDS:
        if not (widget and field == "value"):  # a widget's value is its raw option, not shown
            yield from _strings(getattr(node, field, None), skip)
    if widget:
        yield from (str(o) for o in getattr(node, "options", ()) or ())
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child, skip)


def _strings(value: object, skip: Collection[str]) -> Iterator[str]:
    if isinstance(value, str):
        if not _STYLE_ONLY.fullmatch(value.strip()):  # stylesheets and scripts show no words
            yield value
    elif isinstance(value, pd.DataFrame):
        yield from (str(c) for c in value.columns)
        for column in value.columns:
            if column not in skip:
                yield from (str(v) for v in value[column].tolist() if v is not None)
    elif isinstance(value, (list, tuple)):
        yield from (item for item in value if isinstance(item, str))


def _tooltip_names(spec: object) -> Iterator[str]:
    """Yield the names a chart's tooltips give their values: a title, else what Vega-Lite shows.

    Without a title Vega-Lite names a value by its field (``city_label``), a count by
    "Count of Records".
    """
    if isinstance(spec, list):
        for item in spec:
            yield from _tooltip_names(item)
    elif isinstance(spec, dict):
        for key, value in spec.items():
            if key != "tooltip":
                yield from _tooltip_names(value)
                continue
            for entry in value if isinstance(value, list) else [value]:
                if isinstance(entry, dict):
                    count = "Count of Records" if entry.get("aggregate") == "count" else ""
                    yield str(entry.get("title") or entry.get("field") or count)
