"""Units a plan file declares (``[units."床"]``), did-you-mean for unknown units, and the hint
for a bare 亿 / 万 as an indicator's unit (issue 15, vocabulary).

The unit registry is process-wide, so every test declares names of its own (:func:`_fresh`):
a name declared by one test is known with that meaning for the rest of the run.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pint
import pytest
from hypothesis import given, settings

import fyp_planning as fp
import strategies as S
from fyp_planning import limits
from fyp_planning.errors import FieldError

_HEAD = 'id = "demo"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'
_counter = itertools.count()


def _fresh(stem: str = "床") -> tuple[str, str]:
    """A unit name and a count id no other test uses (rare characters after ``stem``)."""
    n = next(_counter)
    return f"{stem}{chr(0x9E00 + n)}", f"thing_t{n}"


def _plan(text: str) -> fp.Plan:
    return fp.loads_plan(_HEAD + text)


def _problems(text: str) -> list[fp.Problem]:
    with pytest.raises(fp.PlanError) as info:
        _plan(text)
    return list(info.value.problems)


# -- declarations load, convert and keep counts apart -------------------------------------------
def test_a_count_and_its_multiple_load_convert_and_read_in_phrases() -> None:
    bed, dim = _fresh()
    plan = _plan(
        f'[units."万{bed}"]\nequals = "10000{bed}"\n'  # before the unit it names
        f'[units."{bed}"]\ncounts = "{dim}"\n'
        f'[indicators.beds]\nname = "养老床位"\nunit = "{bed}"\n'
        f'observations = [{{period = 2020, value = "0.12万{bed}"}}]\n'
        f'targets = [{{year = 2025, text = "达到1500{bed}"}}]\n'
    )
    assert [d.name for d in plan.units] == [f"万{bed}", bed]
    assert plan.units[1] == fp.UnitDeclaration(bed, counts=dim)
    (obs,) = plan.observations
    assert obs.value.to(plan.indicator("beds").unit).magnitude == pytest.approx(1200)
    (target,) = plan.targets
    assert target.value == fp.ureg.Quantity(1500, plan.indicator("beds").unit)
    assert fp.format_unit(plan.indicator("beds").unit) == bed


def test_a_declared_count_does_not_add_to_other_counts() -> None:
    bed, dim = _fresh()
    _plan(f'[units."{bed}"]\ncounts = "{dim}"\n')
    beds = fp.parse_quantity(f"3{bed}")
    for other in ("2家", "2个", "2人"):
        with pytest.raises(pint.DimensionalityError):
            beds + fp.parse_quantity(other)
    assert beds + fp.parse_quantity(f"2{bed}") == fp.parse_quantity(f"5{bed}")


def test_a_plan_with_declared_units_round_trips(tmp_path: Path) -> None:
    bed, dim = _fresh()
    teu, teu_dim = _fresh("标箱")
    plan = _plan(
        f'[units."{bed}"]\ncounts = "{dim}"\n[units."万{bed}"]\nequals = "10000{bed}"\n'
        f'[units."{teu}"]\ncounts = "{teu_dim}"\n'
        f'[indicators.beds]\nname = "床位"\nunit = "万{bed}"\n'
        f'observations = [{{period = 2020, value = "1200{bed}"}}]\n'
    )
    text = fp.dumps_plan(plan)
    assert f'[units."{bed}"]\ncounts = "{dim}"' in text
    assert f'equals = "10000{bed}"' in text
    assert fp.loads_plan(text) == plan
    assert fp.loads_plan(fp.dumps_plan(plan, "json"), "json") == plan
    pytest.importorskip("pyarrow")
    fp.dump_plan_store([plan], tmp_path / "store")
    assert list(fp.load_plan_store(tmp_path / "store")) == [plan]


def test_declaring_a_known_name_with_its_meaning_is_harmless() -> None:
    bed, dim = _fresh()
    first = _plan(f'[units."{bed}"]\ncounts = "{dim}"\n')
    again = _plan(f'[units."{bed}"]\ncounts = "{dim}"\n[units."家"]\ncounts = "organization"\n')
    assert first.units[0] == again.units[0]
    same = _plan('[units."亿元"]\nequals = "10000万元"\n')
    assert same.units[0].name == "亿元"


# -- refused declarations: each at its key path, never a silent redefinition -------------------
def test_a_conflicting_redefinition_is_refused_at_its_key_path() -> None:
    bed, dim = _fresh()
    _plan(f'[units."{bed}"]\ncounts = "{dim}"\n')
    (problem,) = _problems(f'[units."{bed}"]\ncounts = "other_{dim}"\n')
    assert problem.path == f'units["{bed}"].counts'
    assert problem.value == f"other_{dim}"
    assert "already known with another meaning" in problem.message
    assert "已有不同定义" in problem.render("zh")
    (problem,) = _problems(f'[units."{bed}"]\nequals = "3家"\n')
    assert problem.path == f'units["{bed}"].equals'
    (builtin,) = _problems('[units."家"]\ncounts = "firm"\n')
    assert builtin.path == 'units["家"].counts' and "1家 = 1 organization" in builtin.message
    (money,) = _problems('[units."亿元"]\nequals = "1000万元"\n')
    assert money.path == 'units["亿元"].equals'


def test_a_builtin_count_and_pints_own_names_are_refused() -> None:
    name, _ = _fresh("机构")
    (problem,) = _problems(f'[units."{name}"]\ncounts = "organization"\n')
    assert problem.path == f'units["{name}"].counts'
    assert 'equals = "1家"' in problem.message
    (pint_name,) = _problems('[units."kg"]\nequals = "0.001吨"\n')
    assert pint_name.path == "units.kg" and "pint" in pint_name.message
    with pytest.raises(fp.UnitError):
        fp.parse_unit("kg")  # still no plan unit


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        ('counts = "bed"\nequals = "3吨"', "", "either counts"),
        ('note = "x"', "", "either counts"),
        ('counts = "Bed"', "counts", "not an id"),
        ("counts = 3", "counts", "wrong type"),
        ('equals = "-3吨"', "equals", "positive multiple"),
        ('equals = "0吨"', "equals", "positive multiple"),
        ('equals = "3万"', "equals", "positive multiple"),
        ('equals = "3"', "equals", "positive multiple"),
        ("equals = 3", "equals", "wrong type"),
        ('equals = "3美刀"', "equals", "not a quantity"),
    ],
)
def test_malformed_declarations_are_refused(body: str, path: str, words: str) -> None:
    name, _ = _fresh("坏")
    problems = _problems(f'[units."{name}"]\n{body}\n')
    where = f'units["{name}"]' + (f".{path}" if path else "")
    assert any(p.path == where and words in str(p) for p in problems), problems


def test_bad_names_unknown_keys_and_a_wrong_table_are_refused() -> None:
    long = "床" * (limits.MAX_UNIT_CHARS + 1)
    for name in ("1床", "床-位", "床 位", long):
        (problem,) = _problems(f'[units."{name}"]\ncounts = "bed_bad"\n')
        assert problem.path.startswith("units[") and "not a unit name" in problem.message
    problems = _problems('[units."床_k"]\ncounts = "bed_k"\ncuonts = "x"\n')
    assert [p.path for p in problems] == ['units["床_k"].cuonts']
    assert "did you mean 'counts'" in problems[0].expected
    (problem,) = _problems('units = ["床"]\n')
    assert problem.path == "units"


def test_declarations_naming_each_other_in_a_loop_are_reported_not_hung() -> None:
    a, _ = _fresh("甲")
    b, _ = _fresh("乙")
    problems = _problems(f'[units."{a}"]\nequals = "2{b}"\n[units."{b}"]\nequals = "2{a}"\n')
    assert sorted(p.path for p in problems) == sorted(
        [f'units["{a}"].equals', f'units["{b}"].equals']
    )


def test_the_number_of_declared_units_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DECLARED_UNITS", 2)
    names = [_fresh()[0] for _ in range(3)]
    text = "".join(f'[units."{n}"]\ncounts = "c_{ord(n[-1])}"\n' for n in names)
    (problem,) = _problems(text)
    assert problem.path == "units" and problem.value == 3 and "at most 2" in problem.expected
    for name in names:  # refused before any is declared
        with pytest.raises(fp.UnitError):
            fp.parse_unit(name)
    with pytest.raises(FieldError, match="at most 2"):
        fp.Plan(
            id="x", region="县", title="t", start_year=2021, end_year=2025,
            units=[fp.UnitDeclaration(n, equals=fp.parse_quantity("1吨")) for n in "甲乙丙"],
        )  # fmt: skip


def test_limits_doc_has_the_bound() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text("utf-8")
    assert f"| `MAX_DECLARED_UNITS` | `{limits.MAX_DECLARED_UNITS}` |" in doc


# -- which plans know a declared unit -----------------------------------------------------------
def test_a_unit_another_plan_declared_is_unknown_to_a_plan(tmp_path: Path) -> None:
    bed, dim = _fresh()
    _plan(f'[units."{bed}"]\ncounts = "{dim}"\n')
    (problem,) = _problems(f'[indicators.beds]\nname = "床位"\nunit = "{bed}"\n')
    assert problem.path == "indicators.beds.unit" and problem.message.startswith("unknown unit")
    assert fp.parse_unit(bed) is not None  # outside loading, every declared unit reads


def test_predecessor_and_successor_know_each_others_units(tmp_path: Path) -> None:
    mine, my_dim = _fresh()
    theirs, their_dim = _fresh("标箱")
    (tmp_path / "old.toml").write_text(
        'id = "old"\nregion = "示例县"\ntitle = "旧"\nstart_year = 2016\nend_year = 2020\n'
        f'[units."{theirs}"]\ncounts = "{their_dim}"\n'
        f'[indicators.beds]\nname = "床位"\nunit = "{mine}"\n',  # declared by the successor
        encoding="utf-8",
    )
    (tmp_path / "new.toml").write_text(
        _HEAD + 'predecessor = "old.toml"\n'
        f'[units."{mine}"]\ncounts = "{my_dim}"\n'
        f'[indicators.teu]\nname = "集装箱"\nunit = "{theirs}"\n',  # declared by the predecessor
        encoding="utf-8",
    )
    plan = fp.load_plan(tmp_path / "new.toml")
    assert [d.name for d in plan.units] == [mine]
    assert plan.predecessor is not None and [d.name for d in plan.predecessor.units] == [theirs]
    assert fp.load_plan(tmp_path / "new.toml") == plan  # again, with both known: the same
    assert fp.loads_plan(fp.dumps_plan(plan)) == plan  # inline predecessor


def test_a_folder_plan_declares_units_as_data(tmp_path: Path) -> None:
    bed, dim = _fresh()
    (tmp_path / "plan.toml").write_text(
        _HEAD + f'[units."{bed}"]\ncounts = "{dim}"\n'
        f'[indicators.beds]\nname = "床位"\nunit = "{bed}"\n'
        "observations = [{ period = 2020, value = 1200 }]\n",
        encoding="utf-8",
    )
    plan = fp.Plugin.from_folder(tmp_path).load()
    assert fp.format_quantity(plan.observations[0].value) == f"1200{bed}"


def test_the_documented_example_loads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "plan-file-format.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", doc, re.S) if '[units."床"]' in b]
    plan = _plan(block)
    assert [d.describe() for d in plan.units] == ["counts bed", "equals 10000床", "counts teu"]


# -- did you mean ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("万圆", ["万元"]),
        ("億圆", ["亿元"]),
        ("吨标准煤/万圆", ["吨标准煤/万元"]),
        ("吨标准媒/万元", ["吨标准煤/万元"]),
        ("亿千瓦", ["亿千瓦时", "亿度"]),
        ("万千瓦", ["万千瓦时", "万度"]),
        ("人次数", ["人次"]),
    ],
)
def test_an_unknown_unit_suggests_the_units_meant(written: str, meant: list[str]) -> None:
    close = fp.suggest_units(written)
    assert close[: len(meant)] == meant
    with pytest.raises(fp.UnitError) as info:
        fp.parse_unit(written)
    assert all(repr(m) in str(info.value) for m in meant)
    assert "是否应为" in info.value.text.zh  # type: ignore[union-attr]
    with pytest.raises(fp.QuantityParseError, match="did you mean"):
        fp.parse_quantity(f"3{written}")
    problems = _problems(
        f'[indicators.x]\nname = "x"\nunit = "{written}"\n'
        f'[indicators.y]\nname = "y"\nunit = "万元"\nobservations = [{{period = 2020, value = "3{written}"}}]\n'
    )
    by_path = {p.path: p for p in problems}
    assert f"did you mean {meant[0]!r}" in by_path["indicators.x.unit"].message
    assert by_path["indicators.x.unit"].value == written
    said = by_path["indicators.y.observations[0].value"]
    assert f"did you mean {meant[0]!r}" in said.message and "是否应为" in said.render("zh")


def test_near_misses_that_read_need_no_suggestion() -> None:
    assert fp.parse_unit("人 次") == fp.parse_unit("人次")
    assert fp.parse_unit("吨标煤/万元") == fp.parse_unit("吨标准煤/万元")


def test_nothing_close_keeps_the_plain_message() -> None:
    assert fp.suggest_units("美刀") == [] and fp.suggest_units("kg") == []
    with pytest.raises(fp.UnitError, match="known Chinese units include"):
        fp.parse_unit("美刀")
    (problem,) = _problems('[indicators.x]\nname = "x"\nunit = "亿美刀"\n')
    assert problem.message == "unknown unit"


def test_suggestions_come_from_the_plans_own_declarations() -> None:
    bed, dim = _fresh()
    problems = _problems(
        f'[units."{bed}"]\ncounts = "{dim}"\n[indicators.x]\nname = "x"\nunit = "{bed}位"\n'
    )
    assert f"did you mean {bed!r}" in problems[0].message
    other = _problems(f'[indicators.x]\nname = "x"\nunit = "{bed}位"\n')  # not declared here
    assert bed not in other[0].message


@settings(max_examples=150, deadline=None)
@given(S.unit_near_misses)
def test_every_suggestion_reads(text: str) -> None:
    for suggestion in fp.suggest_units(text):
        fp.parse_unit(suggestion)
    assert len(fp.suggest_units(text)) <= 3


# -- a bare 亿 / 万 ------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["亿", "万", "億"])
def test_a_bare_magnitude_unit_says_what_to_write_in_both_languages(unit: str) -> None:
    (problem,) = _problems(f'[indicators.o]\nname = "产值"\nunit = "{unit}"\n')
    zh, en = problem.render("zh"), problem.render("en")
    assert "写明计量对象" in zh and "亿元" in zh and "亿度" in zh and "万人次" in zh
    assert "write what it counts" in en and "亿千瓦时" in en
    assert problem.value == fp.format_unit(fp.parse_unit(unit))


def test_an_observations_table_suggests_the_unit_meant_and_reads_declared_units(
    tmp_path: Path,
) -> None:
    bed, dim = _fresh()
    plan = _plan(
        f'[units."{bed}"]\ncounts = "{dim}"\n[indicators.beds]\nname = "床位"\nunit = "{bed}"\n'
    )
    path = tmp_path / "obs.csv"
    path.write_text(
        f"indicator,period,value,unit\nbeds,2023,1300,{bed}\nbeds,2024,0.2,万圆\n", encoding="utf-8"
    )
    with pytest.raises(fp.PlanError) as info:
        fp.load_observations(path, plan)
    (problem,) = info.value.problems
    assert "column unit" in str(problem) and "did you mean '万元'" in str(problem)
    path.write_text(f"indicator,period,value,unit\nbeds,2023,1300,{bed}\n", encoding="utf-8")
    (obs,) = fp.load_observations(path, plan)  # a unit the plan declared reads after loading
    assert fp.format_quantity(obs.value) == f"1300{bed}"
