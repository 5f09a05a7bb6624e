"""The fuzzer itself: deterministic, covering its corpus, quiet on valid plans, and able to see
every kind of failure it claims to find (a fuzzer that cannot fail proves nothing)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

import fyp_planning as fp
from fyp_planning import registry

from . import corpus
from .gate import needs_issue_14
from .mutate import OPERATIONS, SOURCES, Mutant, materialise, mutant
from .runner import (
    COMMANDS,
    Result,
    _command_line,
    _json_ok,
    _markdown_ok,
    _mermaid_ok,
    _xml_ok,
    check_api,
    check_cli,
    run_many,
    signatures,
)

pytestmark = pytest.mark.fuzz


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.is_symlink()
    }


def test_a_mutant_is_the_same_for_the_same_seed_and_index(tmp_path: Path) -> None:
    for i in range(40):
        m = mutant(3, i)
        assert m == mutant(3, i)
        a = materialise(m, tmp_path / f"a{i}")
        b = materialise(m, tmp_path / f"b{i}")
        assert _files(a.plan_dir) == _files(b.plan_dir)
        assert (a.must_refuse, a.names_path) == (b.must_refuse, b.names_path)
    assert [mutant(3, i) for i in range(20)] != [mutant(4, i) for i in range(20)]


def test_a_run_draws_every_operation_attack_and_most_hostile_values() -> None:
    drawn = [mutant(14, i) for i in range(600)]
    assert {m.operation for m in drawn} == set(OPERATIONS)
    attacks = {m.hostile for m in drawn if m.operation == "file"}
    assert attacks == set(corpus.FILE_ATTACKS)
    values = {m.hostile for m in drawn if m.operation in ("replace", "replace_json")}
    assert len(values) >= 0.9 * len(corpus.HOSTILE)
    assert {m.source for m in drawn} == {s.name for s in SOURCES}


def test_the_hostile_values_are_valid_toml_and_json_values() -> None:
    import json
    import tomllib

    for h in corpus.HOSTILE:
        if "deep" in h.label:
            continue  # their depth is the point: the parsers' own limits refuse them
        try:
            tomllib.loads(f"x = {h.toml}")
        except ValueError as exc:  # over 4300 digits: Python's int conversion limit
            assert "digits" in str(exc), h.label
        try:
            json.loads(h.json, parse_constant=float)
        except ValueError as exc:
            assert "digits" in str(exc), h.label


def _clean(source: str, tmp_path: Path) -> tuple[Result, Any]:
    m = Mutant(0, 0, source, next(s.main for s in SOURCES if s.name == source), "none")
    return Result(m), materialise(m, tmp_path)


@pytest.mark.parametrize("source", [s.name for s in SOURCES])
def test_the_shipped_plans_pass_every_check(source: str, tmp_path: Path) -> None:
    result, w = _clean(source, tmp_path)
    plan = check_api(result, w, timeout=30)
    assert plan is not None
    specs = [spec for spec in COMMANDS if "-o" not in spec]  # see ..._write_files_safely
    for i, spec in enumerate(specs):  # each command once, on the file or on the folder
        target = w.main if i % 2 else w.plan_dir
        check_cli(result, w, _command_line(spec, w, str(target), plan.chains[0].id), timeout=30)
    assert [r for r in result.runs if r.outcome != "OK"] == []
    assert len(result.runs) > len(specs)


@needs_issue_14
@pytest.mark.parametrize("source", [s.name for s in SOURCES])
def test_the_shipped_plans_write_files_safely(source: str, tmp_path: Path) -> None:
    result, w = _clean(source, tmp_path)
    for spec in COMMANDS:
        if "-o" in spec:
            check_cli(result, w, _command_line(spec, w, str(w.main), "food"), timeout=30)
    assert [r for r in result.runs if r.failed] == []


# -- the classifier sees each kind of failure ---------------------------------------------------
def test_an_escaping_exception_is_a_traceback(tmp_path: Path, monkeypatch: Any) -> None:
    def broken(plan: Any) -> Any:
        return 1 / 0

    monkeypatch.setattr(fp, "assess", broken)
    result, w = _clean("example", tmp_path)
    check_api(result, w, timeout=30)
    (run,) = result.failures
    assert (run.outcome, run.where) == ("TRACEBACK", "api:assess")
    assert run.signature.startswith("ZeroDivisionError at test_harness.py:broken")


def test_a_slow_call_is_a_hang(tmp_path: Path, monkeypatch: Any) -> None:
    def slow(path: Any) -> Any:
        time.sleep(5)

    monkeypatch.setattr(fp, "load_plan", slow)
    result, w = _clean("example", tmp_path)
    with pytest.raises(BaseException, match=r"no answer within 0\.2 s"):
        check_api(result, w, timeout=0.2)
    assert [r.outcome for r in result.failures] == ["HANG"]


def test_a_loaded_must_refuse_mutant_is_a_wrong_accept(tmp_path: Path) -> None:
    result, w = _clean("example", tmp_path)
    w = dataclasses.replace(w, must_refuse=True)
    check_api(result, w, timeout=30)
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    assert [r.outcome for r in result.failures] == ["WRONG_ACCEPT", "WRONG_ACCEPT"]


@pytest.mark.parametrize(
    ("raised", "outcome"),
    [
        (SystemExit(3), "EXIT_CODE"),
        (fp.PluginError("no such plan"), "UNNAMED"),
        (fp.PluginError(f"cannot read {corpus.SECRET}"), "LEAK"),
        (OverflowError("int too large"), "TRACEBACK"),
    ],
)
def test_command_answers_are_classified(
    raised: BaseException, outcome: str, tmp_path: Path, monkeypatch: Any
) -> None:
    def load(*args: Any, **kwargs: Any) -> Any:
        raise raised

    monkeypatch.setattr(registry, "load", load)
    result, w = _clean("example", tmp_path)
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    assert [r.outcome for r in result.runs] == [outcome]


def test_refusals_must_name_the_file_the_key_path_and_the_value(
    tmp_path: Path, monkeypatch: Any
) -> None:
    m = Mutant(0, 0, "example", "example-14th.toml", "replace", ("start_year",), "quoted_year")
    w = materialise(m, tmp_path)
    assert w.must_refuse and w.names_path == ("start_year",) and "2025" in w.names_value
    result = Result(m)
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    assert [r.outcome for r in result.runs] == ["REFUSED"]

    def vague(*args: Any, **kwargs: Any) -> Any:
        problem = fp.Problem("end_year", "wrong type", "2025", "an integer")
        raise fp.PlanStructureError([problem], file=str(w.main))

    monkeypatch.setattr(registry, "load", vague)
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    assert result.runs[-1].outcome == "UNNAMED"
    assert "does not name key path start_year" in result.runs[-1].detail

    def by_line(*args: Any, **kwargs: Any) -> Any:  # a syntax error: the line will do
        problem = fp.Problem("", "nested too deep; got '2025'", line=7)
        raise fp.PlanSyntaxError([problem], file=str(w.main))

    monkeypatch.setattr(registry, "load", by_line)
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    assert result.runs[-1].outcome == "REFUSED"


def test_bad_outputs_are_seen() -> None:
    assert _json_ok("{") and not _json_ok("{}")
    assert _xml_ok("<a>\x01</a>") and not _xml_ok("<a>甲</a>")
    assert _mermaid_ok('A["x"]\nclick A call alert(1)') and not _mermaid_ok('A["click"]')
    assert _markdown_ok("```mermaid\nA\n```\n```") and not _markdown_ok("```\nA\n```")
    assert _markdown_ok("<script>alert(1)</script>")


def test_failures_are_grouped_by_signature(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(fp, "review", lambda plan: [].pop())
    results = []
    for source in ("example", "dongkou"):
        result, w = _clean(source, tmp_path / source)
        check_api(result, w, timeout=30)
        results.append(result)
    (sig,) = signatures(results)
    assert (sig.outcome, sig.count, sig.places) == ("TRACEBACK", 2, ["api:review"])


def test_workers_give_what_the_process_itself_gives() -> None:
    indices = [2, 3]  # two value-level mutants (seed 14)
    here = run_many(14, indices, jobs=0, runs=1, timeout=30)
    there = run_many(14, indices, jobs=1, runs=1, timeout=30)
    assert [r.mutant for r in here] == [r.mutant for r in there]
    outcome = [[(run.where, run.outcome) for run in r.runs] for r in here]
    assert outcome == [[(run.where, run.outcome) for run in r.runs] for r in there]


def test_an_internal_error_exit_is_placed_by_its_saved_traceback(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import click

    saved = tmp_path / "traceback.txt"
    saved.write_text(
        "Traceback (most recent call last):\n"
        '  File "/x/fyp_planning/cli/__init__.py", line 9, in show\n'
        '  File "/x/fyp_planning/units/parsing.py", line 5, in parse_quantity\n'
        "OverflowError: int too large\n"
    )

    def load(*args: Any, **kwargs: Any) -> Any:
        click.echo(f"内部错误 internal error; traceback: {saved}", err=True)
        raise SystemExit(70)

    monkeypatch.setattr(registry, "load", load)
    result, w = _clean("example", tmp_path / "plan")
    check_cli(result, w, ["show", str(w.main)], timeout=30)
    (run,) = result.runs
    assert run.outcome == "TRACEBACK"  # exit 70: the CLI caught an exception (a bug)
    assert run.signature == (
        "TRACEBACK in cli:show; OverflowError at fyp_planning/units/parsing.py:parse_quantity"
    )
