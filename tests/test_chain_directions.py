"""The plan's own chain directions (规划原文方向): model, plan file, store, Dongkou, output."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import fyp_planning as fp
from fyp_planning import Chain, ChainAction, ChainDirection, ChainTemplate, Plan, Segment
from fyp_planning.cli import main
from fyp_planning.errors import FieldError
from strategies import chain_templates, chains

#: The Dongkou plan document (Chinese); FYP_DONGKOU_SEED names another copy.
SEED = Path(os.environ.get("FYP_DONGKOU_SEED", "/work/shared/seed/000_2f720f50876c6cd6.txt"))

HEAD = """
format_version = 1
id = "x"
region = "X县"
title = "X县十四五规划"
start_year = 2021
end_year = 2025

[templates.t]
name = "示例模板"
[templates.t.segments.farming]
name = "种养基地"
stage = "上游"
[templates.t.segments.deep_processing]
name = "精深加工"
stage = "中游"
"""


def _chain(directions: str, template: str = 'template = "t"\n') -> str:
    return f'{HEAD}\n[chains.food]\nname = "特色食品"\n{template}directions = [{directions}]\n'


def _problems(text: str) -> list[tuple[str, object, str]]:
    with pytest.raises(fp.PlanError) as exc:
        fp.loads_plan(text)
    return [(p.path, p.value, p.expected) for p in exc.value.problems]


def _template() -> ChainTemplate:
    return ChainTemplate(
        id="t",
        name="示例模板",
        segments=[
            Segment(id="farming", name="种养基地", stage="上游"),
            Segment(id="deep_processing", name="精深加工", stage="中游"),
        ],
        edges=[("farming", "deep_processing")],
    )


def _plan(*chains: Chain) -> Plan:
    return Plan(
        id="x",
        region="X县",
        title="t",
        start_year=2021,
        end_year=2025,
        templates=[_template()],
        chains=list(chains),
    )


# -- the model ----------------------------------------------------------------------------------
def test_a_direction_takes_its_action_by_label_or_value() -> None:
    d = ChainDirection(action="延链", segments=["deep_processing"], text="推进精深加工")
    assert d.action is ChainAction.EXTEND and d.segments == ("deep_processing",)
    assert ChainDirection(action="fill", text="补").action is ChainAction.FILL
    assert d.source is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"action": "扩链", "text": "x"}, None),  # not an action
        ({"action": "延链", "text": ""}, "text"),
        ({"action": "延链", "text": "  "}, "text"),
        ({"action": "延链", "text": "x", "segments": ["Bad id"]}, "segments"),
        ({"action": "延链", "text": "x\x00"}, "text"),
    ],
)
def test_a_direction_refuses_bad_values(kwargs: dict[str, object], field: str | None) -> None:
    with pytest.raises((FieldError, ValueError)) as exc:
        ChainDirection(**kwargs)  # type: ignore[arg-type]
    if field is not None:
        assert isinstance(exc.value, FieldError) and exc.value.field == field


def test_a_direction_needs_its_text() -> None:
    with pytest.raises(TypeError):
        ChainDirection(action="延链")  # type: ignore[call-arg]


def test_the_plan_refuses_a_segment_its_template_lacks_at_its_key_path() -> None:
    bad = Chain(
        id="food",
        name="特色食品",
        template="t",
        directions=[
            ChainDirection(action="延链", segments=["farming", "deep_procesing"], text="x")
        ],
    )
    with pytest.raises(fp.PlanValidationError) as exc:
        _plan(bad)
    (problem,) = exc.value.problems
    assert problem.path == "chains.food.directions[0].segments[1]"
    assert problem.value == "deep_procesing"
    assert "did you mean 'deep_processing'" in problem.expected


def test_a_chain_without_template_may_state_directions_naming_no_segment() -> None:
    free = Chain(id="food", name="特色食品", directions=[ChainDirection(action="建链", text="x")])
    assert _plan(free).chains[0].directions[0].action is ChainAction.BUILD
    named = attrs.evolve(
        free, directions=[ChainDirection(action="建链", segments=["farming"], text="x")]
    )
    with pytest.raises(fp.PlanValidationError) as exc:
        _plan(named)
    assert [p.path for p in exc.value.problems] == ["chains.food.directions[0].segments[0]"]


# -- the plan file ------------------------------------------------------------------------------
def test_a_plan_file_states_directions() -> None:
    text = _chain(
        '{ action = "延链", segments = ["deep_processing"], text = "推进精深加工", '
        'source = "第四章（一）1" }, { action = "强链", text = "扩大生产规模" }'
    )
    (chain,) = fp.loads_plan(text).chains
    assert chain.directions == (
        ChainDirection(
            action="延链", segments=["deep_processing"], text="推进精深加工", source="第四章（一）1"
        ),
        ChainDirection(action="强链", text="扩大生产规模"),
    )


def test_the_loader_names_each_bad_direction_by_its_key_path() -> None:
    assert _problems(
        _chain('{ action = "延链", segments = ["farming", "deep_procesing"], text = "x" }')
    ) == [
        (
            "chains.food.directions[0].segments[1]",
            "deep_procesing",
            "one of: deep_processing, farming (did you mean 'deep_processing'?)",
        )
    ]
    problems = _problems(_chain('{ action = "延链" }, { action = "扩链", text = "x" }'))
    assert [p[0] for p in problems] == [
        "chains.food.directions[0].text",
        "chains.food.directions[1].action",
    ]
    problems = _problems(_chain('{ action = "延链", text = "x", page = 3 }'))
    assert [p[0] for p in problems] == ["chains.food.directions[0].page"]
    problems = _problems(_chain('{ action = "建链", segments = ["farming"], text = "x" }', ""))
    assert [p[0] for p in problems] == ["chains.food.directions[0].segments[0]"]


def test_directions_round_trip_through_toml_json_and_the_store(tmp_path: Path) -> None:
    text = _chain(
        '{ action = "延链", segments = ["deep_processing", "farming"], text = "推进\\n精深加工", '
        'source = "第四章（一）1" }, { action = "强链", text = "扩大生产规模" }'
    )
    plan = fp.loads_plan(text)
    for fmt in ("toml", "json"):
        assert fp.loads_plan(fp.dumps_plan(plan, fmt), fmt) == plan
    fp.dump_plan_store([plan], tmp_path)
    assert fp.load_plan_store(tmp_path) == (plan,)
    store = fp.open_plan_store(tmp_path)
    rows = store.table("chain_directions").to_pylist()
    assert [(r["chain"], r["action"], r["segments"], r["source"]) for r in rows] == [
        ("food", "extend", ["deep_processing", "farming"], "第四章（一）1"),
        ("food", "strengthen", None, None),  # no segments: the whole chain
    ]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_drawn_chains_with_directions_round_trip(data: st.DataObject) -> None:
    template = data.draw(chain_templates(id=st.just("t")))
    chain = data.draw(chains(templates=(template,)))
    plan = Plan(
        id="x",
        region="X县",
        title="t",
        start_year=2021,
        end_year=2025,
        templates=[template],
        chains=[chain],
    )
    for fmt in ("toml", "json"):
        assert fp.loads_plan(fp.dumps_plan(plan, fmt), fmt) == plan


# -- Dongkou ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dongkou() -> Plan:
    return fp.load("dongkou")


def test_every_dongkou_chain_states_the_plans_directions(dongkou: Plan) -> None:
    for chain in dongkou.chains:
        assert chain.directions, chain.id
        for d in chain.directions:
            assert d.source and d.source.startswith("第"), (chain.id, d)
    named = {(c.id, seg) for c in dongkou.chains for d in c.directions for seg in d.segments}
    # the examples: what the plan asks of 特色食品, 电子信息 and 特色轻工
    assert {
        ("food", "citrus_processing"),
        ("food", "tea_processing"),
        ("food", "tuber_products"),
        ("electronics", "electronic_components"),
        ("electronics", "automotive_electronics"),
        ("electronics", "medical_electronics"),
        ("light_industry", "garments"),
        ("light_industry", "leather_goods"),
        ("light_industry", "rubber_eva"),
    } <= named


@pytest.mark.skipif(not SEED.is_file(), reason=f"the Dongkou document is not at {SEED}")
def test_dongkou_directions_quote_the_document(dongkou: Plan) -> None:
    document = re.sub(r"\s", "", SEED.read_text(encoding="utf-8"))
    for chain in dongkou.chains:
        for d in chain.directions:
            assert re.sub(r"\s", "", d.text) in document, (chain.id, d.text)


def test_directions_leave_the_gap_analysis_unchanged(dongkou: Plan) -> None:
    silent = attrs.evolve(dongkou, chains=[attrs.evolve(c, directions=()) for c in dongkou.chains])
    stated = [a.to_dict() for a in fp.analyse_chains(dongkou)]
    plain = [a.to_dict() for a in fp.analyse_chains(silent)]
    assert [a.pop("directions") for a in plain] == [[] for _ in plain]
    directions = [a.pop("directions") for a in stated]
    for a in stated + plain:  # each gap's plan stance reads the directions; the rest does not
        a["gaps"] = [{k: v for k, v in g.items() if k != "plan"} for g in a["gaps"]]
    assert stated == plain
    food = directions[[c.id for c in dongkou.chains].index("food")]
    assert food[0] == {
        "action": "extend",
        "action_label": "延链",
        "segments": [
            {"id": "citrus_processing", "name": "柑橘商品化处理与深加工"},
            {"id": "tea_processing", "name": "茶叶加工"},
            {"id": "tuber_products", "name": "薯类制品加工"},
        ],
        "text": "坚持特色食品主导产业，带动雪峰蜜桔、茶叶、薯类制品进行深加工",
        "source": "第四章（一）1",
    }


def test_gaps_text_prints_the_directions_under_each_heading_and_nothing_else(
    dongkou: Plan, tmp_path: Path
) -> None:
    silent = attrs.evolve(dongkou, chains=[attrs.evolve(c, directions=()) for c in dongkou.chains])
    path = tmp_path / "silent.toml"
    fp.dump_plan(silent, path)
    runner = CliRunner()
    stated = runner.invoke(main, ["gaps", "dongkou"])
    plain = runner.invoke(main, ["gaps", str(path)])
    assert stated.exit_code == 0 and plain.exit_code == 0, stated.output + plain.output
    lines = stated.output.splitlines()
    head = lines.index("特色食品（food）")
    assert lines[head + 1] == (
        "  规划原文：延链 柑橘商品化处理与深加工、茶叶加工、薯类制品加工（第四章（一）1）"
    )
    assert "  规划原文：强链 全链（第四章（一）1）" in lines
    stance = (
        "     规划要求：",
        "     规划提及此环节",
        "     与规划对全链",
        "     规划未提及此环节",
    )
    kept = [line for line in lines if not line.startswith(("  规划原文：", *stance))]
    assert kept == [line for line in plain.output.splitlines() if not line.startswith(stance)]
    said = [line for line in lines if line.startswith("  规划原文：")]
    assert len(said) == sum(len(c.directions) for c in dongkou.chains)
    gaps = sum(len(a.gaps) for a in fp.analyse_chains(dongkou))
    assert len(lines) - len(kept) - len(said) == gaps  # one stance line a gap


def test_fyp_chains_lists_the_directions_with_text_and_json(dongkou: Plan) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["chains", "dongkou"])
    assert out.exit_code == 0, out.output
    assert "规划原文所述方向" in out.output
    assert (
        "  - 规划原文：延链 新型电子元器件、汽车电子、医疗电子、工业互联网服务与系统集成"
        "（第三章“八小区”·信息产业园区）：承接电子类高科技企业" in out.output
    )
    data = json.loads(runner.invoke(main, ["chains", "dongkou", "--format", "json"]).output)
    by_id = {c["chain"]: c for c in data["chains"]}
    assert [len(by_id[c.id]["directions"]) for c in dongkou.chains] == [
        len(c.directions) for c in dongkou.chains
    ]
    assert by_id["internet"]["directions"][2]["segments"] == [
        {"id": "network_infrastructure", "name": "通信网络基础设施"}
    ]


# -- what the plan says of each gap (its stance; shown, not scored) --------------------------------
def _stance_plan(*directions: fp.ChainDirection) -> fp.Plan:
    t = fp.ChainTemplate(
        id="t",
        name="模板",
        edges=[("raw", "made"), ("made", "sold")],
        segments=[
            fp.Segment(id="raw", name="原料", stage="upstream"),
            fp.Segment(id="made", name="加工", stage="midstream", core=True),
            fp.Segment(id="sold", name="销售", stage="downstream"),
        ],
    )
    return fp.Plan(
        id="s",
        region="示例县",
        title="示例",
        start_year=2021,
        end_year=2025,
        templates=[t],
        enterprises=[fp.Enterprise(id="a", name="甲", leader=True)],
        chains=[
            fp.Chain(
                id="c", name="链", template="t", presence={"made": ["a"]}, directions=directions
            )
        ],
    )


@pytest.mark.parametrize(
    ("directions", "stance"),
    [
        (
            (fp.ChainDirection(action="延链", segments=("sold",), text="拓展销售", source="一"),),
            "asks",
        ),
        ((fp.ChainDirection(action="强链", segments=("sold",), text="做强销售"),), "names"),
        ((fp.ChainDirection(action="延链", text="延伸产业链", source="二"),), "agrees"),
        ((fp.ChainDirection(action="建链", text="新建产业链"),), "silent"),
        ((), "silent"),
    ],
)
def test_each_gap_says_what_the_plan_says_of_it(
    directions: tuple[fp.ChainDirection, ...], stance: str
) -> None:
    a = fp.gap_analysis(_stance_plan(*directions), "c")
    gap = next(g for g in a.gaps if g.segment == "sold")
    assert a.plan_stance(gap)[0] == stance
    assert (
        a.to_dict()["gaps"][[g.segment for g in a.gaps].index("sold")]["plan"]["stance"] == stance
    )
    # the stance is shown beside the gap: the scores do not read it
    bare = fp.gap_analysis(_stance_plan(), "c")
    assert [(g.segment, g.score, g.rank) for g in a.gaps] == [
        (g.segment, g.score, g.rank) for g in bare.gaps
    ]


def test_the_stance_names_the_directions_and_their_sections() -> None:
    d = fp.ChainDirection(
        action="延链", segments=("sold",), text="拓展销售", source="第四章（一）1"
    )
    a = fp.gap_analysis(_stance_plan(d), "c")
    gap = next(g for g in a.gaps if g.segment == "sold")
    assert a.stance_text(gap).zh == "规划要求：延链（第四章（一）1）"
    assert a.stance_text(gap).en == "the plan asks for it: extend (第四章（一）1)"


def test_dongkou_gaps_say_where_the_plan_asks_for_them() -> None:
    """The issue's reading: the plan asks for deep processing of 蜜桔, tea and tubers, which rank
    low; each such gap now says what the plan says of it."""
    a = fp.gap_analysis(fp.load("dongkou"), "food")
    stances = {g.segment: a.plan_stance(g)[0] for g in a.gaps}
    assert stances["citrus_processing"] == "asks"
    assert stances["tea_processing"] in {"asks", "names"}
    out = CliRunner().invoke(main, ["gaps", "dongkou", "特色食品"])
    assert out.exit_code == 0 and "规划要求：延链（第四章（一）1）" in out.output
