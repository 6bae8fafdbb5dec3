"""The one escaping helper for text from data on its way into HTML, JavaScript or PDF markup."""

from __future__ import annotations

import html
import re

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def escape_html(value: object) -> str:
    """Return ``value`` as text that displays literally inside HTML, attributes and JS strings.

    Besides ``& < > " '`` it also escapes backtick, ``$`` and braces: folium pastes tooltip
    and popup text into JavaScript template literals and Jinja output, where ``${…}`` or a
    backtick would otherwise run or break out.

    >>> escape_html('<img src=x onerror=alert(1)>')
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> escape_html("`${x}`")
    '&#96;&#36;&#123;x&#125;&#96;'
    """
    return html.escape("" if value is None else str(value), quote=True).translate(_EXTRA)


_WORD_JOINER = "\\g<0>\u2060"
_AUTOLINK = re.compile(r"://|www(?=\.)|@", re.IGNORECASE)
_MARKDOWN_ACTIVE = frozenset("\\`*_{}[]()#+-.!|<>$~:")


def escape_markdown(value: object) -> str:
    r"""Return ``value`` with every Markdown-active character backslash-escaped.

    For data text shown through ``st.markdown``/``st.caption``: a name such as
    ``[x](javascript:…)`` or ``**`` then shows literally instead of becoming a link or bold.
    Escapes cannot stop GitHub-style autolinks (``http://…``, ``www.…``, ``a@b.cn``), which
    are found in the text after escaping: an invisible word joiner (U+2060) after ``://``,
    between ``www`` and ``.`` and after ``@`` keeps them plain text.

    >>> escape_markdown("[a](b) *c*")
    '\\[a\\]\\(b\\) \\*c\\*'
    >>> escape_markdown("http://x.cn").replace("\u2060", "|")
    'http\\://|x\\.cn'
    """
    text = _AUTOLINK.sub(_WORD_JOINER, "" if value is None else str(value))
    return "".join("\\" + c if c in _MARKDOWN_ACTIVE else c for c in text)
