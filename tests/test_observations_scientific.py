"""Numbers in scientific notation in observation files, as pandas and spreadsheets write them
(issue 15, vocabulary): read exactly, within the same bounds as every other number."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import fyp_planning as fp

HEAD = "indicator,period,value,unit\n"


@pytest.fixture(scope="module")
def plan() -> fp.Plan:
    return fp.load("dongkou")


def _write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "obs.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("2.155E+02", "215.5"),
        ("2.3e2", "230"),
        ("1e-05", "0.00001"),
        ("-4.5e1", "-45"),
        (".5e1", "5"),
    ],
)
def test_scientific_notation_reads_as_the_plain_decimal(
    plan: fp.Plan, tmp_path: Path, written: str, plain: str
) -> None:
    sci = fp.load_observations(_write(tmp_path, f"industrial_output,2021,{written},亿元\n"), plan)
    dec = fp.load_observations(_write(tmp_path, f"industrial_output,2021,{plain},亿元\n"), plan)
    assert sci[0].value == dec[0].value
    many = tmp_path / "many.csv"
    many.write_text(f"plan,{HEAD}{plan.id},industrial_output,2021,{written},亿元\n", "utf-8")
    table = fp.load_observation_table(many, [plan])
    assert np.allclose(table.value, [float(plain)], rtol=0, atol=0)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1e9999", "too large a number"),
        ("1e19", "too large a number"),
        ("1e-99", "smaller than the smallest magnitude"),
        ("1.2345678901234567890123456789012e2", "over the limit of 30"),
        ("1e99999", "not a number"),  # an exponent of five digits is not read at all
        ("1e", "not a number"),
    ],
)
def test_scientific_notation_beyond_the_bounds_is_refused(
    plan: fp.Plan, tmp_path: Path, written: str, said: str
) -> None:
    with pytest.raises(fp.ObservationsError) as info:
        fp.load_observations(_write(tmp_path, f"industrial_output,2021,{written},亿元\n"), plan)
    (problem,) = info.value.problems
    assert said in str(problem) and problem.value == written
