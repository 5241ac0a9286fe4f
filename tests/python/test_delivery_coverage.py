"""Delivery coverage on the default landing against the generator's manifest.

The manifest records every delivery defect the generator injected (municipalities that never deliver,
skipped months, late reports, `_v2` corrections, regional months not yet delivered). These tests derive
what `dq_delivery_coverage` must say from the manifest and from the facts of SOURCES.md (the follow-up
period, the 49 municipalities, the municipal deadline), never from the model itself, and check that the
model flags exactly those deliveries and nothing else.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

MONTHLY_REGIONAL = ("vega_slutenvard", "vega_vardplatser", "primarvard_kontakter", "egenmonitorering",
                    "samsa_sip", "samsa_utskrivningsklara")

Row = dict[str, object]


@pytest.fixture(scope="module")
def manifest(default_landing: Path) -> dict:
    return json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def coverage(built_warehouse: Path) -> dict[tuple[str, str, str], Row]:
    """dq_delivery_coverage keyed by (source, org_code, period label `YYYY-MM` / `YYYY-Qn` / `YYYY`)."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        result = con.sql("""
            select c.*, s.frequency
            from data_quality.dq_delivery_coverage as c
            inner join reference.reference__delivery_schedule as s on c.source = s.source
        """)
        names = result.columns
        rows = [dict(zip(names, values)) for values in result.fetchall()]
    keyed: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        start: date = row["period_start"]  # type: ignore[assignment]
        label = {"month": f"{start:%Y-%m}", "quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}",
                 "year": f"{start.year}"}[row["frequency"]]  # type: ignore[index]
        key = (str(row["source"]), str(row["org_code"]), label)
        assert key not in keyed, f"duplicate coverage row {key}"
        keyed[key] = row
    return keyed


def _months(manifest: dict) -> list[str]:
    """Months of the follow-up period, from the generator parameters the manifest records."""
    start, end = manifest["generator"]["start"], manifest["generator"]["end"]
    year, month = int(start[:4]), int(start[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _municipalities(manifest: dict) -> list[str]:
    """Every municipality of the population: the generator assigns each one a dialect."""
    return sorted(manifest["kommun_hsl_dialects"])


def _defects(manifest: dict, kind: str) -> list[dict]:
    return [d for d in manifest["defects"] if d["defect"] == kind and d["source"] == "kommun_hsl"]


def _hsl(coverage: dict[tuple[str, str, str], Row]) -> dict[tuple[str, str], Row]:
    return {(org, period): row for (source, org, period), row in coverage.items() if source == "kommun_hsl"}


def _municipal_deadline(period: str) -> date:
    """SOURCES.md: the 15th of the following month."""
    year, month = int(period[:4]), int(period[5:])
    return date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=15)


# ------------------------------------------------------------------------------------------ municipal

def test_every_municipality_and_month_is_expected_once(coverage, manifest) -> None:
    expected = {(org, month) for org in _municipalities(manifest) for month in _months(manifest)}
    assert len(expected) == 49 * 25
    assert set(_hsl(coverage)) == expected


def test_exactly_the_manifests_municipal_gaps_are_missing(coverage, manifest) -> None:
    never = {d["org_code"] for d in _defects(manifest, "never_delivered")}
    skipped = {(d["org_code"], d["period"]) for d in _defects(manifest, "month_not_delivered")}
    assert never and skipped
    expected_missing = {(org, month) for org in never for month in _months(manifest)} | skipped
    missing = {key for key, row in _hsl(coverage).items() if row["status"] == "missing"}
    assert missing == expected_missing
    for key in expected_missing:
        row = _hsl(coverage)[key]
        assert row["file_name"] is None and row["delivered_at"] is None and row["days_late"] is None, key
        assert row["rows_delivered"] is None, key


def test_exactly_the_manifests_late_reports_are_late_with_its_dates(coverage, manifest) -> None:
    late = {(d["org_code"], d["period"]): d for d in _defects(manifest, "late_delivery")}
    assert late
    flagged = {key for key, row in _hsl(coverage).items() if row["status"] == "late"}
    assert flagged == set(late)
    for key, defect in late.items():
        row = _hsl(coverage)[key]
        reported, deadline = date.fromisoformat(defect["reported"]), date.fromisoformat(defect["deadline"])
        assert deadline == _municipal_deadline(key[1]), key
        assert row["deadline_date"] == deadline, key
        assert row["delivered_at"] == reported, key
        assert row["days_late"] == (reported - deadline).days > 0, key
        assert row["file_name"] == Path(defect["file"]).name, key


def test_on_time_municipal_deliveries_are_dated_by_the_deadline(coverage) -> None:
    on_time = [row for row in _hsl(coverage).values() if row["status"] == "on_time"]
    assert len(on_time) > 1000
    for row in on_time:
        assert row["delivered_at"] is not None and row["delivered_at"] <= row["deadline_date"], row
        assert row["days_late"] == 0, row


def test_corrections_win_but_do_not_make_a_delivery_late(coverage, manifest) -> None:
    corrections = _defects(manifest, "correction_v2")
    assert corrections
    for defect in corrections:
        row = _hsl(coverage)[(defect["org_code"], defect["period"])]
        assert row["version"] == 2, defect
        assert row["file_name"] == Path(defect["file"]).name, defect
        assert row["file_count"] == 2, defect
        assert row["status"] != "missing", defect
        # the correction's own date is kept, and is not what timeliness is judged on
        assert row["last_delivered_at"] is not None and row["last_delivered_at"] >= row["delivered_at"], defect
    corrected = {(d["org_code"], d["period"]) for d in corrections}
    others = [row for key, row in _hsl(coverage).items() if key not in corrected and row["status"] != "missing"]
    assert all(row["version"] == 1 and row["file_count"] == 1 for row in others)


def test_a_file_whose_only_row_is_rejected_still_counts_as_delivered(coverage, manifest) -> None:
    bad_rows = {(d["org_code"], d["period"]) for d in manifest["defects"]
                if d["source"] == "kommun_hsl"
                and d["defect"] in ("negative_count", "municipality_code_contradicts_file_name")}
    assert bad_rows
    for key in bad_rows:
        row = _hsl(coverage)[key]
        assert row["status"] != "missing", key
        assert row["rows_delivered"] == 0, key


# ------------------------------------------------------------------------------------------- regional

def test_regional_months_not_yet_delivered_are_missing(coverage, manifest) -> None:
    months = _months(manifest)
    for source in MONTHLY_REGIONAL:
        gaps = set(manifest["not_delivered"].get(source, [])) & set(months)
        missing = {p for (s, org, p), row in coverage.items() if s == source and row["status"] == "missing"}
        delivered = {p for (s, org, p), row in coverage.items() if s == source and row["status"] != "missing"}
        assert missing == gaps, source
        assert delivered == set(months) - gaps, source
        assert all(org == "14" for (s, org, _) in coverage if s == source)


def test_the_gaps_sources_md_describes(coverage) -> None:
    """SOURCES.md, 'Defects the default landing contains' (January 2024 ends on the follow-up's last day,
    so it is an expected month)."""
    def status(source: str, period: str) -> object:
        return coverage[(source, "14", period)]["status"]

    for source in ("vega_vardplatser", "samsa_sip"):
        for period in ("2023-10", "2023-11", "2023-12"):
            assert status(source, period) == "missing", (source, period)
        assert status(source, "2023-09") == "on_time", source
    assert status("vega_slutenvard", "2024-01") == "missing"
    assert status("vega_slutenvard", "2023-09") == "on_time"
    assert status("npe_primarvard", "2023") == "missing"
    assert status("npe_primarvard", "2022") == "on_time"
    assert ("npe_primarvard", "14", "2024") not in coverage  # the 2024 survey year is not over
    egen = [row for (s, _, _), row in coverage.items() if s == "egenmonitorering"]
    assert len(egen) == 25 and all(row["status"] == "missing" for row in egen)
    quarters = {p: row for (s, _, p), row in coverage.items() if s == "narsjukvardsteam"}
    assert set(quarters) == {f"{y}-Q{q}" for y in (2022, 2023) for q in (1, 2, 3, 4)}
    assert all(row["status"] == "on_time" for row in quarters.values())


def test_vega_timeliness_is_measured_and_others_are_not(coverage) -> None:
    """The Vega extracts carry their own delivery date (leveransdatum); the other regional exports do not (the
    municipal sources are dated by their reports or files: test_municipal_*, test_resources.py)."""
    with_date = {"vega_slutenvard", "vega_primarvard", "vega_oppenvard"}
    for (source, _, period), row in coverage.items():
        if row["status"] == "missing" or source in ("kommun_hsl", "kommun_ekonomi"):
            continue
        if source in with_date:
            # the extract is made early in the following month (leveransdatum)
            year, month = int(period[:4]), int(period[5:])
            first_of_next = date(year + month // 12, month % 12 + 1, 1)
            assert row["delivered_at"] is not None and row["delivered_at"] >= first_of_next, period
            assert row["days_late"] is not None, period
        else:
            assert row["status"] == "on_time", (source, period)
            assert row["delivered_at"] is None and row["days_late"] is None, (source, period)


def test_delivered_regional_files_are_the_manifests_files(coverage, manifest) -> None:
    for source, info in manifest["sources"].items():
        if source in ("kommun_hsl", "kommun_ekonomi"):  # one file per municipality / per year for all of them
            continue
        # an accrual correction (`_korr`) is its month's second file, not the file the coverage names
        corrections = {Path(f["file"]).name for f in info["files"] if "_korr." in f["file"]}
        files = {Path(f["file"]).name: f["rows"] for f in info["files"] if Path(f["file"]).name not in corrections}
        delivered = {str(row["file_name"]): row for (s, _, _), row in coverage.items()
                     if s == source and row["status"] != "missing"}
        assert set(delivered) == set(files), source
        for name in corrections:
            month = re.search(r"_(\d{4})(\d{2})_korr\.", name)
            assert month is not None, name
            row = next(r for (s, _, p), r in coverage.items() if s == source and p == f"{month[1]}-{month[2]}")
            assert row["file_count"] == 2, name
        for name, rows in files.items():
            assert 0 < delivered[name]["rows_delivered"] <= rows, name  # type: ignore[operator]


def test_no_delivered_file_is_unexpected(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        unexpected = con.sql("select source, file_name, reason from data_quality.dq_unexpected_deliveries").fetchall()
    assert unexpected == []
