"""Parks and industrial chains a plan document names (rule-based, deterministic).

* Parks: the named lists of 园中园 and 园外园 ("“浙商产业园、东盟产业园、广深产业园”等园中园",
  "8个“园外园”，即“农产品加工园”、“慧创电子产业园”……"), each with its kind.
* Chains: a list of chains ("特色食品、新材料……等七大工业新兴优势产业链"), and a part whose
  heading names an industry ("一、做强新能源电池产业") and whose text says 建链 / 延链 / 补链 /
  强链: the chain, its stated directions (the clause of each verb, no segment: a chain template
  is never guessed) and the enterprises the part names (``leader`` when 为龙头 / 为链主).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.enums import ChainAction
from .document import Block, Document
from .figures import normalise

__all__ = ["ChainFound", "ParkFound", "Structure", "read_structure"]


@dataclass
class ParkFound:
    """A park the document names, with its kind (园中园, 园外园) and where."""

    name: str
    kind: str | None
    label: str
    quote: str


@dataclass
class ChainFound:
    """A chain the document names: its directions and its enterprises (name, leader)."""

    name: str
    label: str
    quote: str
    directions: list[tuple[ChainAction, str, str]] = field(default_factory=list)
    enterprises: list[tuple[str, bool, str, str]] = field(default_factory=list)
    previous: bool = False


@dataclass
class Structure:
    """The parks and chains of a document, in document order."""

    parks: list[ParkFound] = field(default_factory=list)
    chains: list[ChainFound] = field(default_factory=list)
    listed: bool = False  # a list of the chains has been read


_QUOTED_LIST = r"“([^“”]{2,80})”"
_PARKS_OF_KIND = re.compile(_QUOTED_LIST + r"等(园中园|园外园)")
_KIND_THEN_PARKS = re.compile(r"“?(园中园|园外园)”?[，,]?即((?:“[^“”]{2,20}”[、，,]?)+)")
_CHAIN_LIST = re.compile(
    r"(?:为|形成|发展|打造|培育|建设)((?:[^，。；、为]{2,10}、)+[^，。；、为]{2,10})"
    r"等(?:[一二三四五六七八九十两]+|\d+)(?:大|个|条)[^，。；]{0,12}?产业链"
)
_VERBS = re.compile(r"建链|延链|补链|强链")
_INDUSTRY_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+节|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.])\s*"
    r"(?:做强|做优|做大|做精|培育壮大|培育|壮大|发展壮大|大力发展|加快发展|发展|打造|提升|改造提升)?"
    r"(?P<name>[^，。、\s]{2,12}?)(?:产业链|产业集群|产业)$"
)
_COMPANY = re.compile(
    r"[^\s，。；、“”（）()以依托和与及]{2,30}?(?:有限责任公司|股份有限公司|有限公司)"
)
_LEADER = re.compile(r"^(?:为|作为)(?:龙头|链主|核心)")
#: "以恒达新材料、华瓷陶瓷为龙头", "依托绿源食品、金穗米业等龙头企业", "以天工机械为链主".
_LEADERS = re.compile(
    r"(?:以|依托)((?:[^，。、；“”]{2,12}、)*[^，。、；“”]{2,12}?)(?:等)?(?:为)?(?:龙头|链主)"
)


def _names(quoted: str) -> list[str]:
    return [n.strip("“” ") for n in re.split(r"[、，,]", quoted) if n.strip("“” ")]


def read_structure(document: Document, previous_labels: set[str]) -> Structure:
    """The parks and chains of ``document``; a block whose label is in ``previous_labels`` is
    part of the review of the last plan."""
    out = Structure()
    seen_parks: set[str] = set()
    headings: dict[str, str] = {}  # label → its heading's text
    chains: dict[str, ChainFound] = {}
    for block in document.blocks:
        if block.kind == "table":
            continue
        text = normalise(block.text.strip())
        if block.kind == "heading" or _INDUSTRY_HEADING.match(text):
            headings[block.label] = text
        for sentence in re.split(r"(?<=[。！？!?])", text):
            _parks(sentence, block, out, seen_parks)
            _chain_list(sentence, block, out, chains, previous_labels)
        _chain_part(text, block, headings.get(block.label), out, chains, previous_labels)
    return out


def _parks(sentence: str, block: Block, out: Structure, seen: set[str]) -> None:
    found: list[tuple[str, str]] = []
    for m in _PARKS_OF_KIND.finditer(sentence):
        found += [(n, m[2]) for n in _names(m[1])]
    for m in _KIND_THEN_PARKS.finditer(sentence):
        found += [(n, m[1]) for n in _names(m[2])]
    for name, kind in found:
        if name not in seen and re.search("园|区", name):
            seen.add(name)
            out.parks.append(ParkFound(name, kind, block.label, sentence.strip()))


def _chain(
    name: str,
    block: Block,
    quote: str,
    out: Structure,
    chains: dict[str, ChainFound],
    previous_labels: set[str],
) -> ChainFound:
    name = re.sub(r"(?:产业链|产业集群|产业)$", "", name) or name
    found = chains.get(name)
    if found is None:
        found = ChainFound(name, block.label, quote, previous=block.label in previous_labels)
        chains[name] = found
        out.chains.append(found)
    return found


def _chain_list(
    sentence: str,
    block: Block,
    out: Structure,
    chains: dict[str, ChainFound],
    previous_labels: set[str],
) -> None:
    """The chains a list names ("……等七大工业新兴优势产业链"): the document's first list only
    (later ones restate it in other words: 电子 and 电子信息)."""
    if out.listed:
        return
    for m in _CHAIN_LIST.finditer(sentence):
        out.listed = True
        for name in m[1].split("、"):
            _chain(name.strip(), block, sentence.strip(), out, chains, previous_labels)


def _chain_part(
    text: str,
    block: Block,
    heading: str | None,
    out: Structure,
    chains: dict[str, ChainFound],
    previous_labels: set[str],
) -> None:
    if block.kind == "heading" or not _VERBS.search(text) or heading is None:
        return
    m = _INDUSTRY_HEADING.match(heading)
    if m is None:
        return
    chain = _chain(m["name"], block, text, out, chains, previous_labels)
    for clause in re.split(r"[，,；;。]", text):
        verb = _VERBS.search(clause)
        if verb is not None and "、" not in clause[: verb.start()][-2:]:
            action = ChainAction.from_text(verb[0])
            chain.directions.append((action, clause.strip(), block.label))
    named: set[str] = set()
    for company in _COMPANY.finditer(text):
        leader = bool(_LEADER.match(text[company.end() :]))
        name = re.sub(r"^(?:以|依托|推动|支持|引进)", "", company[0])
        named.add(name)
        chain.enterprises.append((name, leader, block.label, text))
    for m in _LEADERS.finditer(text):
        for name in m[1].split("、"):
            if name not in named and not _COMPANY.search(name):
                named.add(name)
                chain.enterprises.append((name, True, block.label, text))
