"""Words the packages would show in English, put in the chosen language (issue 13).

Streamlit's uploader words, the rules check line and the operating system's error texts:
each is shown from the word catalogues, in the page's language.
"""

from __future__ import annotations

import re

import pytest

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
