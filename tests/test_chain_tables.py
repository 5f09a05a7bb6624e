"""Tidy tables of gap analysis and the 招商 list (issue 20): ``gaps``, ``segments`` and
``directions`` of a :class:`ChainAnalysis` (and of all chains, :class:`ChainAnalyses`), and
``attraction`` of the list (:class:`AttractionList`, what ``fyp gaps --attraction --format csv``
writes)."""

from __future__ import annotations

import csv
import io
import pickle
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fyp_planning as fp
import strategies as S
from fyp_planning import (
    AttractionList,
    Chain,
    ChainAction,
    ChainAnalyses,
    ChainAnalysis,
    ChainDirection,
    ChainTemplate,
    Enterprise,
    Gap,
    Plan,
    Segment,
    SegmentNature,
    Stage,
)
from fyp_planning.chains.attraction import ATTRACTION_TABLE
from fyp_planning.chains.results import DIRECTIONS_TABLE, GAPS_TABLE, SEGMENTS_TABLE
from fyp_planning.cli import main
from fyp_planning.tables import Schema

PANDAS = {"string": "string", "int64": "Int64", "float64": "float64", "bool": "boolean"}


@cache
def dongkou() -> Plan:
    return fp.load("dongkou")


@cache
def chains() -> ChainAnalyses:
    return fp.analyse_chains(dongkou())


@cache
def lines() -> AttractionList:
    return fp.attraction_list(dongkou())


def _row(table: fp.Table, **where: Any) -> dict[str, Any]:
    found = [r for r in table.rows() if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, len(found))
    return found[0]


# -- the tuple subclasses --------------------------------------------------------------------
def test_the_results_are_still_the_tuples_they_were() -> None:
    result = chains()
    assert type(result) is ChainAnalyses and isinstance(result, tuple)
    plain = tuple(fp.gap_analysis(dongkou(), c.id) for c in dongkou().chains)
    assert result == plain and plain == result and hash(result) == hash(plain)
    assert result[0] == plain[0] and result[1:3] == plain[1:3] and len(result) == 7
    assert repr(result) == repr(plain)
    listed = lines()
    assert type(listed) is AttractionList
    assert listed == tuple(listed) and listed[-1] == tuple(listed)[-1]
    assert fp.attraction_list(dongkou(), list(result)) == listed
    for kept in (pickle.loads(pickle.dumps(result)), pickle.loads(pickle.dumps(listed))):
        assert type(kept) in (ChainAnalyses, AttractionList) and kept in (result, listed)


def test_the_new_types_are_public_and_documented() -> None:
    assert "ChainAnalyses" in fp.__all__ and "AttractionList" in fp.__all__
    page = (Path(__file__).resolve().parents[1] / "docs" / "api" / "chains.rst").read_text(
        encoding="utf-8"
    )
    assert ".. autoclass:: ChainAnalyses\n   :inherited-members: tuple" in page
    assert ".. autoclass:: AttractionList\n   :inherited-members: tuple" in page
    assert ".. autoclass:: ChainAnalysis\n   :inherited-members:\n" in page


# -- columns and dtypes ----------------------------------------------------------------------
CASES = [
    (chains, GAPS_TABLE),
    (chains, SEGMENTS_TABLE),
    (chains, DIRECTIONS_TABLE),
    (lambda: chains()[0], GAPS_TABLE),
    (lines, ATTRACTION_TABLE),
]


@pytest.mark.parametrize(("result", "schema"), CASES, ids=lambda x: getattr(x, "name", ""))
def test_frames_have_the_declared_columns_and_dtypes(result: Any, schema: Schema) -> None:
    pytest.importorskip("pandas")
    df = result().to_pandas(schema.name)
    assert list(df.columns) == list(schema.names)
    assert [str(df[c].dtype) for c in df.columns] == [PANDAS[c.dtype] for c in schema.columns]
    assert len(df) > 0


@pytest.mark.parametrize(("result", "schema"), CASES, ids=lambda x: getattr(x, "name", ""))
def test_arrow_tables_are_typed_by_the_schema(result: Any, schema: Schema) -> None:
    pa = pytest.importorskip("pyarrow")
    arrow = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    arrow["bool"] = pa.bool_()
    table = result().to_arrow(schema.name)
    assert table.schema.names == list(schema.names)
    assert table.schema.types == [arrow[c.dtype] for c in schema.columns]


def test_every_table_is_documented_with_ascii_names_and_labels_beside_ids() -> None:
    for schema in (*ChainAnalysis.TABLES, *AttractionList.TABLES):
        for c in schema.columns:
            assert c.name.isascii() and c.name == c.name.lower(), c.name
            assert c.zh and c.en, c.name
        for label in (n for n in schema.names if n.endswith("_label")):
            assert label.removesuffix("_label") in schema.names, label
    assert ChainAnalyses.TABLES is ChainAnalysis.TABLES  # declared once


def test_a_table_by_an_unknown_name_is_refused() -> None:
    with pytest.raises(ValueError, match="the tables are: gaps, segments, directions"):
        chains().to_table("attraction")


# -- one row per thing ------------------------------------------------------------------------
def test_one_row_per_gap_segment_direction_check_and_line() -> None:
    result = chains()
    assert len(result.to_table("gaps")) == sum(len(a.gaps) for a in result) == 98
    assert len(result.to_table("segments")) == sum(len(a.segments) for a in result)
    assert len(result.to_table("directions")) == sum(len(a.direction_checks()) for a in result)
    assert len(lines().to_table()) == len(lines()) == 98
    for a in result:  # each chain's rows, in its order, are its own table's
        own = a.to_table("gaps").rows()
        assert [r for r in result.to_table("gaps").rows() if r["chain"] == a.chain] == own
        assert [r["rank"] for r in own] == [g.rank for g in a.gaps]


def test_a_chain_without_template_has_no_gap_or_segment_rows_but_its_directions() -> None:
    d = ChainDirection(action="延链", segments=("deep",), text="发展精深加工", source="第四章")
    a = ChainAnalysis(chain="food", name="特色食品", template=None, directions=(d,))
    assert len(a.to_table("gaps")) == 0 and len(a.to_table("segments")) == 0
    (row,) = a.to_table("directions").rows()
    assert row["segment"] == "deep" and row["rank"] is None and row["followed"] is False
    assert row["plan_text"] == "发展精深加工" and row["plan_source"] == "第四章"
    assert row["check"] == "deep：未经缺链分析（无参考模板）"
    assert len(ChainAnalysis(chain="c", name="链", template=None).to_table("directions")) == 0


# -- values agree with the objects -------------------------------------------------------------
def test_gap_rows_agree_with_the_gaps() -> None:
    table = chains().to_table("gaps")
    gaps = [g for a in chains() for g in a.gaps]
    assert table.column("score") == tuple(g.score for g in gaps)
    assert table.column("action_label") == tuple(g.label for g in gaps)
    assert table.column("reason") == tuple(g.reasons[0] for g in gaps)
    assert table.column("reason_en") == tuple(g.reasons_en[0] for g in gaps)
    for name in ("dependence", "single_point", "betweenness", "relatedness", "planned"):
        assert table.column(name) == tuple(getattr(g, name) for g in gaps), name
    citrus = _row(table, chain="food", segment="citrus_processing")
    assert citrus["rank"] == 1 and citrus["action"] == "fill" and citrus["stance"] == "names"
    assert citrus["stage"] == "midstream" and citrus["stage_label"] == "中游"
    assert citrus["stance_label"] == "规划点名（用语不同）"
    # the plan's words: the direction quoted, with its section and its own action (延链)
    assert citrus["plan_text"] == "坚持特色食品主导产业，带动雪峰蜜桔、茶叶、薯类制品进行深加工"
    assert citrus["plan_source"] == "第四章（一）1"
    assert (citrus["plan_action"], citrus["plan_action_label"]) == ("extend", "延链")
    # a chain-level 建链: no segment, its core segments listed, no stage, no structural measure
    build = _row(table, chain="internet", rank=1)
    gap = chains()[[a.chain for a in chains()].index("internet")].gaps[0]
    assert build["segment"] is None and build["segment_name"] == "互联网"
    assert build["segments"] == "；".join(gap.segments) and build["stage"] is None
    assert build["dependence"] is None and build["action_label"] == "建链"
    silent = next(r for r in table.rows() if r["stance"] == "silent")
    assert silent["plan_text"] is None and silent["stance_label"] == "规划未提及"


def test_segment_rows_agree_with_the_reports() -> None:
    table = chains().to_table("segments")
    food = chains()[0]
    rows = [r for r in table.rows() if r["chain"] == "food"]
    assert [r["segment"] for r in rows] == [s.id for s in food.segments]
    template = dongkou().template("food_processing")
    for r, s in zip(rows, food.segments, strict=True):
        assert r["firm_count"] == len(s.enterprises) and r["status"] == s.status.value
        assert r["products"] == ("；".join(template.segment(s.id).products) or None)
    firms = {e.id: e.name for e in dongkou().enterprises}
    rice = _row(table, chain="food", segment_name="稻谷加工与米制品")
    (firm,) = food.segments[[s.name for s in food.segments].index("稻谷加工与米制品")].enterprises
    assert rice["firms"] == firm and rice["firm_names"] == firms[firm] == "洞口县四季香米业有限公司"
    assert (rice["status"], rice["status_label"], rice["gap_action_label"]) == (
        "weak",
        "薄弱",
        "强链",
    )
    packaging = _row(table, chain="food", segment_name="食品包装材料")
    assert packaging["status_label"] == "链间供给" and packaging["firm_count"] == 0
    assert packaging["linked"] == "light_industry.packaging_printing"
    assert packaging["gap_rank"] is None  # present by link: no gap
    scenery = _row(table, chain="culture_tourism", segment_name="自然生态旅游资源")
    assert (scenery["nature"], scenery["nature_label"]) == ("resource", "资源禀赋")


def test_segment_reports_name_their_firms() -> None:
    firms = {e.id: e.name for e in dongkou().enterprises}
    placed = [s for a in chains() for s in a.segments if s.enterprises]
    assert placed
    for s in placed:
        assert s.enterprise_names == tuple(firms[x] for x in s.enterprises)
    assert all(not s.enterprise_names for a in chains() for s in a.segments if not s.enterprises)


def test_direction_rows_agree_with_the_checks() -> None:
    table = chains().to_table("directions")
    checks = [(a, c) for a in chains() for c in a.direction_checks()]
    assert table.column("check") == tuple(c.text.zh for _, c in checks)
    assert table.column("rank") == tuple(c.rank for _, c in checks)
    assert table.column("followed") == tuple(c.followed for _, c in checks)
    below = _row(table, chain="light_industry", segment_name="皮革与合成革")
    assert below["rank"] == 6 and below["followed"] is False
    assert below["check"].endswith("排在它前面的5个缺口也都是规划点名的环节")
    whole = [r for r in table.rows() if r["segment"] is None]
    assert whole and all(r["check"].startswith("全链") for r in whole)
    for r in table.rows():
        a = next(x for x in chains() if x.chain == r["chain"])
        d = a.directions[r["direction_index"]]
        assert (r["plan_text"], r["plan_source"]) == (d.text, d.source)


def test_attraction_rows_agree_with_the_lines() -> None:
    table = lines().to_table()
    assert table.column("rank") == tuple(a.gap.rank for a in lines())
    assert table.column("attractable") == tuple(a.attractable for a in lines())
    assert table.column("addressed") == tuple(a.addressed for a in lines())
    crafts = _row(table, segment="crafts")
    assert crafts["project_names"] == "邵阳市丰宜工艺品有限公司（12800万）"
    assert crafts["addressed"] is True and crafts["note"] is None
    assert crafts["parks"].split("；") == list(
        next(a for a in lines() if a.gap.segment == "crafts").parks
    )
    doors = _row(table, segment="decoration_home")
    assert (doors["scale"], doors["scale_label"]) == ("above_scale", "规模以上企业")
    assert doors["candidates"] is not None and doors["candidate_names"].endswith("（门业，待核实）")
    scenery = _row(table, chain="culture_tourism", segment_name="自然生态旅游资源")
    assert scenery["attractable"] is False and scenery["source_regions"] is None


# -- one implementation of the CSV -------------------------------------------------------------
def test_the_cli_csv_is_the_attraction_table() -> None:
    out = CliRunner().invoke(main, ["gaps", "dongkou", "--attraction", "--format", "csv"])
    assert out.exit_code == 0, out.output
    buffer = io.StringIO()
    lines().to_table().to_csv(buffer)
    assert out.output == buffer.getvalue()
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert list(rows[0]) == list(ATTRACTION_TABLE.names) and len(rows) == len(lines())
    one = CliRunner().invoke(
        main, ["gaps", "dongkou", "电子信息", "--attraction", "--format", "csv"]
    )
    only = fp.attraction_list(dongkou(), "electronics")
    assert len(list(csv.DictReader(io.StringIO(one.output)))) == len(only)


def test_parquet_round_trips(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    chains().to_parquet(tmp_path / "segments.parquet", "segments")
    back = pq.read_table(tmp_path / "segments.parquet")
    assert back.equals(chains().to_arrow("segments"))


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.rows += tag == "tr"


def test_the_gaps_table_shows_as_a_table_in_a_notebook() -> None:
    # the analysis itself shows its map and first actions (render.notebook); its table, a row
    # per gap under one header
    html = chains()[0].to_table()._repr_html_()
    parser = _Cells()
    parser.feed(html)
    assert "<caption>" in html and parser.rows == 1 + len(chains()[0].gaps)


# -- any plan ------------------------------------------------------------------------------
@st.composite
def chain_plans(draw: st.DrawFn) -> Plan:
    """A plan with one or two chains on a generated template, firms placed on some segments,
    and directions (the generic plans seldom have a gap)."""
    ids = [f"s{n}" for n in range(draw(st.integers(1, 6)))]
    template = ChainTemplate(
        id="t", name="模板", edges=draw(S.dag_edges(ids)),
        segments=[
            Segment(id=i, name=f"环节{i}", stage=draw(st.sampled_from(Stage)),
                    core=draw(st.booleans()), nature=draw(st.sampled_from(SegmentNature)))
            for i in ids
        ],
    )  # fmt: skip
    firms = [
        Enterprise(id=f"e{n}", name=f"企业{n}", leader=draw(st.booleans()))
        for n in range(draw(st.integers(0, 3)))
    ]
    listed = []
    for c in ("c1", "c2")[: draw(st.integers(1, 2))]:
        placed = draw(st.lists(st.sampled_from(ids), unique=True)) if firms else []
        presence = {
            seg: draw(st.lists(st.sampled_from([e.id for e in firms]), min_size=1, unique=True))
            for seg in placed
        }
        directions = [
            ChainDirection(
                action=draw(st.sampled_from(ChainAction)),
                segments=draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)),
                text="发展",
                source=draw(st.none() | st.just("第一章")),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        listed.append(
            Chain(id=c, name=f"链{c}", template="t", presence=presence, directions=directions)
        )
    return Plan(
        id="p", region="示例县", title="示例", start_year=2021, end_year=2025,
        templates=[template], enterprises=firms, chains=listed,
    )  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(S.plans() | chain_plans())
def test_the_tables_of_any_plan_have_a_row_per_thing(plan: Plan) -> None:
    result = fp.analyse_chains(plan)
    assert len(result.to_table("gaps")) == sum(len(a.gaps) for a in result)
    assert len(result.to_table("segments")) == sum(len(a.segments) for a in result)
    assert len(result.to_table("directions")) == sum(len(a.direction_checks()) for a in result)
    listed = fp.attraction_list(plan, result)
    assert len(listed.to_table()) == len(listed)
    gaps = result.to_table("gaps")
    assert gaps.column("rank") == tuple(g.rank for a in result for g in a.gaps)
    assert gaps.column("score") == tuple(g.score for a in result for g in a.gaps)
    segments = result.to_table("segments")
    assert segments.column("firm_count") == tuple(
        len(s.enterprises) for a in result for s in a.segments
    )
    names = {e.id: e.name for e in plan.enterprises}
    assert segments.column("firm_names") == tuple(
        "；".join(names[x] for x in s.enterprises) or None for a in result for s in a.segments
    )


def test_a_hand_made_gap_without_reasons_has_no_first_reason() -> None:
    gap = Gap(chain="food", segment="deep", name="精深加工", action=ChainAction.EXTEND, rank=1)
    a = ChainAnalysis(chain="food", name="特色食品", template="t", gaps=(gap,))
    (row,) = a.to_table().rows()
    assert row["reason"] is None and row["stage"] is None and row["stance"] == "silent"
