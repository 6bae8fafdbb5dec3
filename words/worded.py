"""Messages that carry their catalogue key: English for logs and the CLI, any language for pages.

The project's error messages are written for people (file, entry, reason). The command line and
the server log show them in English, and tests compare that text; a page shows them in the
user's language. A :class:`Worded` message is both: a ``str`` holding the English text (so
every caller that joins, compares or prints messages keeps working unchanged), which also
carries the catalogue key and the parameters it was filled from, so :func:`in_language` can
word it again in any catalogue language. Parameters are data (file names, values, limits):
they are filled in as they are, and whoever shows the text escapes it once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from words.catalogue import t

MESSAGE_LANGUAGE = "en"
"""The language of a message's own text: what logs, the command line and ``str(error)`` show."""


class Worded(str):
    """A message's English text, with the catalogue key and parameters that made it.

    Build one with :func:`worded`. Joining it with other text gives a plain ``str`` (the key
    no longer describes the whole), which :func:`in_language` shows as it is.
    """

    key: str
    params: Mapping[str, object]

    def __new__(cls, key: str, params: Mapping[str, object]) -> Worded:
        """Word ``key`` in :data:`MESSAGE_LANGUAGE` and keep ``key`` and ``params`` with it."""
        message = super().__new__(cls, t(key, MESSAGE_LANGUAGE, **params))
        message.key = key
        message.params = MappingProxyType(dict(params))
        return message

    def __reduce__(self) -> tuple[type[Worded], tuple[str, dict[str, object]]]:
        """Pickle (and copy) as key and parameters: Streamlit's session state may copy it."""
        return (Worded, (self.key, dict(self.params)))


class Localised(str):
    """A parameter whose text another package gives per language: place names, say.

    ``say(lang)`` returns the text in ``lang``; the ``str`` is the text in
    :data:`MESSAGE_LANGUAGE`. A :class:`Worded` message words such a parameter again in the
    page's language, as it does a :class:`Worded` one. ``say`` must pickle (a module-level
    function or a ``functools.partial`` of one): Streamlit's session state may copy it.
    """

    say: Callable[[str], str]

    def __new__(cls, say: Callable[[str], str]) -> Localised:
        """Say the text in :data:`MESSAGE_LANGUAGE` and keep ``say`` for other languages."""
        text = super().__new__(cls, say(MESSAGE_LANGUAGE))
        text.say = say
        return text

    def __reduce__(self) -> tuple[type[Localised], tuple[Callable[[str], str]]]:
        """Pickle (and copy) as the function that says it."""
        return (Localised, (self.say,))


def worded(key: str, /, **params: object) -> Worded:
    """Return the message ``key`` filled with ``params``: English text that knows its key.

    >>> message = worded("error.os.not_found", file="a.yaml")
    >>> message, in_language(message, "zh")
    ('a.yaml was not found.', '找不到 a.yaml。')
    """
    return Worded(key, params)


def in_language(message: str, lang: str) -> str:
    """Return ``message`` in ``lang`` when it carries its key, else as it is.

    A parameter that is itself a :class:`Worded` message (a reason inside a reason) or a
    :class:`Localised` text is worded in ``lang`` too.

    >>> in_language("plain text from elsewhere", "zh")
    'plain text from elsewhere'
    """
    if isinstance(message, Worded):
        params = {name: in_language(value, lang) if isinstance(value, str) else value
                  for name, value in message.params.items()}  # fmt: skip
        return t(message.key, lang, **params)
    if isinstance(message, Localised):
        return message.say(lang)
    return message
