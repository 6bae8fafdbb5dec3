"""Benchmark: the importer's extractor against the curated YAML of the five shipped documents.

Truth is what the curated rules say, as (industry, prefecture, role) triples: layout tiers
(core, expansion), designations (their kind), focus places (``named``: the place is named for
the industry), cluster members (``cluster``, or ``pilot`` / ``national_cluster`` by the
cluster's kind, for the clusters' industries) and corridor waypoints (``corridor``). A
proposed row counts when its industry words name that document's industry (the shipped
vocabulary), its place lies in that prefecture and its role is the same. Places alone are
scored as prefecture sets per document. The 2016–2020 plan's eight layout sentences are scored
on their own. Speed: a ~60-page PDF made here with WeasyPrint is read and extracted.
``precision``/``recall`` pool every triple of the five documents (micro average: the
2016–2020 plan holds most of them); ``macro_*`` average the per-document scores.
The last line is JSON.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from layout_rules import DATA_DIR, load_rules, prefecture_of, resolve_place
from layout_rules.extract import extract, read_file
from layout_rules.extract.industries import find_industries

SOURCES = DATA_DIR.parent / "sources"
LAYOUT_DOC = "sei-2016-2020"
CLUSTER_ROLE = {"national_cluster": "national_cluster", "pilot_zone": "pilot",
                "demonstration_zone": "pilot"}  # fmt: skip
"""The role a member of a cluster of this kind has; other kinds (cluster, city_group,
region) give ``cluster``."""


def _pref(name: str) -> str | None:
    try:
        return prefecture_of(resolve_place(name))
    except Exception:  # 四川省 and 重庆 have no prefecture: not scored
        return None


def truth(doc) -> set[tuple[str, str, str]]:
    """Return the curated (industry id, prefecture adcode, role) triples of one document."""
    triples = set()
    for industry in doc.industries:
        if industry.layout:
            for tier in ("core", "expansion"):
                triples |= {(industry.id, _pref(p), tier) for p in getattr(industry.layout, tier)}
        triples |= {(industry.id, _pref(f.place), "named") for f in industry.focus}
        for d in industry.designations:
            triples |= {(industry.id, _pref(p), d.kind) for p in d.places}
    for cluster in doc.clusters:
        role = CLUSTER_ROLE.get(cluster.kind, "cluster")
        triples |= {(i, _pref(p), role) for i in cluster.industries for p in cluster.places}
    for corridor in doc.corridors:
        triples |= {(i, _pref(w.place), "corridor") for i in corridor.industries
                    for w in corridor.waypoints}  # fmt: skip
    return {t for t in triples if t[1]}


def predicted(doc_id: str, rows, *, roles=None) -> set[tuple[str, str, str]]:
    """Return the extractor's rows as triples, industries mapped via the shipped vocabulary."""
    triples = set()
    for row in rows:
        if not row.adcode or (roles and row.role not in roles):
            continue
        prefecture = prefecture_of(row.adcode)
        for hit in find_industries(row.industry):
            triples |= {(i, prefecture, row.role) for d, i in hit.known if d == doc_id}
    return {t for t in triples if t[1]}


def score(found: set, true: set) -> dict[str, float]:
    """Precision and recall (1.0 when there is nothing to find / nothing found)."""
    hit = len(found & true)
    return {"precision": round(hit / len(found), 3) if found else 1.0,
            "recall": round(hit / len(true), 3) if true else 1.0,
            "found": len(found), "true": len(true), "hit": hit}  # fmt: skip


def layout_sentences(rules, rows) -> dict[str, float]:
    """Score core/expansion triples from the rows of the 2016–2020 layout sentences only."""
    doc = rules.document(LAYOUT_DOC)
    true = {(i.id, _pref(p), t) for i in doc.industries if i.layout
            for t in ("core", "expansion") for p in getattr(i.layout, t)}  # fmt: skip
    layout_rows = [r for r in rows if "核心发展区" in r.quote and "重点拓展区" in r.quote]
    return score(predicted(LAYOUT_DOC, layout_rows, roles={"core", "expansion"}), true)


def pdf_speed(text: str, pages: int = 60) -> float:
    """Make a ~60-page PDF of ``text`` with WeasyPrint; return pages per second extracted."""
    import html

    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.pdf"
        HTML(string=f"<html><body style='font-size:14pt'>{body}</body></html>").write_pdf(path)
        from pypdf import PdfReader

        made = len(PdfReader(path).pages)
        start = time.perf_counter()
        extract(read_file(path))
        elapsed = time.perf_counter() - start
    print(f"pdf: {made} pages in {elapsed:.2f} s (target: 60 pages in <= 10 s)")
    return round(made / elapsed, 1)


def main() -> None:
    """Run the benchmark and print one JSON line last."""
    rules = load_rules()
    per_document, found_all, true_all = {}, set(), set()
    layout = None
    for doc_id, doc in rules.documents.items():
        rows = extract(read_file(SOURCES / doc.document.file)).candidates
        found, true = predicted(doc_id, rows), truth(doc)
        places = score({t[1] for t in found}, {t[1] for t in true})
        per_document[doc_id] = {**score(found, true), "places": places}
        found_all |= {(doc_id, *t) for t in found}
        true_all |= {(doc_id, *t) for t in true}
        if doc_id == LAYOUT_DOC:
            layout = layout_sentences(rules, rows)
        print(doc_id, per_document[doc_id])
    overall = score(found_all, true_all)
    macro = {key: round(sum(d[key] for d in per_document.values()) / len(per_document), 3)
             for key in ("precision", "recall")}  # fmt: skip
    sei_text = (SOURCES / rules.document(LAYOUT_DOC).document.file).read_text(encoding="utf-8")
    result = {"per_document": per_document, "layout_sentences_2016_2020": layout,
              "precision": overall["precision"], "recall": overall["recall"],
              "macro_precision": macro["precision"], "macro_recall": macro["recall"],
              "pdf_pages_per_s": pdf_speed(sei_text)}  # fmt: skip
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
