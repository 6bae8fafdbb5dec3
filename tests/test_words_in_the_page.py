"""Words the packages would show in English, put in the chosen language (issue 13).

Streamlit's uploader words, the rules check line and the operating system's error texts:
each is shown from the word catalogues, in the page's language.
"""

from __future__ import annotations

import re

import pytest

from layout_rules import Rules
from layout_rules.__main__ import counts, summary
from tests.language_scan import foreign_words
from ui import uploads
from words import t

STREAMLIT_WORDS = ("Upload", "MB per file •", "Drag and drop")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_uploader_shows_the_catalogue_words_and_the_real_limit(lang: str) -> None:
    css = uploads._stylesheet("w_import_file", ["txt", "htm", "html"], 5_000_000, lang)
    assert t("upload.button", lang) in css and t("upload.drop", lang) in css
    limit = t("upload.limit", lang, size="5", types=t("sep.list", lang).join(["TXT", "HTML"]))
    assert limit in css  # the alias htm is accepted but not listed
    shown = " ".join(re.findall(r'content:"([^"]*)"', css))
    assert foreign_words(shown, lang) == []
    assert not [word for word in STREAMLIT_WORDS if word in shown]
    # every rule is scoped to the one uploader and hides the original words
    selectors = re.findall(r"([^{}]+)\{", css.removeprefix("<style>"))
    assert selectors and all(s.startswith(".st-key-w_import_file ") for s in selectors)
    assert css.count("visibility:hidden") == 3


def test_the_limit_shown_is_the_smaller_of_the_apps_and_the_servers() -> None:
    server = 5 * 2**20  # .streamlit/config.toml: server.maxUploadSize = 5
    assert uploads.upload_limit(20 * 2**20) == server
    assert uploads.upload_limit(5_000_000) == 5_000_000
    assert uploads.megabytes(server) == "5.2"


def test_catalogue_text_cannot_leave_the_css_string() -> None:
    quoted = uploads.css_string('a"b\\c</style><script>')
    assert "<" not in quoted and quoted.count('"') == 2


def test_the_check_line_is_counted_once_and_written_in_each_language(rules: Rules) -> None:
    counted = counts(rules)
    cli = summary(rules)
    assert cli.startswith(f"OK: {counted['documents']} documents, ")  # the CLI's line as before
    assert f"{counted['crosswalk_links']} crosswalk links" in cli
    for lang in ("zh", "en"):
        line = t("workspace.check_ok", lang, version=rules.data_version, **counted)
        assert foreign_words(line, lang) == [], line
        assert all(str(n) in line for n in counted.values())
    assert t("workspace.check_ok", "zh", version="v", **counted).startswith(
        f"检查通过：{counted['documents']} 个文件、{counted['industries']} 个产业"
    )
