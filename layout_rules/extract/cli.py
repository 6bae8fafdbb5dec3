"""``python -m layout_rules extract``: propose a document's statements, print or write them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from layout_rules._errors import LayoutRulesError
from layout_rules.extract.candidates import Extraction, extract
from layout_rules.extract.read import read_file
from layout_rules.extract.rules import document_id, document_rules, write_folder


def run(file: Path, *, doc_id: str | None, out: Path | None, as_json: bool) -> int:
    """Run the extract command; return its exit status (1 with one line per problem)."""
    try:
        result = extract(read_file(file))
        doc_id = doc_id or document_id(file.name)
        if out is not None:
            content = document_rules(doc_id, result.info, result.candidates)
            write_folder(out, doc_id, content, result.source.text)
    except LayoutRulesError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    print(json.dumps(as_dict(result), ensure_ascii=False, indent=1) if as_json
          else as_text(result))  # fmt: skip
    return 0


def as_dict(result: Extraction) -> dict[str, Any]:
    """Return the JSON shape of the command: ``{"document": {...}, "candidates": [...]}``."""
    info = result.info
    date = info.date.isoformat() if info.date else None
    document = {"file": result.source.name, "title": info.title, "issuer": info.issuer,
                "number": info.number, "date": date}  # fmt: skip
    return {"document": document, "candidates": [c.as_json() for c in result.candidates]}


def as_text(result: Extraction) -> str:
    """One line per proposed statement, for reading in a terminal."""
    lines = [f"{result.source.name}: {len(result.candidates)} proposed statements"]
    for c in result.candidates:
        where = c.adcode or "UNRESOLVED"
        flag = " 等(open)" if c.open_list else ""
        lines.append(f"{c.confidence:.2f} {c.industry or '?'} | {c.place} ({where}) | "
                     f"{c.role}{flag} | {c.quote[:40]}")  # fmt: skip
    return "\n".join(lines)
