"""Example tests of target phrases (目标表述) read by parse_target."""

from __future__ import annotations

import pytest

from fyp_planning import (
    Comparator,
    CoverageTarget,
    GrowthTarget,
    LevelTarget,
    RateTarget,
    ReductionTarget,
    ShareTarget,
    Target,
    TargetParseError,
    ThresholdTarget,
    parse_quantity,
    parse_target,
)

Q = parse_quantity


def _read(text: str) -> Target:
    t = parse_target(text, indicator="some_indicator", year=2025, source="第二章第四节")
    assert t.text == text  # the phrase is kept as given, not normalised
    assert (t.indicator, t.year, t.source) == ("some_indicator", 2025, "第二章第四节")
    return t


def _same(got: object, expected: object) -> None:
    assert got == expected
    assert str(got.units) == str(expected.units)  # type: ignore[attr-defined]


def test_annual_growth_at_least() -> None:
    t = _read("年均增长10%以上")
    assert type(t) is GrowthTarget
    _same(t.rate, Q("10%"))
    assert t.comparator is Comparator.GE and t.comparator.symbol == "≥"
    assert t.annual is True
    assert t.base_year is None


def test_growth_without_annual_word_is_over_the_whole_span() -> None:
    t = _read("增长10%")
    assert type(t) is GrowthTarget
    _same(t.rate, Q("10%"))
    assert t.annual is False
    assert t.comparator is Comparator.GE  # a floor, as plans mean it


@pytest.mark.parametrize("word", ["年均", "平均", "每年", "年平均", "年年"])
def test_annual_words(word: str) -> None:
    t = _read(f"{word}增长5%")
    assert isinstance(t, GrowthTarget) and t.annual is True


def test_subject_containing_yishang_twice() -> None:
    # 规模以上 in the subject must not be taken for the 以上 of the comparator.
    t = _read("规模以上工业总产值年均增长10%以上")
    assert type(t) is GrowthTarget
    _same(t.rate, Q("10%"))
    assert t.annual is True and t.comparator is Comparator.GE


def test_growth_at_most() -> None:
    t = _read("年均增长3%以下")
    assert type(t) is GrowthTarget and t.comparator is Comparator.LE


def test_level_reach() -> None:
    t = _read("达到300亿元")
    assert type(t) is LevelTarget
    _same(t.value, Q("300亿元"))
    assert t.comparator is Comparator.GE


def test_level_of_a_count() -> None:
    t = _read("达到180家")
    assert type(t) is LevelTarget
    _same(t.value, Q("180家"))
    assert t.comparator is Comparator.GE


def test_level_with_subject() -> None:
    t = _read("规模以上工业企业达到180家")
    assert type(t) is LevelTarget
    _same(t.value, Q("180家"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("突破300亿元", "300亿元"),
        ("增加到180家", "180家"),
        ("新增移动宽带用户达到15万户", "15万户"),
    ],
)
def test_other_level_verbs(text: str, value: str) -> None:
    t = _read(text)
    assert type(t) is LevelTarget and t.comparator is Comparator.GE
    _same(t.value, Q(value))


def test_level_kept_within_is_at_most() -> None:
    t = _read("控制在5%以内")
    assert type(t) is LevelTarget
    _same(t.value, Q("5%"))
    assert t.comparator is Comparator.LE


@pytest.mark.parametrize("text", ["控制在5%", "不超过5%", "降至5%", "减少到5%", "下降至5%"])
def test_level_down_verbs_are_at_most_without_tail(text: str) -> None:
    t = _read(text)
    assert type(t) is LevelTarget and t.comparator is Comparator.LE
    _same(t.value, Q("5%"))


def test_threshold() -> None:
    t = _read("95%以上")
    assert type(t) is ThresholdTarget
    _same(t.value, Q("95%"))
    assert t.comparator is Comparator.GE


def test_threshold_with_subject_and_keep() -> None:
    t = _read("工业污染物排放达标率98%以上")
    assert type(t) is ThresholdTarget
    _same(t.value, Q("98%"))
    kept = _read("保持在90%以上")
    assert type(kept) is ThresholdTarget
    _same(kept.value, Q("90%"))


def test_reduction_average_permille() -> None:
    t = _read("平均下降5‰")
    assert type(t) is ReductionTarget
    _same(t.rate, Q("5‰"))
    assert t.annual is True
    assert t.comparator is Comparator.GE


def test_reduction_with_subject() -> None:
    t = _read("万元规模工业增加值能耗平均下降5‰")
    assert type(t) is ReductionTarget
    _same(t.rate, Q("5‰"))


def test_share_without_denominator() -> None:
    t = _read("比重达到3%")
    assert type(t) is ShareTarget
    _same(t.value, Q("3%"))
    assert t.of is None
    assert t.comparator is Comparator.GE


@pytest.mark.parametrize("text", ["研发投入占GDP的比重达到3%", "研发投入占GDP比重达到3%"])
def test_share_of_gdp(text: str) -> None:
    t = _read(text)
    assert type(t) is ShareTarget
    assert t.of == "GDP"
    _same(t.value, Q("3%"))


def test_coverage() -> None:
    t = _read("实现全覆盖")
    assert type(t) is CoverageTarget
    assert t.scope is None
    _same(t.value_quantity, Q("100%"))


def test_coverage_with_scope() -> None:
    t = _read("县城区域和罗溪森林公园实现5G信号全覆盖")
    assert type(t) is CoverageTarget
    assert t.scope == "县城区域和罗溪森林公园5G信号"


def test_rate_target() -> None:
    t = _read("规模工业增加值增速8%")
    assert type(t) is RateTarget
    _same(t.value, Q("8%"))
    assert t.comparator is Comparator.GE
    assert t.years == ()


# -- 每年 + a level: a rate target (every year of the period must reach it) --------------------
@pytest.mark.parametrize(
    ("text", "value", "comparator"),
    [
        ("每年实施40个以上重点技改项目", "40个", Comparator.GE),
        ("每年要实施40个以上重点技改项目", "40个", Comparator.GE),  # Dongkou, 第四章（三）2
        ("每年实施40个以上", "40个", Comparator.GE),
        ("每年实施40个以上重点技改项目。", "40个", Comparator.GE),
        ("每年实施４０个以上重点技改项目", "40个", Comparator.GE),
        ("年年实施40个以上", "40个", Comparator.GE),
        ("每年新增10家", "10家", Comparator.GE),
        ("每年新增高新技术企业10家以上", "10家", Comparator.GE),
        ("全县每年新增高新技术企业10家左右", "10家", Comparator.GE),
        ("每年新增10家规模以上工业企业", "10家", Comparator.GE),  # 规模以上 is the object's
        ("每年引进亿元以上项目10个", "10个", Comparator.GE),
        ("每年不低于40个", "40个", Comparator.GE),
        ("每年不少于40个", "40个", Comparator.GE),
        ("规模工业增加值增速每年保持8%以上", "8%", Comparator.GE),
        ("每年能耗控制在5万吨以内", "5万吨", Comparator.LE),
        ("每年能耗控制在5万吨", "5万吨", Comparator.LE),
        ("每年不超过40个", "40个", Comparator.LE),
        ("每年实施40个以下", "40个", Comparator.LE),
        ("每年培训500人次以上", "500人次", Comparator.GE),  # 人次, a unit of its own (issue 15)
        ("每年新增專利授權50件以上", "50件", Comparator.GE),  # traditional characters
    ],
)
def test_a_level_every_year_is_a_rate_target(text: str, value: str, comparator: Comparator) -> None:
    t = _read(text)
    assert type(t) is RateTarget, f"{text!r} read as {type(t).__name__} {t.describe()}"
    _same(t.value, Q(value))
    assert t.comparator is comparator
    assert t.years == ()  # every year of the plan period
    assert t.describe() == f"每年{comparator.symbol}{value}"


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("每年增长8%", "8%"),
        ("每年增长8%以上", "8%"),
        ("年年增长8%", "8%"),
        ("年均增长10%", "10%"),
        ("规模工业增加值每年增长8%", "8%"),
    ],
)
def test_growth_each_year_stays_annual_growth(text: str, rate: str) -> None:
    # Near misses: 每年 with a growth word and a rate is an annual growth rate, not a level.
    t = _read(text)
    assert type(t) is GrowthTarget and t.annual is True
    _same(t.rate, Q(rate))


def test_per_year_reduction_stays_a_reduction() -> None:
    t = _read("每年下降5‰")
    assert type(t) is ReductionTarget and t.annual is True


@pytest.mark.parametrize(
    "text",
    [
        "每年增加10家",  # a change of the indicator, not a level each year must reach
        "每年提高1个百分点",
        "每年减少10家",
        "每年保持8%以上增长",  # annual growth, in other words
        "每年新增5G基站100个",  # two figures
    ],
)
def test_per_year_near_misses_are_not_read(text: str) -> None:
    with pytest.raises(TargetParseError):
        parse_target(text, indicator="x", year=2025)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("到2025年年末达到300亿元", LevelTarget),  # 年年 of 2025年年末 is no 每年
        ("2020年年均增长8%", GrowthTarget),
        ("每年实现全覆盖", CoverageTarget),
    ],
)
def test_year_words_that_are_not_per_year(text: str, cls: type[Target]) -> None:
    assert type(_read(text)) is cls


def test_dongkou_rate_target_is_what_its_phrase_reads() -> None:
    """The Dongkou plan writes its 每年 target with an explicit kind; the phrase alone agrees."""
    import fyp_planning as fp

    plan = fp.load("dongkou")
    (explicit,) = [t for t in plan.targets if t.text == "每年要实施40个以上重点技改项目"]
    read = parse_target(
        explicit.text, indicator=explicit.indicator, year=explicit.year, source=explicit.source
    )
    assert read == explicit


@pytest.mark.parametrize(
    ("text", "cls", "expected"),
    [
        ("年均增长１０％以上", GrowthTarget, "10%"),
        ("年均增长 10% 以上", GrowthTarget, "10%"),
        ("年均增长\u300010%以上", GrowthTarget, "10%"),
        ("达到３００亿元", LevelTarget, "300亿元"),
        ("年均增长10%以上。", GrowthTarget, "10%"),
        ("达到300亿元；", LevelTarget, "300亿元"),
        ("达到300亿元，", LevelTarget, "300亿元"),
        ("比重达到３％。", ShareTarget, "3%"),
        ("平均下降5‰、", ReductionTarget, "5‰"),
    ],
)
def test_full_width_spaces_and_trailing_punctuation(
    text: str, cls: type[Target], expected: str
) -> None:
    t = _read(text)
    assert type(t) is cls
    _same(t.value_quantity, Q(expected))


def test_coverage_with_trailing_punctuation() -> None:
    t = _read("实现全覆盖。")
    assert type(t) is CoverageTarget and t.scope is None


def test_growth_needs_a_rate_not_an_amount() -> None:
    # "增加到180家" is a level; "增加180家" has no rate and is not a growth target.
    t = _read("增加到180家")
    assert type(t) is LevelTarget


@pytest.mark.parametrize(
    "text", ["逐步提高", "", "达到很多", "以上", "增长很快", "达到300亿美刀", "   "]
)
def test_unreadable_phrases(text: str) -> None:
    with pytest.raises(TargetParseError) as exc:
        parse_target(text, indicator="x", year=2025)
    assert isinstance(exc.value, ValueError)
    assert repr(text) in str(exc.value)


def test_phrase_must_be_text() -> None:
    with pytest.raises(TargetParseError):
        parse_target(None, indicator="x", year=2025)  # type: ignore[arg-type]


def test_describe() -> None:
    assert _read("达到300亿元").describe() == "≥300亿元"
    assert _read("年均增长10%以上").describe() == "年均增长≥10%"
    assert _read("平均下降5‰").describe() == "年均下降≥5‰"
    assert _read("研发投入占GDP的比重达到3%").describe() == "占GDP比重≥3%"
    assert _read("控制在5%以内").describe() == "≤5%"


@pytest.mark.parametrize("text", ["年均增长-5%", "平均下降-5‰", "比重达到3亿元", "比重达到3家"])
def test_phrases_whose_figure_a_target_refuses_raise_target_parse_error(text: str) -> None:
    # A phrase of a known form with a figure its target class refuses (a negative rate, a share
    # in 亿元) is bad input: every error on bad input is a FypError, and parse_target documents
    # TargetParseError quoting the phrase. (Reading it some other valid way would also do.)
    try:
        t = parse_target(text, indicator="x", year=2025)
    except TargetParseError as exc:
        assert repr(text) in str(exc)
    else:
        assert not isinstance(t, ShareTarget) or t.value.dimensionless
        assert not isinstance(t, GrowthTarget) or t.rate.magnitude >= 0


@pytest.mark.parametrize(
    ("text", "annual"),
    [
        ("每年R&D投入增长10%以上", True),
        ("R&D投入年均增长10%以上", True),
        ("研发经费年平均增长8%", True),
        ("平均工资增长8%", False),  # the growth of an average, over the period
        ("R&D投入增长10%", False),
    ],
)
def test_an_annual_word_anywhere_before_the_growth_makes_it_annual(text: str, annual: bool) -> None:
    target = parse_target(text, indicator="rd", year=2025)
    assert isinstance(target, GrowthTarget)
    assert target.annual is annual
