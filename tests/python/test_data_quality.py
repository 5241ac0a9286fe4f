"""The data-quality schema on the default landing: every gap of the published table is explained,
the mart agrees with the usability model, and nothing published can single out a person."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from independent_figures import load_published
from nara_vard.paths import REPO_ROOT

PERIODS = {**{f"Q{q} {y}": ("quarter", f"{y}-{3 * q - 2:02d}-01") for y in (2022, 2023) for q in (1, 2, 3, 4)},
           "jan-24": ("month", "2024-01-01")}


@pytest.fixture(scope="module")
def dq(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


def test_every_blank_published_cell_is_explained(dq: duckdb.DuckDBPyConnection) -> None:
    usability = {(i, t, s): (u, r) for i, t, s, u, r in dq.sql("""
        select indicator_id, period_type, period_start::varchar, usability, reason
        from data_quality.dq_indicator_usability where geo_level = 'region'""").fetchall()}
    period_types = dict(dq.sql("select indicator_id, period_types from marts.dim_indicator").fetchall())
    unexplained = []
    for (indicator, label), (value, _) in load_published(REPO_ROOT).items():
        if value is not None:
            continue
        if PERIODS[label][0] not in period_types[indicator].split():
            continue  # explained by definition: e.g. a quarterly team report has no month value
        status, reason = usability.get((indicator, *PERIODS[label]), (None, None))
        if status in (None, "usable") or not reason:
            unexplained.append(f"{indicator} {label}: {status} {reason}")
    assert not unexplained, unexplained


def test_readiness_names_a_gap_for_every_indicator_that_cannot_be_fully_followed(dq) -> None:
    rows = dq.sql("""select indicator_id, can_follow_up_today, gaps from data_quality.rpt_followup_readiness""").fetchall()
    assert {r[0] for r in rows} >= {"egenmonitorering_patienter", "hsl_inskrivna_65_per_1000", "sip_antal"}
    for indicator, verdict, gaps in rows:
        assert (verdict == "yes") == (gaps is None), (indicator, verdict, gaps)
    verdicts = {r[0]: r[1] for r in rows}
    assert verdicts["egenmonitorering_patienter"] == "no"      # never delivered
    assert verdicts["hsl_inskrivna_65_per_1000"] == "partly"   # municipalities missing every quarter
    assert verdicts["medelvardtid"] == "yes"


def test_mart_quality_flags_come_from_usability(dq) -> None:
    differing = dq.sql("""
        select count(*) from marts.fct_indicator_values as f
        inner join data_quality.dq_indicator_usability as u using (indicator_id, geo_level, geo_code, period_type, period_start)
        where f.quality_flag <> u.quality_flag or f.coverage_share is distinct from u.coverage_share""").fetchone()[0]
    assert differing == 0
    reason = dq.sql("""
        select reason from data_quality.dq_indicator_usability
        where indicator_id = 'hsl_inskrivna_65_per_1000' and geo_level = 'region' and period_type = 'month'
          and usability = 'incomplete' order by period_start limit 1""").fetchone()[0]
    assert re.fullmatch(r"\d+ of 49 municipalities did not deliver kommun_hsl for \d{4}-\d{2}", reason), reason


def test_findings_are_catalogued_and_masked(dq) -> None:
    assert dq.sql("select count(*) from data_quality.dq_findings where not is_catalogued").fetchone()[0] == 0
    pattern = r"(^|[^0-9])([0-9]{2})?[0-9]{6}[-+ ]?[0-9]{4}([^0-9]|$)"
    leaked = dq.sql(f"select count(*) from data_quality.dq_findings where regexp_matches(message, '{pattern}')").fetchone()[0]
    assert leaked == 0
    implemented = dq.sql("select count(*) from data_quality.dq_check_catalog where is_implemented").fetchone()[0]
    assert implemented >= 60


def test_masking_macro_masks_personnummer_in_a_message(built_warehouse: Path) -> None:
    """The masking expression used for messages, applied to crafted text (compiled from the macro)."""
    sql = next((built_warehouse.parent / "target" / "compiled").rglob("dq_findings.sql")).read_text()
    expression = re.search(r"regexp_replace\(f\.message, '([^']+)', '([^']+)', 'g'\)", sql)
    assert expression, "masking expression not found in compiled dq_findings"
    masked = duckdb.sql(f"""select regexp_replace('patient 19121212-1212 och 121212+1212 i rad 3',
                            '{expression.group(1)}', '{expression.group(2)}', 'g')""").fetchone()[0]
    assert "1212" not in masked.replace("rad 3", "") and masked.count("******-****") == 2, masked


def test_diagnoses_are_read_from_the_2023_layout_however_they_are_written(dq, default_landing: Path) -> None:
    """The generator writes diagnoses from 2023-01 on, some without the dot or in lower case (counted per file in
    its manifest), a few no ICD-10-SE code at all (each listed). Counted here in the delivered files themselves:
    the loose forms per file are the manifest's, staging stores every code upper case without dot, a file
    before 2023-01 has no diagnosis, and each unknown code is a finding naming its episode."""
    import csv
    import json

    manifest = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))
    loose = {d["file"].rsplit("/", 1)[-1]: d for d in manifest["defects"]
             if d["defect"] == "diagnosis_codes_written_loosely" and d["source"] == "vega_slutenvard"}
    assert loose and all(name >= "vega_slutenvard_2023-01.csv" for name in loose)
    for name, d in loose.items():
        with open(default_landing / "vega_slutenvard" / name, encoding="utf-8", newline="") as f:
            codes = [r["huvuddiagnos"] for r in csv.DictReader(f)]
        assert sum(1 for c in codes if c and "." not in c) == d["without_dot"], name
        assert sum(1 for c in codes if c != c.upper()) == d["lower_case"], name
        assert d["without_dot"] > 0 and d["lower_case"] > 0
    stored = dq.execute("""select count(*) filter (where main_diagnosis_code is not null),
                                  count(*) filter (where main_diagnosis_code != upper(main_diagnosis_code)
                                                   or main_diagnosis_code like '%.%'),
                                  count(*) filter (where main_diagnosis_code is not null
                                                   and file_name < 'vega_slutenvard_2023-01.csv')
                           from staging.stg_vega__inpatient_episodes""").fetchone()
    assert stored[0] > 1000 and stored[1] == 0 and stored[2] == 0, stored
    unknown = {(d["file"].rsplit("/", 1)[-1], d["episode_id"]) for d in manifest["defects"]
               if d["defect"] == "unknown_diagnosis_code" and d["source"] == "vega_slutenvard"}
    found = {(f, re.search(r"episode (\S+):", m).group(1)) for f, m in dq.execute(
        "select file_name, message from data_quality.dq_findings "
        "where check_id = 'vega_slutenvard.consistency.diagnosis_code_known'").fetchall()}
    assert unknown and found == unknown
