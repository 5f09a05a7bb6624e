"""Seeded mutants of the shipped plan files: one hostile change each, written to a folder.

A :class:`Mutant` is fully determined by ``(seed, index)``: :func:`mutant` draws it from
``random.Random(f"{seed}:{index}")``, so any failure is reproduced from its two numbers.
:func:`materialise` writes it: a ``plan/`` folder holding the plan files (one of them mutated, or
extra files beside them) and an ``outside/`` folder holding a file the plan must never read.

Mutations are made at the level of TOML values (a value replaced by one of
:data:`~tests.fuzz.corpus.HOSTILE`, a key deleted, a list item duplicated, two parks made each
other's parent, a predecessor pointing at a file-system attack) and at the level of bytes (bits
flipped, the file truncated, a slice duplicated).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from .corpus import FILE_ATTACKS, HOSTILE, SECRET, Hostile

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Source:
    """A set of plan files the fuzzer starts from: a folder, its main file and the others."""

    name: str
    folder: Path
    main: str
    files: tuple[str, ...]


SOURCES: tuple[Source, ...] = (
    Source(
        "dongkou",
        ROOT / "plugins/dongkou/src/fyp_planning_dongkou/data",
        "dongkou-14th.toml",
        ("dongkou-14th.toml", "dongkou-13th.toml"),
    ),
    Source(
        "example",
        ROOT / "examples/example-county/src/fyp_planning_example_county/data",
        "example-14th.toml",
        ("example-14th.toml", "example-13th.toml"),
    ),
)

#: The kinds of mutation and how often each is drawn.
OPERATIONS: dict[str, int] = {
    "replace": 50,
    "replace_json": 6,
    "bare_unit": 5,
    "delete": 8,
    "duplicate": 6,
    "file": 12,
    "bitflip": 6,
    "truncate": 6,
    "slice": 6,
}

_PLACEHOLDER = "FUZZ-PLACEHOLDER-7f3a9c"
#: A top-level key no plan file may have.
UNKNOWN_KEY = "fuzz_unknown_key"

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Mutant:
    """One mutant: which file is changed, how, where and with what."""

    seed: int
    index: int
    source: str
    file: str  # the file changed (or, for a file attack, the main file)
    operation: str
    path: Path_ = ()
    hostile: str = ""  # a corpus label, or a file attack's name
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The last key of :attr:`path` that is a name (``unit`` for ``...targets[0].unit``);
        ``text`` outside a target (a project's or an observation's wording) is ``free_text``."""
        for part in reversed(self.path):
            if isinstance(part, str):
                if part == "text" and "targets" not in self.path:
                    return "free_text"
                return part
        return ""

    @property
    def key_path(self) -> str:
        """The key path as the library writes it: ``indicators.output.targets[0].value``."""
        return key_path(self.path)

    def describe(self) -> str:
        where = f" at {self.key_path}" if self.path else ""
        what = f" = {self.hostile}" if self.hostile else ""
        return f"#{self.index} {self.operation}{what}{where} in {self.source}/{self.file}"


def key_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", part):
            out = f"{out}.{part}" if out else part
        else:
            out += f'["{part}"]'
    return out


def _source(name: str) -> Source:
    return next(s for s in SOURCES if s.name == name)


def _tree(source: Source, file: str) -> dict[str, Any]:
    """The parsed file (a fresh copy: callers change it)."""
    return copy.deepcopy(_parsed(source.folder / file)[0])


@functools.cache
def _parsed(path: Path) -> tuple[dict[str, Any], list[Path_]]:
    tree = tomllib.loads(path.read_text(encoding="utf-8"))
    return tree, _paths(tree)


def _paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every key path in a tree, containers and leaves."""
    out: list[Path_] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def mutant(seed: int, index: int) -> Mutant:
    """The mutant ``index`` of the run seeded ``seed`` (the same every time)."""
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(SOURCES)
    file = rng.choice(source.files)
    ops, weights = zip(*OPERATIONS.items(), strict=True)
    op = rng.choices(ops, weights)[0]
    tree, paths = _parsed(source.folder / file)
    if op in ("replace", "replace_json"):
        # Prefer leaves (values) three times to one over whole tables and lists.
        leaves = [p for p in paths if not isinstance(_get(tree, p), (dict, list))]
        path = rng.choice(leaves) if rng.random() < 0.75 else rng.choice(paths)
        roll = rng.random()
        if roll < 0.08:  # the key that names a file
            path = ("predecessor",)
        elif roll < 0.12:  # a key the format does not have: refused, whatever its value
            path = (UNKNOWN_KEY,)
        hostile = rng.choice(HOSTILE)
        detail = {}
        if len(path) == 3 and path[0] == "indicators" and path[2] == "unit":
            # Alone, a unit is not refused for the dimension of the indicator's figures.
            detail["bare"] = rng.random() < 0.5
        return Mutant(seed, index, source.name, file, op, path, hostile.label, detail)
    if op == "bare_unit":  # an indicator's unit, its figures dropped
        # An indicator whose standard gives its unit has no unit key: the mutant writes one.
        units = [p for p in paths if len(p) == 2 and p[0] == "indicators"]
        units = [(*p, "unit") for p in units]
        hostile = rng.choice(HOSTILE)
        path = rng.choice(units)
        return Mutant(seed, index, source.name, file, op, path, hostile.label, {"bare": True})
    if op == "delete":
        keyed = [p for p in paths if isinstance(p[-1], str)]
        return Mutant(seed, index, source.name, file, op, rng.choice(keyed))
    if op == "duplicate":
        items = [p for p in paths if isinstance(p[-1], int)]
        return Mutant(seed, index, source.name, file, op, rng.choice(items))
    if op == "file":
        attack = rng.choice(FILE_ATTACKS)
        return Mutant(seed, index, source.name, source.main, op, (), attack)
    size = len((source.folder / file).read_bytes())
    if op == "bitflip":
        flips = [(rng.randrange(size), rng.randrange(8)) for _ in range(rng.randint(1, 8))]
        return Mutant(seed, index, source.name, file, op, detail={"flips": flips})
    if op == "truncate":
        return Mutant(seed, index, source.name, file, op, detail={"at": rng.randrange(size)})
    start = rng.randrange(size)
    end = min(size, start + rng.randint(1, 400))
    at = rng.randrange(size)
    return Mutant(seed, index, source.name, file, op, detail={"slice": [start, end], "at": at})


@dataclass(frozen=True)
class Written:
    """A mutant on disk: where its plan is and what a refusal of it must name."""

    plan_dir: Path
    main: Path
    changed: Path
    #: Run the commands on the folder, not the main file (an attack on the folder's files).
    folder_only: bool
    #: Whether every loader must refuse the mutant (a wrong accept otherwise).
    must_refuse: bool
    #: Texts a refusal must name: the file, and the key path (either of two) when known.
    names_file: str
    names_path: tuple[str, ...]
    names_value: tuple[str, ...]


def _serialise(tree: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(tree, ensure_ascii=False, indent=1, default=str)
    return tomli_w.dumps(tree)


def _set(tree: dict[str, Any], path: Path_, value: Any) -> None:
    parent = _get(tree, path[:-1])
    parent[path[-1]] = value


def materialise(m: Mutant, root: Path) -> Written:
    """Write mutant ``m`` under ``root`` (``root/plan``, ``root/outside``); say what to expect."""
    source = _source(m.source)
    plan_dir = root / "plan"
    outside = root / "outside"
    plan_dir.mkdir(parents=True)
    outside.mkdir()
    for name in source.files:
        (plan_dir / name).write_bytes((source.folder / name).read_bytes())
    # A file outside the plan folder: a valid predecessor plan, plus a secret.
    pred_name = next(f for f in source.files if f != source.main)
    secret_tree = _tree(source, pred_name)
    secret_tree["api_key"] = SECRET
    (outside / "creds.json").write_text(json.dumps(secret_tree, ensure_ascii=False))

    changed = plan_dir / m.file
    main = plan_dir / source.main
    common = {"folder_only": False, "names_file": m.file, "names_value": ()}
    if m.operation in ("replace", "replace_json", "bare_unit", "delete", "duplicate"):
        tree = _tree(source, m.file)
        fmt = "json" if m.operation == "replace_json" else "toml"
        hostile: Hostile | None = None
        words_only = False
        if m.operation == "delete":
            del _get(tree, m.path[:-1])[m.path[-1]]
        elif m.operation == "duplicate":
            _get(tree, m.path[:-1]).insert(m.path[-1], copy.deepcopy(_get(tree, m.path)))
        else:
            hostile = next(h for h in HOSTILE if h.label == m.hostile)
            # A target's text is read as a phrase only when the target has no explicit kind;
            # with one, it is the document's own words, kept as written (free text).
            entry = _get(tree, m.path[:-1]) if len(m.path) > 1 else None
            words_only = m.key == "text" and isinstance(entry, dict) and "kind" in entry
            _set(tree, m.path, _PLACEHOLDER)
            if m.detail.get("bare"):
                _bare_indicator(tree, str(m.path[1]))
        text = _serialise(tree, fmt)
        if hostile is not None:
            raw = hostile.json if fmt == "json" else hostile.toml
            text = text.replace(json.dumps(_PLACEHOLDER), raw, 1)
        if fmt == "json":
            changed.unlink()
            changed = changed.with_suffix(".json")
            _rename_references(plan_dir, m.file, changed.name)
            if m.file == source.main:
                main = changed
            common["names_file"] = changed.name
        changed.write_text(text, encoding="utf-8")
        path = m.path[:-1] if m.operation == "duplicate" else m.path
        # The entry holding the key may be named instead of the key (a list in a table).
        around = tuple(key_path(path[:n]) for n in (len(path), len(path) - 1, len(path) - 2))
        around = tuple(p for p in around if p)
        shown: tuple[str, ...] = ()
        if hostile is not None and hostile.shown:
            shown = (hostile.shown, json.dumps(hostile.shown)[1:-1], repr(hostile.shown)[1:-1])
        # A long value may be shown shortened: its first characters suffice.
        common["names_value"] = tuple(s[:6] for s in shown)
        return Written(
            plan_dir,
            main,
            changed,
            must_refuse=hostile is not None
            and (
                hostile.must_refuse("free_text" if words_only else m.key)
                or m.path == (UNKNOWN_KEY,)
            ),
            # A deleted key leaves references to it dangling: those are named instead.
            names_path=() if m.operation == "delete" else around,
            **common,
        )
    if m.operation == "none":  # the files as shipped (for tests of the harness)
        return Written(plan_dir, main, changed, must_refuse=False, names_path=(), **common)
    if m.operation == "file":
        return _file_attack(m, source, plan_dir, outside, main, common)
    data = bytearray(changed.read_bytes())
    if m.operation == "bitflip":
        for offset, bit in m.detail["flips"]:
            data[offset] ^= 1 << bit
    elif m.operation == "truncate":
        del data[m.detail["at"] :]
    else:
        start, end = m.detail["slice"]
        data[m.detail["at"] : m.detail["at"]] = data[start:end]
    changed.write_bytes(bytes(data))
    return Written(plan_dir, main, changed, must_refuse=False, names_path=(), **common)


def _bare_indicator(tree: dict[str, Any], indicator: str) -> None:
    """Drop the indicator's figures, and every other entry that refers to it."""
    body = tree["indicators"][indicator]
    body.pop("observations", None)
    body.pop("targets", None)
    for table in ("statements",):
        for key, entry in list(tree.get(table, {}).items()):
            if indicator in json.dumps(entry, ensure_ascii=False):
                del tree[table][key]


def _rename_references(plan_dir: Path, old: str, new: str) -> None:
    """Point every plan file of the folder that names ``old`` as predecessor at ``new``."""
    for f in plan_dir.iterdir():
        if f.suffix == ".toml":
            text = f.read_text(encoding="utf-8")
            if f'predecessor = "{old}"' in text:
                f.write_text(text.replace(f'predecessor = "{old}"', f'predecessor = "{new}"'))


def _with_predecessor(main: Path, value: str) -> None:
    """Set the main file's predecessor to ``value`` (raw TOML), keeping the rest."""
    tree = tomllib.loads(main.read_text(encoding="utf-8"))
    tree["predecessor"] = _PLACEHOLDER
    main.write_text(tomli_w.dumps(tree).replace(json.dumps(_PLACEHOLDER), value, 1))


def _minimal_plan(i: int, predecessor: str | None) -> str:
    year = 2020 - i
    text = (
        f'id = "p{i:03d}"\nregion = "示例县"\ntitle = "规划{i}"\n'
        f"start_year = {year}\nend_year = {year}\n"
    )
    return text + (f'predecessor = "{predecessor}"\n' if predecessor else "")


def _file_attack(
    m: Mutant, source: Source, plan_dir: Path, outside: Path, main: Path, common: dict[str, Any]
) -> Written:
    attack = m.hostile
    must_refuse = True
    names_path: tuple[str, ...] = ("predecessor",)
    creds = outside / "creds.json"
    if attack == "absolute_outside":
        _with_predecessor(main, json.dumps(str(creds)))
    elif attack == "parent_outside":
        _with_predecessor(main, json.dumps("../outside/creds.json"))
    elif attack == "symlink_outside":
        (plan_dir / "link.json").symlink_to(creds)
        _with_predecessor(main, json.dumps("link.json"))
    elif attack == "symlink_dev_zero":
        (plan_dir / "zero.toml").symlink_to("/dev/zero")
        _with_predecessor(main, json.dumps("zero.toml"))
    elif attack == "fifo":
        os.mkfifo(plan_dir / "pipe.toml")
        _with_predecessor(main, json.dumps("pipe.toml"))
    elif attack in ("folder_dev_zero", "folder_fifo"):
        if attack == "folder_dev_zero":
            (plan_dir / "zero.toml").symlink_to("/dev/zero")
            common = {**common, "names_file": "zero.toml"}
        else:
            os.mkfifo(plan_dir / "pipe.toml")
            common = {**common, "names_file": "pipe.toml"}
        common["folder_only"] = True
        names_path = ()
    elif attack == "chain_400":
        for i in range(400):
            nxt = f"p{i + 1:03d}.toml" if i < 399 else None
            (plan_dir / f"p{i:03d}.toml").write_text(_minimal_plan(i, nxt), encoding="utf-8")
        _with_predecessor(main, json.dumps("p000.toml"))
    elif attack == "inline_1000":
        depth = 1000
        head = 'id = "p", region = "县", title = "t", start_year = 2000, end_year = 2000'
        value = f"{{ {head}, predecessor = " * depth + "{}" + " }" * depth
        _with_predecessor(main, value)
    elif attack == "self_cycle":
        _with_predecessor(main, json.dumps(main.name))
    elif attack == "park_cycle":
        tree = tomllib.loads(main.read_text(encoding="utf-8"))
        parks = sorted(tree.get("parks", {}))
        if len(parks) < 2:
            tree["parks"] = {
                "a": {"name": "甲园", "parent": "b"},
                "b": {"name": "乙园", "parent": "a"},
            }
            parks = ["a", "b"]
        else:
            a, b = parks[0], parks[1]
            tree["parks"][a]["parent"] = b
            tree["parks"][b]["parent"] = a
            parks = [a, b]
        main.write_text(tomli_w.dumps(tree), encoding="utf-8")
        names_path = (f"parks.{parks[0]}", f"parks.{parks[1]}")
    else:  # pragma: no cover - the corpus and this table are one list
        raise ValueError(attack)
    return Written(
        plan_dir,
        main,
        main,
        must_refuse=must_refuse and not common["folder_only"],
        names_path=names_path,
        **common,
    )
