"""Run mutants through the public API and the ``fyp`` command, and classify every answer.

Each mutant is loaded with :func:`fyp_planning.load_plan` (or :func:`fyp_planning.load` for a
folder) and, when it loads, analysed (audit, progress, review, chains, 招商, report) and round
tripped (dump → load, TOML and JSON); then a few ``fyp`` commands, drawn from
:data:`COMMANDS` by the mutant's own random stream, run on it in-process through click's
:class:`~click.testing.CliRunner`. Every call has a time bound (``signal.setitimer``).

An answer is **OK** (exit 0, or 1 for ``fyp check``; JSON parses, XML parses, no injected
Mermaid statement or raw ``<script>``), **REFUSED** (exit 2, or a documented
:class:`~fyp_planning.FypError`, with a message naming the file and, for a value-level mutant,
the key path and the value) or a **failure**, one of :data:`FAILURES`.

Workers are separate processes (``spawn``) with an address-space limit, so a read of
``/dev/zero`` ends in a :class:`MemoryError` (a failure) instead of the machine's memory; a
worker that dies or stops answering is replaced and its mutant recorded as ``CRASH``/``HANG``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from fyp_planning.cli import EXIT_INTERNAL, EXIT_OUTPUT

from .corpus import SECRET
from .mutate import Mutant, Written, materialise, mutant

#: The kinds of failure, most severe first.
FAILURES = (
    "CRASH",  # the worker process died (out of memory, a signal)
    "HANG",  # no answer within the time bound
    "LEAK",  # a file outside the plan folder was read and shown
    "TRACEBACK",  # an exception other than a documented FypError escaped
    "EXIT_CODE",  # an exit status other than 0, 1 (check only) or 2
    "WRONG_ACCEPT",  # a value the plan must refuse was loaded, or an input was overwritten
    "RULE_FAILED",  # an audit rule raised instead of reporting
    "ROUNDTRIP",  # dump → load did not give the same plan back
    "BAD_OUTPUT",  # invalid JSON / XML, an injected Mermaid statement, raw <script>
    "UNNAMED",  # a refusal that does not name the file, the key path or the value
    "RAW_WARNING",  # a Python warning line on standard error
)


class Hang(BaseException):
    """Raised by the timer in the middle of a call that took too long (a BaseException, so
    that no ``except Exception`` in the library swallows it)."""


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (main thread, POSIX only)."""

    def ring(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Run:
    """One call on one mutant and how it was answered."""

    where: str  # "api:load_plan", "cli:show --format json" ...
    outcome: str  # OK, REFUSED, or one of FAILURES
    detail: str = ""
    seconds: float = 0.0
    signature: str = ""  # what makes two failures the same bug

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES


@dataclass
class Result:
    """Every run on one mutant."""

    mutant: Mutant
    runs: list[Run] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)
    #: How many commands were drawn (the draw depends on it: reproduce with the same number).
    drawn: int = 0

    @property
    def reproduce(self) -> str:
        m = self.mutant
        return f"python -m tests.fuzz --seed {m.seed} --only {m.index} --runs {self.drawn}"

    @property
    def failures(self) -> list[Run]:
        return [r for r in self.runs if r.failed]


# -- signatures -------------------------------------------------------------------------------
def _where_raised(tb: Any) -> str:
    """The innermost frame of fyp_planning in a traceback (else the innermost frame)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "fyp_planning" in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    name = frame.filename
    name = name[name.rindex("fyp_planning") :] if "fyp_planning" in name else Path(name).name
    return f"{name}:{frame.name}"


def _exception_run(where: str, exc: BaseException, tb: Any, seconds: float) -> Run:
    outcome = "CRASH" if isinstance(exc, MemoryError) else "TRACEBACK"
    text = f"{type(exc).__name__}: {str(exc)[:300]}"
    place = _where_raised(tb)
    return Run(where, outcome, text, seconds, f"{type(exc).__name__} at {place}")


def _accept_signature(m: Mutant) -> str:
    what = f"{m.hostile} at {m.key}" if m.key else m.hostile
    return f"WRONG_ACCEPT {what}"


def _leak_signature(m: Mutant) -> str:
    return f"LEAK of a file outside the plan folder via {m.hostile or m.operation}"


def _hang_run(where: str, exc: Hang, timeout: float) -> Run:
    """A hang, placed where the timer found the program (the innermost frame of ours)."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = _where_raised(exc.__traceback__)
    if not any("fyp_planning" in f.filename for f in frames):
        place = where.split()[0]  # the timer rang between calls: say which call
    return Run(where, "HANG", str(exc), timeout, f"HANG at {place}")


def _is_documented(exc: BaseException) -> bool:
    from fyp_planning import FypError

    return isinstance(exc, FypError)


# -- the API ----------------------------------------------------------------------------------
def _api_call(result: Result, where: str, call: Callable[[], Any], timeout: float) -> Any:
    """Run ``call`` bounded; record a failure for anything but a documented error."""
    start = time.perf_counter()
    try:
        with bounded(timeout):
            value = call()
    except Hang as exc:
        result.runs.append(_hang_run(where, exc, timeout))
        raise
    except Exception as exc:
        seconds = time.perf_counter() - start
        if _is_documented(exc):
            if SECRET in str(exc):
                sig = _leak_signature(result.mutant)
                result.runs.append(Run(where, "LEAK", str(exc)[:300], seconds, sig))
            else:
                result.runs.append(Run(where, "REFUSED", str(exc)[:200], seconds))
            return exc
        result.runs.append(_exception_run(where, exc, exc.__traceback__, seconds))
        return exc
    result.runs.append(Run(where, "OK", "", time.perf_counter() - start))
    return value


def _xml_ok(text: str) -> str:
    try:
        ET.fromstring(text)
    except ET.ParseError as exc:
        return f"invalid XML: {exc}"
    return ""


def _mermaid_ok(text: str) -> str:
    for line in text.splitlines():
        if re.match(r"^\s*(click|call|href)\b", line):
            return f"injected Mermaid statement: {line.strip()[:80]!r}"
    return ""


def _markdown_ok(text: str) -> str:
    if re.search(r"<script", text, re.IGNORECASE):
        return "raw <script> in Markdown"
    fences = sum(1 for line in text.splitlines() if line.lstrip().startswith("```"))
    if fences % 2:
        return f"odd number of ``` fences ({fences}): a name closed a code block"
    return _mermaid_ok(text)


def _html_ok(text: str) -> str:
    if re.search(r"<script", text, re.IGNORECASE):
        return "raw <script> in HTML"
    return ""


def _json_ok(text: str) -> str:
    try:
        json.loads(text)
    except ValueError as exc:
        return f"invalid JSON: {exc}"
    return ""


def _checked_output(result: Result, where: str, text: str, check: Callable[[str], str]) -> None:
    problem = check(text)
    if problem:
        sig = f"BAD_OUTPUT {problem.split(':')[0].split(' (')[0]} ({where.split()[0]})"
        result.runs.append(Run(where, "BAD_OUTPUT", problem, 0.0, sig))


def check_api(result: Result, w: Written, timeout: float) -> Any:
    """Load the mutant and, when it loads, analyse, render and round-trip it."""
    import fyp_planning as fp

    if w.folder_only:
        plan = _api_call(result, "api:load(folder)", lambda: fp.load(str(w.plan_dir)), timeout)
    else:
        plan = _api_call(result, "api:load_plan", lambda: fp.load_plan(w.main), timeout)
    if not isinstance(plan, fp.Plan):
        return None
    if w.must_refuse:
        m = result.mutant
        result.runs.append(
            Run(
                "api:load_plan",
                "WRONG_ACCEPT",
                f"{m.hostile} at {m.key_path} loaded",
                0.0,
                _accept_signature(m),
            )
        )
    report = _api_call(result, "api:audit", lambda: fp.audit(plan), timeout)
    if isinstance(report, fp.AuditReport) and report.failures:
        for failure in report.failures:
            text = f"rule {failure.code} failed: {failure.error}"[:300]
            sig = f"RULE_FAILED {failure.code} ({str(failure.error).split(':')[0]})"
            result.runs.append(Run("api:audit", "RULE_FAILED", text, 0.0, sig))
    _api_call(result, "api:assess", lambda: fp.assess(plan), timeout)
    if plan.predecessor is not None:  # review's precondition (documented: ValueError without)
        _api_call(result, "api:review", lambda: fp.review(plan), timeout)
    _api_call(result, "api:analyse_chains", lambda: fp.analyse_chains(plan), timeout)
    _api_call(result, "api:attraction_list", lambda: fp.attraction_list(plan), timeout)
    data = _api_call(result, "api:build_report", lambda: fp.build_report(plan), timeout)
    if isinstance(data, fp.ReportData):
        html = _api_call(result, "api:report_html", lambda: fp.report_html(data), timeout)
        if isinstance(html, str):
            _checked_output(result, "api:report_html", html, _html_ok)
        md = _api_call(result, "api:report_markdown", lambda: fp.report_markdown(data), timeout)
        if isinstance(md, str):
            _checked_output(result, "api:report_markdown", md, _markdown_ok)
    for chain in plan.chains[:1]:
        for fmt, render, check in (
            ("svg", fp.chain_to_svg, _xml_ok),
            ("graphml", fp.chain_to_graphml, _xml_ok),
            ("mermaid", fp.chain_to_mermaid, _mermaid_ok),
        ):
            where = f"api:chain_to_{fmt}"
            text = _api_call(result, where, lambda r=render, c=chain: r(plan, c), timeout)
            if isinstance(text, str):
                _checked_output(result, where, text, check)
    for fmt in ("toml", "json"):
        _round_trip(result, plan, fmt, timeout)
    return plan


def _round_trip(result: Result, plan: Any, fmt: str, timeout: float) -> None:
    import fyp_planning as fp

    where = f"api:round_trip({fmt})"
    text = _api_call(result, f"api:dumps_plan({fmt})", lambda: fp.dumps_plan(plan, fmt), timeout)
    if not isinstance(text, str):
        return
    again = _api_call(result, where, lambda: fp.loads_plan(text, fmt), timeout)
    if isinstance(again, BaseException):
        result.runs[-1].outcome = "ROUNDTRIP"  # the library refused its own output
        result.runs[-1].signature = f"ROUNDTRIP {fmt}: reload refused"
    elif again != plan:
        first = _first_difference(plan, again)
        result.runs.append(
            Run(where, "ROUNDTRIP", first, 0.0, f"ROUNDTRIP {fmt}: {first.split(':')[0]}")
        )


def _first_difference(a: Any, b: Any) -> str:
    import fyp_planning as fp

    da, db = fp.plan_to_dict(a), fp.plan_to_dict(b)
    for path, x, y in _diff(da, db, ""):
        return f"{path}: {x!r:.80} became {y!r:.80}"
    return "plans differ (same file tree)"


def _diff(x: Any, y: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y), key=str):
            yield from _diff(x.get(k), y.get(k), f"{path}.{k}" if path else str(k))
    elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for i, (p, q) in enumerate(zip(x, y, strict=True)):
            yield from _diff(p, q, f"{path}[{i}]")
    elif x != y:
        yield path, x, y


# -- the command ------------------------------------------------------------------------------
#: Command lines run on mutants: PLAN is the plan (file or folder), CHAIN a chain of it, OUT a
#: file in a missing folder, INPUT the plan file itself (an -o that must be refused).
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("show", "PLAN"),
    ("show", "PLAN", "--format", "json"),
    ("indicators", "PLAN"),
    ("indicators", "PLAN", "--format", "json"),
    ("check", "PLAN"),
    ("check", "PLAN", "--format", "json"),
    ("review", "PLAN"),
    ("review", "PLAN", "--format", "json"),
    ("progress", "PLAN"),
    ("progress", "PLAN", "--format", "json"),
    ("progress", "PLAN", "--format", "csv", "--method", "unsd"),
    ("gaps", "PLAN"),
    ("gaps", "PLAN", "--format", "json"),
    ("gaps", "PLAN", "--attraction", "--format", "json"),
    ("chains", "PLAN"),
    ("chains", "PLAN", "--format", "json"),
    ("export", "PLAN"),
    ("export", "PLAN", "--format", "toml"),
    ("export", "PLAN", "--chain", "CHAIN", "--format", "svg"),
    ("export", "PLAN", "--chain", "CHAIN", "--format", "graphml"),
    ("export", "PLAN", "--chain", "CHAIN", "--format", "mermaid"),
    ("export", "PLAN", "--chain", "CHAIN", "--format", "json"),
    ("export", "PLAN", "-o", "OUT"),
    ("report", "PLAN"),
    ("report", "PLAN", "--format", "md"),
    ("report", "PLAN", "-o", "OUT"),
    ("draft", "PLAN"),
    ("draft", "PLAN", "--format", "json"),
    ("draft", "PLAN", "-o", "OUT"),
    ("draft", "PLAN", "-o", "INPUT"),
)


def _output_check(args: list[str]) -> Callable[[str], str] | None:
    fmt = args[args.index("--format") + 1] if "--format" in args else None
    cmd = args[0]
    if fmt == "json":
        return _json_ok
    if fmt in ("svg", "graphml"):
        return _xml_ok
    if fmt == "mermaid":
        return _mermaid_ok
    if cmd == "export" and fmt is None:
        return _json_ok
    if cmd == "report":
        return _markdown_ok if fmt == "md" else _html_ok
    return None


def _command_line(spec: tuple[str, ...], w: Written, plan_arg: str, chain: str) -> list[str]:
    subs = {
        "PLAN": plan_arg,
        "CHAIN": chain,
        "OUT": str(w.plan_dir / "missing-folder" / "out.txt"),
        "INPUT": str(w.changed),
    }
    return [subs.get(a, a) for a in spec]


def check_cli(result: Result, w: Written, args: list[str], timeout: float) -> None:
    from click.testing import CliRunner

    from fyp_planning.cli import main

    where = "cli:" + " ".join(
        "PLAN" if a in (str(w.main), str(w.plan_dir)) else Path(a).name if "/" in a else a
        for a in args
    )
    before = w.changed.read_bytes() if "-o" in args and w.changed.is_file() else None
    start = time.perf_counter()
    try:
        with bounded(timeout):
            r = CliRunner().invoke(main, args, catch_exceptions=True)
    except Hang as exc:
        result.runs.append(_hang_run(where, exc, timeout))
        raise
    seconds = time.perf_counter() - start
    out, err = r.stdout, r.stderr
    cmd = args[0]
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        tb = r.exc_info[2] if r.exc_info else None
        result.runs.append(_exception_run(where, r.exception, tb, seconds))
        return
    if SECRET in out or SECRET in err:
        sig = _leak_signature(result.mutant)
        result.runs.append(Run(where, "LEAK", err[:300], seconds, sig))
        return
    if re.search(r"\.py:\d+: \w*Warning", err):
        line = next(x for x in err.splitlines() if "Warning" in x)
        result.runs.append(
            Run(where, "RAW_WARNING", line[:200], seconds, f"RAW_WARNING in cli:{cmd}")
        )
    code = r.exit_code
    if before is not None and w.changed.read_bytes() != before:
        w.changed.write_bytes(before)  # so the next commands see the mutant, not the output
        sig = f"WRONG_ACCEPT {cmd} -o overwrote its input"
        result.runs.append(Run(where, "WRONG_ACCEPT", "input overwritten", seconds, sig))
        return
    if code == 0 or (code == 1 and cmd == "check"):
        # On a folder, another file may be the main plan: a wrong accept only of the file.
        if w.must_refuse and (str(w.main) in args or w.folder_only):
            sig = _accept_signature(result.mutant)
            result.runs.append(Run(where, "WRONG_ACCEPT", f"exit {code}", seconds, sig))
            return
        check = _output_check(args)
        if check is not None and "-o" not in args:
            _checked_output(result, where, out, check)
        result.runs.append(Run(where, "OK", "", seconds))
        return
    first = (err.strip().splitlines() or [""])[0][:200]
    if code == EXIT_INTERNAL:  # the CLI caught an exception that escaped: a traceback, saved
        sig = f"TRACEBACK in cli:{cmd}{_saved_traceback(err)}"
        result.runs.append(Run(where, "TRACEBACK", first, seconds, sig))
        return
    if code == EXIT_OUTPUT and "-o" in args:  # an output refused (docs/cli.rst, exit codes)
        result.runs.append(Run(where, "REFUSED", first, seconds))
        return
    if code != 2:
        sig = f"EXIT_CODE {code} ({cmd}{_saved_traceback(err)})"
        result.runs.append(Run(where, "EXIT_CODE", f"exit {code}: {first}", seconds, sig))
        return
    result.runs.append(_refusal(result.mutant, w, where, err, seconds))


def _saved_traceback(err: str) -> str:
    """``; at FILE:FUNCTION`` from a traceback the command saved and named, if it did."""
    for word in re.findall(r"(/\S+)", err):
        path = Path(word.rstrip(".,;:)）"))
        try:
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        except OSError:
            continue
        frames = re.findall(r'File "([^"]+)", line \d+, in (\w+)', text)
        ours = [f for f in frames if "fyp_planning" in f[0]] or frames
        if "Traceback" in text and ours:
            name, func = ours[-1]
            name = name[name.rindex("fyp_planning") :] if "fyp_planning" in name else name
            last = text.strip().splitlines()[-1].split(":")[0]
            return f"; {last} at {name}:{func}"
    return ""


def _refusal(m: Mutant, w: Written, where: str, err: str, seconds: float) -> Run:
    """A refusal (exit 2): does its message name the file, the key path and the value?"""
    if re.search(r"rule \w+ failed", err):
        line = next(x for x in err.splitlines() if "failed" in x)
        code = re.search(r"rule (\w+) failed on [^:]*: (\w+)", line)
        sig = f"RULE_FAILED {code[1]} ({code[2]})" if code else "RULE_FAILED ?"
        return Run(where, "RULE_FAILED", line[:300], seconds, sig)
    if "-o" in where and ("missing-folder" in err or "out.txt" in err):
        return Run(where, "REFUSED", err[:200], seconds)  # the output file, named
    if "cannot tell which plan is the main one" in err:  # a folder of two plans: it says so
        return Run(where, "REFUSED", err[:200], seconds)
    if "--chain" in where and "chain" in err.lower() and w.names_file not in err:
        return Run(where, "REFUSED", err[:200], seconds)  # the chain is gone: a usage error
    missing = []
    if w.names_file not in err:
        missing.append(f"file {w.names_file}")
    # A file the parser refuses (too deep, not TOML) is located by its line instead.
    located = any(p in err for p in w.names_path) or re.search(r"\bline \d+", err)
    if w.names_path and not located:
        missing.append(f"key path {w.names_path[0]}")
    if w.names_value and not any(v in err for v in w.names_value):
        missing.append(f"value {w.names_value[0]!r}")
    if missing:
        detail = f"refusal does not name {', '.join(missing)}: {err.strip()[:300]}"
        kind = "value" if missing[0].startswith("value") else missing[0].split()[0]
        sig = f"UNNAMED {kind}: {_gist(err)}"
        return Run(where, "UNNAMED", detail, seconds, sig)
    return Run(where, "REFUSED", err[:200], seconds)


def _gist(err: str) -> str:
    """The words of a refusal without its paths, values and ids (what makes two the same)."""
    lines = [x.strip() for x in err.strip().splitlines() if x.strip()]
    problem = next((x[2:] for x in lines if x.startswith("- ")), lines[0] if lines else "")
    problem = re.sub(r"^.*?error: ", "", problem)
    if ": " in problem and not problem.startswith("/"):
        problem = problem.split(": ", 1)[1] if " " not in problem.split(": ", 1)[0] else problem
    problem = re.sub(r"/\S+", "PATH", problem.split(";")[0])
    problem = re.sub(r"\b\w*_\w*\b|\d+", "X", problem)
    return " ".join(problem.split()[:8])


# -- one mutant -------------------------------------------------------------------------------
def run_mutant(seed: int, index: int, runs: int, timeout: float, keep: Path | None) -> Result:
    """Write mutant ``(seed, index)`` to a temporary folder, run it, classify every answer.

    A failing mutant is written again under ``keep/mutant-INDEX`` with ``repro.txt``.
    """
    m = mutant(seed, index)
    result = Result(m, drawn=runs)
    rng = random.Random(f"{seed}:{index}:commands")
    with tempfile.TemporaryDirectory(prefix="fyp-fuzz-") as tmp:
        w = materialise(m, Path(tmp))
        plan = None
        try:
            plan = check_api(result, w, timeout)
        except Hang:
            pass  # recorded; the commands would hang the same way on load
        else:
            chain = plan.chains[0].id if plan is not None and plan.chains else "food"
            specs = rng.sample(COMMANDS, min(runs, len(COMMANDS)))
            for spec in specs:
                use_folder = w.folder_only or rng.random() < 0.3
                plan_arg = str(w.plan_dir) if use_folder else str(w.main)
                args = _command_line(spec, w, plan_arg, chain)
                result.commands.append(args)
                try:
                    check_cli(result, w, args, timeout)
                except Hang:
                    break
        if result.failures and keep is not None:
            _keep(result, keep)
    return result


def _keep(result: Result, keep: Path) -> None:
    m = result.mutant
    folder = keep / f"mutant-{m.index:05d}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    w = materialise(m, folder)
    lines = [
        f"# {m.describe()}",
        f"# reproduce: {result.reproduce}",
        "",
    ]
    for run in result.failures:
        lines.append(f"{run.outcome}  {run.where}  {run.signature}")
        lines.append(f"    {run.detail}")
    lines.append("")
    lines.append("# commands (PLAN = the folder or the main file below):")
    lines.append(f"# main file: {w.main}")
    for args in result.commands:
        lines.append("fyp " + " ".join(_shell(a) for a in args))
    (folder / "repro.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _shell(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./=:%-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


# -- many mutants, in worker processes -------------------------------------------------------
def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker(conn: Connection, runs: int, timeout: float, keep: str | None, memory: int) -> None:
    _limit_memory(memory)
    import warnings

    warnings.simplefilter("default")
    import fyp_planning  # noqa: F401  (import once, before the first mutant's clock starts)

    while True:
        task = conn.recv()
        if task is None:
            return
        seed, index = task
        try:
            result = run_mutant(seed, index, runs, timeout, Path(keep) if keep else None)
        except BaseException as exc:  # the harness itself: report, never lose the mutant
            result = Result(mutant(seed, index))
            result.runs.append(
                Run("harness", "CRASH", f"{type(exc).__name__}: {exc}", 0.0, "CRASH in harness")
            )
        conn.send(result)


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, int] | None = None
    since: float = 0.0


def run_many(
    seed: int,
    indices: list[int],
    *,
    jobs: int = 2,
    runs: int = 3,
    timeout: float = 10.0,
    keep: Path | None = None,
    memory_mb: int = 3000,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run mutants ``(seed, i)`` for ``i`` in ``indices`` on ``jobs`` worker processes.

    ``jobs=0`` runs them in this process (no memory limit; for debugging one mutant).
    Results come back in ``indices`` order.
    """
    if jobs == 0:
        out = []
        for i in indices:
            r = run_mutant(seed, i, runs, timeout, keep)
            if progress:
                progress(r)
            out.append(r)
        return out
    ctx = multiprocessing.get_context("spawn")
    # A mutant makes at most `runs` commands and ~15 API calls, each bounded; a worker that
    # has not answered by then is stuck where the timer cannot reach (C code): kill it.
    hard_limit = (runs + 20) * timeout + 30
    todo = list(indices)[::-1]
    done: dict[int, Result] = {}

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        p = ctx.Process(
            target=_worker,
            args=(child, runs, timeout, str(keep) if keep else None, memory_mb),
            daemon=True,
        )
        p.start()
        child.close()
        return _Slot(p, parent)

    def feed(slot: _Slot) -> None:
        if todo:
            slot.task = (seed, todo.pop())
            slot.since = time.monotonic()
            slot.conn.send(slot.task)
        else:
            slot.task = None

    def lost(slot: _Slot, outcome: str, why: str) -> _Slot:
        assert slot.task is not None
        r = Result(mutant(*slot.task))
        r.runs.append(Run("worker", outcome, why, 0.0, f"{outcome} of the worker process"))
        done[slot.task[1]] = r
        if progress:
            progress(r)
        if slot.process.is_alive():
            os.kill(slot.process.pid, signal.SIGKILL)  # the worker this run started
        slot.process.join()
        fresh = start()
        feed(fresh)
        return fresh

    slots = [start() for _ in range(max(1, min(jobs, len(indices))))]
    for slot in slots:
        feed(slot)
    try:
        while any(s.task is not None for s in slots):
            busy = [s for s in slots if s.task is not None]
            ready = wait([s.conn for s in busy], timeout=1.0)
            for i, slot in enumerate(slots):
                if slot.task is None:
                    continue
                if slot.conn in ready:
                    try:
                        r = slot.conn.recv()
                    except (EOFError, OSError):
                        code = slot.process.exitcode
                        slots[i] = lost(slot, "CRASH", f"worker died (exit {code})")
                        continue
                    done[slot.task[1]] = r
                    if progress:
                        progress(r)
                    feed(slot)
                elif time.monotonic() - slot.since > hard_limit:
                    slots[i] = lost(slot, "HANG", f"no answer in {hard_limit:g} s; killed")
    finally:
        for slot in slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                slot.conn.send(None)
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                os.kill(slot.process.pid, signal.SIGKILL)
                slot.process.join()
    return [done[i] for i in indices]


# -- the summary ------------------------------------------------------------------------------
@dataclass
class Signature:
    outcome: str
    signature: str
    count: int
    example: Result
    run: Run
    places: list[str] = field(default_factory=list)  # the API calls and commands it hit


def signatures(results: list[Result]) -> list[Signature]:
    """Distinct failures (by signature), most severe first, each with its first mutant."""
    seen: dict[tuple[str, str], Signature] = {}
    for r in results:
        for run in r.failures:
            key = (run.outcome, run.signature)
            if key in seen:
                seen[key].count += 1
            else:
                seen[key] = Signature(run.outcome, run.signature, 1, r, run)
            place = run.where.split()[0]
            if place not in seen[key].places:
                seen[key].places.append(place)
    return sorted(seen.values(), key=lambda s: (FAILURES.index(s.outcome), s.signature))


def summary(results: list[Result]) -> str:
    """A table of outcomes, then one line per distinct failure with its reproducer."""
    counts: dict[str, int] = {}
    for r in results:
        for run in r.runs:
            counts[run.outcome] = counts.get(run.outcome, 0) + 1
    n_runs = sum(counts.values())
    cli = sum(1 for r in results for run in r.runs if run.where.startswith("cli:"))
    lines = [
        f"{len(results)} mutants, {n_runs} runs ({cli} CLI), "
        f"{sum(1 for r in results if r.failures)} mutants with failures",
        "",
        f"{'outcome':<14}{'runs':>8}",
    ]
    for outcome in ("OK", "REFUSED", *FAILURES):
        if counts.get(outcome):
            lines.append(f"{outcome:<14}{counts[outcome]:>8}")
    sigs = signatures(results)
    if sigs:
        lines += ["", f"{len(sigs)} distinct failures:"]
        for s in sigs:
            m = s.example.mutant
            lines.append(f"- [{s.outcome}] {s.signature}  ×{s.count}  in {', '.join(s.places)}")
            lines.append(f"    e.g. {m.describe()}: {s.run.where}")
            lines.append(f"    {s.run.detail[:240]}")
            lines.append(f"    {s.example.reproduce}")
    return "\n".join(lines)


def main_module_path() -> str:  # for messages: how to run the fuzzer
    return f"{sys.executable} -m tests.fuzz"
