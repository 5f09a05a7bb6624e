"""One message catalogue: every sentence the package says, in Chinese and English.

May import: nothing. The bottom layer beside ``errors`` (which may import it): a result keeps a
:class:`Message` — an id and its arguments, structured (numbers stay numbers) — and says it in
either language only when asked. The sentences themselves are data, in the package's
``messages.toml`` (one table per id, ``zh`` and ``en`` templates in :meth:`str.format` syntax,
format specs allowed: ``{rate:.2f}``), read once, on the first rendering, never at import.
Plugins add their own ids with :func:`register_messages`.

Examples:
    >>> from fyp_planning.text import Join, Message
    >>> m = Message("text.example", {"n": 3, "items": Join(("甲", "乙"))})
    >>> register_messages({"text.example": {"zh": "共{n}项：{items}", "en": "{n} items: {items}"}})
    >>> m.zh, m.en
    ('共3项：甲、乙', '3 items: 甲, 乙')
    >>> str(m) == m.zh
    True
"""

from __future__ import annotations

import string
import threading
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Literal, TypeAlias

import attrs

__all__ = [
    "LANGS",
    "Bilingual",
    "Join",
    "Lang",
    "Message",
    "Text",
    "catalogue",
    "check_lang",
    "register_messages",
    "render",
    "template",
]

Lang: TypeAlias = Literal["zh", "en"]

#: The languages every message is written in, Chinese first.
LANGS: tuple[Lang, ...] = ("zh", "en")


#: What a message argument or a :class:`Join` part may be: a plain value (rendered by its
#: template's format spec), or a piece of text that renders itself in the asked language.
Text: TypeAlias = "Message | Join | Bilingual | str"


def check_lang(lang: str) -> Lang:
    """``lang`` itself when it is a language messages are written in.

    Args:
        lang: ``"zh"`` or ``"en"``.

    Returns:
        ``lang``.

    Raises:
        ValueError: For any other value, naming both.

    Examples:
        >>> check_lang("en")
        'en'
        >>> check_lang("fr")
        Traceback (most recent call last):
        ...
        ValueError: language must be 'zh' or 'en', not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"language must be 'zh' or 'en', not {lang!r}")
    return lang


def render(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` when it is text that renders itself, else ``value`` unchanged.

    Args:
        value: A :class:`Message`, :class:`Join` or :class:`Bilingual`, or any plain value.
        lang: ``"zh"`` or ``"en"``.

    Returns:
        The rendered string, or ``value`` itself (a number keeps its type for format specs).

    Examples:
        >>> render(Bilingual("期初", "start"), "en"), render(2.5, "en")
        ('start', 2.5)
    """
    if isinstance(value, (Message, Join, Bilingual)):
        return value.render(lang)
    return value


def _args(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    pairs = tuple((str(k), v) for k, v in items)
    names = [k for k, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"message arguments named twice: {names}")
    return pairs


@attrs.frozen
class Message:
    """A sentence by id, with its arguments: said in Chinese or English only when asked.

    Args:
        id: A catalogue id (``"checks.D001.message"``).
        args: The template's arguments, a mapping or ``(name, value)`` pairs. Values stay as
            they are (numbers stay numbers, for format specs such as ``{rate:.1%}``); a value
            that is itself a :class:`Message`, :class:`Join` or :class:`Bilingual` is said in
            the same language.

    Examples:
        >>> register_messages({"text.demo": {"zh": "增长{rate:.1%}", "en": "growth {rate:.1%}"}})
        >>> m = Message("text.demo", {"rate": 0.0712})
        >>> m.render("en"), m.zh, m.arguments["rate"]
        ('growth 7.1%', '增长7.1%', 0.0712)
        >>> m.render("fr")
        Traceback (most recent call last):
        ...
        ValueError: language must be 'zh' or 'en', not 'fr'
    """

    id: str
    args: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_args)

    @property
    def arguments(self) -> dict[str, Any]:
        """The arguments as a dict (a copy)."""
        return dict(self.args)

    def render(self, lang: str) -> str:
        """The sentence in ``lang`` (``"zh"`` or ``"en"``).

        Raises:
            ValueError: For another language.
            KeyError: When the id is in no catalogue, or its template names an argument the
                message does not have.
        """
        text = template(self.id, lang)
        values = {k: render(v, lang) for k, v in self.args}
        try:
            return text.format_map(values)
        except KeyError as missing:
            raise KeyError(f"message {self.id!r} needs argument {missing}") from None

    @property
    def zh(self) -> str:
        """The sentence in Chinese."""
        return self.render("zh")

    @property
    def en(self) -> str:
        """The sentence in English."""
        return self.render("en")

    def __str__(self) -> str:
        return self.zh


@attrs.frozen
class Bilingual:
    """A piece of text given in both languages by its author, not from the catalogue.

    For text the package does not own (a plugin's free sentence, a value read from a file);
    an empty ``en`` falls back to ``zh``.

    Examples:
        >>> Bilingual("未写明编制单位").render("en")
        '未写明编制单位'
    """

    zh: str
    en: str = ""

    def render(self, lang: str) -> str:
        """``zh`` or ``en`` (``zh`` when ``en`` is empty)."""
        return self.zh if check_lang(lang) == "zh" or not self.en else self.en

    def __str__(self) -> str:
        return self.zh


#: Separator kinds of :class:`Join`, each a catalogue id.
_SEPARATORS = {
    "list": "text.separator.list",
    "clause": "text.separator.clause",
    "sentence": "text.separator.sentence",
}


@attrs.frozen
class Join:
    """Parts said one after another with the language's separator.

    Args:
        parts: Strings, numbers, or text that renders itself.
        sep: ``"list"`` (``、`` / ``, ``), ``"clause"`` (``；`` / ``; ``) or ``"sentence"``
            (nothing / a space).

    Examples:
        >>> j = Join((Bilingual("甲", "a"), "乙"), sep="clause")
        >>> j.render("zh"), j.render("en")
        ('甲；乙', 'a; 乙')
    """

    parts: tuple[Any, ...] = attrs.field(converter=tuple)
    sep: Literal["list", "clause", "sentence"] = attrs.field(
        default="list", validator=attrs.validators.in_(tuple(_SEPARATORS))
    )

    def render(self, lang: str) -> str:
        """The parts in ``lang``, separated."""
        separator = template(_SEPARATORS[self.sep], lang)
        return separator.join(str(render(p, lang)) for p in self.parts)

    def __str__(self) -> str:
        return self.render("zh")


# -- the catalogue -----------------------------------------------------------------------------

_lock = threading.Lock()
_catalogue: dict[str, dict[str, str]] | None = None
_added: dict[str, dict[str, str]] = {}


def _placeholders(text: str) -> frozenset[str]:
    """The argument names a template uses (``{rate:.1%}`` → ``rate``)."""
    names = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return frozenset(names)


def _checked(entries: Mapping[str, Any], origin: str) -> dict[str, dict[str, str]]:
    """Entries flattened to ``id -> {"zh", "en"}`` after checking each has both languages
    with the same placeholders. TOML's dotted tables arrive nested; ``origin`` names the
    source in errors."""
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: Mapping[str, Any]) -> None:
        if "zh" in table or "en" in table:
            texts = {k: v for k, v in table.items() if isinstance(v, str)}
            if set(table) != set(LANGS) or set(texts) != set(LANGS):
                raise ValueError(f"{origin}: message {prefix!r} needs exactly 'zh' and 'en' text")
            zh, en = _placeholders(texts["zh"]), _placeholders(texts["en"])
            if zh != en:
                raise ValueError(
                    f"{origin}: message {prefix!r}: zh and en use different arguments "
                    f"({sorted(zh)} vs {sorted(en)})"
                )
            out[prefix] = texts
            return
        for key, value in table.items():
            if not isinstance(value, Mapping):
                raise ValueError(f"{origin}: {prefix + '.' + key if prefix else key!r} is no table")
            walk(f"{prefix}.{key}" if prefix else key, value)

    walk("", entries)
    return out


def _load() -> dict[str, dict[str, str]]:
    global _catalogue
    if _catalogue is None:
        with _lock:
            if _catalogue is None:
                data = resources.files(__package__ or "fyp_planning").joinpath("messages.toml")
                _catalogue = _checked(
                    tomllib.loads(data.read_text(encoding="utf-8")), "messages.toml"
                )
    return _catalogue


def catalogue() -> dict[str, dict[str, str]]:
    """Every message id with its ``zh`` and ``en`` templates: the package's and the plugins'.

    Returns:
        A new dict, id → ``{"zh": ..., "en": ...}``.

    Examples:
        >>> catalogue()["text.separator.list"]
        {'zh': '、', 'en': ', '}
    """
    return {**_load(), **_added}


def template(id: str, lang: str) -> str:
    """The template of one message id in one language.

    Raises:
        ValueError: For a language other than ``"zh"`` or ``"en"``.
        KeyError: For an id in no catalogue.

    Examples:
        >>> template("text.separator.clause", "zh")
        '；'
    """
    lang = check_lang(lang)
    entry = _added.get(id) or _load().get(id)
    if entry is None:
        raise KeyError(f"no message {id!r} in the catalogue")
    return entry[lang]


def register_messages(entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Add message ids (a plugin's own): id → ``{"zh": ..., "en": ...}``, or nested tables.

    Registering the same text again is harmless; an id already in use with other text is
    refused, so a plugin can never change what the package (or another plugin) says.

    Args:
        entries: The new messages, as read from a TOML file or written inline.

    Raises:
        ValueError: When an entry lacks a language, its two templates use different
            arguments, or its id already names different text.

    Examples:
        >>> register_messages({"dk.demo": {"zh": "洞口县{n}项", "en": "{n} items in Dongkou"}})
        >>> register_messages({"text.separator.list": {"zh": "，", "en": ", "}})
        Traceback (most recent call last):
        ...
        ValueError: message 'text.separator.list' is already defined with other text
    """
    new = _checked(entries, "register_messages")
    known = _load()
    with _lock:
        for id, texts in new.items():
            old = _added.get(id) or known.get(id)
            if old is not None and old != texts:
                raise ValueError(f"message {id!r} is already defined with other text")
        _added.update(new)
