"""Monthly operation: next month's files dropped into the landing + `nara-vard build`, with no
configuration change, put that month in the mart and in the quality tables, and nothing is listed as
missing before its deadline.

The next month is made here from the default landing: February 2024 copies of January's files of two
sources (primary-care contacts, one municipality's home health care report) with their month
rewritten, as a delivery that has only just begun would look. The build runs with an as-of date a
few days after the month ends (var as_of_date), so some deadlines have passed and some have not.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

AS_OF = "2024-03-12"


def _copy_month(src: Path, dst: Path, old: str, new: str) -> None:
    text = src.read_text(encoding="utf-8")
    dst.write_text(text.replace(f"{old},", f"{new},"), encoding="utf-8")


@pytest.fixture(scope="module")
def next_month(default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the landing with February's first files, the build database)."""
    work = tmp_path_factory.mktemp("monthly")
    landing = work / "landing"
    shutil.copytree(default_landing, landing, copy_function=os.link)
    contacts = landing / "primarvard_kontakter"
    _copy_month(contacts / "primarvard_kontakter_2024-01.csv", contacts / "primarvard_kontakter_2024-02.csv",
                "2024-01", "2024-02")
    hsl = landing / "kommun_hsl"
    report = (hsl / "hsl_1480_2024-01.csv").read_text(encoding="utf-8")
    assert report.startswith("kommun_kod,manad,"), "the test expects 1480's dialect A report"
    (hsl / "hsl_1480_2024-02.csv").write_text(
        report.replace(",2024-01,", ",2024-02,").replace(",2024-02-", ",2024-03-"), encoding="utf-8")
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    cli = Path(sys.executable).parent / "nara-vard"
    result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                             "--vars", f"{{as_of_date: '{AS_OF}'}}",
                             # what the new month brings is read from the tables; the suite's own build runs the tests
                             "--exclude-resource-type", "test", "unit_test"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return landing, db


@pytest.fixture(scope="module")
def con(next_month: tuple[Path, Path]) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(next_month[1]), read_only=True)


def test_the_new_month_is_in_the_mart_without_configuration(con) -> None:
    window = con.execute("select follow_up_end_date::varchar, is_rolling from intermediate.int_follow_up_window").fetchone()
    assert window == ("2024-02-29", True)
    periods = {(t, s): (within, progress) for t, s, within, progress in con.execute(
        "select period_type, period_start::varchar, is_within_follow_up, is_in_progress from marts.dim_period").fetchall()}
    assert periods[("month", "2024-02-01")] == (True, False)
    assert periods[("quarter", "2024-01-01")] == (False, True)
    rows = con.execute("""select count(*) from marts.fct_indicator_values_v2
                          where period_type = 'month' and period_start = '2024-02-01'""").fetchone()[0]
    assert rows > 100


def test_the_new_month_value_is_computed_from_its_file(con, next_month) -> None:
    """digitala_vardmoten, region, feb-24 = digital / (digital + physical) contacts of the new file."""
    landing, _ = next_month
    digital = physical = 0
    with open(landing / "primarvard_kontakter" / "primarvard_kontakter_2024-02.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            n = int(row["antal"])
            digital += n if row["kontakttyp"] == "digitalt" else 0
            physical += n if row["kontakttyp"] == "fysiskt" else 0
    value, flag = con.execute("""select value, quality_flag from marts.fct_indicator_values_v2
        where indicator_id = 'digitala_vardmoten' and geo_level = 'region' and sex = 'T'
          and period_type = 'month' and period_start = '2024-02-01'""").fetchone()
    assert value == pytest.approx(100 * digital / (digital + physical), rel=1e-12)
    assert flag == "ok"


def test_nothing_is_missing_before_its_deadline(con) -> None:
    wrong = con.execute(f"""select source, org_code, period_start, deadline_date, status
        from data_quality.dq_delivery_coverage
        where (status = 'missing' and deadline_date >= date '{AS_OF}')
           or (status = 'not_due' and deadline_date < date '{AS_OF}')""").fetchall()
    assert not wrong, wrong[:5]
    statuses = dict(con.execute("""select org_code, status from data_quality.dq_delivery_coverage
        where source = 'kommun_hsl' and period_start = '2024-02-01'""").fetchall())
    assert statuses.pop("1480") == "on_time"
    assert set(statuses.values()) == {"not_due"} and len(statuses) == 48
    # a regional monthly source whose 10-day deadline has passed is missing, not hidden
    assert con.execute("""select status from data_quality.dq_delivery_coverage
        where source = 'vega_vardplatser' and period_start = '2024-02-01'""").fetchone()[0] == "missing"


def test_usability_names_the_sources_not_yet_in(con) -> None:
    reasons = dict(con.execute("""select indicator_id, reason from data_quality.dq_indicator_usability
        where geo_level = 'region' and period_type = 'month' and period_start = '2024-02-01'""").fetchall())
    assert "48 of 49 municipalities did not deliver kommun_hsl for 2024-02" in reasons["hsl_inskrivna_65_per_1000"]
    assert "vega_slutenvard" in reasons["medelvardtid"]
    assert reasons["digitala_vardmoten"] is None


def test_the_published_overview_keeps_its_own_window(con) -> None:
    """The slide's columns are a reporting setting (Q1 2022 … jan-24), not the mart's window."""
    columns = [r[0] for r in con.execute("""select column_name from marts.rpt_indicator_overview_cells_v2
        where indicator_id = 'digitala_vardmoten' and sex = 'T' order by column_order""").fetchall()]
    assert columns[0] == "q1_2022" and columns[-1] == "jan_24" and len(columns) == 9
