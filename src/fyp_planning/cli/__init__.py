"""The ``fyp`` command: a thin layer over the library (click).

May import: _version, catalog, chains, checks, errors, evaluation, extract, files, growth, io, model, registry, render, text, units.
The top layer: every other layer, and nothing imports it (but ``python -m``).

Heavy imports (pint, the model) happen inside commands, so ``fyp --help`` stays light.
Every command that prints data takes ``--format json`` for machine use. Every ``-o`` file is
written by ``_write_output`` (atomically, never over a file the command read), and every exit
status is decided in one place, ``_Fyp.main`` (they are ``EXIT_CODES``, explained in
docs/cli.rst).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from ..chains import AttractionList
    from ..checks import AuditReport
    from ..evaluation.table import ObservationTable
    from ..model.observation import Observation
    from ..model.plan import Plan
    from ..text import Message

__all__ = ["main"]

# The exit statuses beyond 0, 1 (fyp check found an error) and 2 (usage or bad input); each is
# explained in docs/cli.rst, whose table a test holds to EXIT_CODES. They follow BSD's
# sysexits.h (70 EX_SOFTWARE, 73 EX_CANTCREAT) and the shell's 128 + signal (SIGINT, SIGPIPE).
EXIT_INTERNAL = 70  # an exception no command expected: a bug; the traceback is saved
EXIT_OUTPUT = 73  # an output cannot be written, or would replace a file the command read
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_PIPE = 141  # standard output's reader left (| head)
EXIT_TERMINATED = 143  # SIGTERM (kill, timeout): ended as Ctrl-C is, a temporary file removed
#: Every exit status of ``fyp``.
EXIT_CODES = (0, 1, 2, EXIT_INTERNAL, EXIT_OUTPUT, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED)

_F = TypeVar("_F", bound=Callable[..., Any])  # a command function, for typed decorators

_PLAN_HELP = "PLAN is a plugin name (e.g. dongkou), a folder of plan files, or a plan file."


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(2)


def _said(message: Message) -> str:
    """A catalogue sentence on one line, Chinese first and English in brackets."""
    return f"{message.zh} ({message.en})"


def _label(message: Message) -> str:
    """A catalogue label as the command's labels read: ``已中断 interrupted``."""
    return f"{message.zh} {message.en}"


def _write_output(
    path: str,
    data: str | bytes | Callable[[Path], None],
    *,
    inputs: Iterable[str | Path] = (),
) -> None:
    """Write a command's ``-o`` file: every command's output file is written here.

    ``data`` is the text or bytes, or a function writing the file at the path it is given.
    It goes to a temporary file beside ``path``, renamed over it when complete
    (:func:`fyp_planning.files.replacing`): an interrupted or failed write leaves the old file
    as it was and no fragment. ``inputs``, and every file the command read, are never
    written over. A file that cannot be written exits with :data:`EXIT_OUTPUT` and one line
    saying why.
    """
    from ..errors import WriteError
    from ..files import FileRefused, replacing, write_atomic

    try:
        if callable(data):
            with replacing(path, inputs=inputs) as tmp:
                data(tmp)
        else:
            write_atomic(path, data, inputs=inputs)
    except (FileRefused, WriteError) as exc:
        said = exc.message
        click.echo(f"错误 error: {said if isinstance(said, str) else _said(said)}", err=True)
        sys.exit(EXIT_OUTPUT)


def _given_files(*paths: str | None) -> list[str]:
    """Those of ``paths`` that name files (a plan given as a file, an observations CSV)."""
    return [p for p in paths if p is not None and os.path.isfile(p)]


_output_option = click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE (default: standard output). FILE is replaced whole or not at all, and "
    "never when it is a file the command reads.",
)


class _PipeClosed(Exception):
    """Standard output's reader left (``EPIPE``); raised past click, which would exit 1."""


class _Fyp(click.Group):
    """The ``fyp`` group; its :meth:`main` decides every exit status (``EXIT_CODES``)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a broken pipe goes on to :meth:`main` (click's own handling
        would end it with status 1, which ``fyp check`` uses for findings)."""
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise _PipeClosed() from exc
            raise

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run a command, as click does, and turn whatever ends it into an exit status.

        A command's own exit (``sys.exit``) and click's usage errors keep their status. Ctrl-C
        exits 130; a documented error of the library (bad input no command caught) 2; standard
        output closed by its reader 141, and failing to write it 73; any other exception is a
        bug: one line on standard error with the path of the saved traceback, exit 70 (never
        1, which ``fyp check`` uses for findings). Standard output gets nothing more, so
        ``--format json`` stays valid JSON or empty. Every file the command reads is recorded,
        and no ``-o`` may write over one (:func:`fyp_planning.files.recording_reads`).
        """
        if not standalone_mode:
            return super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        from ..files import recording_reads

        code: int | str | None
        try:
            with recording_reads(), _terminated_as_exit():
                try:
                    done = super().main(
                        args,
                        prog_name,
                        complete_var,
                        False,
                        windows_expand_args=windows_expand_args,
                        **extra,
                    )
                    code = done if isinstance(done, int) else 0
                except SystemExit as exc:  # a command's own status (fyp check, _fail)
                    code = exc.code
                _flush_stdout()
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except _PipeClosed:  # the reader left (| head): nothing more to say
            _silence_stdout()
            code = EXIT_PIPE
        except (click.Abort, KeyboardInterrupt):
            from ..text import Message

            code = _ended(_label(Message("cli.interrupted")), EXIT_INTERRUPTED)
        except Exception as exc:  # the one place every other exception ends
            code = _failed(exc, ["fyp", *(sys.argv[1:] if args is None else args)])
        sys.exit(code)


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """Inside the block, SIGTERM (``kill``, ``timeout``) ends the command as an exception
    does, so that a half-written output's temporary file is removed (Python's default dies
    on the spot); outside the main thread, where no handler can be set, nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(EXIT_TERMINATED)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ended(line: str, code: int) -> int:
    """Say ``line`` on standard error (the command's last words); return ``code``."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(line, err=True)
    return code


def _failed(exc: Exception, command: list[str]) -> int:
    """The exit status (and the one line on standard error) of an exception no command caught."""
    from ..errors import FypError, WriteError
    from ..files import FileRefused
    from ..text import Message

    if isinstance(exc, FypError):  # bad input, as every command reports it; or no output
        return _ended(f"错误 error: {exc}", EXIT_OUTPUT if isinstance(exc, WriteError) else 2)
    if isinstance(exc, FileRefused):  # a file refused on reading: bad input too
        return _ended(f"错误 error: {_said(exc.message)}", 2)
    if isinstance(exc, OSError) and _from_output(exc):
        _silence_stdout()
        if exc.errno == errno.EPIPE:  # the last flush, after the reader left
            return EXIT_PIPE
        said = _label(Message("cli.cannot_write_stdout"))
        return _ended(f"错误 error: {said}: {exc.strerror or exc}", EXIT_OUTPUT)
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    error = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    line = f"{_label(Message('cli.internal_error'))}: {error}; "
    saved = _save_traceback(exc, command)
    if saved is None:
        line += _label(Message("cli.traceback_unsaved"))
    else:
        line += f"{_label(Message('cli.traceback_saved'))} {saved}"
    return _ended(line, EXIT_INTERNAL)


def _flush_stdout() -> None:
    sys.stdout.flush()


def _from_output(exc: OSError) -> bool:
    """Whether the error came from writing standard output (in ``click.echo``, or the last
    flush), rather than from a file or a bug."""
    import traceback

    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    if not frames:
        return False
    last = frames[-1]  # click writes nothing but a command's output and messages
    module = str(last.f_globals.get("__name__", ""))
    return module.split(".")[0] == "click" or last.f_code is _flush_stdout.__code__


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)


def _traceback_folders() -> list[Path]:
    """Where a traceback is saved: the user's cache folder, else the temporary folder."""
    import tempfile

    folders = []
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder
        base = os.environ.get("XDG_CACHE_HOME") or (
            os.environ["LOCALAPPDATA"] if os.name == "nt" else str(Path.home() / ".cache")
        )
        folders.append(Path(base) / "fyp-planning" / "tracebacks")
    folders.append(Path(tempfile.gettempdir()))
    return folders


def _save_traceback(exc: BaseException, command: list[str]) -> Path | None:
    """Save the traceback of ``exc`` (with the version and the command) to a new file."""
    import platform
    import shlex
    import tempfile
    import traceback

    from .._version import __version__

    text = (
        f"fyp-planning {__version__}, Python {platform.python_version()} on {platform.platform()}\n"
        f"command: {shlex.join(command)}\n\n" + "".join(traceback.format_exception(exc))
    )
    for folder in _traceback_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix="fyp-traceback-", suffix=".txt", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError:
            continue
        return Path(name)
    return None


def _load(target: str) -> Plan:
    """A plan by plugin name, folder or file; load errors exit with status 2."""
    from ..errors import FypError
    from ..registry import PluginWarning, load

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PluginWarning)
            return load(target)
    except FypError as exc:
        _fail(f"错误 error: {exc}")


def _plugin_rules(target: str) -> tuple[Any, ...]:
    """The extra audit rules of the plugin ``target`` names (a plan file or a folder: none).

    Looks at no plugin for a plan file; plugin problems never print a raw warning here.
    """
    import os.path

    from ..errors import FypError
    from ..registry import PluginWarning, get_plugin

    if os.path.isfile(target):
        return ()
    with warnings.catch_warnings(), contextlib.suppress(FypError, OSError):
        warnings.simplefilter("ignore", PluginWarning)
        return get_plugin(target).rules
    return ()


def _extra_observations(path: str | None, plan: Plan) -> tuple[Observation, ...]:
    """The rows of an observations CSV checked against the plan; any problem exits with 2."""
    from ..errors import FypError
    from ..io import load_observations

    if path is None:
        return ()
    try:
        return load_observations(path, plan)
    except FypError as exc:
        _fail(f"错误 error: {exc}")


def _observation_rows(path: str | None, plan: Plan) -> ObservationTable | None:
    """The plan's rows of an observations CSV as columns (by the reader of ``fyp batch``;
    rows of other plans skipped as read), checked against the plan; problems exit with 2."""
    from ..errors import FypError
    from ..io.observation_table import read_one_plan_table

    if path is None:
        return None
    try:
        return read_one_plan_table(path, plan)
    except FypError as exc:
        _fail(f"错误 error: {exc}")


def _indicator_rows(plan: Plan) -> list[dict[str, Any]]:
    from ..evaluation import baseline_of
    from ..model.composition import format_value
    from ..units import format_unit

    rows = []
    for ind in plan.indicators:
        found = baseline_of(plan, ind)
        base = found.observation if found else None
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "unit": format_unit(ind.unit),
                "category": ind.category,
                "kind": ind.kind.value if ind.kind else None,
                "kind_label": ind.kind_label,
                "kind_source": ind.kind_source,
                "standard": ind.standard,
                "direction": ind.direction.value,
                "baseline": format_value(base.value) if base else None,
                "baseline_source": base.source if base else None,
                "baseline_origin": found.origin if found else None,
                "targets": [
                    {"kind": t.kind, "year": t.year, "text": t.describe(), "source": t.source}
                    for t in plan.targets_for(ind.id)
                ],
                "source": ind.source,
            }
        )
    return rows


def _baseline_text(row: dict[str, Any]) -> str:
    """The baseline cell: ``138家``, or ``138家（十三五规划）`` when taken from the predecessor."""
    if row["baseline"] is None:
        return "—"
    origin = row["baseline_origin"]
    return f"{row['baseline']}（{origin}）" if origin else str(row["baseline"])


def _targets_text(row: dict[str, Any]) -> str:
    return "；".join(f"{t['text']}（{t['year']}年）" for t in row["targets"]) or "—"


def _format_option(*choices: str, default: str | None = None) -> Callable[[_F], _F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


_as_of_option = click.option(
    "--as-of", "as_of", type=int, help="Use observations of this year or before."
)
_method_option = click.option(
    "--method",
    type=click.Choice(["county", "opensdg", "unsd"]),
    default="county",
    show_default=True,
    help="Progress method: county = 县域进展测度 (Open SDG's ratio of rates with documented "
    "departures: linear rates for shares and counts, binding and target-year caps); "
    "opensdg = exactly sdg-build's ProgressMeasure (status and score −5…5); "
    "unsd = UNSD projection.",
)


def _echo_evaluated(method: str, as_of: int | None, observations: str | None, rows: int) -> None:
    """The lines under a progress table's title: method, as of when, observations file."""
    when = f"截至{as_of}年" if as_of is not None else "最新数据"
    click.echo(f"方法 method: {method}    {when}")
    if observations is not None:
        click.echo(f"观测数据 observations: {observations}（{rows}条 rows）")
    click.echo("")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Fyp, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fyp-planning")
def main() -> None:
    """fyp — 县级五年规划工具 (tools for Chinese county five-year plans)."""


@main.command(name="list")
@_format_option("text", "json")
def list_(fmt: str) -> None:
    """Installed plugins, and those skipped with the reason (已安装的插件).

    A name that several installed plugins share is listed as distribution:name for each, the
    text that picks one (fyp show fyp-planning-dongkou:dongkou). What a plugin printed while
    being imported is kept off standard output and reported on standard error.
    """
    from ..registry import PluginWarning, plugin_issues, plugin_notices, plugins
    from ..render.table import text_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)  # shown below, in words
        found = plugins()
        issues = plugin_issues()
        notices = plugin_notices()
    rows = [
        {
            "name": p.name,
            "address": address,
            "display_name": p.display_name,
            "distribution": p.distribution,
            "version": p.version,
            "main": p.main,
        }
        for address, p in found.items()
    ]
    if fmt == "json":
        _echo_json(
            {
                "plugins": rows,
                "skipped": [
                    {
                        "entry_point": i.entry_point,
                        "distribution": i.distribution,
                        "reason": i.reason.en,
                        "output": i.output,
                    }
                    for i in issues
                    if i.skipped
                ],
                "printed": [
                    {
                        "entry_point": i.entry_point,
                        "distribution": i.distribution,
                        "output": i.output,
                    }
                    for i in issues
                    if not i.skipped
                ],
            }
        )
    elif rows:
        headers = ["名称 name", "规划 plan", "发行包 distribution", "版本 version", "主文件 main"]
        table = [
            [
                address,
                p.display_name,
                p.distribution or "（已注册 registered）",
                p.version or "",
                p.main,
            ]
            for address, p in found.items()
        ]
        click.echo(text_table(headers, table))
    else:
        click.echo("没有已安装的插件 (no plugins installed)")
    for notice in notices:
        click.echo(f"提示 notice: {notice.en}", err=True)
    for issue in issues:
        click.echo(f"{'警告 warning' if issue.skipped else '提示 notice'}: {issue}", err=True)


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_format_option("text", "json")
def show(plan: str, fmt: str) -> None:
    """Summarise a plan: period, counts, and the indicator table (规划概览)."""
    from ..render.table import text_table

    loaded = _load(plan)
    counts = {
        "indicators": len(loaded.indicators),
        "observations": len(loaded.observations),
        "targets": len(loaded.targets),
        "statements": len(loaded.statements),
        "enterprises": len(loaded.enterprises),
        "parks": len(loaded.parks),
        "projects": len(loaded.projects),
        "chains": len(loaded.chains),
    }
    rows = _indicator_rows(loaded)
    if fmt == "json":
        _echo_json(
            {
                "id": loaded.id,
                "region": loaded.region,
                "title": loaded.title,
                "period": [loaded.start_year, loaded.end_year],
                "base_year": loaded.base_year,
                "issuer": loaded.issuer,
                "counts": counts,
                "predecessor": loaded.predecessor.id if loaded.predecessor else None,
                "indicators": rows,
            }
        )
        return
    click.echo(loaded.title)
    click.echo(
        f"地区 region: {loaded.region}    规划期 period: {loaded.start_year}–{loaded.end_year}"
        f"    基期 base year: {loaded.base_year}"
    )
    if loaded.issuer:
        click.echo(f"编制单位 issuer: {loaded.issuer}")
    if loaded.predecessor:
        pred = loaded.predecessor
        click.echo(f"上一期规划 predecessor: {pred.title}（{pred.start_year}–{pred.end_year}）")
    c = counts
    click.echo(
        f"指标 {c['indicators']} · 观测值 {c['observations']} · 目标 {c['targets']} · "
        f"文中推算 {c['statements']} · 企业 {c['enterprises']} · 园区 {c['parks']} · "
        f"项目 {c['projects']} · 产业链 {c['chains']}"
    )
    click.echo("")
    headers = ["编号 id", "指标", "单位", "类别", "属性", f"{loaded.base_year}年", "目标"]
    table = [
        [
            r["id"],
            r["name"],
            r["unit"],
            r["category"] or "",
            r["kind_label"],
            _baseline_text(r),
            _targets_text(r),
        ]
        for r in rows
    ]
    click.echo(text_table(headers, table, right=[5]))


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_format_option("text", "json")
def indicators(plan: str, fmt: str) -> None:
    """The indicator table: unit, baseline, targets, kind and source (指标表)."""
    from ..render.table import text_table

    loaded = _load(plan)
    rows = _indicator_rows(loaded)
    if fmt == "json":
        _echo_json({"plan": loaded.id, "base_year": loaded.base_year, "indicators": rows})
        return
    headers = ["编号 id", "指标", "单位", f"{loaded.base_year}年基期值", "目标", "属性", "来源"]
    table = [
        [
            r["id"],
            r["name"],
            r["unit"],
            _baseline_text(r),
            _targets_text(r),
            r["kind_label"],
            r["source"] or r["baseline_source"] or "—",
        ]
        for r in rows
    ]
    click.echo(text_table(headers, table, right=[3]))


@main.command(
    epilog=_PLAN_HELP + " CHAIN (with --chain) is a chain id or Chinese name.",
)
@click.argument("plan")
@click.option(
    "--chain",
    "chain",
    metavar="CHAIN",
    help="Export this chain's graph instead of the plan: json (node-link), graphml, mermaid "
    "or svg.",
)
@_format_option("json", "toml", "graphml", "mermaid", "svg")
@_output_option
def export(plan: str, chain: str | None, fmt: str, output: str | None) -> None:
    """Export a plan as JSON or TOML, in the plan-file shape; or a chain (导出规划/产业链).

    With --chain CHAIN, exports that chain's graph laid with local firms: --format json gives
    networkx node-link JSON, graphml GraphML, mermaid a Mermaid flowchart and svg a standalone
    SVG map. graphml, mermaid and svg need --chain; toml is for plans only (exit 2 otherwise).
    """
    loaded = _load(plan)
    if chain is None:
        if fmt not in ("json", "toml"):
            raise click.UsageError(
                f"--format {fmt} needs --chain CHAIN (a plan exports as json or toml)"
            )
        from ..io import dumps_plan

        text = dumps_plan(loaded, fmt)
    else:
        if fmt == "toml":
            raise click.UsageError("--chain exports as json, graphml, mermaid or svg, not toml")
        from ..render import chains as render

        picked = _pick_chain(loaded, chain)
        if fmt == "json":
            text = (
                json.dumps(render.chain_to_node_link(loaded, picked), ensure_ascii=False, indent=2)
                + "\n"
            )
        else:
            text = {
                "graphml": render.chain_to_graphml,
                "mermaid": render.chain_to_mermaid,
                "svg": render.chain_to_svg,
            }[fmt](loaded, picked)
    if output:
        _write_output(output, text, inputs=_given_files(plan))
    else:
        click.echo(text, nl=False)


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_format_option("text", "json")
def review(plan: str, fmt: str) -> None:
    """Review the previous plan: targets against actuals, achieved or not, the gap (执行情况).

    Reviews PLAN's predecessor when it has one, else PLAN itself. A missed target shows its
    shortfall (差), a beaten one its excess (超额); differences of shares are in 百分点. A
    verdict resting on an estimate (预计) or a part-year figure is labelled and explained
    under the table.
    """
    from ..evaluation import review as review_plan
    from ..evaluation.review import REVIEW_COLUMNS
    from ..render.table import text_table

    loaded = _load(plan)
    reviewed = loaded.predecessor or loaded
    rows = _run(lambda: review_plan(reviewed, of_predecessor=False))
    if fmt == "json":
        _echo_json(
            {
                "plan": reviewed.id,
                "title": reviewed.title,
                "period": [reviewed.start_year, reviewed.end_year],
                "base_year": reviewed.base_year,
                "rows": [r.to_dict() for r in rows],
            }
        )
        return
    click.echo(f"{reviewed.title}（{reviewed.start_year}–{reviewed.end_year}）")
    click.echo("目标完成情况 targets against actuals")
    click.echo("")
    click.echo(text_table(list(REVIEW_COLUMNS), [r.cells() for r in rows], right=[1, 5]))
    notes = [(r.name, r.note) for r in rows if r.note]
    if notes:
        click.echo("")
        click.echo("注 notes:")
        for name, note in notes:
            click.echo(f"  {name}：{note}。")


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_as_of_option
@_method_option
@click.option(
    "--observations",
    "observations",
    metavar="FILE",
    help="A CSV of later observations (indicator,period,value,unit,status,source) to use "
    "besides the plan's own; with a plan column (a file of many plans, as for fyp batch) the "
    "rows of other plans are skipped.",
)
@_format_option("text", "json", "csv")
def progress(plan: str, as_of: int | None, method: str, observations: str | None, fmt: str) -> None:
    """Progress towards every target, with the reason for each verdict (进展评估).

    With --observations FILE, the rows of FILE (checked against PLAN: its indicator ids, their
    units) are used besides the plan's own observations; any problem in FILE exits with 2.
    FILE is read as fyp batch reads it, into columns: a national file of millions of rows takes
    no more time or memory than the batch of every county in it.
    """
    import csv
    import io

    from ..evaluation import assess
    from ..evaluation.assessment import PROGRESS_COLUMNS
    from ..evaluation.methods import METHODS
    from ..render.table import text_table
    from ..text import Message

    loaded = _load(plan)
    extra = _observation_rows(observations, loaded)
    chosen = METHODS[method]()
    results = _run(lambda: assess(loaded, as_of=as_of, observations=extra, method=chosen))
    if fmt == "json":
        _echo_json(
            {
                "plan": loaded.id,
                "method": method,
                "as_of": as_of,
                "observations": observations,
                "assessments": [a.to_dict() for a in results],
            }
        )
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = ["indicator", "target", "baseline", "latest", "required_rate", "actual_rate"]
        writer.writerow([*columns, "ratio", "verdict", "explanation"])
        for a in results:
            d = a.to_dict()
            tgt = d["target"]
            writer.writerow(
                [
                    a.indicator,
                    f"{tgt['text']}（{tgt['year']}年）" if tgt else "",
                    d["baseline_value"] or "",
                    d["latest_value"] or "",
                    d["required_rate"] or "",
                    d["actual_rate"] or "",
                    "" if a.ratio is None else repr(a.ratio),
                    a.verdict.value,
                    d["explanation"],
                ]
            )
        click.echo(out.getvalue(), nl=False)
        return
    names = {ind.id: ind.name for ind in loaded.indicators}
    click.echo(f"{loaded.title} 进展评估 progress")
    _echo_evaluated(chosen.label, as_of, observations, 0 if extra is None else len(extra))
    headers = ["指标", *PROGRESS_COLUMNS]
    table = [[names[a.indicator], *a.cells()] for a in results]
    click.echo(text_table(headers, table, right=[2, 3]))
    structures = "、".join(ind.name for ind in loaded.indicators if ind.parts)
    if structures:
        click.echo("\n" + _label(Message("cli.progress.structures", names=structures)))
    aggregate = getattr(chosen, "aggregate", None)
    if aggregate is not None:  # a method with scores (opensdg): their mean, as sdg-build's
        score, verdict = aggregate(results)
        if score is not None:
            said = Message("cli.progress.mean_score", score=f"{score:.2f}", verdict=verdict.text)
            click.echo("\n" + _label(said))


def _run(call: Any) -> Any:
    """Run an evaluation; errors about the data (units that do not convert) exit with 2."""
    from ..errors import FypError

    try:
        return call()
    except FypError as exc:
        _fail(f"错误 error: {exc}")


_DRAFT_OPTIONS = {"rates": "--rate", "targets": "--target", "base_values": "--base"}


def _assignments(option: str, values: tuple[str, ...], plan: Plan) -> dict[str, Any]:
    """``ID=QUANTITY`` option values as a dict of quantities; bad ones exit with 2.

    A trailing ``/年`` (per year) is accepted and dropped: linear changes are per year anyway.
    """
    from ..errors import QuantityParseError
    from ..units import parse_quantity

    known = {ind.id for ind in plan.indicators}
    out: dict[str, Any] = {}
    for text in values:
        key, sep, raw = text.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key or not raw:
            _fail(f"错误 error: {option} {text!r}: expected INDICATOR=QUANTITY, e.g. output=8%")
        if key not in known:
            _fail(
                f"错误 error: {option} {text!r}: unknown indicator {key!r} "
                f"(known: {', '.join(sorted(known))})"
            )
        if key in out:
            _fail(f"错误 error: {option} {text!r}: {key} given twice")
        try:
            out[key] = parse_quantity(raw.removesuffix("/年").removeprefix("每年"))
        except QuantityParseError as exc:
            _fail(f"错误 error: {option} {text!r}: {exc}")
    return out


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@click.option("--from-year", "start_year", type=int, help="First year (default: after PLAN).")
@click.option("--to", "end_year", type=int, help="Last year (default: four years later).")
@click.option(
    "--rate",
    "rates",
    multiple=True,
    metavar="ID=RATE",
    help="Annual rate for an indicator: 8% (compound), 3个 or 0.5百分点 a year (linear). "
    "Repeatable.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="ID=LEVEL",
    help="Target level at the end year (450亿元); the implied rate is derived. Repeatable.",
)
@click.option(
    "--base",
    "bases",
    multiple=True,
    metavar="ID=VALUE",
    help="Base-year value (an estimate), instead of PLAN's latest observation. Repeatable.",
)
@click.option(
    "--default-rate",
    "default_rate",
    metavar="RATE",
    help="Rate for compound, higher-is-better indicators without --rate or --target.",
)
@_output_option
@_format_option("toml", "json")
def draft(
    plan: str,
    start_year: int | None,
    end_year: int | None,
    rates: tuple[str, ...],
    targets: tuple[str, ...],
    bases: tuple[str, ...],
    default_rate: str | None,
    output: str | None,
    fmt: str,
) -> None:
    """Draft the next plan: targets from chosen rates or levels (起草下一期规划).

    Writes the draft plan file (TOML by default) to standard output or --output, and one line
    per indicator on standard error saying how its targets were derived. Bad --rate, --target,
    --base or --default-rate values exit with 2.
    """
    from ..errors import QuantityParseError
    from ..evaluation.draft import DraftError, draft_plan
    from ..io import dumps_plan
    from ..units import parse_quantity

    loaded = _load(plan)
    start = start_year if start_year is not None else loaded.end_year + 1
    end = end_year if end_year is not None else start + 4
    chosen = {
        "rates": _assignments("--rate", rates, loaded),
        "targets": _assignments("--target", targets, loaded),
        "base_values": _assignments("--base", bases, loaded),
    }
    texts = {
        "rates": dict(t.split("=", 1) for t in rates),
        "targets": dict(t.split("=", 1) for t in targets),
        "base_values": dict(t.split("=", 1) for t in bases),
    }
    default = None
    if default_rate is not None:
        try:
            default = parse_quantity(default_rate)
        except QuantityParseError as exc:
            _fail(f"错误 error: --default-rate {default_rate!r}: {exc}")
    try:
        result = draft_plan(
            loaded,
            start_year=start,
            end_year=end,
            default_rate=default,
            rates=chosen["rates"],
            targets=chosen["targets"],
            base_values=chosen["base_values"],
        )
    except DraftError as exc:
        if exc.option == "default_rate":
            _fail(f"错误 error: --default-rate {default_rate!r}: {exc.what}")
        option = _DRAFT_OPTIONS[exc.option]
        given = texts[exc.option].get(exc.indicator or "", "")
        _fail(f"错误 error: {option} '{exc.indicator}={given.strip()}': {exc.what}")
    except ValueError as exc:
        _fail(f"错误 error: {exc}")
    text = dumps_plan(result.plan, fmt)
    if output:
        _write_output(output, text, inputs=_given_files(plan))
    else:
        click.echo(text, nl=False)
    click.echo(result.explain(), err=True)


def _pick_chain(loaded: Plan, chain: str) -> Any:
    try:
        return loaded.chain(chain)
    except KeyError as exc:
        _fail(f"错误 error: {exc.args[0]}")


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_format_option("text", "json")
def chains(plan: str, fmt: str) -> None:
    """Industrial chains: template segments by status and completeness (产业链概览).

    Completeness is the share of the template's segments with local firms. A chain without a
    reference template shows 无参考模板.
    """
    from ..chains import analyse_chains
    from ..render.table import text_table
    from ..text import Message

    loaded = _load(plan)
    results = analyse_chains(loaded)
    if fmt == "json":
        _echo_json(
            {
                "plan": loaded.id,
                "chains": [{k: v for k, v in a.to_dict().items() if k != "gaps"} for a in results],
            }
        )
        return
    click.echo(f"{loaded.title} 产业链 chains")
    click.echo("")
    headers = [
        "编号 id",
        "产业链",
        "参考模板",
        "环节",
        "强",
        "已有",
        "薄弱",
        "链间",
        "缺失",
        "完整度",
    ]
    rows = []
    for a in results:
        if a.template is None:
            rows.append([a.chain, a.name, "无参考模板", "—", "", "", "", "", "", "—"])
            continue
        n = a.counts
        rows.append(
            [
                a.chain,
                a.name,
                a.template,
                str(len(a.segments)),
                str(n["strong"]),
                str(n["present"]),
                str(n["weak"]),
                str(n["linked"]),
                str(n["missing"]),
                f"{a.completeness:g}%" if a.completeness is not None else "—",
            ]
        )
    click.echo(text_table(headers, rows, right=[3, 4, 5, 6, 7, 8, 9]))
    if any(n["linked"] for a in results for n in [a.counts]):
        click.echo("")
        click.echo(_label(Message("cli.chains.linked_note")))
    if any(
        a.template_provenance is not None and a.template_provenance.value == "model"
        for a in results
    ):
        click.echo("")
        click.echo("注：参考模板据行业通用知识编写（建模推断），非规划原文。")
    stated = [a for a in results if a.directions]
    if stated:
        click.echo("")
        click.echo(_label(Message("cli.chains.directions")))
        for a in stated:
            click.echo(f"{a.name}（{a.chain}）")
            for d in a.directions:
                click.echo(f"  - {a.direction_text(d).zh}：{d.text}")


@main.command(epilog=_PLAN_HELP + " CHAIN is a chain id or Chinese name (default: all chains).")
@click.argument("plan")
@click.argument("chain", required=False)
@click.option(
    "--attraction",
    is_flag=True,
    help="The 招商 list instead: per gap, the firm to attract (profile and scale), the plan's "
    "source regions and host parks, the projects (of PLAN or its predecessor) addressing it and "
    "those possibly related by firm name (to be checked), unaddressed gaps first.",
)
@_format_option("text", "json", "csv")
def gaps(plan: str, chain: str | None, attraction: bool, fmt: str) -> None:
    """Chain gaps ranked: 建链/延链/补链/强链 with their scores and reasons (缺链分析).

    With --attraction, the 招商 list: a project addresses a gap only when its enterprise is laid
    onto that very segment in the chain's presence; a project whose firm sits nowhere on the
    chain but whose name names a product of the segment is listed apart, as possibly related
    (按企业名称推断，待核实). Gaps in resource or infrastructure segments are listed apart, after
    it, with advice (培育、保护开发 / 配套建设), never as firms to attract.
    """
    from ..chains import ChainAnalysis, analyse_chains, gap_analysis

    if fmt == "csv" and not attraction:
        _fail("错误 error: --format csv is for the 招商 list: add --attraction")
    loaded = _load(plan)
    if attraction:
        _attraction(loaded, chain, fmt)
        return
    results: tuple[ChainAnalysis, ...]
    if chain is not None:
        results = (gap_analysis(loaded, _pick_chain(loaded, chain)),)
    else:
        results = analyse_chains(loaded)
    if fmt == "json":
        _echo_json({"plan": loaded.id, "chains": [a.to_dict() for a in results]})
        return
    for i, a in enumerate(results):
        if i:
            click.echo("")
        click.echo(f"{a.name}（{a.chain}）")
        checks = a.direction_checks() if a.directions else ()
        for n, d in enumerate(a.directions):
            click.echo(f"  {a.direction_text(d).zh}")
            for check in checks:
                if check.direction == n:
                    click.echo(f"    {'→' if check.followed else '!'} {check.text.zh}")
        if a.template is None:
            click.echo("  无参考模板 (no reference template): 无法分析缺链")
            continue
        if not a.gaps:
            click.echo("  无缺口 (no gaps)")
            continue
        for g in a.gaps:
            where = g.name if g.segment is None else f"{g.name}（{g.segment}）"
            click.echo(f"  {g.rank}. {g.label} {where}  得分 score {g.score:.3f}")
            for reason in g.reasons:
                click.echo(f"     - {reason}")


def _attraction(loaded: Plan, chain: str | None, fmt: str) -> None:
    from ..chains import attraction_list
    from ..text import Message

    def label(name: str) -> str:
        return _label(Message(f"chains.attraction.label.{name}"))

    picked = _pick_chain(loaded, chain) if chain is not None else None
    lines = attraction_list(loaded, picked)
    firms = [a for a in lines if a.attractable]
    others = [a for a in lines if not a.attractable]
    if fmt == "json":
        _echo_json(
            {
                "plan": loaded.id,
                "attraction": [a.to_dict() for a in firms],
                "not_attractable": [a.to_dict() for a in others],
            }
        )
        return
    if fmt == "csv":
        _attraction_csv(lines)
        return
    click.echo(f"{loaded.title} 招商清单 attraction list（无项目对应的缺口在前）")
    for i, a in enumerate(lines, 1):
        if others and a is others[0]:
            click.echo("")
            click.echo(
                "非招商缺口 gaps 招商 cannot fill（资源禀赋：培育、保护开发；基础设施：配套建设）"
            )
        click.echo("")
        click.echo(
            f"{i}. {a.chain_name} · {a.gap.label} #{a.gap.rank} {a.gap.name}  "
            f"得分 score {a.gap.score:.3f}"
        )
        click.echo(f"   招商：{a.target}")
        for said in a.gap.plan_reasons:
            click.echo(f"   规划 the plan：{said}")
        for profile in a.profiles:
            click.echo(f"   {label('profile')}：{profile.text.zh}")
        if a.source_regions:
            regions = "；".join(r.zh for r in a.region_texts)
            click.echo(f"   {label('regions')}：{regions}")
        if a.parks:
            click.echo(f"   {label('parks')}：{'；'.join(a.park_names)}")
        for m in a.projects:
            click.echo(f"   项目：{m.reason}")
        if a.candidates:
            click.echo(f"   {label('candidates')}：")
            for m in a.candidates:
                click.echo(f"     - {m.reason}")
        if a.note:
            click.echo(f"   {a.note}")


def _attraction_csv(lines: AttractionList) -> None:
    """The 招商 list as CSV, one row a gap, for the bureau's own spreadsheet (UTF-8): its table
    (``ATTRACTION_TABLE``), as :meth:`~fyp_planning.Table.to_csv` writes it."""
    import io

    out = io.StringIO()
    lines.to_table().to_csv(out)
    click.echo(out.getvalue(), nl=False)


def _codes(option: str, values: tuple[str, ...], known: list[str]) -> list[str]:
    """Rule codes or prefixes from repeated / comma-separated options; unknown ones exit 2."""
    import re

    out = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    for code in out:
        if not re.fullmatch(r"[A-Z]+[0-9]*", code) or not any(k.startswith(code) for k in known):
            _fail(f"错误 error: {option} {code!r} matches no rule; rules: {', '.join(known)}")
    return out


def _echo_checked(main_plan: str, items: tuple[Any, ...], heading: str) -> None:
    """What the rules passed or could not check, under ``heading``: each with its code,
    place, reason and (for a pass) arithmetic."""
    from ..text import Message

    if not items:
        return
    click.echo("")
    click.echo(_label(Message(heading, count=len(items))))
    for c in items:
        where = c.plan if c.plan != main_plan else ""
        click.echo(f"  {c.code} {c.rule}  {where + ' · ' if where else ''}{c.location}".rstrip())
        click.echo(f"    {c.reason}")
        if c.arithmetic:
            click.echo(f"    计算 arithmetic: {c.arithmetic}")


def _explain(code: str, extra: tuple[Any, ...]) -> None:
    """``fyp check --explain CODE``: a built-in rule's documentation as shipped, or a plugin
    rule's summary; an unknown code exits 2 naming the known ones."""
    from ..checks import builtin_rules
    from ..checks.explain import rule_doc

    wanted = code.strip().upper()
    rules = {r.code: r for r in (*builtin_rules(), *extra)}
    rule = rules.get(wanted)
    if rule is None:
        _fail(f"错误 error: --explain {code!r}: no such rule; rules: {', '.join(sorted(rules))}")
    click.echo(f"{rule.code} {rule.name} — {rule.severity.label} {rule.severity.value}")
    click.echo(f"{rule.summary}" + (f" ({rule.summary_en})" if rule.summary_en else ""))
    doc = rule_doc(wanted)
    if doc is not None:
        import re

        said = {
            "triggers": "例：规则报告 an example it reports",
            "clean": "例：近似但不报告 a near miss",
        }
        doc = re.sub(r"<!-- audit: (triggers|clean) \w+ -->", lambda m: said[m[1]], doc)
        click.echo("")
        click.echo(doc.rstrip("\n"))


def _echo_failures(report: AuditReport) -> None:
    """One line on standard error per rule that raised (each is also an error finding)."""
    for failure in report.failures:
        click.echo(
            f"错误 error: rule {failure.code} failed on {failure.plan}: {failure.error}", err=True
        )


@main.command(
    epilog=_PLAN_HELP + " CODES are rule codes or prefixes, comma-separated (G001,T or V)."
)
@click.argument("plan", required=False)
@click.option("--select", multiple=True, metavar="CODES", help="Run only these rules.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option(
    "--no-predecessor", is_flag=True, help="Do not audit the predecessor plan (上一规划)."
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also list what passed, each with its arithmetic (通过的核查项).",
)
@click.option(
    "--explain",
    metavar="CODE",
    help="Print a rule's documentation with its examples (规则说明) and exit; no PLAN needed "
    "(with a plugin's PLAN, its rules too).",
)
@_format_option("text", "json")
def check(
    plan: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_predecessor: bool,
    verbose: bool,
    explain: str | None,
    fmt: str,
) -> None:
    """Audit a plan for internal inconsistencies (规划一致性审查).

    Prints findings grouped by severity (错误 error / 警告 warning / 提示 info), each with
    its location, figures, arithmetic and a hint; then what the rules could not check, each
    with the reason (未核查); with --verbose, what passed, with its arithmetic. The first line
    counts findings, and what was checked, passed and not checked. Exit status: 1 when an
    error is found, 0 otherwise, 2 on usage or load errors (and when a rule itself fails).
    """
    from ..checks import Severity, audit, builtin_rules
    from ..text import Message

    if explain is not None:
        _explain(explain, _plugin_rules(plan) if plan else ())
        return
    if plan is None:
        _fail("错误 error: missing argument PLAN (or give --explain CODE)")
    loaded = _load(plan)
    extra = _plugin_rules(plan)
    known = sorted({r.code for r in (*builtin_rules(), *extra)})
    report = audit(
        loaded,
        select=_codes("--select", select, known) if select else None,
        ignore=_codes("--ignore", ignore, known),
        rules=extra,
        predecessor=not no_predecessor,
    )
    _echo_failures(report)
    if fmt == "json":
        _echo_json(report.to_dict())
    else:
        counts = "，".join(f"{s.label} {s.value} {len(report.by_severity(s))}" for s in Severity)
        click.echo(f"{loaded.title} — 一致性审查 audit：{counts}")
        click.echo(_label(Message("cli.check.coverage", **report.coverage)))
        for severity in Severity:
            found = report.by_severity(severity)
            if not found:
                continue
            click.echo("")
            click.echo(f"{severity.label} {severity.value} ({len(found)})")
            for f in found:
                where = f.plan if f.plan != loaded.id else ""
                place = f"{where + ' · ' if where else ''}{f.location}"
                click.echo(f"  {f.code} {f.rule}  {place}".rstrip())
                click.echo(f"    {f.message}")
                if f.arithmetic:
                    click.echo(f"    计算 arithmetic: {f.arithmetic}")
                if f.sources:
                    click.echo(f"    出处 sources: {'；'.join(f.sources)}")
                if f.hint:
                    click.echo(f"    建议 hint: {f.hint}")
        if report.suppressed:
            click.echo("")
            click.echo(f"已豁免 suppressed by audit_ignore ({len(report.suppressed)})")
            for f, reason in report.suppressed:
                click.echo(f"  {f.code} {f.location}：{reason}")
        _echo_checked(loaded.id, report.not_checked, "cli.check.not_checked")
        if verbose:
            _echo_checked(loaded.id, report.passed, "cli.check.passed")
        if not report.findings:
            click.echo("未发现问题 no findings.")
    if report.failures:
        sys.exit(2)
    sys.exit(report.exit_code)


@main.command(epilog=_PLAN_HELP)
@click.argument("plan")
@_output_option
@click.option(
    "--observations",
    metavar="FILE",
    help="A CSV of later observations (as for `fyp progress`): adds the progress section.",
)
@click.option("--as-of", "as_of", type=int, help="Judge progress with observations up to YEAR.")
@_format_option("html", "md")
def report(
    plan: str, output: str | None, observations: str | None, as_of: int | None, fmt: str
) -> None:
    """Write the plan report: one self-contained HTML file (or Markdown) to read and share.

    The report has the plan summary, the indicator table with baselines, targets and implied
    annual rates, the audit findings, progress verdicts (with --observations), the review of
    the previous plan, each industrial chain drawn with its ranked 建链/延链/补链/强链 actions,
    and the parks and projects. The HTML needs no network: styles and drawings are inline.
    """
    from ..render.report import build_report, report_html, report_markdown

    loaded = _load(plan)
    extra = _extra_observations(observations, loaded)
    named = Path(observations).name if observations else None
    data = _run(
        lambda: build_report(loaded, observations=extra, as_of=as_of, observations_name=named)
    )
    _echo_failures(data.audit)
    text = report_html(data) if fmt == "html" else report_markdown(data)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_output(output, text, inputs=_given_files(plan, observations))
    click.echo(f"已写入 wrote {output}", err=True)


from . import batch as _batch  # noqa: E402, F401  (registers `fyp batch`; needs `main` above)
from . import catalog as _catalog  # noqa: E402, F401  (registers `fyp catalog`; needs `main` above)
from . import extract as _extract  # noqa: E402, F401  (registers `fyp extract`)
from . import templates as _templates  # noqa: E402, F401  (registers `fyp templates`)
