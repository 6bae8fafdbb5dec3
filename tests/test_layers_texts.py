"""Popups and tooltips from one text file per document: a switch sends at most 30 KB.

The bytes of a switch are what Streamlit sends for the rerun (every ForwardMsg, as an
AppTest records them): the widgets, the map's stable script and the view's feature groups.
The feature groups are measured for every shipped document × industry in every language;
the rest of the rerun once per language.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import folium
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

import ui.data
from layers import MapView, explorer_map, export_html, view_layers
from layers.elements import Points, SpecElement
from layers.texts import TEXTS_DIR, TEXTS_URL, TextTable, refer_texts, text_table, view_texts
from layout_rules import Rules
from words import languages

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SWITCH_BYTES = 30_000
HEAVY = "new-industrialisation-2023"
"""The document whose views carry the most overlays (parks, corridors, clusters)."""


def _sent(groups: list[folium.FeatureGroup], fig: folium.Map) -> int:
    """Return the bytes the feature groups take in the component's arguments (JSON)."""
    script = "".join(streamlit_folium._get_feature_group_string(group, map=fig, idx=index)
                     for index, group in enumerate(groups))  # fmt: skip
    return len(json.dumps(script))


@pytest.fixture(scope="module")
def rest_of_a_switch() -> Iterator[dict[str, int]]:
    """Return, per language, the bytes of a switch's rerun besides its feature groups."""
    import streamlit.testing.v1.local_script_runner as runner

    import ui.map

    messages: list[int] = []
    groups: list[int] = []
    parse, st_folium = runner.parse_tree_from_messages, ui.map.st_folium

    def recording_parse(msgs: list[Any]) -> Any:
        messages.append(sum(m.ByteSize() for m in msgs))
        return parse(msgs)

    def recording_folium(fig: folium.Map, **kwargs: Any) -> Any:
        groups.append(_sent(kwargs["feature_group_to_add"], explorer_map()))
        return st_folium(fig, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(runner, "parse_tree_from_messages", recording_parse)
    mp.setattr(ui.map, "st_folium", recording_folium)
    rest = {}
    try:
        for lang in languages():
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params.update({"doc": HEAVY, "lang": lang})
            at.run()
            at.sidebar.selectbox(key="w_one").set_value("energy-chemical").run()
            assert not at.exception, [e.value for e in at.exception]
            rest[lang] = messages[-1] - groups[-1]
    finally:
        mp.undo()
    yield rest


def test_every_switch_sends_at_most_30_kb(rules: Rules, rest_of_a_switch: dict[str, int]) -> None:
    # A switch sent 38-51 KB: half of it popups, the same for every industry of a document.
    sizes = {}
    for lang in languages():
        for document in rules.documents:
            for industry in rules.document(document).industries:
                view = MapView(document=document, industries=(industry.id,), lang=lang)
                groups = view_layers(ui.data.map_data(rules, view), view)
                sent = _sent(groups, explorer_map())
                sizes[document, industry.id, lang] = rest_of_a_switch[lang] + sent
    assert len(sizes) == sum(len(d.industries) for d in rules.documents.values()) * 2
    assert max(sizes.values()) <= SWITCH_BYTES, max(sizes.items(), key=lambda item: item[1])


def _specs(groups: list[folium.FeatureGroup]) -> list[Any]:
    return [child.spec for group in groups for child in group._children.values()
            if isinstance(child, SpecElement) and child.call != "texts"]  # fmt: skip


def _filled(spec: Any, texts: list[str]) -> Any:
    """Return the spec with every numbered popup and tooltip replaced by its text."""
    if isinstance(spec, list):
        return [_filled(item, texts) for item in spec]
    if isinstance(spec, dict):
        return {k: texts[v] if k in ("popup", "tooltip") and isinstance(v, int) else
                _filled(v, texts) for k, v in spec.items()}  # fmt: skip
    return spec


def test_popups_and_tooltips_read_the_same_from_the_file(rules: Rules) -> None:
    view = MapView(document=HEAVY, industries=("energy-chemical",), lang="en")
    data = ui.data.map_data(rules, view)
    assert data.texts is not None and data.texts.url.startswith(TEXTS_URL + "/")
    texts = json.loads((TEXTS_DIR / data.texts.url.rsplit("/", 1)[1]).read_text("utf-8"))
    referred = view_layers(data, view)
    inline = view_layers(replace(data, texts=None), view)
    assert _filled(_specs(referred), texts) == _specs(inline)
    sent = "".join(c.spec_json for g in referred for c in g._children.values()
                   if isinstance(c, SpecElement))  # fmt: skip
    assert '"popup":"' not in sent and '"tooltip":"' not in sent  # every one from the file
    assert sent.startswith(f'"{data.texts.url}"')  # named before any item refers to it


def test_a_text_not_in_the_file_stays_inline() -> None:
    # A user's upload or draft: its own texts are never published, they travel as before.
    table = text_table(("<b>成都</b>",))
    group = folium.FeatureGroup(name="parks")
    Points([{"lat": 30.0, "lon": 104.0, "popup": "<b>成都</b>", "tooltip": "my own note"}]
           ).add_to(group)  # fmt: skip
    groups = [group]
    refer_texts(groups, table)
    (points,) = [c for c in group._children.values() if isinstance(c, Points)]
    assert points.spec == [{"lat": 30.0, "lon": 104.0, "popup": 0, "tooltip": "my own note"}]
    assert [c.call for c in group._children.values() if isinstance(c, SpecElement)] == [
        "texts", "points"]  # fmt: skip
    assert "my own note" not in (TEXTS_DIR / table.url.rsplit("/", 1)[1]).read_text("utf-8")
    assert view_texts(groups) == ["my own note"]  # what the file could hold: the rest


def test_no_texts_file_without_a_match() -> None:
    group = folium.FeatureGroup(name="parks")
    Points([{"lat": 30.0, "lon": 104.0, "popup": "mine"}]).add_to(group)
    refer_texts([group], TextTable("app/static/texts/x.json", {}))
    assert [c.call for c in group._children.values() if isinstance(c, SpecElement)] == ["points"]


def test_an_export_of_the_apps_view_keeps_its_texts_inline(rules: Rules) -> None:
    view = MapView(document=HEAVY, industries=("energy-chemical",), lang="zh")
    data = ui.data.map_data(rules, view)
    assert data.texts is not None
    html = export_html(data, view, inline=False)
    assert TEXTS_URL not in html and "scx.texts(" not in html
    assert '"popup":"\\u003cb\\u003e' in html


def test_an_unwritable_static_folder_sends_the_texts_inline(
    rules: Rules, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import layers.texts

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setattr(layers.texts, "TEXTS_DIR", tmp_path / "file" / "texts")
    view = MapView(document=HEAVY, industries=("uav",), lang="zh")
    data = ui.data.map_data(rules, view)
    assert data.texts is None
    groups = view_layers(data, view)
    assert view_texts(groups) and not any(
        c.call == "texts" for g in groups for c in g._children.values()
        if isinstance(c, SpecElement)
    )  # fmt: skip


def test_each_document_and_language_keeps_its_own_text_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Old served files are removed per family (the newest 3 stay): with one family for all
    # documents, writing a fifth document's texts would remove the first's file in use.
    import layers.texts

    monkeypatch.setattr(layers.texts, "TEXTS_DIR", tmp_path)
    written = [text_table((f"text of {n}",), f"doc-{n}", lang)
               for n in range(5) for lang in languages()]  # fmt: skip
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == len(written) == 5 * len(languages())
    assert {table.url.rsplit("/", 1)[1] for table in written} == set(names)
    assert all(name.startswith(("texts-doc-0-", "texts-doc-1-", "texts-doc-2-", "texts-doc-3-",
                                "texts-doc-4-")) for name in names)  # fmt: skip
    for path in tmp_path.iterdir():  # an hour and more old: past the grace of a removal
        os.utime(path, (1, 1))
    text_table(("a new text of 0",), "doc-0", languages()[0])
    assert len(list(tmp_path.iterdir())) == len(written) + 1  # nobody else's file removed
