"""``fyp batch``: progress of many plans at once, from one observations file (批量进展评估)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from . import (
    _PLAN_HELP,
    _as_of_option,
    _echo_evaluated,
    _echo_json,
    _fail,
    _format_option,
    _given_files,
    _load,
    _method_option,
    _run,
    _write_output,
    main,
)

if TYPE_CHECKING:
    from ..evaluation.table import ObservationTable
    from ..io.store import PlanStore
    from ..model.plan import Plan


#: The verdicts of each method, in the order of the summary's columns.
_OPEN_SDG_VERDICTS = (
    "achieved",
    "substantial",
    "moderate",
    "limited",
    "deterioration",
    "insufficient_data",
)
_BATCH_VERDICTS = {
    "county": _OPEN_SDG_VERDICTS,
    "opensdg": _OPEN_SDG_VERDICTS,
    "unsd": ("achieved", "on_track", "fair", "poor", "insufficient_data"),
}


@main.command(
    epilog=_PLAN_HELP.replace("PLAN is", "Each PLAN is")
    + " FILE is a CSV with a plan column: plan,indicator,period,value,unit,status,source."
    + " FOLDER is a plan store written by fyp_planning.dump_plan_store."
)
@click.argument("plans", metavar="PLAN...", nargs=-1)
@click.option(
    "--store",
    "store",
    metavar="FOLDER",
    help="Judge the plans of a plan store (the plans saved in it, read from its columns) "
    "instead of PLAN files.",
)
@click.option(
    "--observations",
    "observations",
    metavar="FILE",
    help="A CSV of observations of the plans, one row per plan, indicator and period "
    "(plan,indicator,period,value,unit,status,source), used besides the plans' own.",
)
@_as_of_option
@_method_option
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Write the tidy result, one row per target of each plan, to OUT.csv or OUT.parquet "
    "(Parquet needs pyarrow: pip install 'fyp-planning[parquet]').",
)
@click.option(
    "--by-standard",
    "by_standard",
    is_flag=True,
    help="Also line the plans up by standard indicator (standard = ...): one row per standard, "
    "one column per plan, whatever id each plan gives the indicator (按标准指标对齐).",
)
@_format_option("text", "csv", "json")
def batch(
    plans: tuple[str, ...],
    store: str | None,
    observations: str | None,
    as_of: int | None,
    method: str,
    output: str | None,
    by_standard: bool,
    fmt: str,
) -> None:
    """Progress of many plans at once, from one observations file (批量进展评估).

    For a provincial analyst: every target of every PLAN judged as of --as-of with one
    method, and per plan the count of each verdict (已完成 / 进展显著 / … / 数据不足). The rows of
    FILE are checked against the plans (plan ids, their indicators, units, periods, statuses;
    every problem listed with its line); without --observations the plans' own observations
    are used. --store FOLDER judges the plans of a plan store instead of PLAN files, read
    straight from its tables (national data: fastest with the observations in the store).
    --format csv prints the tidy result instead of the summary, json both. Each row names
    the standard indicator of its indicator (column standard); --by-standard adds the table
    of the plans lined up by standard (in json: "aligned").

    Exit status: 0 on success, 2 on usage errors, plans that cannot be loaded, or any problem
    in FILE.
    """
    from ..errors import FypError
    from ..evaluation.batch import PlanBatch

    kind = _output_kind(output)
    if (store is None) == (not plans):
        raise click.UsageError(
            "give PLAN files or --store FOLDER, one of the two (规划文件与规划库二选一)"
        )
    loaded: list[Plan] | list[_Named]
    if store is not None:
        opened, loaded = _open_store(store)
    else:
        loaded = from_files = _load_plans(plans)

    def prepare(table: ObservationTable | None) -> PlanBatch:
        if store is not None:
            return PlanBatch.from_store(opened, table)
        return PlanBatch(from_files, table)

    table = None
    if observations is not None:
        from ..io.observation_table import load_observation_table

        try:
            checked = from_files if store is None else _run(opened.indicator_plans)
            table = load_observation_table(observations, checked)
        except FypError as exc:
            _fail(f"错误 error: {exc}")
    result = _run(lambda: prepare(table).evaluate(as_of=as_of, method=method))
    if output is not None:
        _write_batch(result, output, kind, _given_files(*plans, observations, *_tables(store)))
    if fmt == "csv":
        import io

        buffer = io.StringIO()
        result.to_csv(buffer)
        click.echo(buffer.getvalue(), nl=False)
        return
    counts = _verdict_counts(loaded, result)
    columns = list(_BATCH_VERDICTS[method])
    columns += [v for v in dict.fromkeys(v.value for v in result.verdicts) if v not in columns]
    if fmt == "json":
        _echo_json(
            {
                "method": method,
                "as_of": as_of,
                "observations": observations,
                "observation_rows": None if table is None else len(table),
                "output": output,
                "plans": [
                    {
                        "plan": p.id,
                        "region": p.region,
                        "rows": sum(counts[p.id].values()),
                        "verdicts": {v: counts[p.id].get(v, 0) for v in columns},
                    }
                    for p in loaded
                ],
                "rows": result.to_records(),
                **({"aligned": _aligned(loaded, result)} if by_standard else {}),
            }
        )
        return
    _echo_batch_summary(loaded, result, counts, columns, as_of, observations, table)
    if by_standard:
        _echo_aligned(loaded, result)


def _aligned(plans: list[Plan] | list[_Named], result: Any) -> dict[str, dict[str, Any]]:
    """Per standard id, per plan: the indicator and the verdicts of its rows."""
    verdicts = result.verdicts
    return {
        std: {
            p.id: {
                "indicator": result.indicator[rows[p.id][0]],
                "verdicts": [verdicts[i].value for i in rows[p.id]],
            }
            for p in plans
            if p.id in rows
        }
        for std, rows in result.aligned().items()
    }


def _echo_aligned(plans: list[Plan] | list[_Named], result: Any) -> None:
    """The plans lined up by standard: a row per standard, a column per plan."""
    from ..render.table import text_table

    verdicts = result.verdicts
    rows = [
        [
            std,
            *(
                "、".join(verdicts[i].label for i in found[p.id])
                + f"（{result.indicator[found[p.id][0]]}）"
                if p.id in found
                else "—"
                for p in plans
            ),
        ]
        for std, found in result.aligned().items()
    ]
    click.echo("")
    click.echo(f"按标准指标对齐 aligned by standard：{len(rows)}项 standards")
    if rows:
        click.echo(text_table(["标准 standard", *(p.id for p in plans)], rows))


class _Named(NamedTuple):
    """A plan as the summary names it."""

    id: str
    region: str


def _load_plans(plans: tuple[str, ...]) -> list[Plan]:
    loaded: list[Plan] = []
    given: dict[str, str] = {}
    for target in plans:
        plan = _load(target)
        if plan.id in given:
            _fail(
                f"错误 error: plan {plan.id!r} is given twice ({given[plan.id]}, {target}); "
                "give each plan once (每个规划只需给出一次)"
            )
        given[plan.id] = target
        loaded.append(plan)
    return loaded


def _open_store(folder: str) -> tuple[PlanStore, list[_Named]]:
    """The store, and its saved plans' ids and regions (each id once)."""
    from collections import Counter

    from ..errors import FypError
    from ..io.store import open_plan_store

    try:
        store = open_plan_store(folder)
        cols = store.arrays("plans", "successor", "id", "region")
    except FypError as exc:
        _fail(f"错误 error: {exc}")
    named = [
        _Named(str(pid), str(region))
        for nxt, pid, region in zip(cols["successor"], cols["id"], cols["region"], strict=True)
        if nxt is None or nxt != nxt  # a plan saved, not a predecessor
    ]
    twice = [pid for pid, n in Counter(p.id for p in named).items() if n > 1]
    if twice:
        _fail(
            f"错误 error: plan {twice[0]!r} is in the store {folder} twice; "
            "give each plan once (每个规划只需给出一次)"
        )
    return store, named


def _output_kind(output: str | None) -> str | None:
    """``csv`` or ``parquet`` from the name of the -o file; anything else is a usage error."""
    if output is None:
        return None
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    if suffix not in ("csv", "parquet"):
        raise click.UsageError(
            f"-o {output}: the file name must end in .csv or .parquet (输出文件须为CSV或Parquet)"
        )
    return suffix


def _tables(store: str | None) -> list[str]:
    """The files of a plan store (never written over by ``-o``)."""
    if store is None:
        return []
    from ..io.store import TABLES

    return [os.path.join(store, f"{table.name}.parquet") for table in TABLES]


def _write_batch(result: Any, output: str, kind: str | None, inputs: list[str]) -> None:
    try:
        _write_output(
            output, result.to_parquet if kind == "parquet" else result.to_csv, inputs=inputs
        )
    except ImportError as exc:
        _fail(f"错误 error: cannot write {output}: {exc}")
    click.echo(f"已写入 wrote {output}（{len(result)}行 rows）", err=True)


def _verdict_counts(plans: list[Plan] | list[_Named], result: Any) -> dict[str, dict[str, int]]:
    """Per plan id, the number of rows of each verdict (by value)."""
    from collections import Counter

    from ..evaluation.assessment import Verdict

    codes = Counter(zip(result.plan, result.verdict_code.tolist(), strict=True))
    verdicts = tuple(Verdict)  # verdict_code indexes them
    counts: dict[str, dict[str, int]] = {p.id: {} for p in plans}
    for (pid, code), n in codes.items():
        counts[pid][verdicts[code].value] = n
    return counts


def _echo_batch_summary(
    plans: list[Plan] | list[_Named],
    result: Any,
    counts: dict[str, dict[str, int]],
    columns: list[str],
    as_of: int | None,
    observations: str | None,
    table: Any,
) -> None:
    from ..evaluation.assessment import Verdict
    from ..evaluation.methods import METHODS
    from ..render.table import text_table

    click.echo(f"批量进展评估 batch progress：{len(plans)}个规划 plans，{len(result)}项 rows")
    rows_read = 0 if table is None else len(table)
    _echo_evaluated(METHODS[result.method].label, as_of, observations, rows_read)
    headers = ["规划 plan", "地区 region", *(f"{Verdict(v).label}" for v in columns), "合计 total"]
    rows = [
        [
            p.id,
            p.region,
            *(str(counts[p.id].get(v, 0)) for v in columns),
            str(sum(counts[p.id].values())),
        ]
        for p in plans
    ]
    if len(plans) > 1:
        rows.append(
            [
                "合计 total",
                "",
                *(str(sum(c.get(v, 0) for c in counts.values())) for v in columns),
                str(len(result)),
            ]
        )
    click.echo(text_table(headers, rows, right=list(range(2, len(headers)))))
    click.echo("")
    click.echo(
        "评价 verdicts: " + "；".join(f"{Verdict(v).label} {Verdict(v).label_en}" for v in columns)
    )
