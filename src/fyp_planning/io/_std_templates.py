"""The chain-template library in plan files: ``template = "std:ID"`` and ``extends`` (private).

A library template is a file ``catalog/data/templates/<ID>.toml`` in the plan-file schema's
``[templates.<ID>]`` form, read through :mod:`._library` and structured by the same converter as
a county's templates. In a loaded plan it is an ordinary :class:`ChainTemplate` whose id is the
reference (``std:food_processing``, or pinned ``std:food_processing@1``) and whose ``version``
is the library's, so every analysis runs on the plan alone.

A plan's own template may ``extend`` a library one. The delta, applied in this order:

* ``drop``: library segments removed, with every edge touching them;
* ``rename``: ``{segment = "新名称"}``, a library segment's name changed;
* ``segments``: segments added (after the library's, in file order) or, under a library
  segment's id, replacing that segment whole in its place (a segment both dropped and given is
  added anew, after the library's, without the library's edges);
* ``drop_edges``: library edges removed;
* ``edges``: edges added (after the library's kept edges).

The loaded template holds the result and ``extends``; writing it back stores the delta again
(:func:`template_out`), so ``load(dump(plan)) == plan``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import attrs

from ..errors import Problem, Problems
from ..model._validators import STD_TEMPLATE_EXPECTED, STD_TEMPLATE_PATTERN
from ..model.entities import ChainTemplate
from ..text import Message
from . import _schema as s
from ._bounds import join_path
from ._library import library_names, library_toml

__all__ = [
    "DELTA_KEYS",
    "apply_extension",
    "library_ids",
    "library_template",
    "resolve",
    "template_out",
]

#: The keys only an extending template has (besides ``extends``).
DELTA_KEYS = ("drop", "rename", "drop_edges")


def library_ids() -> tuple[str, ...]:
    """The ids of the library's templates, sorted."""
    return library_names("templates")


@functools.cache
def library_template(lib_id: str) -> ChainTemplate:
    """The library template ``lib_id`` (id ``std:<lib_id>``), as the library file defines it.

    Raises:
        KeyError: no such template in the library.
        ValueError: the shipped file is broken (a packaging bug, caught by the tests).
    """
    if lib_id not in library_ids():
        raise KeyError(lib_id)
    tree = library_toml(f"templates/{lib_id}.toml")
    raw = tree.get("templates", {}).get(lib_id)
    if tree.get("format_version") != s.FORMAT_VERSION or not isinstance(raw, dict):
        raise ValueError(f"library template file {lib_id}.toml has no [templates.{lib_id}]")
    try:
        built: ChainTemplate = s.converter.structure({**raw, "id": f"std:{lib_id}"}, ChainTemplate)
    except Exception as exc:
        problems = "; ".join(str(p) for p in s.problems_from(exc, raw, f"templates.{lib_id}"))
        raise ValueError(f"library template {lib_id}.toml: {problems}") from None
    if built.version is None:
        raise ValueError(f"library template {lib_id}.toml has no version")
    return built


def resolve(ref: str) -> ChainTemplate:
    """The library template a reference names, its id the reference as written.

    Args:
        ref: ``std:ID`` or ``std:ID@VERSION``.

    Raises:
        Problems: one problem (path ``""``): not a library reference, an unknown id (with
            did-you-mean among the library's ids), or a version the library does not have.
    """
    m = STD_TEMPLATE_PATTERN.match(ref) if isinstance(ref, str) else None
    if m is None:
        raise Problems(
            [Problem("", Message("io.std_template.bad_reference"), ref, STD_TEMPLATE_EXPECTED)]
        )
    lib_id, pinned = m[1], m[2]
    try:
        template = library_template(lib_id)
    except KeyError:
        ids = library_ids()
        refs = [f"std:{i}" for i in ids]
        expected = f"one of: {', '.join(refs)}{s.did_you_mean(f'std:{lib_id}', refs)}"
        raise Problems([Problem("", Message("io.std_template.unknown"), ref, expected)]) from None
    if pinned is not None and int(pinned) != template.version:
        raise Problems(
            [
                Problem(
                    "",
                    Message(
                        "io.std_template.no_version",
                        id=lib_id,
                        version=int(pinned),
                        have=template.version,
                    ),
                    ref,
                    f"std:{lib_id}@{template.version} or std:{lib_id}",
                )
            ]
        )
    return template if ref == template.id else attrs.evolve(template, id=ref)


# -- extending a library template -------------------------------------------------------------
def apply_extension(key: str, body: dict[str, Any]) -> dict[str, Any]:
    """The file entry of the template ``body`` describes (it has ``extends``), with the delta
    applied to the library template: a body to structure as a :class:`ChainTemplate`.

    Raises:
        Problems: at paths relative to the entry (``drop[0]``, ``rename.tanning``,
            ``edges[2][1]``): a bad reference, dropping or renaming a segment the library
            template lacks, a segment both renamed and replaced or dropped, a dropped edge the
            library lacks, an added edge naming a segment the result lacks. (A segment both
            dropped and given is no conflict: it is added anew, after the library's.)
    """
    ref = body["extends"]
    try:
        base = resolve(ref)
    except Problems as exc:
        raise Problems([s.nest(p, "extends") for p in exc.problems]) from None
    problems: list[Problem] = []
    lib_raw = library_toml(f"templates/{base.library_id}.toml")["templates"][base.library_id]
    segments: dict[str, Any] = {k: dict(v) for k, v in lib_raw.get("segments", {}).items()}
    known = list(segments)
    drop = _ids(body.get("drop", []), "drop", known, problems)
    rename = body.get("rename", {})
    if not isinstance(rename, dict):
        problems.append(
            Problem("rename", Message("io.wrong_type"), rename, 'a table {old = "新名称"}')
        )
        rename = {}
    own = body.get("segments", {})
    if not isinstance(own, dict):
        own = {}  # the converter reports it
    for seg, name in rename.items():
        path = join_path("rename", seg)
        if seg not in segments:
            problems.append(_unknown_segment(path, seg, known))
        elif seg in drop or seg in own:
            why = "rename_dropped" if seg in drop else "rename_replaced"
            problems.append(
                Problem(
                    path,
                    Message(f"io.std_template.{why}"),
                    seg,
                    "rename a segment the template keeps as it is",
                )
            )
        elif not isinstance(name, str):
            problems.append(Problem(path, Message("io.wrong_type"), name, "the new name as text"))
        else:
            segments[seg]["name"] = name
    for seg in drop:
        segments.pop(seg, None)
    segments.update(own)  # a library id is replaced in its place; new ids come after
    lib_edges = [tuple(e) for e in lib_raw.get("edges", [])]
    kept = [e for e in lib_edges if e[0] not in drop and e[1] not in drop]
    for i, edge in enumerate(_pairs(body.get("drop_edges", []), "drop_edges", problems)):
        if edge not in lib_edges:
            problems.append(
                Problem(
                    f"drop_edges[{i}]",
                    Message("io.std_template.unknown_edge"),
                    list(edge),
                    f"an edge of {ref}, e.g. {list(lib_edges[0]) if lib_edges else '[]'}",
                )
            )
        kept = [e for e in kept if e != edge]
    added = _pairs(body.get("edges", []), "edges", problems)
    for i, edge in enumerate(added):
        for j, seg in enumerate(edge):
            if seg not in segments:
                problems.append(
                    Problem(
                        f"edges[{i}][{j}]",
                        Message("io.std_template.edge_segment"),
                        seg,
                        f"one of the template's segments: {', '.join(segments)}{s.did_you_mean(seg, segments)}",
                    )
                )
    if problems:
        raise Problems(problems)
    out = {k: v for k, v in body.items() if k not in (*DELTA_KEYS, "segments", "edges")}
    out.setdefault("name", lib_raw["name"])
    out["segments"] = segments
    out["edges"] = [list(e) for e in [*kept, *added]]
    return out


def _ids(value: Any, key: str, known: list[str], problems: list[Problem]) -> list[str]:
    if not isinstance(value, list):
        problems.append(
            Problem(key, Message("io.wrong_type"), value, 'a list of segment ids, e.g. ["tanning"]')
        )
        return []
    out = []
    for i, seg in enumerate(value):
        if seg not in known:
            problems.append(_unknown_segment(f"{key}[{i}]", seg, known))
        else:
            out.append(seg)
    return out


def _unknown_segment(path: str, seg: Any, known: list[str]) -> Problem:
    hint = s.did_you_mean(seg, known) if isinstance(seg, str) else ""
    return Problem(
        path,
        Message("io.std_template.unknown_segment"),
        seg,
        f"a segment of the library template: {', '.join(known)}{hint}",
    )


def _pairs(value: Any, key: str, problems: list[Problem]) -> list[tuple[str, str]]:
    try:
        return s.pairs_in(value, '["fibers", "spinning"]')
    except Problems as exc:
        problems.extend(s.nest(p, key) for p in exc.problems)
        return []


# -- writing back --------------------------------------------------------------------------------
def template_out(template: ChainTemplate, entry: dict[str, Any]) -> dict[str, Any] | None:
    """How a plan file writes ``template`` (``entry`` is its whole form): ``None`` for a
    library template used unchanged (the chains' ``std:`` reference is all a file needs); the
    delta for an extension; ``entry`` otherwise (a template of the plan's own, or a library
    template that differs from the installed library's, written whole)."""
    if template.extends is None:
        lib_id = template.library_id
        if lib_id is not None:
            try:
                if resolve(template.id) == template:
                    return None
            except Problems:
                pass
        return entry
    try:
        base = resolve(template.extends)
    except Problems:  # a library without it: the result is all there is
        return entry
    return _delta(template, base, entry)


def _delta(t: ChainTemplate, base: ChainTemplate, entry: dict[str, Any]) -> dict[str, Any]:
    """The extension's delta against ``base``, such that applying it gives ``t`` back.

    Where the segments (or edges) of ``t`` are not in the order applying a delta gives, every
    library segment (edge) is dropped and the result's are given anew, in order: still ``t``."""
    lib = {seg.id: seg for seg in base.segments}
    mine = {seg.id: seg for seg in t.segments}
    drop = [i for i in lib if i not in mine]
    rename: dict[str, str] = {}
    own: list[str] = []
    for seg in t.segments:
        was = lib.get(seg.id)
        if was == seg:
            continue
        if was is not None and attrs.evolve(was, name=seg.name) == seg:
            rename[seg.id] = seg.name
        else:
            own.append(seg.id)
    order = [i for i in lib if i in mine] + [i for i in own if i not in lib]
    if order != [seg.id for seg in t.segments]:
        drop, rename, own = list(lib), {}, [seg.id for seg in t.segments]
    kept = [
        e
        for e in base.edges
        if e[0] in mine and e[1] in mine and e[0] not in drop and e[1] not in drop
    ]
    drop_edges: list[tuple[str, str]] = []
    rest = list(t.edges)
    ordered: list[tuple[str, str]] = []
    for e in kept:
        if rest[:1] == [e]:
            ordered.append(rest.pop(0))
        else:
            drop_edges.append(e)
    added = rest
    if ordered + added != list(t.edges):  # defensive: the loop keeps this true
        drop_edges, added = kept, list(t.edges)
    out = {k: v for k, v in entry.items() if k not in ("segments", "edges")}
    out = {k: out[k] for k in ("extends", *out) if k in out}
    if drop:
        out["drop"] = drop
    if rename:
        out["rename"] = rename
    if drop_edges:
        out["drop_edges"] = [list(e) for e in drop_edges]
    if added:
        out["edges"] = [list(e) for e in added]
    if own:
        out["segments"] = {i: entry["segments"][i] for i in own}
    return out


def chain_references(chains: Iterable[Any]) -> list[tuple[str, str]]:
    """``(chain id, reference)`` of each chain naming a library template, in chain order."""
    return [
        (c.id, c.template)
        for c in chains
        if isinstance(c.template, str) and c.template.startswith("std:")
    ]
