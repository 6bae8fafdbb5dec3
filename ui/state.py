"""The view lives in the URL: query parameters ⇄ :class:`layers.MapView` ⇄ sidebar widgets.

``parse_params`` and ``view_params`` are pure (and tested without Streamlit); :func:`sync`
runs the sidebar: it seeds the widgets from the URL when the URL is new (first load, a
shared link, back/forward), then writes the widgets' view back to the URL, so any view is
a link. A click on the map arrives as a *pending* city, applied before the widgets exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geodata import GeodataError, prefecture
from layers import BASEMAPS, OVERLAYS, MapView
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures
from layout_rules.text import escape_markdown
from words import SOURCE_LANGUAGE, languages, t, text_in

PARAMS = ("doc", "ind", "city", "base", "lang", "ov", "counties")
"""The query parameters of a view."""

_WIDGETS = {
    "doc": "w_doc",
    "ind": "w_ind",
    "city": "w_city",
    "base": "w_base",
    "lang": "w_lang",
    "ov": "w_ov",
    "counties": "w_counties",
}
_ONE = "w_one"
"""The one-industry picker: replacing an industry is one choice, so one rerun."""
_SEVERAL = "w_several"
"""The explicit "compare several" mode, which shows the industries multiselect instead."""
_PENDING_CITY = "pending_city"
_SYNCED = "synced_params"
_LANG_SHOWN = "lang_shown"
_LANG_CHANGED = "lang_changed"
_NONE = "-"
_LABELLED = ("doc", "ind", "base", "ov")
"""Sidebar widgets whose option labels depend on the language (see :func:`relabel`)."""
_RELABELLED = (*(_WIDGETS[name] for name in _LABELLED), _ONE)


def default_industry(rules: Rules, document: str) -> str:
    """Return the first industry with a layout sentence (else the first) of a document."""
    industries = rules.document(document).industries
    with_layout = [i.id for i in industries if i.layout is not None]
    return with_layout[0] if with_layout else industries[0].id


def parse_params(params: Mapping[str, str], rules: Rules) -> tuple[MapView, list[str]]:
    """Return the view a URL asks for, and a problem message for every part it ignored.

    The messages are in the link's language (the source language when that is unknown too).

    >>> from layout_rules import load_rules
    >>> view, problems = parse_params({"ind": "biotech,nope", "city": "Chengdu"}, load_rules())
    >>> view.industries, view.city, problems
    (('biotech',), '510100', ["《四川省“十三五”战略性新兴产业发展规划》中没有产业 'nope'：已忽略"])
    """
    problems: list[str] = []
    asked_lang = params.get("lang", SOURCE_LANGUAGE)
    lang = asked_lang if asked_lang in languages() else SOURCE_LANGUAGE
    document = params.get("doc", DEFAULT_DOCUMENT)
    if document not in rules.documents:
        document = (
            DEFAULT_DOCUMENT if DEFAULT_DOCUMENT in rules.documents else next(iter(rules.documents))
        )
        shown = text_in(rules.document(document).document, "title", lang)
        problems.append(t("link.unknown_document", lang, value=repr(params["doc"]),
                          default=shown))  # fmt: skip
    known = [industry.id for industry in rules.document(document).industries]
    asked = [i for i in params.get("ind", "").split(",") if i]
    title = text_in(rules.document(document).document, "title", lang)
    problems += [t("link.unknown_industry", lang, value=repr(i), document=title)
                 for i in asked if i not in known]  # fmt: skip
    industries = tuple(i for i in dict.fromkeys(asked) if i in known)
    view = MapView(
        document=document,
        industries=industries or (default_industry(rules, document),),
        city=_parse_city(params.get("city", ""), problems, lang),
        base=_choice(
            params.get("base", "none"),
            tuple(BASEMAPS),
            "base",
            problems,
            lang=lang,
            label=lambda b: BASEMAPS[b].label(lang),
        ),
        lang=_choice(
            asked_lang,
            languages(),
            "language",
            problems,
            lang=lang,
            label=lambda code: t("language", code),
        ),
        overlays=_parse_overlays(params.get("ov"), problems, lang),
        counties=params.get("counties", "0") == "1",
    )
    return view, problems


def _parse_city(value: str, problems: list[str], lang: str) -> str | None:
    if not value:
        return None
    try:
        return prefecture(value, lift=True)
    except GeodataError as error:
        problems.append(t("link.city", lang, error=error))
        return None


def _choice(
    value: str,
    options: tuple[str, ...],
    what: str,
    problems: list[str],
    *,
    lang: str,
    label: Callable[[str], str],
) -> str:
    if value in options:
        return value
    problems.append(t("link.unknown_choice", lang, what=t(f"link.what.{what}", lang),
                      value=repr(value), default=label(options[0])))  # fmt: skip
    return options[0]


def _parse_overlays(value: str | None, problems: list[str], lang: str) -> tuple[str, ...]:
    if value is None:
        return OVERLAYS
    asked = [v for v in value.split(",") if v and v != _NONE]
    problems += [t("link.unknown_overlay", lang, value=repr(v)) for v in asked
                 if v not in OVERLAYS]  # fmt: skip
    return tuple(v for v in OVERLAYS if v in asked)


def view_params(view: MapView) -> dict[str, str]:
    """Return the query parameters of a view (defaults left out, so links stay short).

    >>> view_params(MapView(industries=("biotech",), city="510100"))
    {'doc': 'sei-2016-2020', 'ind': 'biotech', 'city': '510100'}
    """
    params = {"doc": view.document, "ind": ",".join(view.industries)}
    if view.city:
        params["city"] = view.city
    if view.base != "none":
        params["base"] = view.base
    if view.lang != SOURCE_LANGUAGE:
        params["lang"] = view.lang
    if view.overlays != OVERLAYS:
        params["ov"] = ",".join(view.overlays) or _NONE
    if view.counties:
        params["counties"] = "1"
    return params


MAP_VIEW_PARAMS = ("z", "c")
"""Zoom and centre (lat,lon in WGS84 on every base map, so one link opens on the same place
with or without AMap's GCJ-02 tiles): the map's own code writes them as it
moves (``history.replaceState``, no rerun) and opens a shared link there (layers/runtime.js)."""


def map_view_problems(params: Mapping[str, str]) -> list[str]:
    """Return a problem message for a zoom or centre the map will ignore.

    >>> map_view_problems({"z": "8", "c": "30.5,104"}), map_view_problems({"z": "x"})
    ([], ["zoom 'x' is not a number from 4 to 18: ignored"])
    """
    problems = []
    zoom, centre = params.get("z"), params.get("c")
    if zoom is not None and not _number_in(zoom, 4, 18):
        problems.append(f"zoom {zoom!r} is not a number from 4 to 18: ignored")
    lat, _, lon = (centre or "").partition(",")
    if centre is not None and not (_number_in(lat, -90, 90) and _number_in(lon, -180, 180)):
        problems.append(f"centre {centre!r} is not 'lat,lon': ignored")
    return problems


def _number_in(text: str, low: float, high: float) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return low <= value <= high


# --- Streamlit ------------------------------------------------------------------------------


def select_city(adcode: str | None) -> None:
    """Ask the next run to select a city (the map calls this on a click, then reruns)."""
    st.session_state[_PENDING_CITY] = adcode or ""


def page_language() -> str:
    """Return the language this run draws in, before the sidebar is drawn.

    The words above the sidebar controls (error messages, the rules box, the tabs) need the
    language before :func:`sync` draws its radio. The choice is :func:`sync`'s: the URL's
    ``lang`` when the URL changed since the last run, otherwise the radio's value.
    """
    params = {key: st.query_params[key] for key in PARAMS if key in st.query_params}
    lang = params.get("lang", SOURCE_LANGUAGE)
    if st.session_state.get(_SYNCED) == params and _WIDGETS["doc"] in st.session_state:
        lang = st.session_state.get(_WIDGETS["lang"], lang)
    return lang if lang in languages() else SOURCE_LANGUAGE


TAB_NAMES = ("map", "compare", "factsheet", "data", "sources", "workspace", "import")
"""The app's tabs in their order; their labels are the catalogue's ``tab.<name>``."""

_TAB_KEY = "tab"
_OLD_TABS = (
    "Map · 地图", "Compare · 比较", "Fact sheet · 概况", "Data · 数据", "Sources · 出处",
    "Workspace · 工作区", "Import · 导入",
)  # fmt: skip
"""The bilingual tab labels of older links, so that a link made before issue 13 still opens."""


def tab_labels(lang: str) -> list[str]:
    """Return the tab labels in ``lang``, and keep the open tab open across a language switch.

    Tabs bound to the URL are known by their label; a link or a switch may carry the label in
    another language (or an older link its bilingual label), which is turned into the same
    tab's label in ``lang`` before the tabs are drawn.
    """
    labels = [t(f"tab.{name}", lang) for name in TAB_NAMES]
    current = st.session_state.get(_TAB_KEY) or st.query_params.get(_TAB_KEY)
    if current and current not in labels:
        for names in (_OLD_TABS, *([t(f"tab.{n}", o) for n in TAB_NAMES] for o in languages())):
            if current in names:
                st.session_state[_TAB_KEY] = labels[list(names).index(current)]
                break
    return labels


def language_changed() -> bool:
    """Return True on the run in which the language differs from the one last drawn."""
    return bool(st.session_state.get(_LANG_CHANGED, False))


def relabel(keys: Iterable[str]) -> None:
    """After a language switch, send select widgets' values to the browser again.

    Streamlit's select widgets send back the *label* of the chosen option. After a language
    switch the browser still holds the label in the old language, which the next run cannot
    map back to an option (the document picker then received a title instead of an id, and
    the app failed). Writing each value back marks it as set by the script, so the browser
    receives the label in the new language. Call it before the widgets are drawn.
    """
    if not language_changed():
        return
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def sync(rules: Rules) -> tuple[MapView, list[str]]:
    """Draw the sidebar controls, keep them and the URL in step, and return the view.

    Returns
    -------
    tuple
        The view, and problems with the URL's parameters (for a warning).
    """
    params = {key: st.query_params[key] for key in PARAMS if key in st.query_params}
    view, problems = parse_params(params, rules)
    problems += map_view_problems(
        {key: st.query_params[key] for key in MAP_VIEW_PARAMS if key in st.query_params}
    )
    if st.session_state.get(_SYNCED) != params or _WIDGETS["doc"] not in st.session_state:
        _seed_widgets(view)
    if _PENDING_CITY in st.session_state:
        st.session_state[_WIDGETS["city"]] = st.session_state.pop(_PENDING_CITY)
    shown = st.session_state.get(_LANG_SHOWN)
    st.session_state[_LANG_CHANGED] = shown is not None and shown != st.session_state.get(
        _WIDGETS["lang"]
    )
    relabel(_RELABELLED)
    view = _controls(rules, view.document)
    st.session_state[_LANG_SHOWN] = view.lang
    new_params = view_params(view)
    if new_params != params:
        _write_params(new_params)
    st.session_state[_SYNCED] = new_params
    return view, problems


def _write_params(params: Mapping[str, str]) -> None:
    """Update the view's parameters, leaving other tabs' parameters alone."""
    for key in PARAMS:
        if key in params and st.query_params.get(key) != params[key]:
            st.query_params[key] = params[key]
        elif key not in params and key in st.query_params:
            del st.query_params[key]


def _seed_widgets(view: MapView) -> None:
    state = st.session_state
    state[_WIDGETS["doc"]] = view.document
    _seed_industries(list(view.industries))
    state[_WIDGETS["city"]] = view.city or ""
    state[_WIDGETS["base"]] = view.base
    state[_WIDGETS["lang"]] = view.lang
    state[_WIDGETS["ov"]] = list(view.overlays)
    state[_WIDGETS["counties"]] = view.counties


def _on_document(rules: Rules) -> None:
    """Start a newly chosen document from its default industry (it has other industries)."""
    document = st.session_state[_WIDGETS["doc"]]
    if document in rules.documents:  # a stale label is not a document (see relabel)
        _seed_industries([default_industry(rules, document)])


def _seed_industries(industries: list[str]) -> None:
    """Set both industry pickers (only one is drawn; Streamlit forgets the other's value)."""
    st.session_state[_WIDGETS["ind"]] = industries
    st.session_state[_ONE] = industries[0]
    st.session_state[_SEVERAL] = len(industries) > 1


def _on_several() -> None:
    """Carry the chosen industry over when the planner switches between one and several."""
    state = st.session_state
    if state.get(_SEVERAL):
        state[_WIDGETS["ind"]] = [state[_ONE]] if _ONE in state else []
    elif state.get(_WIDGETS["ind"]):
        state[_ONE] = state[_WIDGETS["ind"]][0]


def _on_search() -> None:
    text = st.session_state.get("w_search", "").strip()
    if not text:
        return
    try:
        st.session_state[_WIDGETS["city"]] = prefecture(text, lift=True)
        st.session_state.pop("search_error", None)
    except GeodataError as error:
        st.session_state["search_error"] = str(error)


def _controls(rules: Rules, document: str) -> MapView:
    side = st.sidebar
    lang = side.radio(t("sidebar.language", page_language()), languages(),
                      key=_WIDGETS["lang"], horizontal=True,
                      format_func=lambda code: t("language", code))  # fmt: skip
    docs = rules.documents
    document = side.selectbox(
        t("sidebar.document", lang), list(docs), key=_WIDGETS["doc"],
        format_func=lambda d: (t("sidebar.draft_mark", lang) if docs[d].document.draft else "")
        + text_in(docs[d].document, "title", lang),
        on_change=_on_document, args=(rules,),
    )  # fmt: skip
    chosen = _industry_controls(side, rules, document, lang)
    city = _city_controls(side, lang)
    base = side.selectbox(t("sidebar.base_map", lang), list(BASEMAPS), key=_WIDGETS["base"],
                          format_func=lambda b: BASEMAPS[b].label(lang))  # fmt: skip
    overlays = side.multiselect(
        t("sidebar.overlays", lang), list(OVERLAYS), key=_WIDGETS["ov"],
        format_func=lambda o: t(f"map.layer.{o}", lang),
    )  # fmt: skip
    counties = side.checkbox(t("sidebar.counties", lang), key=_WIDGETS["counties"])
    return MapView(
        document=document,
        industries=chosen,
        city=city or None,
        base=base,
        lang=lang,
        overlays=tuple(o for o in OVERLAYS if o in overlays),
        counties=bool(counties),
    )


def _industry_controls(
    side: DeltaGenerator, rules: Rules, document: str, lang: str
) -> tuple[str, ...]:
    """Draw one industry picker, or the multiselect in the explicit "several" mode.

    A planner replaces an industry with one choice in the picker (one rerun); removing the
    last chip of a multiselect first drew the default industry, then the new one (two).
    """
    names = {i.id: text_in(i, "name", lang) for i in rules.document(document).industries}
    several = side.checkbox(t("sidebar.several", lang), key=_SEVERAL, on_change=_on_several,
                            help=t("sidebar.industries_help", lang))  # fmt: skip
    if not several:
        if st.session_state.get(_ONE) not in names:
            st.session_state[_ONE] = default_industry(rules, document)
        one = side.selectbox(t("sidebar.industry", lang), list(names), key=_ONE,
                             format_func=lambda i: names.get(i, i))  # fmt: skip
        return (one,)
    chosen = side.multiselect(
        t("sidebar.industries", lang), list(names), key=_WIDGETS["ind"],
        format_func=lambda i: names.get(i, i),
    )  # fmt: skip
    return tuple(chosen) or (default_industry(rules, document),)


def _city_controls(side: DeltaGenerator, lang: str) -> str:
    cities = {c.adcode: text_in(c, "name", lang, source="short_name") for c in prefectures()}
    side.text_input(t("sidebar.find_place", lang), key="w_search", on_change=_on_search,
                    placeholder=t("sidebar.find_place_example", lang))  # fmt: skip
    if "search_error" in st.session_state:
        side.error(escape_markdown(st.session_state["search_error"]))
    return side.selectbox(t("sidebar.city", lang), ["", *cities], key=_WIDGETS["city"],
                          format_func=lambda c: cities.get(c, "—"))  # fmt: skip
