"""The message catalogue (fyp_planning.text, messages.toml): complete, used, consistent."""

from __future__ import annotations

import ast
import pickle
import string
import subprocess
import sys
from pathlib import Path

import pytest

from fyp_planning import builtin_rules, text
from fyp_planning.text import Bilingual, Join, Message, register_messages

SRC = Path(__file__).resolve().parents[1] / "src" / "fyp_planning"

#: Ids a module builds in a way the scan below does not see (``"plan.flaw." + code`` is seen as
#: a prefix literal and the code's literal): each built-in rule's summary, ``checks.<code>.summary``,
#: is made from its code by ``checks.rules._common.catalogued``.
BUILT_IDS: frozenset[str] = frozenset(f"checks.{r.code}.summary" for r in builtin_rules())


def _package_catalogue() -> dict[str, dict[str, str]]:
    """The package's own catalogue, without ids that plugins or doctests registered."""
    return text._load()


def _groups() -> set[str]:
    """The catalogue's id groups (``io``, ``units``, ...): a literal starting with one is an id."""
    return {i.split(".")[0] for i in _package_catalogue()}


def _strings() -> dict[str, list[str]]:
    """Every string literal in src/ (the constant parts of f-strings too), with where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.setdefault(node.value, []).append(f"{path.name}:{node.lineno}")
    return found


def _built(id: str, strings: dict[str, list[str]]) -> bool:
    """Whether src/ builds ``id`` as a prefix literal ending in a dot plus a literal code
    (``"plan.flaw."`` + ``"unknown_chain"``)."""
    head, _, code = id.rpartition(".")
    return f"{head}." in strings and code in strings


def _literals() -> dict[str, list[str]]:
    """Every string literal in src/ that looks like a message id, with where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if value.count(".") >= 1 and " " not in value and value.split(".")[0] in _groups():
                    found.setdefault(value, []).append(f"{path.name}:{node.lineno}")
    return found


def _sample(spec: str) -> object:
    """A value a placeholder with format spec ``spec`` accepts."""
    if text._SPEC.match(spec):
        return 0.0712
    kind = spec[-1:] if spec else ""
    if kind in {"d", "n"}:
        return 3
    if kind in {"f", "F", "g", "G", "e", "E", "%"}:
        return 0.0712
    return "样例"


def _samples(template: str) -> dict[str, object]:
    return {
        field: _sample(spec or "")
        for _, field, spec, _ in string.Formatter().parse(template)
        if field is not None
    }


def test_every_id_used_in_src_is_in_the_catalogue() -> None:
    ids = set(_package_catalogue())
    prefixes = {i.split(".")[0] for i in ids}
    missing = {
        literal: where
        for literal, where in _literals().items()
        if literal.split(".")[0] in prefixes and literal not in ids and _looks_like_id(literal, ids)
    }
    assert not missing, f"ids used in src/ but not in messages.toml: {missing}"


def _looks_like_id(literal: str, ids: set[str]) -> bool:
    """A literal shaped like an id (dotted words, its group known to the catalogue)."""
    parts = literal.split(".")
    return len(parts) >= 3 and all(p.replace("_", "").replace("-", "").isalnum() for p in parts)


def test_every_catalogue_id_is_used_in_src() -> None:
    used = set(_literals()) | BUILT_IDS
    strings = _strings()
    unused = sorted(i for i in set(_package_catalogue()) - used if not _built(i, strings))
    assert not unused, f"ids in messages.toml that src/ never says: {unused}"


@pytest.mark.parametrize("id", sorted(_package_catalogue()))
def test_every_message_renders_in_both_languages(id: str) -> None:
    entry = _package_catalogue()[id]
    assert set(entry) == {"zh", "en"}
    args = {**_samples(entry["zh"]), **_samples(entry["en"])}
    message = Message(id, args)
    assert isinstance(message.zh, str)
    assert isinstance(message.en, str)
    if entry["zh"].strip():
        assert message.zh.strip()


def _calls() -> list[tuple[str, str, set[str] | None]]:
    """``(where, id, argument names)`` of every ``Message("literal id", ...)`` in src/; the
    names are ``None`` when the call passes them in a way a reader cannot list (``**args``)."""
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Message")):
                continue
            if not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            names: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
            if any(k.arg is None for k in node.keywords):
                names = None
            for extra in node.args[1:]:
                if isinstance(extra, ast.Dict) and all(
                    isinstance(k, ast.Constant) for k in extra.keys
                ):
                    assert names is not None
                    names |= {k.value for k in extra.keys}  # type: ignore[union-attr]
                else:
                    names = None
            calls.append((f"{path.name}:{node.lineno}", node.args[0].value, names))
    return calls


def test_every_call_site_gives_exactly_the_arguments_its_message_uses() -> None:
    catalogue = _package_catalogue()
    wrong = []
    for where, id, names in _calls():
        if id not in catalogue or names is None:
            continue
        wanted = text._placeholders(catalogue[id]["zh"]) | text._placeholders(catalogue[id]["en"])
        if names != wanted:
            wrong.append(f"{where} {id}: gives {sorted(names)}, templates use {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)


def test_a_message_keeps_its_arguments_structured() -> None:
    register_messages({"test.rate": {"zh": "年均{rate:.1%}", "en": "{rate:.1%} a year"}})
    m = Message("test.rate", {"rate": 0.0712})
    assert m.arguments == {"rate": 0.0712}
    assert (m.zh, m.en, str(m)) == ("年均7.1%", "7.1% a year", "年均7.1%")
    assert Message("test.rate", [("rate", 0.0712)]) == m
    assert hash(Message("test.rate", {"rate": 0.0712})) == hash(m)


def test_nested_messages_and_joins_render_in_the_same_language() -> None:
    register_messages(
        {
            "test.reason": {"zh": "缺{what}", "en": "lacks {what}"},
            "test.verdict": {"zh": "未达标：{reasons}", "en": "not met: {reasons}"},
        }
    )
    reasons = Join(
        (
            Message("test.reason", {"what": Bilingual("期初值", "a baseline")}),
            Message("test.reason", {"what": Bilingual("目标", "a target")}),
        ),
        sep="clause",
    )
    m = Message("test.verdict", {"reasons": reasons})
    assert m.zh == "未达标：缺期初值；缺目标"
    assert m.en == "not met: lacks a baseline; lacks a target"
    assert Join(("甲", "乙", 3)).render("zh") == "甲、乙、3"
    assert Join(("a", "b")).render("en") == "a, b"


def test_a_message_round_trips_through_pickle() -> None:
    register_messages({"test.pickle": {"zh": "{a}与{b}", "en": "{a} and {b}"}})
    m = Message("test.pickle", {"a": Bilingual("甲", "A"), "b": Join((1, 2.5))})
    again = pickle.loads(pickle.dumps(m))
    assert again == m
    assert again.en == "A and 1, 2.5"


@pytest.mark.parametrize("lang", ["fr", "", "ZH", None])
def test_an_unknown_language_is_refused_naming_both(lang: object) -> None:
    m = Message("text.separator.list")
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        m.render(lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        Bilingual("甲", "a").render(lang)  # type: ignore[arg-type]


def test_an_unknown_id_or_a_missing_argument_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"no message 'no\.such\.id'"):
        _ = Message("no.such.id").zh
    register_messages({"test.needs": {"zh": "{x}", "en": "{x}"}})
    with pytest.raises(KeyError, match="needs argument 'x'"):
        _ = Message("test.needs").en


def test_register_messages_refuses_to_redefine_an_id() -> None:
    register_messages({"test.once": {"zh": "一", "en": "one"}})
    register_messages({"test": {"once": {"zh": "一", "en": "one"}}})  # the same text: harmless
    with pytest.raises(ValueError, match="already defined with other text"):
        register_messages({"test.once": {"zh": "壹", "en": "one"}})
    with pytest.raises(ValueError, match="already defined"):
        register_messages({"text.separator.clause": {"zh": ";", "en": "; "}})
    assert Message("test.once").zh == "一"


@pytest.mark.parametrize(
    "entries",
    [
        {"test.bad": {"zh": "只有中文"}},
        {"test.bad": {"zh": "{a", "en": "{a}"}},
        {"test.bad": {"zh": "甲", "en": "a", "fr": "a"}},
        {"test.bad": "not a table"},
    ],
)
def test_register_messages_refuses_a_malformed_entry(entries: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"test\.bad"):
        register_messages(entries)  # type: ignore[arg-type]


def test_the_catalogue_is_not_read_at_import() -> None:
    code = (
        "import fyp_planning, fyp_planning.text as t, sys; "
        "fyp_planning.Plan; print(t._catalogue is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_catalogue_ships_in_the_wheel(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    root = SRC.parents[1]
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=root,
        capture_output=True,
        check=True,
    )
    import zipfile

    (wheel,) = tmp_path.glob("*.whl")
    assert "fyp_planning/messages.toml" in zipfile.ZipFile(wheel).namelist()


def test_a_finding_takes_a_catalogue_message_or_free_chinese_text() -> None:
    from fyp_planning import Finding, Rule, Severity

    said = Message("checks.D001.message", name="湘窖", count=2, ids="E1、E2")
    f = Finding(message=said, location="enterprises.E2", hint=Message("checks.D001.hint"))
    assert (f.message, f.message_en) == (said.zh, said.en)
    assert (f.hint, f.hint_en) == ("合并为一条记录。", "Merge them into one entry.")
    assert f.message_text is said
    assert f.to_dict()["message_en"] == "enterprise “湘窖” is listed 2 times (E1、E2)."
    assert pickle.loads(pickle.dumps(f)) == f
    free = Finding(message="未写明编制单位", location="issuer")
    assert (free.message, free.message_en, free.hint, free.hint_en) == (
        "未写明编制单位",
        "",
        "",
        "",
    )
    assert free.message_text == Bilingual("未写明编制单位")
    with pytest.raises(ValueError, match="drop message_en"):
        Finding(message=said, message_en="twice", location="x")
    rule = Rule(
        code="X001",
        name="x",
        severity=Severity.INFO,
        summary=Message("checks.D001.summary"),
        check=lambda plan: (),
    )
    assert (rule.summary, rule.summary_en) == (
        "同一企业列了两次",
        "the same enterprise is listed twice",
    )
    with pytest.raises(ValueError, match="drop summary_en"):
        Rule(code="X001", name="x", severity=Severity.INFO, summary=said, summary_en="x", check=len)


def test_every_flaw_code_has_a_message() -> None:
    from fyp_planning.model.plan import Flaw

    catalogue = _package_catalogue()
    codes = set()
    tree = ast.parse((SRC / "model" / "plan.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Flaw" and len(node.args) > 2:
            code = node.args[2]
            assert isinstance(code, ast.Constant), ast.unparse(node)
            codes.add(code.value)
    assert len(codes) > 20
    missing = sorted(c for c in codes if f"plan.flaw.{c}" not in catalogue)
    assert not missing, missing
    flaw = Flaw(None, "links", "duplicate_id", "x", "unique ids", args={"times": 2})
    assert (flaw.message, flaw.text.zh) == ("duplicate id, defined 2 times", "编号重复，定义了2次")


def test_a_plugin_registers_its_messages_from_a_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "messages.toml"
    path.write_text(
        '[testfile.DK001.message]\nzh = "缺{what}"\nen = "no {what}"\n', encoding="utf-8"
    )
    register_messages(path)
    register_messages(str(path))  # the same text again: harmless
    assert Message("testfile.DK001.message", what="编制单位").zh == "缺编制单位"
    bad = tmp_path / "bad.toml"
    bad.write_text('[testfile.DK001.message]\nzh = "别的"\nen = "other"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="already defined"):
        register_messages(bad)


def test_evaluation_results_keep_their_messages() -> None:
    from fyp_planning import Assessment, DraftLine, Verdict, draft_plan, load, parse_quantity
    from fyp_planning.evaluation.methods import METHODS

    a = Assessment(
        indicator="output",
        target=None,
        method="county",
        verdict=Verdict.INSUFFICIENT_DATA,
        flags=["no_observations", "no_baseline", "unit_not_stated"],
    )
    assert a.text.id == "evaluation.assessment.explain"
    assert a.explain() == "观测值未注明单位，尚无观测值：数据不足"
    assert a.explain("en") == "observations have no stated unit, no observations: insufficient data"
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        a.explain("fr")
    assert Verdict.POOR.text == Message("evaluation.verdict.poor")
    assert (Verdict.POOR.label, Verdict.POOR.label_en) == ("进度滞后", "off track")
    assert METHODS["unsd"].label_en == "UNSD progress chart"
    draft = draft_plan(
        load("dongkou"), start_year=2026, end_year=2030, default_rate=parse_quantity("8%")
    )
    line = draft.lines[0]
    assert isinstance(line.explanation, Message)
    assert line.text == line.explanation.zh and line.text_en == line.explanation.en
    assert draft.explain("en").splitlines()[0] == line.text_en
    free = DraftLine(indicator="x", name="x", method="none", text="甲", text_en="a")
    assert (free.explanation, free.describe("en")) == (Bilingual("甲", "a"), "a")
    with pytest.raises(ValueError, match="drop text_en"):
        DraftLine(indicator="x", name="x", method="none", text=line.explanation, text_en="a")
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        line.describe("fr")


def test_observation_problems_say_catalogue_messages(tmp_path: Path) -> None:
    from fyp_planning import ObservationsError, load, load_observations

    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,period,value,unit\nindustrial_output,2021.0,12,亿元\n"
        "industrial_output,2022,12,亿度\n",
        encoding="utf-8",
    )
    with pytest.raises(ObservationsError) as caught:
        load_observations(path, load("dongkou"))
    decimal, unit = caught.value.problems
    assert decimal.message == "a year written with a decimal point (年份不能带小数点)"
    assert decimal.render("zh") == "年份不能带小数点"
    assert unit.render("zh") == "单位不兼容，不能换算为指标的单位亿元"
    assert "unit does not convert to the indicator's unit 亿元 (单位不兼容)" in str(caught.value)


def test_unit_errors_keep_their_messages() -> None:
    from fyp_planning.errors import QuantityParseError, UnitError
    from fyp_planning.units import parse_quantity, parse_unit

    with pytest.raises(UnitError) as caught:
        parse_unit("12.5.亿元")
    assert caught.value.text == Message("units.decimal_point", text="12.5.亿元")
    assert str(caught.value) == "unknown unit '12.5.亿元' (未知单位): a unit has no decimal points"
    assert caught.value.text.zh == "未知单位 '12.5.亿元'：单位中不能有小数点"
    with pytest.raises(QuantityParseError) as parsed:
        parse_quantity("12斤斤")
    assert parsed.value.text is not None
    assert parsed.value.text.arguments == {"text": "12斤斤", "unit": "斤斤"}
    assert pickle.loads(pickle.dumps(parsed.value)).text == parsed.value.text
