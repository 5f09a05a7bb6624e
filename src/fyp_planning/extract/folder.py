"""The draft plan folder: its files, written whole, and ``--merge`` over a folder a person
has started to correct.

The folder holds ``plan.toml`` (the plan, naming ``previous.toml`` as its predecessor),
``previous.toml`` (the plan the document reviews, when it does) and ``extract-review.md`` (what
could not be placed). The plan files are written by the plan-file dumper
(:func:`~fyp_planning.plan_to_dict`), so a draft is exactly the documented format.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Protocol

import attrs
import tomli_w

from ..errors import ExtractError, WriteError
from ..files import FileRefused, write_atomic
from ..io.dump import plan_to_dict
from ..io.load import load_plan
from ..model.composition import format_value
from ..model.enums import Provenance
from ..model.plan import Plan
from ..text import Message
from ..units import format_quantity
from .findings import Review

__all__ = ["MAIN_FILE", "PREVIOUS_FILE", "REVIEW_FILE", "merge_draft", "plan_files", "write_draft"]

MAIN_FILE = "plan.toml"
PREVIOUS_FILE = "previous.toml"
REVIEW_FILE = "extract-review.md"
_EXTRACTED = Provenance.EXTRACTED


class Drafted(Protocol):
    """A draft as the folder writes it (an :class:`~.draft.Extraction`)."""

    @property
    def plan(self) -> Plan: ...

    @property
    def reviews(self) -> list[Review]: ...


@dataclasses.dataclass(frozen=True)
class _Merged:
    """A draft laid over a person's plan folder (:func:`merge_draft`)."""

    plan: Plan
    reviews: list[Review]


def plan_files(draft: Drafted) -> dict[str, str]:
    """The files of the draft folder: name → text."""
    files: dict[str, str] = {}
    main = draft.plan
    if main.predecessor is not None:
        files[PREVIOUS_FILE] = tomli_w.dumps(plan_to_dict(main.predecessor))
        tree = plan_to_dict(attrs.evolve(main, predecessor=None))
        tree["predecessor"] = PREVIOUS_FILE
        files[MAIN_FILE] = tomli_w.dumps(tree)
    else:
        files[MAIN_FILE] = tomli_w.dumps(plan_to_dict(main))
    files[REVIEW_FILE] = review_markdown(draft)
    return files


def review_markdown(draft: Drafted) -> str:
    """The review list as Markdown: one row per figure or phrase not placed, then the figures
    the draft keeps without a unit (observations, projects' amounts, statements)."""
    title, intro = Message("extract.review.title"), Message("extract.review.intro")
    heads = zip(
        Message("extract.review.header").zh.split("|"),
        Message("extract.review.header").en.split("|"),
        strict=True,
    )
    lines = [
        f"# {title.zh} ({title.en})",
        "",
        intro.zh,
        intro.en,
        "",
        "| " + " | ".join(f"{zh} {en}" for zh, en in heads) + " |",
        "|---|---|---|---|---|",
    ]
    for r in draft.reviews:
        reason = Message(r.reason)
        sentence = r.text.replace("|", "｜").replace("\n", " ")
        lines.append(
            f"| {r.line} | {r.label or '—'} | {r.figure or '—'} | {reason.zh} ({reason.en}) "
            f"| {sentence} |"
        )
    bare: list[tuple[str | None, str, str | None]] = []
    for p in (draft.plan, draft.plan.predecessor):
        if p is None:
            continue
        bare += [
            (o.source, format_value(o.value), o.quote) for o in p.observations if not o.unit_stated
        ]
        bare += [
            (x.source, format_quantity(x.investment), x.quote)
            for x in p.projects
            if x.investment is not None and not x.unit_stated
        ]
        bare += [
            (x.source, format_quantity(x.value), x.quote) for x in p.statements if not x.unit_stated
        ]
    if bare:
        said = Message("extract.review.bare_unit")
        lines += ["", f"## {said.zh} ({said.en})", ""]
        lines += [f"- {source}: {value} — {quote}" for source, value, quote in bare]
    return "\n".join(lines) + "\n"


def _kept(item: Any) -> bool:
    """Whether a person has checked (or written) the item: its provenance is not ``extracted``."""
    return getattr(item, "provenance", None) is not _EXTRACTED


def _merge_plan(old: Plan, new: Plan) -> Plan:
    """``new`` laid over ``old``: what a person checked in ``old`` is kept as it is; what is
    still ``extracted`` in ``old`` is replaced by ``new``'s items; ``new``'s other items are
    added, except those that say again what a kept item says (same id, or same indicator,
    period or year, kind and source)."""

    def keyed(name: str) -> list[Any]:
        kept = [x for x in getattr(old, name) if _kept(x)]
        ids = {x.id for x in kept}
        return kept + [x for x in getattr(new, name) if x.id not in ids]

    def facts(name: str, key: Any) -> list[Any]:
        kept = [x for x in getattr(old, name) if _kept(x)]
        said = {key(x) for x in kept}
        return kept + [x for x in getattr(new, name) if key(x) not in said]

    observations = facts("observations", lambda o: (o.indicator, str(o.period), o.source))
    targets = facts("targets", lambda t: (t.indicator, t.kind, t.year, t.source))
    statements = keyed("statements")
    used = {o.indicator for o in observations} | {t.indicator for t in targets}
    used |= {st.indicator for st in statements if st.indicator}
    indicators = keyed("indicators")
    known = {i.id for i in indicators}
    # an extracted indicator the new draft no longer has, kept while a kept item names it
    indicators += [i for i in old.indicators if i.id in used and i.id not in known]
    projects = keyed("projects")
    enterprises = keyed("enterprises")
    named = {p.enterprise for p in projects if p.enterprise}
    enterprises += [
        e for e in old.enterprises if e.id in named and e.id not in {x.id for x in enterprises}
    ]
    parks = keyed("parks")
    chains = keyed("chains")
    named = {c for e in enterprises for c in e.chains}
    chains += [c for c in old.chains if c.id in named and c.id not in {x.id for x in chains}]
    return attrs.evolve(
        old,
        indicators=indicators,
        observations=observations,
        targets=targets,
        statements=statements,
        enterprises=enterprises,
        projects=projects,
        parks=parks,
        chains=chains,
    )


def merge_draft(old: Plan, draft: Drafted) -> Drafted:
    """The draft laid over a plan folder a person has started to correct (``--merge``).

    Items whose ``provenance`` is no longer ``extracted`` — a person checked or wrote them —
    are never replaced; items still ``extracted`` are replaced by the new draft's; new items
    are added. The plan's head (title, years, issuer …) is the old plan's.
    """
    new = draft.plan
    predecessor = old.predecessor
    if new.predecessor is not None:
        predecessor = (
            new.predecessor if predecessor is None else _merge_plan(predecessor, new.predecessor)
        )
    merged = _merge_plan(attrs.evolve(old, predecessor=None), attrs.evolve(new, predecessor=None))
    return _Merged(attrs.evolve(merged, predecessor=predecessor), draft.reviews)


def write_draft(draft: Drafted, folder: str | Path, *, merge: bool = False) -> list[Path]:
    """Write the draft's files into ``folder``, whole: written in a new folder beside it, then
    renamed into its place (with ``merge``, the folder's other files are copied along and the
    old folder removed once the new one is in place).

    Raises:
        ExtractError: the folder holds files and ``merge`` is not set.
        WriteError: a file cannot be written.
    """
    folder = Path(folder)
    files = plan_files(draft)
    if folder.exists() and not folder.is_dir():
        raise ExtractError(Message("extract.not_a_folder", folder=str(folder)))
    if folder.exists() and any(folder.iterdir()) and not merge:
        raise ExtractError(Message("extract.not_empty", folder=str(folder)))
    written = [folder / name for name in files]
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
        try:
            if folder.exists():  # --merge: the person's other files come along
                for other in folder.iterdir():
                    if other.name not in files:
                        (shutil.copytree if other.is_dir() else shutil.copy2)(
                            other, tmp / other.name
                        )
            for name, text in files.items():
                write_atomic(tmp / name, text)
            _swap(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except FileRefused as exc:
        raise WriteError(exc.message, str(folder)) from None
    except OSError as exc:
        raise WriteError(str(exc), str(folder)) from None
    return written


def write_into(extraction: Drafted, folder: str | Path, *, merge: bool = False) -> list[Path]:
    """Write ``extraction`` as the plan folder ``folder``; with ``merge``, laid over the plan a
    person has started to correct there (:func:`merge_draft`).

    Raises:
        ExtractError: ``folder`` holds files and ``merge`` is not set, or with ``merge`` it
            holds no ``plan.toml``.
        WriteError: a file cannot be written.
    """
    target = Path(folder)
    if merge and target.is_dir() and any(target.iterdir()):
        if not (target / MAIN_FILE).is_file():
            raise ExtractError(Message("extract.no_plan", folder=str(folder)))
        extraction = merge_draft(load_plan(target / MAIN_FILE), extraction)
    return write_draft(extraction, target, merge=merge)


def _swap(new: Path, folder: Path) -> None:
    """Put the folder ``new`` in the place of ``folder``: renamed into place when there is
    none; else the old folder is renamed aside first and removed once the new one is in place
    (the folder is never a mix of old and new files)."""
    if not folder.exists():
        os.replace(new, folder)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
    aside.rmdir()
    os.replace(folder, aside)
    try:
        os.replace(new, folder)
    except BaseException:
        os.replace(aside, folder)
        raise
    shutil.rmtree(aside, ignore_errors=True)
