"""A draft's fact sheet: 草案 / DRAFT on every page, rationales cited (escaped) as rationales."""

from __future__ import annotations

import pytest

from factsheets import fact_sheet, render_html, render_pdf
from layout_rules import Rules
from layout_rules.text import escape_html
from tests.pdf_support import pdf_pages
from workspace import Store, rationale_source, rules_with_drafts, set_tiers

pytestmark = pytest.mark.cost(5)  # seconds; the costliest files run first (conftest.py)

WHY = "<script>alert(1)</script> 宜宾动力电池带动"


@pytest.fixture(scope="module")
def draft_rules(tmp_path_factory: pytest.TempPathFactory, rules: Rules):
    official = rules
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('ws') / 'ws.sqlite3'}")
    draft = store.create("宜宾草案", author="ann", copy_of=official.document("sei-2016-2020"))
    rules = set_tiers(draft.rules, "next-gen-it", {"511500": "core"},
                      rationale_source(draft.id, 2, WHY))  # fmt: skip
    saved = store.save(draft.id, rules, base=1, author="ann", rationale=WHY, summary="宜宾 core")
    return rules_with_drafts(official, [saved]), draft.id


def test_html_marks_the_draft_and_cites_rationales(draft_rules, rules: Rules) -> None:
    official_rules = rules
    rules, draft_id = draft_rules
    html = render_html(fact_sheet(rules, "511500", document=draft_id))
    assert "草案 — 含规划人员的草案" in html
    assert "<script>alert(1)</script>" not in html
    assert "理由：&lt;script&gt;alert(1)&lt;/script&gt; 宜宾动力电池带动" in html
    official = render_html(fact_sheet(official_rules, "511500"))
    assert "草案 — " not in official
    english = render_html(fact_sheet(rules, "511500", document=draft_id), lang="en")
    assert escape_html("DRAFT — contains a planners' draft") in english


def test_every_pdf_page_says_draft(draft_rules) -> None:
    rules, draft_id = draft_rules
    pages = pdf_pages(render_pdf(fact_sheet(rules, "511500", document=draft_id)))
    assert len(pages) >= 2
    assert all("草案" in text for text in pages), [text[:80] for text in pages]
    english = render_pdf(fact_sheet(rules, "511500", document=draft_id), lang="en")
    pages = pdf_pages(english)
    assert all("DRAFT" in text for text in pages), [text[:80] for text in pages]
