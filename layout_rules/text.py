"""The one escaping helper for text from data on its way into HTML, JavaScript or PDF markup."""

from __future__ import annotations

import html

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
