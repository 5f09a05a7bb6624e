"""The sentence shapes of county plans, read into findings (rule-based, deterministic).

Review chapters (the previous plan's 执行情况): "X从A增长到B，增长Z%，年均增长W%" (two
observations and the document's own growth figures as statements), "X达到A" (an observation
at the previous plan's end), "X期初的A，达到期末的B", "年均净增加7家以上" (an average
change), "比2016年提高1.02个百分点" (a change), "计划再入库12个亿，分别为：某某有限公司7600万，…"
(a total of projects). Goals (the plan's own chapters): "到2025年，X年均增长10%以上，达到300亿元"
read with :func:`~fyp_planning.parse_target`, "重点培育50-100家X" (two level targets),
"建设8个“X”" (a level target). Main-indicator tables (序号/指标/单位/基期/目标/属性): one
observation for the base year and one target for the target year per row; 〔〕 marks a
cumulative figure over the period.

Every figure a sentence holds is either used by a finding or returned for review, with why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import FypError
from ..model.enums import Comparator, ObservationStatus, StatementKind
from ..model.period import Period
from ..model.phrases import parse_target
from ..model.targets import (
    LevelTarget,
    RateTarget,
    ReductionTarget,
    ThresholdTarget,
)
from ..units import AnyQuantity, parse_quantity
from .document import Block, Document
from .figures import figures, normalise, read_quantity, strip_marker
from .findings import Finding, Findings, PlanYears, Review, plan_years, review_figures
from .structure import read_structure
from .tables import FALL_WORDS, is_rate, read_table

__all__ = ["read_findings"]

# -- words -----------------------------------------------------------------------------------
_FLUFF = re.compile(
    r"^(?:[，,、\s]|同时|其中|另外|此外|全县|我县|本县|累计完成了?|累计|实现|"
    r"“?十[一二三四五]五”?(?:以来|期间|期末|末|时期)?|期间|以来|截止目前|截至目前|到\d{4}年(?:末|底)?|"
    r"预计|今年|目前|已有|共有|均|年度|培育|整个)+"
)
_BAD_NAME_START = ("除", "比", "较", "与", "对", "在", "从", "由", "距离", "而", "但", "并")
_CLAUSE = re.compile(r"[，,；;：:。！？!?]")
_QUOTE_CHARS = '“”"‘’'

_FROM_TO = re.compile(
    r"^(?P<subj>.*?)(?:从|由)(?P<a>.+?)(?:增长到|增加到|提高到|提升到|上升到|下降到|减少到|降低到|降到|达到|增至|到)(?P<b>.+)$"
)
_AVERAGE_GROWTH = re.compile(
    r"^(?P<subj>.*?)(?:年均增长|年均增速|年平均增长|年均增幅)(?P<rest>.+)$"
)
_TOTAL_GROWTH = re.compile(r"^(?P<subj>.*?)(?:增长了|增幅|累计增长|增长)(?P<rest>\d.*)$")
_AVERAGE_CHANGE = re.compile(r"^(?P<subj>.*?)年均(?:净)?(?:增加|新增)(?P<rest>\d.*)$")
_CHANGE = re.compile(
    r"^(?P<subj>.*?)(?:比|较)(?P<year>\d{4})年(?:提高|增加|上升|提升)(?P<rest>\d.*)$"
)
_LEVEL = re.compile(
    r"^(?P<subj>.*?)(?:达到|增加到|增长到|提高到|上升到|突破|仍在|仅有|共有|拥有|为|达)(?:期末的?)?(?P<rest>\d.*)$"
)
_PLAN_FIGURE = re.compile(r"(?:与|距离|距)“?十[一二三四五]五”?规划的?(?=\d)")
_PROJECT_ITEM = re.compile(
    r"^(?P<name>[^\d，,]{2,40}?(?:有限责任公司|股份有限公司|有限公司|公司|厂))(?P<project>[^\d，,]{0,30}?)"
    r"[，,]?(?:计划)?(?:总投资|投资|投资额)?(?:约|为)?(?P<rest>\d[\d.]*(?:万|亿)元?)"
)
_SPAN_CHANGE = re.compile(r"^(?:提高|增加|上升|提升|下降|减少|降低|净增|新增)了?(?P<rest>\d.*)$")
_START_VALUE = re.compile(r"^(?P<subj>.*?)期初的?(?P<rest>\d.*)$")
_NAME_VALUE = re.compile(r"^(?P<subj>[^\d]{2,40}?)(?P<rest>\d.*)$")
_COUNT_NOUN = re.compile(r"^(?P<pre>.*?)(?P<rest>\d+(?:个|家))(?P<noun>[^\d还未没差是将]{2,16})$")
#: "15家高新技术企业数未达到…": a count, then what it counts.
_COUNT_OF = re.compile(
    r"^(?P<rest>\d+(?:个|家))(?P<noun>[^\d]{2,16}?)(?:数量|数)(?:未|没|已|还|仍|达)"
)
#: Words joining several names: a figure said of them all ("均达到") is not one indicator's.
_SHARED = re.compile("和|及|与|、")
#: Words of an action: "585家单位“上云上平台”工作", "139家企业入驻园区" name no indicator.
_ACTION = re.compile("入驻|进入|完成|实施|开展|工作|“|”")
_CHOSEN = re.compile(r"^企业(?P<verb>入选|荣获|获评|认定为)(?P<what>.+)$")
_PROJECT = re.compile(
    r"^(?:分别为|分别是|包括)?(?P<name>[^\d，]{2,40}?(?:有限责任公司|股份有限公司|有限公司|公司|厂))"
    r"(?P<project>[^\d，]{0,30}?)(?P<rest>\d[\d.]*(?:万|亿)元?)$"
)
_RANGE = re.compile(
    r"^(?P<pre>.*?)(?P<lo>\d+)\s*[-—～~至]\s*(?P<hi>\d+)(?P<unit>家|个|项)(?P<noun>[^\d]{2,20})$"
)
_BUILD_N = re.compile(
    r"^(?P<pre>.*?(?:建设|建成|打造|新建|培育|创建)[^\d]{0,10}?)(?P<rest>\d+(?:个|家|项))“?(?P<noun>[^”\d]{2,20}?)”?$"
)
_VERB = re.compile(
    r"年均|年平均|平均|每年|达到|提高到|提升到|增加到|增长到|突破|超过|不低于|控制在|不超过|下降|降低|"
    r"增长|实现|保持|达(?!标)"
)
_TOPIC = re.compile(r"^(?P<topic>[^\d，]{2,10}?(?:开发区|高新区|园区|工业园|产业园))")
_GOAL_YEAR = re.compile(r"到((?:19|20)\d\d)年")
_PART_YEAR = re.compile(r"(?:截止|截至)?((?:19|20)\d\d)年(?:(\d{1,2})月|([一二三四])季度)")
_YEAR_IN = re.compile(r"((?:19|20)\d\d)年")
_QUARTER_MONTH = {"一": 3, "二": 6, "三": 9, "四": 12}


def _clean_subject(text: str) -> str:
    text = _FLUFF.sub("", text.strip())
    text = re.sub(r"^(?:的|了)", "", text)
    text = re.sub(r"(?:的|了|已|也|均|由|从)$", "", text)
    text = text.strip("，,、 ")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


def _good_name(text: str) -> bool:
    return 2 <= len(text) <= 60 and not text.startswith(_BAD_NAME_START) and not text.endswith("外")


@dataclass
class _Sentence:
    """One sentence being read: its text, its figures and what is used of them."""

    text: str
    label: str
    line: int
    previous: bool
    years: PlanYears
    used: set[int] = field(default_factory=set)  # start offsets of figures used
    subject: str | None = None
    span: tuple[Period, Period] | None = None
    topic: str | None = None
    total: Finding | None = None
    when: Period | None = None  # a part of a year the sentence is about ("截止2020年9月")

    @property
    def end_year(self) -> int:
        return self.years.base if self.previous else self.years.end


def _quantity(
    c: str, rest_start: int, offset: int, s: _Sentence
) -> tuple[AnyQuantity, str, str] | None:
    """The quantity at the start of ``c[rest_start:]``, its written text and what follows;
    its figure marked used."""
    got = read_quantity(c, rest_start)
    if got is None:
        return None
    q, written, end = got
    s.used.add(offset + rest_start)
    return q, written, c[end:]


def _tail(after: str) -> tuple[Comparator, str]:
    after = after.strip()
    if after.startswith("以上"):
        return Comparator.GE, after[2:]
    if after.startswith(("以下", "以内")):
        return Comparator.LE, after[2:]
    return Comparator.EQ, after


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.out = Findings(plan_years(document), document.title)
        self.pending_total: Finding | None = None  # "总投资38.5亿元，具体如下：" and its list

    # -- blocks ------------------------------------------------------------------------------
    def read(self) -> Findings:
        scope: str | None = None  # the label of the heading whose part reviews the last plan
        reviewed: set[str] = set()
        years = self.out.years
        review = re.compile(
            "执行情况|回顾|成就|发展基础|基本情况"
            + (f"|{years.previous_word}" if years.previous_word else "")
        )
        for block in self.document.blocks:
            if block.kind == "heading" or _is_heading_block(block):
                if review.search(normalise(block.text)[:30]):
                    if scope is None or not block.label.startswith(scope):
                        scope = block.label
                elif scope is not None and not block.label.startswith(scope):
                    scope = None
                elif scope is not None and block.label == scope:
                    pass
            previous = scope is not None and bool(block.chapter) and block.label.startswith(scope)
            if previous:
                reviewed.add(block.label)
            if block.kind == "table":
                read_table(block, previous, self.out)
            elif block.kind == "paragraph" and block.chapter:
                self.paragraph(block, previous)
            else:
                text = strip_marker(normalise(block.text))
                review_figures(self.out, text, block, "extract.review.not_understood")
        self.out.structure = read_structure(self.document, reviewed)
        return self.out

    def paragraph(self, block: Block, previous: bool) -> None:
        text = strip_marker(normalise(block.text))
        projects = False
        for sentence in re.split(r"(?<=[。！？!?])", text):
            if not sentence.strip():
                continue
            s = _Sentence(sentence, block.label, block.line, previous, self.out.years)
            s.total = self.pending_total
            before = len(self.out.findings)
            self.sentence(s)
            made = self.out.findings[before:]
            projects = projects or any(f.kind == "project" for f in made)
            if any(f.kind == "total" for f in made) and re.search("如下[:：]?$", sentence.strip()):
                self.pending_total = next(f for f in made if f.kind == "total")
            for f in figures(sentence):
                if f.start in s.used:
                    self.out.used.append(f.text)
                else:
                    reason = "extract.review.no_indicator"
                    self.out.reviews.append(
                        Review(reason, f.text, sentence, block.label, block.line)
                    )
        if not projects and not (self.pending_total and self.pending_total.label == block.label):
            self.pending_total = None

    # -- sentences ---------------------------------------------------------------------------
    def sentence(self, s: _Sentence) -> None:
        text = s.text
        goal_year = s.years.end
        if not s.previous:
            m = _GOAL_YEAR.search(text)
            goal_year = int(m[1]) if m else s.years.end
            stated = [int(y) for y in _YEAR_IN.findall(text)]
            if goal_year <= s.years.base or (m is None and stated and max(stated) <= s.years.base):
                s.previous = True  # a sentence about the last plan's years: a review
        if self.project_sentence(s):
            return
        pos = 0
        clauses: list[tuple[int, str]] = []
        for m in _CLAUSE.finditer(text + "。"):
            clauses += _enumeration(text, pos, m.start())
            pos = m.end()
        for i, (offset, raw) in enumerate(clauses):
            stripped = raw.lstrip()
            offset += len(raw) - len(stripped)
            if m := _PART_YEAR.fullmatch(_FLUFF.sub("", stripped)):
                s.when = self.period_in(s, m[0], s.end_year)
                continue
            if not any(
                f.start >= offset and f.start < offset + len(stripped) for f in figures(text)
            ):
                if s.topic is None and (m := _TOPIC.match(_FLUFF.sub("", stripped))):
                    s.topic = m["topic"]
                continue
            nxt = clauses[i + 1][1] if i + 1 < len(clauses) else ""
            used, made = set(s.used), len(self.out.findings)
            if s.previous:
                self.review_clause(s, stripped, offset, nxt)
            else:
                self.goal_clause(s, stripped, offset, goal_year, nxt)
            if len(self.out.findings) == made:
                s.used = used  # no finding: the clause's figures are for review

    def project_sentence(self, s: _Sentence) -> bool:
        """ "某某有限公司某项目，总投资12亿元；": one project with its amount."""
        text = s.text.strip().rstrip("。；;")
        m = _PROJECT_ITEM.match(text)
        if m is None:
            return False
        lead = len(s.text) - len(s.text.lstrip())
        got = _quantity(text, m.start("rest"), lead, s)
        if got is None or got[2].strip():
            s.used.discard(lead + m.start("rest"))
            return False
        name = m["name"]
        made = self.add(s, "project", name, got[0], got[1], text, parts=[name + m["project"]])
        if s.total is not None:
            s.total.members.append(made)
        return True

    def add(
        self,
        s: _Sentence,
        kind: str,
        subject: str | None,
        q: AnyQuantity | None,
        written: str,
        clause: str,
        **extra: Any,
    ) -> Finding:
        f = Finding(
            kind,
            subject,
            q,
            written,
            s.label,
            s.text.strip(),
            s.previous,
            s.line,
            text=clause,
            **extra,
        )
        self.out.findings.append(f)
        return f

    def subject_or_current(self, s: _Sentence, raw: str) -> str | None:
        name = _clean_subject(raw)
        if not name or not _good_name(name):
            return s.subject
        if s.subject and s.subject.endswith(name) and name != s.subject:
            return s.subject
        s.subject = name
        return name

    def period_in(self, s: _Sentence, text: str, default: int) -> Period:
        if m := _PART_YEAR.search(text):
            last = int(m[2]) if m[2] else _QUARTER_MONTH[m[3]]
            return Period(int(m[1]), 1, last)
        if m := _YEAR_IN.search(text):
            return Period(int(m[1]))
        if "期初" in text:
            return Period(s.years.previous_start - 1)
        if s.when is not None and default == s.years.base:
            return s.when
        return Period(default)

    # -- the previous plan's review ------------------------------------------------------------
    def review_clause(self, s: _Sentence, c: str, offset: int, nxt: str) -> None:
        status = ObservationStatus.ESTIMATE if "预计" in c else ObservationStatus.ACTUAL
        if m := _PROJECT.match(c):
            got = _quantity(c, m.start("rest"), offset, s)
            if got:
                name = m["name"]
                made = self.add(s, "project", name, got[0], got[1], c, parts=[name + m["project"]])
                if s.total is not None:
                    s.total.members.append(made)
                return
        if (
            (m := _PLAN_FIGURE.search(c))
            and s.subject
            and (got := _quantity(c, m.end(), offset, s))
        ):
            t = LevelTarget(indicator="x", year=s.years.base, value=got[0], text=c, source=s.label)
            self.add(s, "target", s.subject, got[0], got[1], c, target=t)
            return
        if m := _FROM_TO.match(c):
            a = self.first_quantity(c, m.start("a"), m.end("a"), offset, s)
            b = self.first_quantity(c, m.start("b"), len(c), offset, s)
            if a and b:
                subject = self.subject_or_current(s, m["subj"])
                pa = self.period_in(s, m["a"], s.years.previous_start - 1)
                pb = self.period_in(s, m["b"], s.years.base)
                self.add(s, "observation", subject, a[0], a[1], c, period=pa, status=status)
                cmp, _ = _tail(b[2])
                self.add(
                    s,
                    "observation",
                    subject,
                    b[0],
                    b[1],
                    c,
                    period=pb,
                    comparator=cmp,
                    status=status,
                )
                s.span = (pa, pb)
                return
        for pattern, kind in (
            (_CHANGE, StatementKind.CHANGE),
            (_AVERAGE_CHANGE, StatementKind.AVERAGE_CHANGE),
            (_AVERAGE_GROWTH, StatementKind.AVERAGE_GROWTH),
            (_TOTAL_GROWTH, StatementKind.TOTAL_GROWTH),
        ):
            if (m := pattern.match(c)) and (got := _quantity(c, m.start("rest"), offset, s)):
                growth = kind in (StatementKind.AVERAGE_GROWTH, StatementKind.TOTAL_GROWTH)
                if growth and not got[0].dimensionless:
                    s.used.discard(offset + m.start("rest"))
                    continue
                subject = self.subject_or_current(s, m["subj"])
                cmp, _ = _tail(got[2])
                if kind is StatementKind.CHANGE:
                    start, end = Period(int(m["year"])), self.period_in(s, s.text, s.years.base)
                elif s.span is not None and subject == s.subject:
                    start, end = s.span
                else:
                    start, end = Period(s.years.previous_start - 1), Period(s.years.base)
                self.add(
                    s,
                    "statement",
                    subject,
                    got[0],
                    got[1],
                    c,
                    statement=kind,
                    start=start,
                    end=end,
                    comparator=cmp,
                )
                return
        if (m := _SPAN_CHANGE.match(c)) and s.span is not None:
            got = _quantity(c, m.start("rest"), offset, s)
            if (got and not is_rate(got[0])) or (got and str(got[0].units) == "percentage_point"):
                cmp, _ = _tail(got[2])
                self.add(
                    s,
                    "statement",
                    s.subject,
                    got[0],
                    got[1],
                    c,
                    statement=StatementKind.CHANGE,
                    start=s.span[0],
                    end=s.span[1],
                    comparator=cmp,
                )
                return
            if got:
                s.used.discard(offset + m.start("rest"))
        if nxt.startswith(("分别为", "分别是", "包括", "具体如下")):
            m = re.search(r"\d", c)
            got = _quantity(c, m.start(), offset, s) if m else None
            if got:
                s.total = self.add(s, "total", None, got[0], got[1], c)
                return
        if (m := _START_VALUE.match(c)) and (got := _quantity(c, m.start("rest"), offset, s)):
            self.add(
                s,
                "observation",
                self.subject_or_current(s, m["subj"]),
                got[0],
                got[1],
                c,
                period=Period(s.years.previous_start - 1),
            )
            return
        if (
            (m := _COUNT_NOUN.match(c))
            and (chosen := _CHOSEN.match(m["noun"]))
            and (got := _quantity(c, m.start("rest"), offset, s))
        ):
            what = chosen["what"]
            name = (
                f"{chosen['verb']}{what}的企业"
                if chosen["verb"] == "荣获"
                else what.strip(_QUOTE_CHARS)
            )
            self.add(
                s,
                "observation",
                name,
                got[0],
                got[1],
                c,
                period=Period(s.years.base),
                status=status,
            )
            return
        if m := _COUNT_OF.match(c):
            noun = _clean_subject(m["noun"])
            if _good_name(noun) and (got := _quantity(c, m.start("rest"), offset, s)):
                s.subject = noun
                self.add(
                    s,
                    "observation",
                    noun,
                    got[0],
                    got[1],
                    c,
                    period=self.period_in(s, "", s.years.base),
                )
                return
        for pattern in (_LEVEL, _NAME_VALUE):
            if (m := pattern.match(c)) and (got := _quantity(c, m.start("rest"), offset, s)):
                cmp, after = _tail(got[2])
                if pattern is _NAME_VALUE and after.startswith(("数量", "数")):
                    after = ""
                if after.strip() and pattern is _NAME_VALUE:
                    s.used.discard(offset + m.start("rest"))
                    break
                if _SHARED.search(_clean_subject(m["subj"])) and "均" in c[: m.start("rest")]:
                    # "4G网络和光纤通达率均达到100%": one figure for several indicators
                    s.used.discard(offset + m.start("rest"))
                    break
                subject = self.subject_or_current(s, m["subj"])
                if subject is None:
                    s.used.discard(offset + m.start("rest"))
                    break
                period = self.period_in(s, m["subj"] + c[: m.start("rest")], s.years.base)
                if "期初" in c[: m.start("rest")]:
                    period = Period(s.years.previous_start - 1)
                self.add(
                    s,
                    "observation",
                    subject,
                    got[0],
                    got[1],
                    c,
                    period=period,
                    comparator=cmp,
                    status=status,
                )
                return
        if m := _COUNT_NOUN.match(c):
            noun = _clean_subject(m["noun"])
            if (
                _good_name(noun)
                and not _ACTION.search(noun)
                and (got := _quantity(c, m.start("rest"), offset, s))
            ):
                self.add(
                    s,
                    "observation",
                    noun,
                    got[0],
                    got[1],
                    c,
                    period=Period(s.years.base),
                    status=status,
                )

    def first_quantity(
        self, c: str, start: int, end: int, offset: int, s: _Sentence
    ) -> tuple[AnyQuantity, str, str] | None:
        for f in figures(c):
            if start <= f.start < end:
                return _quantity(c, f.start, offset, s)
        return None

    # -- the plan's goals ----------------------------------------------------------------------
    def goal_clause(self, s: _Sentence, c: str, offset: int, year: int, nxt: str = "") -> None:
        c = c.strip()
        if nxt.startswith(("具体如下", "分别为", "分别是", "包括")) and re.search("投资|项目", c):
            m = re.search(r"\d", c)
            got = _quantity(c, m.start(), offset, s) if m else None
            if got and not got[2].strip():
                s.total = self.add(s, "total", None, got[0], got[1], c)
                return
        if m := _RANGE.match(c):
            noun = _clean_subject(m["noun"])
            lo = _quantity(c, m.start("lo"), offset, s)
            if lo and _good_name(noun):
                s.used.add(offset + m.start("hi"))
                unit = m["unit"]
                for num, cmp in ((m["lo"], Comparator.GE), (m["hi"], Comparator.LE)):
                    q = parse_quantity(num + unit)
                    t = LevelTarget(
                        indicator="x", year=year, value=q, comparator=cmp, text=c, source=s.label
                    )
                    self.add(s, "target", noun, q, num + unit, c, target=t)
                return
        if m := _BUILD_N.match(c):
            noun = _clean_subject(m["noun"])
            got = _quantity(c, m.start("rest"), offset, s)
            if got and _good_name(noun):
                t = LevelTarget(indicator="x", year=year, value=got[0], text=c, source=s.label)
                self.add(s, "target", noun, got[0], got[1], c, target=t)
                return
            if got:
                s.used.discard(offset + m.start("rest"))
        body = _FLUFF.sub("", c)
        start = len(c) - len(body)
        nums = [f for f in figures(c) if f.start >= start]
        if not nums:
            return
        first = nums[0]
        try:
            target = parse_target(body, indicator="x", year=year, source=s.label)
        except (FypError, ValueError):
            return
        if "每年" in body:
            each_year = read_quantity(c, first.start)
            after = _tail(c[each_year[2] :])[1] if each_year else ""
            subject = _clean_subject(after) if after else None
            if not subject or not _good_name(subject):
                before, _, each = c[start : first.start].partition("每年")
                each = re.sub(r"^(?:要|安排|实施|新增|培育|投入|引进)+", "", each)
                each = re.sub(r"(?:不少于|不低于|不超过|达到|以上|在)+$", "", each)
                subject = self.subject_or_current(s, each if _good_name(each) else before)
        else:
            verb = _VERB.search(body)
            cut = min(verb.start() if verb else len(body), first.start - start)
            if "比重" in body[: first.start - start]:
                cut = body.index("比重") + 2
            raw = body[:cut]
            if isinstance(target, RateTarget) and body[cut:].startswith("增速"):
                raw += "增速"
            if isinstance(target, ReductionTarget):
                raw = FALL_WORDS.sub("", raw)
            if s.topic and _clean_subject(raw) and not _TOPIC.match(_clean_subject(raw)):
                raw = s.topic + _clean_subject(raw)
            subject = self.subject_or_current(s, raw)
        if subject is None:
            return
        if isinstance(target, ThresholdTarget) and not is_rate(target.value):
            target = LevelTarget(
                indicator="x",
                year=year,
                value=target.value,
                comparator=target.comparator,
                text=target.text,
                source=s.label,
            )
        value = (
            getattr(target, "value", None)
            or getattr(target, "rate", None)
            or getattr(target, "by", None)
        )
        s.used.add(offset + first.start)
        self.add(s, "target", subject, value, first.text, c, target=target)


def _is_heading_block(block: Block) -> bool:
    """A paragraph that starts a part or item with a short title ("一、存在的问题")."""
    return block.kind == "paragraph" and bool(
        re.match(
            r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", block.text.strip()
        )
    )


def _enumeration(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The clause ``text[start:end]``, split at 、 when every part holds a figure of its own
    ("新增移动宽带用户达到15万户、新增固定家庭宽带用户达到8万户")."""
    parts: list[tuple[int, str]] = []
    pos = start
    for m in re.finditer("、", text[start:end]):
        parts.append((pos, text[pos : start + m.start()]))
        pos = start + m.end()
    parts.append((pos, text[pos:end]))
    if len(parts) > 1 and all(figures(p) for _, p in parts):
        return parts
    return [(start, text[start:end])]


def read_findings(document: Document) -> Findings:
    """Read every block of ``document`` into findings and things to review."""
    return _Reader(document).read()
