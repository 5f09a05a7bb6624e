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


def test_directions_weigh_only_through_the_planned_term(dongkou: Plan) -> None:
    """The plan's directions change no action and no structural measure: only each gap's
    *planned* term (and so its score and rank) and the sentence quoting the plan."""
    silent = attrs.evolve(dongkou, chains=[attrs.evolve(c, directions=()) for c in dongkou.chains])
    stated = [a.to_dict() for a in fp.analyse_chains(dongkou)]
    plain = [a.to_dict() for a in fp.analyse_chains(silent)]
    assert [a.pop("directions") for a in plain] == [[] for _ in plain]
    directions = [a.pop("directions") for a in stated]
    w = fp.GapWeights()
    for a, b in zip(stated, plain, strict=True):
        mine = {g["segment"]: g for g in a.pop("gaps")}
        theirs = {g["segment"]: g for g in b.pop("gaps")}
        assert a == b and set(mine) == set(theirs)
        for seg, g in mine.items():
            h = theirs[seg]
            assert (g["action"], g["direction"], g["dependence"], g["core"]) == (
                h["action"], h["direction"], h["dependence"], h["core"]
            )  # fmt: skip
            assert h["planned"] == 0 and h["stance"] == "silent"
            assert g["score"] == pytest.approx(h["score"] + w.planned * g["planned"])
            quoted = [r for r in g["reasons"] if r not in h["reasons"]]
            if g["stance"] != "silent":  # the plan's sentences, and the score's arithmetic
                quoted = [r for r in quoted if not r.startswith("得分")]
            assert len(quoted) == (0 if g["stance"] == "silent" else len(g["plan"]["directions"]))
    food = directions[[c.id for c in dongkou.chains].index("food")]
    assert food[0] == {
        "checks": [
            {
                "segment": "citrus_processing",
                "rank": 1,
                "followed": True,
                "text": "柑橘商品化处理与深加工：第1位（补链）",
                "text_en": "citrus_processing: ranked 1 (fill)",
            },
            {
                "segment": "tea_processing",
                "rank": 2,
                "followed": True,
                "text": "茶叶加工：第2位（延链（向下游））",
                "text_en": "tea_processing: ranked 2 (extend)",
            },
            {
                "segment": "tuber_products",
                "rank": 3,
                "followed": True,
                "text": "薯类制品加工：第3位（延链（向下游））",
                "text_en": "tuber_products: ranked 3 (extend)",
            },
        ],
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


def test_gaps_text_prints_each_direction_with_where_it_lands(dongkou: Plan) -> None:
    out = CliRunner().invoke(main, ["gaps", "dongkou"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    head = lines.index("特色食品（food）")
    assert lines[head + 1] == (
        "  规划原文：延链 柑橘商品化处理与深加工、茶叶加工、薯类制品加工（第四章（一）1）"
    )
    assert lines[head + 2 : head + 5] == [
        "    → 柑橘商品化处理与深加工：第1位（补链）",
        "    → 茶叶加工：第2位（延链（向下游））",
        "    → 薯类制品加工：第3位（延链（向下游））",
    ]
    said = [line for line in lines if line.startswith("  规划原文：")]
    assert len(said) == sum(len(c.directions) for c in dongkou.chains)
    checks = [line for line in lines if line.startswith(("    → ", "    ! "))]
    analyses = fp.analyse_chains(dongkou)
    assert len(checks) == sum(len(a.direction_checks()) for a in analyses)
    # each gap the plan speaks of quotes it, under the first reason
    quoted = [line for line in lines if line.startswith(("     - 规划点名", "     - 与规划对全链"))]
    assert len(quoted) == sum(
        len(a.plan_stance(g)[1]) for a in analyses for g in a.gaps if g.stance != "silent"
    )


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
    assert gap.stance == stance
    # the score reads the stance through the planned term only
    bare = fp.gap_analysis(_stance_plan(), "c")
    before = next(g for g in bare.gaps if g.segment == "sold")
    planned = {"asks": 1.0, "names": 1.0, "agrees": 0.25, "silent": 0.0}[stance]
    assert gap.planned == planned
    assert gap.score == pytest.approx(before.score + fp.GapWeights().planned * planned)


def test_the_stance_names_the_directions_and_their_sections() -> None:
    d = fp.ChainDirection(
        action="延链", segments=("sold",), text="拓展销售", source="第四章（一）1"
    )
    a = fp.gap_analysis(_stance_plan(d), "c")
    gap = next(g for g in a.gaps if g.segment == "sold")
    assert a.stance_text(gap).zh == "规划要求：延链（第四章（一）1）"
    assert a.stance_text(gap).en == "the plan asks for it: extend (第四章（一）1)"


def test_dongkou_gaps_say_where_the_plan_asks_for_them() -> None:
    """The issue's reading: the plan asks for deep processing of 蜜桔, tea and tubers, which
    ranked 10th, 11th and 13th; they now lead the chain, each quoting the plan."""
    a = fp.gap_analysis(fp.load("dongkou"), "food")
    first = {g.segment: g for g in a.gaps[:3]}
    assert set(first) == {"citrus_processing", "tea_processing", "tuber_products"}
    # 蜜桔 lies between the linked packaging and the cold chain: 补链, which the plan calls 延链
    assert first["citrus_processing"].stance == "names"
    assert first["tea_processing"].stance == first["tuber_products"].stance == "asks"
    out = CliRunner().invoke(main, ["gaps", "dongkou", "特色食品"])
    assert out.exit_code == 0
    assert "规划点名要求延链此环节（第四章（一）1）：「坚持特色食品主导产业" in out.output
