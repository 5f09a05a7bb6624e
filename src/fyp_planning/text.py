"""One message catalogue: every sentence the package says, in Chinese and English.

May import: nothing. The bottom layer beside ``errors`` (which may import it): a result keeps a
:class:`Message` — an id and its arguments, structured (numbers stay numbers) — and says it in
either language only when asked. The sentences themselves are data, in the package's
``messages.toml`` (one table per id, ``zh`` and ``en`` templates in ``str.format`` syntax,
format specs allowed: ``{rate:.2f}``), read once, on the first rendering, never at import.
Plugins add their own ids with :func:`~fyp_planning.register_messages`.

Examples:
    >>> from fyp_planning.text import Join, Message
    >>> m = Message("example.count", {"n": 3, "items": Join(("甲", "乙"))})
    >>> register_messages({"example.count": {"zh": "共{n}项：{items}", "en": "{n} items: {items}"}})
    >>> m.zh, m.en
    ('共3项：甲、乙', '3 items: 甲, 乙')
    >>> str(m) == m.zh
    True
"""

from __future__ import annotations

import functools
import math
import pathlib
import re
import string
import threading
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Generic, Literal, TypeAlias, TypeVar, overload

import attrs

_T = TypeVar("_T")

__all__ = [
    "LANGS",
    "Bilingual",
    "Join",
    "Lang",
    "Message",
    "Text",
    "catalogue",
    "check_lang",
    "fmt",
    "pct",
    "register_messages",
    "render",
    "template",
    "to_simplified",
    "traditional_pairs",
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
        >>> from fyp_planning.text import check_lang
        >>> check_lang("en")
        'en'
        >>> check_lang("fr")
        Traceback (most recent call last):
        ...
        ValueError: lang must be 'zh' or 'en', got 'fr' (语言须为 zh 或 en)
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r} (语言须为 zh 或 en)")
    return lang


def render(value: Any, lang: str) -> Any:
    """``value`` in ``lang`` when it is text that renders itself, else ``value`` unchanged.

    Args:
        value: A :class:`Message`, :class:`Join` or :class:`Bilingual`, or any plain value.
        lang: ``"zh"`` or ``"en"``.

    Returns:
        The rendered string, or ``value`` itself (a number keeps its type for format specs).

    Examples:
        >>> from fyp_planning.text import Bilingual, render
        >>> render(Bilingual("期初", "start"), "en"), render(2.5, "en")
        ('start', 2.5)
    """
    if isinstance(value, (Message, Join, Bilingual)):
        return value.render(lang)
    return value


def fmt(x: float, places: int = 2) -> str:
    """A number for messages, trailing zeros dropped: ``7.63``, ``300``, ``11.55``.

    In a template: ``{x:fmt}`` (2 places) or ``{x:fmt4}``.

    Examples:
        >>> from fyp_planning.text import fmt
        >>> fmt(7.6300), fmt(300.0), fmt(-0.001), fmt(2 / 3, 4)
        ('7.63', '300', '0', '0.6667')
    """
    if not math.isfinite(x):
        return str(x)
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float, places: int = 2) -> str:
    """A fraction as a percentage for messages: 0.0763 → ``7.63%``.

    In a template: ``{rate:pct}`` (2 places) or ``{rate:pct1}``.

    Examples:
        >>> from fyp_planning.text import pct
        >>> pct(0.0763), pct(0.5, 1)
        ('7.63%', '50%')
    """
    return f"{fmt(100 * x, places)}%"


_SPEC = re.compile(r"^(?P<kind>fmt|pct)(?P<places>[0-9]?)$")


class _Formatter(string.Formatter):
    """:meth:`str.format` plus the specs ``fmt``/``fmtN`` and ``pct``/``pctN`` (:func:`fmt`,
    :func:`pct`)."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        match = _SPEC.match(format_spec)
        if match is None:
            return super().format_field(value, format_spec)
        places = int(match["places"] or 2)
        return (fmt if match["kind"] == "fmt" else pct)(float(value), places)


_FORMATTER = _Formatter()


@functools.lru_cache(maxsize=4096)
def _plain(template: str) -> bool:
    """Whether ``template`` uses only ``str.format``'s own specs (no ``fmt``/``pct``)."""
    return not any(
        spec and _SPEC.match(spec) for _, _, spec, _ in string.Formatter().parse(template)
    )


def _args(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items: Iterable[tuple[str, Any]] = value.items() if isinstance(value, Mapping) else value
    pairs = tuple((str(k), v) for k, v in items)
    names = [k for k, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"message arguments named twice: {names}")
    return pairs


@attrs.frozen(init=False)
class Message:
    """A sentence by id, with its arguments: said in Chinese or English only when asked.

    Args:
        id: A catalogue id (``"checks.D001.message"``).
        args: The template's arguments, a mapping or ``(name, value)`` pairs; or give them as
            keywords. Values stay as they are (numbers stay numbers, for format specs such as
            ``{rate:.1%}``, ``{rate:pct}``); a value that is itself a :class:`Message`,
            :class:`~fyp_planning.text.Join` or :class:`~fyp_planning.text.Bilingual` is said
            in the same language.

    Examples:
        >>> from fyp_planning.text import Message, register_messages
        >>> register_messages({"example.rate": {"zh": "增长{rate:pct}", "en": "growth {rate:.1%}"}})
        >>> m = Message("example.rate", rate=0.0712)
        >>> m.render("en"), m.zh, m.arguments["rate"]
        ('growth 7.1%', '增长7.12%', 0.0712)
        >>> m == Message("example.rate", {"rate": 0.0712})
        True
        >>> m.render("fr")
        Traceback (most recent call last):
        ...
        ValueError: lang must be 'zh' or 'en', got 'fr' (语言须为 zh 或 en)
    """

    id: str
    args: tuple[tuple[str, Any], ...]

    def __init__(
        self,
        id: str,
        args: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
        /,
        **kwargs: Any,
    ) -> None:
        if not args:  # keywords only (the usual call): distinct names already, no check needed
            self.__attrs_init__(id, tuple(kwargs.items()))
            return
        self.__attrs_init__(id, _args((*_args(args), *kwargs.items())))

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
            if _plain(text):  # str.format_map is C: most templates need no fmt/pct spec
                return text.format_map(values)
            return _FORMATTER.vformat(text, (), values)
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
        >>> from fyp_planning.text import Bilingual
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


class Said(Generic[_T]):
    """A read-only view of a text field given as a :class:`Message` or as Chinese text with its
    English beside it (the private attributes ``_<field>`` and ``_<field>_en``).

    ``Said.given("message")`` is the text as given (the message, or the free text as a
    :class:`Bilingual`); ``Said.zh("message")`` and ``Said.en("message")`` are its Chinese and
    its English (``""`` when free text gives none). One implementation for every such trio.
    """

    def __init__(self, field: str, view: Callable[[Message | Bilingual], _T], doc: str) -> None:
        self._field = field
        self._view = view
        self.__doc__ = doc

    @classmethod
    def given(cls, field: str, doc: str) -> Said[Message | Bilingual]:
        """The text as given: a catalogue message, or free text as a :class:`Bilingual`."""
        return Said(field, lambda text: text, doc)

    @classmethod
    def zh(cls, field: str, doc: str) -> Said[str]:
        """The text in Chinese."""
        return Said(field, lambda text: text.zh, doc)

    @classmethod
    def en(cls, field: str, doc: str) -> Said[str]:
        """The text in English (``""`` when free text gives none)."""
        return Said(field, lambda text: text.en, doc)

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Said[_T]: ...

    @overload
    def __get__(self, obj: object, owner: type[Any] | None = None) -> _T: ...

    def __get__(self, obj: object, owner: type[Any] | None = None) -> Said[_T] | _T:
        if obj is None:
            return self
        value: Message | str = getattr(obj, f"_{self._field}")
        text = (
            value
            if isinstance(value, Message)
            else Bilingual(value, getattr(obj, f"_{self._field}_en"))
        )
        return self._view(text)


def _parts(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


#: Separator kinds of :class:`Join`, each a catalogue id.
_SEPARATORS = {
    "list": "text.separator.list",
    "clause": "text.separator.clause",
    "comma": "text.separator.comma",
    "sentence": "text.separator.sentence",
}


@attrs.frozen
class Join:
    """Parts said one after another with the language's separator.

    Args:
        parts: Strings, numbers, or text that renders itself.
        sep: ``"list"`` (``、`` / ``, ``), ``"clause"`` (``；`` / ``; ``), ``"comma"``
            (``，`` / ``, ``) or ``"sentence"`` (nothing / a space).

    Examples:
        >>> from fyp_planning.text import Bilingual, Join
        >>> j = Join((Bilingual("甲", "a"), "乙"), sep="clause")
        >>> j.render("zh"), j.render("en")
        ('甲；乙', 'a; 乙')
    """

    parts: tuple[Any, ...] = attrs.field(converter=_parts)
    sep: Literal["list", "clause", "comma", "sentence"] = attrs.field(
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
    """Entries flattened to ``id -> {"zh", "en"}`` after checking each has both languages,
    each a well-formed template. TOML's dotted tables arrive nested; ``origin`` names the
    source in errors.

    The two languages may use different arguments of the same message: the sentences say what
    each reader needs (Chinese names an indicator 「by its name」, English by its id).
    ``tests/test_text.py`` checks every call site gives exactly the arguments its id uses."""
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: Mapping[str, Any]) -> None:
        if "zh" in table or "en" in table:
            texts = {k: v for k, v in table.items() if isinstance(v, str)}
            if set(table) != set(LANGS) or set(texts) != set(LANGS):
                raise ValueError(f"{origin}: message {prefix!r} needs exactly 'zh' and 'en' text")
            for lang, text in texts.items():
                try:
                    _placeholders(text)
                except ValueError as error:
                    raise ValueError(f"{origin}: message {prefix!r} ({lang}): {error}") from None
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
        >>> from fyp_planning.text import catalogue
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
        >>> from fyp_planning.text import template
        >>> template("text.separator.clause", "zh")
        '；'
    """
    lang = check_lang(lang)
    entry = _added.get(id) or _load().get(id)
    if entry is None:
        raise KeyError(f"no message {id!r} in the catalogue")
    return entry[lang]


def register_messages(entries: Mapping[str, Any] | str | pathlib.Path | Traversable) -> None:
    """Add message ids (a plugin's own): id → ``{"zh": ..., "en": ...}``, or nested tables.

    Registering the same text again is harmless; an id already in use with other text is
    refused, so a plugin can never change what the package (or another plugin) says. Give a
    plugin's ids a prefix of its own (``dongkou.``), as its rule codes.

    Args:
        entries: The new messages, written inline, or a TOML file of them laid out as the
            package's ``messages.toml`` (a path, or ``importlib.resources.files(...)`` of a
            file shipped in the plugin's package).

    Raises:
        ValueError: When an entry lacks a language, a template is malformed, or an id already
            names different text.

    Examples:
        >>> from fyp_planning.text import Message, register_messages
        >>> register_messages({"dk.demo": {"zh": "洞口县{n}项", "en": "{n} items in Dongkou"}})
        >>> Message("dk.demo", n=3).en
        '3 items in Dongkou'
        >>> register_messages({"text.separator.list": {"zh": "，", "en": ", "}})
        Traceback (most recent call last):
        ...
        ValueError: message 'text.separator.list' is already defined with other text
    """
    origin = "register_messages"
    if not isinstance(entries, Mapping):
        origin = str(entries)
        file = entries if isinstance(entries, Traversable) else pathlib.Path(entries)
        entries = tomllib.loads(file.read_text(encoding="utf-8"))
    new = _checked(entries, origin)
    known = _load()
    with _lock:
        for id, texts in new.items():
            old = _added.get(id) or known.get(id)
            if old is not None and old != texts:
                raise ValueError(f"message {id!r} is already defined with other text")
        _added.update(new)


# -- traditional characters ------------------------------------------------------------------
@functools.cache
def traditional_pairs() -> Mapping[str, str]:
    """Each traditional character the package reads, with its simplified form (``縣`` → ``县``):
    the one table, the package's ``simplified.toml``, read once.

    Examples:
        >>> from fyp_planning.text import traditional_pairs
        >>> traditional_pairs()["億"], "著" in traditional_pairs()
        ('亿', False)
    """
    data = tomllib.loads(
        resources.files(__package__ or "fyp_planning")
        .joinpath("simplified.toml")
        .read_text(encoding="utf-8")
    )
    return dict(zip(data["traditional"], data["simplified"], strict=True))


@functools.cache
def _simplified_table() -> dict[int, int]:
    pairs = traditional_pairs()
    return str.maketrans("".join(pairs), "".join(pairs.values()))


def to_simplified(text: str) -> str:
    """``text`` with its traditional characters read as simplified ones, for comparing and
    parsing only — the package never rewrites what a plan wrote.

    Examples:
        >>> from fyp_planning.text import to_simplified
        >>> to_simplified("年均增長10%以上"), to_simplified("規模以上工業增加值")
        ('年均增长10%以上', '规模以上工业增加值')
    """
    return text.translate(_simplified_table())
