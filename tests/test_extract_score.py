"""The extraction scorer (tests/extraction_score.py) scores what it should, and nothing else."""

from __future__ import annotations

import attrs
import pytest

import fyp_planning as fp
from extraction_score import normalise_name, same_value, score

DONGKOU = fp.load("dongkou")


def test_identical_plans_score_full_recall_and_nothing_wrong() -> None:
    result = score(DONGKOU, DONGKOU)
    assert result.reference == result.draft == len(result.found) > 100
    assert result.recall == 1.0 and result.wrong_share == 0.0 and not result.extra


def test_a_dropped_fact_lowers_recall_and_is_listed() -> None:
    dropped = DONGKOU.observations[0]
    draft = attrs.evolve(DONGKOU, observations=DONGKOU.observations[1:])
    result = score(draft, DONGKOU)
    assert len(result.found) == result.reference - 1
    assert result.recall == pytest.approx((result.reference - 1) / result.reference)
    assert [f.key for f in result.missed] == [(str(dropped.period),)]
    assert not result.wrong


def test_a_value_moved_to_another_indicator_counts_as_wrong() -> None:
    output = next(o for o in DONGKOU.observations if o.indicator == "industrial_output")
    moved = attrs.evolve(output, indicator="industrial_tax")  # 198亿元 as 工业税收's value
    draft = attrs.evolve(
        DONGKOU, observations=[moved if o is output else o for o in DONGKOU.observations]
    )
    result = score(draft, DONGKOU)
    assert [d.value for d, _ in result.wrong] == [output.value]
    assert result.recall < 1.0 and result.wrong_share > 0


def test_a_different_value_in_the_same_place_counts_as_wrong() -> None:
    target = next(t for t in DONGKOU.targets if t.indicator == "industrial_output")
    other = attrs.evolve(target, value=fp.parse_quantity("301亿元"))
    draft = attrs.evolve(DONGKOU, targets=[other if t is target else t for t in DONGKOU.targets])
    result = score(draft, DONGKOU)
    assert len(result.wrong) == 1 and "another value" in result.wrong[0][1]


def test_a_fact_the_reference_does_not_have_is_extra_not_wrong() -> None:
    extra = fp.Observation(
        indicator="industrial_output", period=fp.Period(2017), value=fp.parse_quantity("151.3亿元")
    )
    draft = attrs.evolve(DONGKOU, observations=[*DONGKOU.observations, extra])
    result = score(draft, DONGKOU)
    assert result.recall == 1.0 and not result.wrong and len(result.extra) == 1


def test_indicators_align_by_name_never_by_id_or_value() -> None:
    # the draft's ids are not the reference's: names align them
    renamed = {i.id: f"ind_{n:02d}" for n, i in enumerate(DONGKOU.indicators)}
    draft = attrs.evolve(
        DONGKOU,
        predecessor=None,
        statements=[],
        indicators=[attrs.evolve(i, id=renamed[i.id]) for i in DONGKOU.indicators],
        observations=[
            attrs.evolve(o, indicator=renamed[o.indicator]) for o in DONGKOU.observations
        ],
        targets=[attrs.evolve(t, indicator=renamed[t.indicator]) for t in DONGKOU.targets],
    )
    head = attrs.evolve(DONGKOU, predecessor=None, statements=[])
    assert score(draft, head).recall == 1.0
    # an indicator with a name the reference does not know aligns with nothing
    nameless = attrs.evolve(
        draft,
        indicators=[attrs.evolve(i, name=f"无关指标{n}") for n, i in enumerate(draft.indicators)],
    )
    assert score(nameless, head).recall == pytest.approx(
        sum(1 for p in head.projects if p.investment is not None) / score(head, head).reference
    )


def test_values_compare_in_a_common_unit_and_bare_only_with_bare() -> None:
    q = fp.parse_quantity
    assert same_value(q("137.1亿元"), q("1371000万元"))
    assert not same_value(q("137.1亿元"), q("137.2亿元"))
    assert not same_value(q("31.5"), q("31.5亿元"))
    assert same_value(q("7600万"), q("7600万"))
    assert not same_value(q("2家"), q("2个"))


def test_names_are_normalised_without_quotes_brackets_or_a_bracketed_unit() -> None:
    assert normalise_name("高新技术企业当年认定数（个）") == "高新技术企业当年认定数"
    assert normalise_name("省级工程技术研发中心（实验室）") == "省级工程技术研发中心实验室"
    assert normalise_name("荣获省级“星创天地”的企业") == "荣获省级星创天地的企业"
    assert normalise_name(" 工业 总产值 ") == "工业总产值"
