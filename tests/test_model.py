"""Example tests of the model's construction-time validation."""

from __future__ import annotations

import pytest

import fyp_planning as fp
from fyp_planning import (
    Enterprise,
    GrowthTarget,
    Indicator,
    LevelTarget,
    Observation,
    Park,
    Period,
    Plan,
    PlanValidationError,
    Project,
    Statement,
    StatementKind,
    parse_quantity,
    parse_unit,
)

Q = parse_quantity


def _ind(id: str = "output", unit: str = "亿元", **kw) -> Indicator:
    return Indicator(id=id, name="工业总产值", unit=parse_unit(unit), **kw)


def _plan(**kw) -> Plan:
    base = {"id": "demo", "region": "示例县", "title": "示例", "start_year": 2021, "end_year": 2025}
    return Plan(**{**base, **kw})


def _paths(exc: pytest.ExceptionInfo[PlanValidationError]) -> list[str]:
    return [p.path for p in exc.value.problems]


def test_valid_plan_and_lookups() -> None:
    plan = _plan(
        indicators=[_ind()],
        observations=[Observation(indicator="output", period=Period(2020), value=Q("198亿元"))],
        targets=[LevelTarget(indicator="output", year=2025, value=Q("300亿元"))],
    )
    assert plan.base_year == 2020
    assert plan.indicator("output").name == "工业总产值"
    assert plan.observations_for("output")[0].value == Q("198亿元")
    assert list(plan.years) == [2021, 2022, 2023, 2024, 2025]
    with pytest.raises(KeyError, match=r"no indicator 'nope'.*known: output"):
        plan.indicator("nope")


def test_target_year_must_be_inside_period_or_at_its_end() -> None:
    _plan(
        indicators=[_ind()], targets=[LevelTarget(indicator="output", year=2025, value=Q("1亿元"))]
    )
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            targets=[LevelTarget(indicator="output", year=2026, value=Q("1亿元"))],
        )
    assert _paths(exc) == ["indicators.output.targets[0].year"]
    assert exc.value.problems[0].value == 2026
    assert "2021 to 2025" in exc.value.problems[0].expected


def test_target_unit_must_be_compatible_with_indicator() -> None:
    # 万元 converts to 亿元: fine.
    _plan(
        indicators=[_ind()],
        targets=[LevelTarget(indicator="output", year=2025, value=Q("3000000万元"))],
    )
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            targets=[LevelTarget(indicator="output", year=2025, value=Q("300亿度"))],
        )
    (problem,) = exc.value.problems
    assert problem.path == "indicators.output.targets[0].value"
    assert problem.value == "300亿度"
    assert "亿元" in problem.message


def test_observation_unit_checked_but_bare_values_are_kept() -> None:
    plan = _plan(
        indicators=[_ind()],
        observations=[Observation(indicator="output", period=Period(2020), value=Q("31.5"))],
    )
    assert plan.observations[0].unit_stated is False
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            observations=[Observation(indicator="output", period=Period(2020), value=Q("5家"))],
        )
    assert _paths(exc) == ["indicators.output.observations[0].value"]


def test_duplicate_ids_are_reported() -> None:
    with pytest.raises(PlanValidationError) as exc:
        _plan(indicators=[_ind(), _ind()])
    assert _paths(exc) == ["indicators.output"]
    assert "duplicate id" in exc.value.problems[0].message


def test_unknown_indicator_in_observation_and_target() -> None:
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            observations=[Observation(indicator="missing", period=Period(2020), value=Q("1亿元"))],
            targets=[LevelTarget(indicator="missing", year=2025, value=Q("1亿元"))],
        )
    assert _paths(exc) == [
        "indicators.missing.observations[0].indicator",
        "indicators.missing.targets[0].indicator",
    ]


def test_growth_target_base_year_before_target_year() -> None:
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            targets=[GrowthTarget(indicator="output", year=2022, rate=Q("10%"), base_year=2022)],
        )
    assert _paths(exc) == ["indicators.output.targets[0].base_year"]


def test_growth_rate_must_be_dimensionless() -> None:
    with pytest.raises(ValueError, match="not a rate"):
        GrowthTarget(indicator="output", year=2025, rate=Q("10亿元"))
    with pytest.raises(ValueError, match=r"negative rate.*reduction target"):
        GrowthTarget(indicator="output", year=2025, rate=Q("-10%"))


def test_references_between_entities() -> None:
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            enterprises=[Enterprise(id="acme", name="某公司", chains=("food",), park="zone")],
            parks=[Park(id="p1", name="园区", parent="nowhere")],
            projects=[Project(id="x", name="项目", enterprise="ghost")],
        )
    assert _paths(exc) == [
        "enterprises.acme.chains[0]",
        "enterprises.acme.park",
        "parks.p1.parent",
        "projects.x.enterprise",
    ]


def test_statement_checks() -> None:
    with pytest.raises(ValueError, match="needs indicator, start, end"):
        Statement(id="s", kind=StatementKind.AVERAGE_GROWTH, value=Q("8.88%"))
    with pytest.raises(ValueError, match="must be a rate"):
        Statement(
            id="s",
            kind=StatementKind.TOTAL_GROWTH,
            value=Q("44亿元"),
            indicator="output",
            start=Period(2015),
            end=Period(2020),
        )
    with pytest.raises(ValueError, match="needs the parts"):
        Statement(id="s", kind=StatementKind.TOTAL, value=Q("12个亿"))
    # A percentage-point change on a share indicator is compatible.
    _plan(
        indicators=[_ind("rd_share", "%")],
        statements=[
            Statement(
                id="rd_change",
                kind=StatementKind.CHANGE,
                value=Q("1.02个百分点"),
                indicator="rd_share",
                start=Period(2016),
                end=Period(2020, 1, 9),
            )
        ],
    )


def test_values_must_come_from_the_shared_registry() -> None:
    import pint

    other = pint.UnitRegistry()
    with pytest.raises(TypeError, match=r"fyp_planning\.ureg"):
        Observation(indicator="x", period=Period(2020), value=other.Quantity(1, "m"))
    with pytest.raises(TypeError, match="quantity"):
        Observation(indicator="x", period=Period(2020), value=198)


def test_ids_must_be_ascii_snake_case() -> None:
    with pytest.raises(ValueError, match="ASCII id"):
        Indicator(id="工业总产值", name="工业总产值", unit=parse_unit("亿元"))
    with pytest.raises(ValueError, match="ASCII id"):
        Indicator(id="Output", name="工业总产值", unit=parse_unit("亿元"))


def test_default_growth_mode_by_unit() -> None:
    assert _ind(unit="亿元").growth is fp.GrowthMode.COMPOUND
    assert _ind(unit="%").growth is fp.GrowthMode.LINEAR
    assert _ind(unit="家").growth is fp.GrowthMode.LINEAR
    assert _ind(unit="万户").growth is fp.GrowthMode.LINEAR
    assert _ind(unit="亿度").growth is fp.GrowthMode.COMPOUND


def test_limit_must_match_unit() -> None:
    assert _ind(unit="%", limit=Q("100%")).is_share
    with pytest.raises(ValueError, match="limit"):
        _ind(unit="%", limit=Q("100亿元"))


def test_period_parsing_and_order() -> None:
    assert Period.parse("截止2020年9月") == Period(2020, 1, 9)
    assert Period.parse("2020年三季度") == Period(2020, 1, 9)
    assert Period.parse("2020-01/2020-09") == Period(2020, 1, 9)
    assert Period.parse("２０２０年") == Period(2020)
    assert Period(2020, 1, 9) < Period(2020)
    for bad in ("2020年13月", "二〇二〇年", "2020年9-1月", "2020-01/2021-09"):
        with pytest.raises(ValueError, match=r"period|month"):
            Period.parse(bad)


def test_comparator_and_enum_lookup() -> None:
    assert fp.Comparator.from_text("以上") is fp.Comparator.GE
    assert fp.Comparator.from_text("≤") is fp.Comparator.LE
    assert fp.IndicatorKind.from_text("约束性") is fp.IndicatorKind.BINDING
    with pytest.raises(ValueError, match="binding \\(约束性\\)"):
        fp.IndicatorKind.from_text("mandatory")


def test_predecessor_must_end_before_successor_starts() -> None:
    old = _plan(id="old", start_year=2016, end_year=2020)
    assert _plan(predecessor=old).predecessor is old
    with pytest.raises(PlanValidationError) as exc:
        _plan(predecessor=_plan(id="old", start_year=2021, end_year=2025))
    assert _paths(exc) == ["predecessor.end_year"]


def test_error_message_renders_every_problem() -> None:
    with pytest.raises(PlanValidationError) as exc:
        _plan(
            indicators=[_ind()],
            targets=[
                LevelTarget(indicator="output", year=2030, value=Q("300亿度")),
            ],
        )
    text = str(exc.value)
    assert text.startswith("2 problems in plan")
    assert "indicators.output.targets[0].year: target year outside the plan period" in text
    assert "got '300亿度'" in text
    assert str(exc.value.with_file("plan.toml")).startswith("plan.toml: 2 problems")


def test_plan_invariants_point_at_objects_not_key_paths() -> None:
    """The model reports which object breaks an invariant; it builds no key path."""
    from fyp_planning.model.plan import plan_flaws

    target = LevelTarget(indicator="output", year=2030, value=Q("300亿度"))
    ent = Enterprise(id="acme", name="某公司", chains=("ok", "food"))
    flaws = plan_flaws(
        start_year=2021,
        end_year=2025,
        base_year=2020,
        indicators=[_ind()],
        targets=[target],
        enterprises=[ent],
        chains=[fp.Chain(id="ok", name="链")],
    )
    assert [(f.subject, f.field, f.at, f.value) for f in flaws] == [
        (target, "year", (), 2030),
        (target, "value", (), "300亿度"),
        (ent, "chains", (1,), "food"),
    ]
    assert all("." not in f.field and "[" not in f.field for f in flaws)
    # Messages are an id with arguments; the words are made from them.
    assert (flaws[0].code, flaws[0].args) == ("year_outside_period", {"period": "2021–2025"})
    assert flaws[0].message == "target year outside the plan period 2021–2025"


def test_loader_places_problems_where_the_objects_were_read() -> None:
    """The same broken target is named by its position in the file, which the loader knows:
    the second target of the file is the first the model holds when the first is broken."""
    text = (
        'id = "demo"\nregion = "示例县"\ntitle = "示例"\nstart_year = 2021\nend_year = 2025\n'
        '[indicators.output]\nname = "工业总产值"\nunit = "亿元"\n'
        'targets = [{ year = 2025, kind = "nope" }, { year = 2030, text = "达到300亿元" }]\n'
    )
    with pytest.raises(fp.PlanStructureError) as exc:
        fp.loads_plan(text)
    assert [p.path for p in exc.value.problems] == [
        "indicators.output.targets[0].kind",
        "indicators.output.targets[1].year",
    ]
