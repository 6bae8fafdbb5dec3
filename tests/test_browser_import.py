"""Import in a real browser: upload a document, accept, publish, see it on the map with quotes.

Uses the shared fixtures of conftest.py (system Chromium, internet blocked). The whole flow
runs in one browser session: a published document belongs to that session only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import geodata
from layout_rules import Rules
from layout_rules.extract import document_id
from tests.browser_support import BROWSER_MARKS, Offline, painted, settled
from tests.language_scan import cited_terms, foreign_words, quotes_of
from tests.test_browser_map import CHENGDU
from tests.workspace_support import shared_draft
from words import t, text_in

# Browser marker, skipped without the system Chromium; cost: the costliest files run first.
pytestmark = [*BROWSER_MARKS, pytest.mark.cost(45)]

TITLE = "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知"
LAYOUT = "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。"
PLAN = "\n".join([TITLE, "一、电子信息", LAYOUT, "2025年3月1日"])


def _click_until(page: object, button: str, text: str, tries: int = 3) -> None:
    """Click a button until ``text`` shows: a click during a rerun may be dropped."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        try:
            page.get_by_text(text).wait_for(timeout=30_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        except PlaywrightTimeout:
            continue
        return
    pytest.fail(f"{text!r} did not show after {tries} clicks on {button!r}")


def test_upload_accept_publish_and_map(
    app_url: str,
    offline: Offline,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    page = offline.page
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    page.goto(f"{app_url}/?tab={quote('导入')}", wait_until="domcontentloaded")
    page.locator("[data-testid='stTabs'] input[type=file]").set_input_files(
        str(tmp_path / "plan.txt")
    )
    page.get_by_text("候选布局表述").wait_for(timeout=60_000)
    page.get_by_text("原句（高亮匹配词）").click()
    assert page.locator("mark").first.inner_text() == "成都、绵阳"
    page.get_by_role("button", name="全部采纳").click()
    _click_until(page, "发布（仅本会话）", "已发布 plan")
    page.screenshot(path=str(artifacts / "import_published.png"), full_page=True)

    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("文件", exact=True).wait_for()
    sidebar.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=TITLE).click()
    settled(page)  # a tab clicked during the document's rerun may be lost
    page.get_by_role("tab", name="地图", exact=True).click()
    frame = offline.map_frame()
    # The map redraws for the chosen document: wait for its legend, not the one before it.
    legend = frame.locator(".scx-legend", has_text="电子信息")
    legend.wait_for(timeout=60_000)
    text = legend.inner_text()
    assert "核心发展区 · 2" in text and "重点拓展区 · 2" in text
    offline.click_latlng(frame, *CHENGDU)
    page.get_by_role("heading", name="成都市", exact=True).wait_for(timeout=30_000)
    # the profile's table of roles (below the map, wrapped cells) cites the new sentence
    cell = page.locator("[data-testid=stTable] td", has_text=LAYOUT).first
    cell.wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "import_on_map.png"), full_page=True)
    assert offline.blocked == []
    assert offline.dialogs == []


# --- one language at a time, in the browser (issue 13) ----------------------------------------

_SHOWN_TEXT = """() => {
  // The text a reader sees: text nodes of rendered elements, without the icon font's ligature
  // names (an icon, not a word) and without screen-reader-only labels (1 px boxes).
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest('script,style')) continue;
    if (element.closest('[data-testid=stIconMaterial]')) continue;
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    seen.push(node.textContent.trim());
  }
  // What fields show: a select box's value, a text field's value or, when empty, its hint.
  for (const field of document.querySelectorAll('input:not([type=hidden]), textarea')) {
    if (['file', 'checkbox', 'radio', 'range'].includes(field.type)) continue;
    const box = field.getBoundingClientRect();
    if (!field.checkVisibility({visibilityProperty: true}) || box.width <= 1) continue;
    seen.push(field.value || field.placeholder || '');
  }
  // What hovering or a screen reader gives: tooltips (title), names of buttons and fields
  // (aria-label), hints (placeholder), image texts (alt). Not the marks of a chart's SVG
  // (Vega describes its data there) nor a frame's title (its component's name).
  for (const element of document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
    if (element.closest('svg') || element.matches('iframe')) continue;
    if (!element.checkVisibility()) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      if (element.getAttribute(name)) seen.push(element.getAttribute(name));
    }
  }
  // Words put in by the page's stylesheets (the uploaders' words, issue 13).
  for (const element of document.querySelectorAll('[data-testid=stFileUploader] *')) {
    const content = getComputedStyle(element, '::after').content;
    if (content && content !== 'none' && content !== 'normal') seen.push(content);
  }
  return seen;
}"""


_DRAGGED = """() => {
  const dragged = new DataTransfer();
  dragged.items.add(new File(['x'], 'a.txt', {type: 'text/plain'}));
  return dragged;
}"""


def _shown(page: object, *, rerun: bool = True) -> list[str]:
    """Return the page's visible text and that of the map's frame, piece by piece.

    Read once the rerun has ended: a tab change removes the map's frame while it runs. A frame
    removed while it is read showed nothing more to read. ``rerun=False`` after what the
    browser changes on its own (a file dragged over, an open list, a typed key, a menu): read
    once that is drawn.
    """
    from playwright.sync_api import Error as PlaywrightError

    if rerun:
        settled(page)
    else:
        painted(page)
    # Streamlit's own words are in: ui/streamlit_words' script, a file the page loads once
    page.wait_for_function("() => !!window.__scxStreamlitWords")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    texts: list[str] = page.evaluate(_SHOWN_TEXT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    for frame in page.frames:  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        if "streamlit_folium" in frame.url and not frame.is_detached():
            try:
                texts.extend(frame.evaluate(_SHOWN_TEXT))
            except PlaywrightError as error:
                if "detached" not in str(error):
                    raise
    return texts


_TOOLTIPS = "() => [...document.querySelectorAll('[role=tooltip]')].map(e => e.innerText)"
_CURSOR = "(scroller) => getComputedStyle(scroller).cursor"


def _table_words(page: Any, table: Any, lang: str) -> list[str]:
    """Return what a table's own controls show: toolbar tooltips, column menu, search bar.

    Each toolbar button is hovered for its tooltip; the first column's menu is opened (the
    grid is a canvas: its right edge is where the cursor turns to ``col-resize``, the menu
    button just left of it), with each submenu; then the search bar. (``Any``: Playwright
    objects, so that the module imports without Playwright.)
    """
    grid = table.locator("[data-testid=stDataFrame]")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*middle)
    buttons = table.locator("[data-testid=stElementToolbar] button")
    buttons.first.wait_for()
    page.wait_for_timeout(400)  # the toolbar slides in
    seen: list[str] = []
    for button in buttons.all():
        spot = button.bounding_box()
        page.mouse.move(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
        page.locator("[role=tooltip]").first.wait_for(timeout=5_000)
        seen += page.evaluate(_TOOLTIPS)
        page.mouse.move(*middle)
    scroller = grid.locator(".dvn-scroller")
    for x in range(16, int(box["width"]), 4):
        page.mouse.move(box["x"] + x, box["y"] + 18)
        if scroller.evaluate(_CURSOR) == "col-resize":
            break
    page.mouse.move(box["x"] + x - 14, box["y"] + 18)
    page.wait_for_timeout(300)  # the grid draws the menu button on hover
    page.mouse.click(box["x"] + x - 14, box["y"] + 18)
    menu = page.locator("[data-testid=stDataFrameColumnMenu]")
    menu.wait_for(timeout=5_000)
    seen += _shown(page, rerun=False)
    for opener in menu.locator("[data-testid=stIconMaterial]", has_text="chevron_right").all():
        opener.hover()
        seen += _shown(page)
    page.keyboard.press("Escape")
    page.mouse.move(*middle)
    table.get_by_role("button", name=t("streamlit.search", lang)).click()
    seen += _shown(page, rerun=False)
    page.keyboard.press("Escape")
    return seen


def _foreign(texts: list[str], lang: str, quotes: list[str], terms: frozenset[str]) -> dict:
    found = {text[:120]: foreign_words(text, lang, quotes, terms) for text in texts}
    return {text: words for text, words in found.items() if words}


@dataclass(frozen=True)
class _Scan:
    """What the language scan of a page allows, and the file it uploads."""

    quotes: list[str]
    terms: frozenset[str]
    upload: Path
    too_big: Path


@pytest.fixture(scope="module")
def scan(rules: Rules, tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Scan]:
    """Put a shared draft in the app server's store (the Workspace tab opens it); a plan file.

    What users typed or uploaded is shown as written (like the documents' quotes), and ids
    (documents', drafts', the upload's file name) are not words: the scan leaves them out.
    """
    with shared_draft("语言草案", rules.document("sei-2016-2020")) as (store, _):
        typed = [text for info in store.list_drafts() for text in (info.title, info.owner, info.id)]
        upload = tmp_path_factory.mktemp("scan") / "plan.txt"
        upload.write_text(PLAN, encoding="utf-8")
        too_big = tmp_path_factory.mktemp("big") / upload.name  # over the 5 MB upload limit
        too_big.write_bytes(b"x" * 6_000_000)
        ids = {upload.name, document_id(upload.name), *rules.documents}
        as_written = {*typed, *PLAN.splitlines(), "电子信息", *ids}
        quotes = sorted({*quotes_of(rules), *as_written}, key=len, reverse=True)
        yield _Scan(quotes, cited_terms(rules), upload, too_big)


def _import_tab(page: Any, scan: _Scan, lang: str) -> dict[str, list[str]]:
    """Return what the Import tab shows, step by step, with Streamlit's own controls used.

    A file dragged over the uploader, one over the limit (refused), the plan uploaded, its
    title being edited, a select box open, and the review table's controls.
    """
    # a file dragged over the uploader: Streamlit's "Drag and drop" line, in our words
    zone = page.locator(".st-key-w_import_file [data-testid=stFileUploaderDropzone]")
    zone.dispatch_event("dragenter", {"dataTransfer": page.evaluate_handle(_DRAGGED)})
    page.wait_for_timeout(300)
    dragging = _shown(page, rerun=False)
    zone.dispatch_event("dragleave")
    # a file over the limit, refused by the browser: Streamlit's reason (a tooltip)
    files = page.locator(".st-key-w_import_file input[type=file]")
    files.set_input_files(str(scan.too_big))
    page.locator(".st-key-w_import_file [data-testid=stFileChip]").hover()
    page.locator("[role=tooltip]").first.wait_for(timeout=5_000)
    refused = _shown(page, rerun=False) + page.evaluate(_TOOLTIPS)
    files.set_input_files(str(scan.upload))
    # the last thing the tab draws: the review, crosswalk and buttons are all there
    page.get_by_role("button", name=t("importer.publish", lang)).wait_for(timeout=60_000)
    assert page.locator("[data-testid=stDateInput]").count() == 0  # no English calendar
    assert page.locator(".st-key-w_import_date input").input_value() == "2025-03-01"
    title = page.locator(".st-key-w_import_title input")  # edited: "Press Enter to apply"
    title.press("End")
    page.keyboard.type(" ")
    editing = _shown(page, rerun=False)
    title.press("Backspace")
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
    choosing = _shown(page, rerun=False)  # an open list, and what a screen reader is told of it
    page.keyboard.press("Escape")
    table = _table_words(page, page.locator(".st-key-w_import_table"), lang)
    return {"dragging": dragging, "refused": refused, "editing": editing, "choosing": choosing,
            "table": table, "page": _shown(page)}  # fmt: skip


VIEW = (
    "doc=sei-2016-2020&ind=next-gen-it&city=510700&ov=clusters,designations,parks,corridors,labels"
)
"""绵阳 with every overlay: its profile, notes, parks, clusters and corridors all show."""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_in_the_browser_shows_only_the_chosen_language(
    lang: str, app_url: str, scan: _Scan, offline: Offline, artifacts: Path
) -> None:
    """Map (with its frame), Workspace with an open draft, Import after an upload: one load."""
    page = offline.page
    page.goto(f"{app_url}/?lang={lang}&{VIEW}", wait_until="domcontentloaded")
    offline.map_frame()
    city = text_in(geodata.place("510700"), "name", lang)  # the profile below the map
    page.get_by_role("heading", name=city, exact=True).wait_for(timeout=60_000)
    seen = {"map": _shown(page)}
    page.get_by_role("tab", name=t("tab.workspace", lang), exact=True).click()
    page.get_by_text(t("workspace.tiers", lang), exact=True).first.wait_for(timeout=60_000)
    seen["workspace"] = _shown(page)  # the tier table opens first
    for part in ("records", "revisions", "status_export"):  # the draft's other tabs
        page.get_by_role("tab", name=t(f"workspace.{part}", lang)).click()
        seen["workspace"] += _shown(page)
        if part == "records":  # a park's form: its host county, picked by name
            parks = page.get_by_text(t("workspace.kind.parks", lang), exact=True)
            parks.filter(visible=True).click()  # the hidden Map tab shows the same word
            page.get_by_text(t("workspace.host", lang), exact=True).wait_for(timeout=30_000)
            seen["workspace"] += _shown(page)
    page.get_by_role("tab", name=t("tab.import", lang), exact=True).click()
    steps = _import_tab(page, scan, lang)
    seen["import"] = [text for texts in steps.values() for text in texts]
    page.screenshot(path=str(artifacts / f"language_scan_{lang}.png"), full_page=True)
    found = {part: _foreign(texts, lang, scan.quotes, scan.terms) for part, texts in seen.items()}
    assert all(len(texts) > 10 for texts in seen.values()), seen
    assert not any(found.values()), f"{lang}: {found}"
    assert t("upload.button", lang) in " ".join(seen["workspace"])  # the zip uploader's words
    assert t("upload.drop", lang) in " ".join(steps["dragging"])
    # Streamlit's own words, in ours: a refused file, a field's hint, a table's controls
    assert t("streamlit.file_too_large", lang, size="5.0MB") in steps["refused"]
    assert t("streamlit.enter_apply", lang) in steps["editing"]
    assert {t(f"streamlit.{key}", lang) for key in ("download_csv", "search", "fullscreen",
            "sort_ascending", "pin", "type_to_search")} <= set(steps["table"])  # fmt: skip
    assert offline.blocked == []
