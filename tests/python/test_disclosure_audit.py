"""The LP audit (`nara_vard.disclosure_audit`) on hand-made published files, then on the suite's.

Each tiny file below holds only the tables and columns the audit reads. The right answers are worked
out by hand in the comments, and every test has a twin or an assertion that fails if the attacker
were weaker or stronger than it should be (a relation missing, a relation used unverified, labels
ignored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from nara_vard.disclosure_audit import AuditReport, Finding, audit_published, main

IND = "antal_test"
JAN, FEB, MAR = "2023-01-01", "2023-02-01", "2023-03-01"

GEOGRAPHY = [  # a kommunalförbund of three municipalities
    ("kommunalforbund", "kf1", None, None),
    ("kommun", "k1", "k1", "kf1"),
    ("kommun", "k2", "k2", "kf1"),
    ("kommun", "k3", "k3", "kf1"),
]


def cell(geo_level: str, geo_code: str, numerator: float | None = None, *, hidden: str | None = None,
         period_type: str = "month", period_start: str = JAN, sex: str = "T", quality_flag: str = "ok",
         sex_known_share: float | None = None, coverage_share: float | None = 1.0,
         base_count: int | None = None, indicator: str = IND) -> dict[str, Any]:
    """One row of fct_indicator_values_v2; a count indicator publishes its numerator as `value`."""
    shown = None if hidden else numerator
    return dict(indicator_id=indicator, geo_level=geo_level, geo_code=geo_code, period_type=period_type,
                period_start=period_start, sex=sex, numerator=shown, denominator=None, value=shown,
                suppression=hidden, quality_flag=quality_flag, coverage_share=coverage_share,
                sex_known_share=sex_known_share, base_count=None if hidden else base_count)


def write_published(path: Path, rows: list[dict[str, Any]], *, basis: str = "numerator",
                    aggregation: str = "sum", with_base_count: bool = False,
                    geography: list[tuple[str, str, str | None, str | None]] = GEOGRAPHY,
                    trend: list[dict[str, Any]] | None = None,
                    series_notes: dict[tuple[str, str], str] | None = None,
                    parts: dict[str, str | None] | None = None) -> Path:
    """A published artefact with only what the audit needs (the suite's names and types). `parts`: more
    indicators, each with the indicator it is a part of (dim_indicator.part_of_indicator_id) or None."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.dim_indicator (indicator_id varchar, counts_persons boolean, "
                "base_count_basis varchar, aggregation varchar, part_of_indicator_id varchar)")
    con.execute("insert into marts.dim_indicator values (?, true, ?, ?, null)", [IND, basis, aggregation])
    for part, whole in (parts or {}).items():
        con.execute("insert into marts.dim_indicator values (?, true, ?, ?, ?)", [part, basis, aggregation, whole])
    con.execute("create table marts.dim_geography (geo_level varchar, geo_code varchar, municipality_code varchar, "
                "kommunalforbund_code varchar, delregional_namnd_code varchar)")
    con.executemany("insert into marts.dim_geography values (?, ?, ?, ?, null)", [list(g) for g in geography])
    columns = ["indicator_id", "geo_level", "geo_code", "period_type", "period_start", "sex", "numerator",
               "denominator", "value", "suppression", "quality_flag", "coverage_share", "sex_known_share"]
    types = ["varchar"] * 4 + ["date", "varchar", "double", "double", "double", "varchar", "varchar",
                               "double", "double"]
    if with_base_count:
        columns.append("base_count")
        types.append("bigint")
    con.execute("create table marts.fct_indicator_values_v2 ("
                + ", ".join(f"{c} {t}" for c, t in zip(columns, types)) + ")")
    con.executemany(f"insert into marts.fct_indicator_values_v2 values ({', '.join('?' * len(columns))})",
                    [[r[c] for c in columns] for r in rows])
    if trend is not None:
        con.execute("create table marts.fct_indicator_trend_v2 (indicator_id varchar, geo_level varchar, "
                    "geo_code varchar, period_type varchar, period_start date, sex varchar, value double, "
                    "previous_period_start date, previous_value double, change_absolute double, "
                    "change_relative double, riktning varchar, suppression varchar)")
        con.executemany("insert into marts.fct_indicator_trend_v2 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [[t.get(c) for c in ("indicator_id", "geo_level", "geo_code", "period_type",
                                             "period_start", "sex", "value", "previous_period_start",
                                             "previous_value", "change_absolute", "change_relative",
                                             "riktning", "suppression")] for t in trend])
    if series_notes is not None:  # the report table's notes, keyed by (geo_code, sex)
        con.execute("create table marts.rpt_indicator_series_v2 as select indicator_id, geo_level, geo_code, "
                    "period_type, period_start, sex, value, suppression, null::varchar as note_sv "
                    "from marts.fct_indicator_values_v2")
        for (code, sex), note in series_notes.items():
            con.execute("update marts.rpt_indicator_series_v2 set note_sv = ? where geo_code = ? and sex = ?",
                        [note, code, sex])
    con.close()
    return path


def found(report: AuditReport, kind: str) -> dict[tuple[str, str], Finding]:
    """(geo_code, period_start) -> finding of that kind."""
    return {(f.geo_code, f.period_start): f for f in report.findings if f.kind == kind}


# --- an indicator and its parts ------------------------------------------------------------------

def parts_rows(month: str, whole: float, a: float, b: float, hide: tuple[str, ...]) -> list[dict[str, Any]]:
    """k1's cells of the whole (IND) and its two parts a and b in one month."""
    values = {IND: whole, "part_a": a, "part_b": b}
    return [cell("kommun", "k1", v, hidden=".." if i in hide else None, period_start=month, indicator=i)
            for i, v in values.items()]


def test_a_hidden_part_is_the_whole_minus_the_other_part(tmp_path: Path) -> None:
    # January shows whole = a + b (12 = 6 + 6), so the reader verifies the relation the catalogue states.
    # February hides b only: b = 10 - 7 = 3, pinned and below 5.
    rows = parts_rows(JAN, 12, 6, 6, ()) + parts_rows(FEB, 10, 7, 3, ("part_b",))
    geography = [("kommun", "k1", "k1", None)]
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=geography,
                                             parts={"part_a": IND, "part_b": IND}))
    pinned = {(f.indicator_id, f.period_start): f for f in report.findings if f.kind == "pinned"}
    assert ("part_b", FEB) in pinned and (pinned["part_b", FEB].lower, pinned["part_b", FEB].upper) == (3, 3)
    assert any("indicator parts→whole: eq" in n for n in report.relation_notes)
    # the twin: a catalogue that does not say they are parts gives the reader no relation, and b stays open
    other = audit_published(write_published(tmp_path / "q.duckdb", rows, geography=geography,
                                            parts={"part_a": None, "part_b": None}))
    assert not [f for f in other.findings if f.kind in ("pinned", "upper_below_threshold")]


def test_a_part_hidden_with_its_whole_reveals_nothing(tmp_path: Path) -> None:
    # February hides b and the whole: whole - b = 7 leaves both open (b in 1 .., whole in 8 ..).
    rows = parts_rows(JAN, 12, 6, 6, ()) + parts_rows(FEB, 10, 7, 3, ("part_b", IND))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=[("kommun", "k1", "k1", None)],
                                             parts={"part_a": IND, "part_b": IND}))
    assert not [f for f in report.findings if f.kind in ("pinned", "upper_below_threshold")]


# --- geography -----------------------------------------------------------------------------------

def kf_rows(total: float, k1: float, k2: float, k3: float, period_start: str = FEB,
            hide: tuple[str, ...] = ("k2", "k3"), labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """kf1 and its three municipalities in one month; `hide` are hidden with their label or '..'."""
    values = {"kf1": total, "k1": k1, "k2": k2, "k3": k3}
    out = []
    for code, value in values.items():
        level = "kommunalforbund" if code == "kf1" else "kommun"
        hidden = (labels or {}).get(code, "..") if code in hide else None
        out.append(cell(level, code, value, hidden=hidden, period_start=period_start))
    return out


# January is fully published (10 + 5 + 6 = 21): it shows the reader that kf1 is exactly the sum.
VERIFYING_MONTH = kf_rows(21, 10, 5, 6, period_start=JAN, hide=())


def test_kommunalforbund_leaving_three_for_two_hidden_municipalities_bounds_both_below_five(tmp_path: Path) -> None:
    # February: kf1 = 20, k1 = 17 published, so k2 + k3 = 3 and each is at least 1:
    # k2 = 3 - k3 <= 2 and k3 <= 2. Both are in [1, 2]: the reader learns 1-4 persons stand behind them.
    path = write_published(tmp_path / "p.duckdb", VERIFYING_MONTH + kf_rows(20, 17, 1, 2))
    report = audit_published(path)
    below = found(report, "upper_below_threshold")
    assert set(below) == {("k2", FEB), ("k3", FEB)}
    assert (below[("k2", FEB)].lower, below[("k2", FEB)].upper) == (1, 2)
    assert (below[("k3", FEB)].lower, below[("k3", FEB)].upper) == (1, 2)
    assert "one relation alone gives at most 2" in below[("k2", FEB)].detail
    assert not found(report, "pinned")  # (1, 2) and (2, 1) are both possible
    assert not report.ok
    assert any("geo kommun→kommunalforbund: eq (1 exact" in n for n in report.relation_notes)


def test_kommunalforbund_leaving_twelve_for_hidden_five_and_seven_reveals_nothing(tmp_path: Path) -> None:
    # kf1 = 29, k1 = 17: k2 + k3 = 12, so each is anywhere in [1, 11]: no bound below 5, nothing pinned.
    path = write_published(tmp_path / "p.duckdb", VERIFYING_MONTH + kf_rows(29, 17, 5, 7))
    report = audit_published(path)
    assert report.findings == []
    assert report.ok and report.hidden_cells == 2 and report.checked_lps > 0


def test_unverified_relation_is_used_as_an_inequality(tmp_path: Path) -> None:
    # Without January there is no fully published instance: the reader may only assume
    # kf1 >= k1 + k2 + k3 (kf1 could count more), which still gives k2 + k3 <= 3, so both <= 2.
    path = write_published(tmp_path / "p.duckdb", kf_rows(20, 17, 1, 2))
    report = audit_published(path)
    assert set(found(report, "upper_below_threshold")) == {("k2", FEB), ("k3", FEB)}
    assert any("unverified" in n for n in report.relation_notes)


REGIONAL = [("region", "14", None, None), *GEOGRAPHY]


def region_rows(region: float, total: float, k1: float, k2: float, k3: float, period_start: str,
                hide: tuple[str, ...]) -> list[dict[str, Any]]:
    return [cell("region", "14", region, period_start=period_start),
            *kf_rows(total, k1, k2, k3, period_start=period_start, hide=hide)]


def test_equality_contradicted_by_other_relations_is_read_as_an_inequality(tmp_path: Path) -> None:
    # January shows region = kf1 = k1 + k2 + k3 = 21: every geography relation looks exact.
    # February: region 25 > kf1 20 (the region also counts people without a municipality), k1 = 17,
    # k2 and k3 hidden. Taking region = k1 + k2 + k3 (verified in January) and kf1 = k1 + k2 + k3
    # together is impossible (25 ≠ 20); a reader concludes region ≥ the municipalities, keeps
    # kf1 = k1 + k2 + k3, and gets k2 + k3 = 3: both in [1, 2].
    rows = (region_rows(21, 21, 10, 5, 6, JAN, hide=())
            + region_rows(25, 20, 17, 1, 2, FEB, hide=("k2", "k3")))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=REGIONAL))
    assert report.errors == []
    below = found(report, "upper_below_threshold")
    assert set(below) == {("k2", FEB), ("k3", FEB)}
    assert (below[("k2", FEB)].lower, below[("k2", FEB)].upper) == (1, 2)
    # only the contradicted equality is given up: kommun -> kommunalförbund stays exact
    assert any("read as parent ≥ sum instead: ['geo kommun→region']" in n for n in report.relation_notes)
    assert any("geo kommun→kommunalforbund: eq (" in n for n in report.relation_notes)


def test_relaxed_equality_with_enough_hidden_mass_reveals_nothing(tmp_path: Path) -> None:
    # The twin: kf1 = 29 leaves 12 for k2 and k3, each anywhere in [1, 11].
    rows = (region_rows(21, 21, 10, 5, 6, JAN, hide=())
            + region_rows(34, 29, 17, 5, 7, FEB, hide=("k2", "k3")))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=REGIONAL))
    assert report.ok and report.errors == [] and report.findings == []


# --- period --------------------------------------------------------------------------------------

def quarter_rows(year: int, jan: float, feb: float, mar: float, quarter: float, hide_feb: bool) -> list[dict[str, Any]]:
    rows = [cell("kommun", "k1", v, period_start=f"{year}-{m}-01", hidden=".." if (m == "02" and hide_feb) else None)
            for m, v in (("01", jan), ("02", feb), ("03", mar))]
    rows.append(cell("kommun", "k1", quarter, period_type="quarter", period_start=f"{year}-01-01"))
    return rows


ONE_MUNICIPALITY = [("kommun", "k1", "k1", None)]


def test_quarter_equal_to_its_months_pins_the_hidden_month(tmp_path: Path) -> None:
    # Q1 2022 = 10 + 9 + 11 = 30 is fully published: the reader verifies quarter = sum of months.
    # Q1 2023 = 30 with January 10 and March 12 published: February = 30 - 10 - 12 = 8 exactly.
    rows = quarter_rows(2022, 10, 9, 11, 30, hide_feb=False) + quarter_rows(2023, 10, 8, 12, 30, hide_feb=True)
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=ONE_MUNICIPALITY))
    pinned = found(report, "pinned")
    assert set(pinned) == {("k1", "2023-02-01")}
    assert (pinned[("k1", "2023-02-01")].lower, pinned[("k1", "2023-02-01")].upper) == (8, 8)
    assert not found(report, "upper_below_threshold")  # 8 is not small


def test_unverified_quarter_only_caps_the_hidden_month(tmp_path: Path) -> None:
    # The same 2023 without the verifying 2022: quarter >= months only, so February is in [1, 8].
    rows = quarter_rows(2023, 10, 8, 12, 30, hide_feb=True)
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=ONE_MUNICIPALITY))
    assert report.ok, report.findings


def test_contradicted_relation_is_dropped(tmp_path: Path) -> None:
    # 2021: quarter 30 > 10 + 9 + 9 = 28; 2022: quarter 26 < 10 + 9 + 9: neither = nor >= nor <= holds,
    # so the reader cannot use month -> quarter at all, and February 2023 stays unknown.
    rows = (quarter_rows(2021, 10, 9, 9, 30, hide_feb=False) + quarter_rows(2022, 10, 9, 9, 26, hide_feb=False)
            + quarter_rows(2023, 10, 8, 12, 30, hide_feb=True))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=ONE_MUNICIPALITY))
    assert report.ok
    assert any("period month→quarter: dropped" in n for n in report.relation_notes)


def test_point_in_time_count_quarter_is_its_last_month(tmp_path: Path) -> None:
    # A point-in-time count: Q1 = March. 2022 shows it (March 40 = Q1 40); in 2023 March is hidden
    # and Q1 = 50 is published, so March = 50. Read as a sum the relation would be contradicted.
    rows = quarter_rows(2022, 30, 35, 40, 40, hide_feb=False) + [
        cell("kommun", "k1", v, period_start=f"2023-{m}-01", hidden=".." if m == "03" else None)
        for m, v in (("01", 45), ("02", 48), ("03", 50))] + [
        cell("kommun", "k1", 50, period_type="quarter", period_start="2023-01-01")]
    path = write_published(tmp_path / "p.duckdb", rows, geography=ONE_MUNICIPALITY, aggregation="point_in_time_count")
    pinned = found(audit_published(path), "pinned")
    assert set(pinned) == {("k1", "2023-03-01")} and pinned[("k1", "2023-03-01")].upper == 50
    sum_path = write_published(tmp_path / "s.duckdb", rows, geography=ONE_MUNICIPALITY, aggregation="sum")
    assert audit_published(sum_path).ok


# --- sex -----------------------------------------------------------------------------------------

STAND_ALONE = [  # three municipalities without a parent: only T = K + M + U links their cells
    ("kommun", "k1", "k1", None), ("kommun", "k2", "k2", None), ("kommun", "k3", "k3", None)]


def sex_rows(code: str, t: float, k: float, m: float, flag: str, hide: str | None = None,
             share: float | None = None) -> list[dict[str, Any]]:
    return [cell("kommun", code, v, sex=s, quality_flag=flag if s != "T" else "ok",
                 hidden=".." if s == hide else None, sex_known_share=share if s == "T" else None)
            for s, v in (("T", t), ("K", k), ("M", m))]


def test_known_sex_everywhere_pins_the_hidden_sex(tmp_path: Path) -> None:
    # k2: T 20 = K 12 + M 8 with K, M flagged 'ok' (the reader checks: 'ok' means nobody of unknown sex);
    # k3: T 20 > K 8 + M 7, flagged 'incomplete' (so in general T = K + M + U with U >= 0);
    # k1: T 12, K 7, M hidden, flagged 'ok': U = 0, so M = 12 - 7 = 5 exactly.
    rows = (sex_rows("k2", 20, 12, 8, "ok") + sex_rows("k3", 20, 8, 7, "incomplete")
            + sex_rows("k1", 12, 7, 5, "ok", hide="M"))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=STAND_ALONE))
    pinned = {f.sex: f for f in report.findings if f.kind == "pinned"}
    assert set(pinned) == {"M"} and (pinned["M"].lower, pinned["M"].upper) == (5, 5)


def test_unknown_sex_leaves_the_hidden_sex_open(tmp_path: Path) -> None:
    # The same, but k1's K and M are 'incomplete': M = 12 - 7 - U with U >= 0, so M is in [1, 5].
    rows = (sex_rows("k2", 20, 12, 8, "ok") + sex_rows("k3", 20, 8, 7, "incomplete")
            + sex_rows("k1", 12, 7, 5, "incomplete", hide="M"))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=STAND_ALONE))
    assert report.ok, report.findings


def test_share_of_known_sex_next_to_a_hidden_total_is_a_leak_and_pins_it(tmp_path: Path) -> None:
    # k2 shows the reader that sex_known_share = (K + M) / T: (4 + 4) / 10 = 0.8.
    # k1: T hidden, K 6 and M 7 published, share 0.65 on the T row: T = 13 / 0.65 = 20.
    rows = (sex_rows("k2", 10, 4, 4, "incomplete", share=0.8)
            + sex_rows("k1", 20, 6, 7, "incomplete", hide="T", share=0.65))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=STAND_ALONE))
    leaks = [f for f in report.findings if f.kind == "direct_leak"]
    assert [(f.geo_code, f.sex, f.column) for f in leaks] == [("k1", "T", "sex_known_share")]
    pinned = [f for f in report.findings if f.kind == "pinned"]
    assert [(f.geo_code, f.sex, f.lower, f.upper) for f in pinned] == [("k1", "T", 20, 20)]


def test_coverage_share_of_women_and_men_gives_the_share_back(tmp_path: Path) -> None:
    # No sex_known_share at all, but K's and M's coverage_share is T's coverage (1.0) times the share,
    # as k2 shows (0.8 = (4 + 4) / 10 with sex_known_share there). k1: T hidden, K 6, M 7,
    # K and M coverage 0.65: T = 13 / 0.65 = 20, and coverage_share is reported as the leak.
    rows = sex_rows("k2", 10, 4, 4, "incomplete", share=0.8) + sex_rows("k1", 20, 6, 7, "incomplete", hide="T")
    for row in rows:
        if row["sex"] != "T":
            row["coverage_share"] = 0.8 if row["geo_code"] == "k2" else 0.65
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, geography=STAND_ALONE))
    assert [(f.geo_code, f.sex, f.column) for f in report.findings if f.kind == "direct_leak"] == [
        ("k1", "T", "coverage_share")]
    assert [(f.sex, f.lower, f.upper) for f in report.findings if f.kind == "pinned"] == [("T", 20, 20)]


def test_share_printed_in_a_note_is_a_leak_and_bounds_the_hidden_total(tmp_path: Path) -> None:
    # k2 shows the printed share is (K + M) / T within its rounding: "77,8 %" for (4 + 3) / 9 = 77.78 %.
    # k1: T hidden, K 6, M 7, K's note prints "65,0 %": 13 / 0.6505 <= T <= 13 / 0.6495, so
    # 19.985 <= T <= 20.016: T = 20. Without the note T is only >= 13 (nothing to report).
    rows = sex_rows("k2", 9, 4, 3, "incomplete") + sex_rows("k1", 20, 6, 7, "incomplete", hide="T")
    note = "Ofullständigt: könet är känt för {} av raderna bakom totalen; kvinnor och män räknar bara dem"
    path = write_published(tmp_path / "p.duckdb", rows, geography=STAND_ALONE,
                           series_notes={("k2", "K"): note.format("77,8 %"), ("k1", "K"): note.format("65,0 %")})
    report = audit_published(path)
    assert [(f.geo_code, f.sex, f.column) for f in report.findings if f.kind == "direct_leak"] == [
        ("k1", "T", "note_sv")]
    assert [(f.sex, f.lower, f.upper) for f in report.findings if f.kind == "pinned"] == [("T", 20, 20)]
    quiet = write_published(tmp_path / "q.duckdb", rows, geography=STAND_ALONE, series_notes={})
    assert audit_published(quiet).ok


# --- labels --------------------------------------------------------------------------------------

def test_labels_pin_a_cell_that_is_open_without_them(tmp_path: Path) -> None:
    # kf1 = 16, k1 = 10: k2 + k3 = 6. Without labels each is in [1, 5]: nothing to report.
    # Knowing k2 is primary (1-4) and k3 secondary (>= 5): k3 >= 5 gives k2 <= 1, so k2 = 1, k3 = 5.
    path = write_published(tmp_path / "p.duckdb", VERIFYING_MONTH + kf_rows(16, 10, 1, 5))
    assert audit_published(path).ok
    labels = {(IND, "kommun", "k2", "month", FEB, "T"): "primary",
              (IND, "kommun", "k3", "month", FEB, "T"): "secondary"}
    report = audit_published(path, known_labels=labels)
    pinned = found(report, "pinned")
    assert {k: (f.lower, f.upper) for k, f in pinned.items()} == {("k2", FEB): (1, 1), ("k3", FEB): (5, 5)}
    assert not found(report, "upper_below_threshold")  # skipped with labels: the label bounds primaries


def test_published_labels_are_read_and_a_primary_label_is_itself_a_leak(tmp_path: Path) -> None:
    rows = VERIFYING_MONTH + kf_rows(16, 10, 1, 5, labels={"k2": "primary", "k3": "secondary"})
    path = write_published(tmp_path / "p.duckdb", rows)
    report = audit_published(path)
    assert set(found(report, "pinned")) == {("k2", FEB), ("k3", FEB)}
    leaks = [(f.geo_code, f.column) for f in report.findings if f.kind == "direct_leak"]
    assert leaks == [("k2", "suppression")]
    without = audit_published(path, use_published_labels=False)
    assert not found(without, "pinned") and [f.kind for f in without.findings] == ["direct_leak"]


# --- records and base_count ----------------------------------------------------------------------

def test_records_basis_uses_published_base_count_as_its_own_quantity(tmp_path: Path) -> None:
    # Days (numerator) with episodes as base count: kf1 has 10 episodes / 100 days, k1 7 / 40.
    # Hidden k2 + k3 = 3 episodes (so each <= 2) but 60 days (each in [1, 59]): only base_count leaks.
    def rows_for(period: str, values: dict[str, tuple[int, int]], hide: tuple[str, ...]) -> list[dict[str, Any]]:
        return [cell("kommunalforbund" if c == "kf1" else "kommun", c, days, base_count=episodes, period_start=period,
                     hidden=".." if c in hide else None) for c, (days, episodes) in values.items()]
    rows = (rows_for(JAN, {"kf1": (90, 21), "k1": (30, 10), "k2": (20, 5), "k3": (40, 6)}, ())
            + rows_for(FEB, {"kf1": (100, 10), "k1": (40, 7), "k2": (25, 1), "k3": (35, 2)}, ("k2", "k3")))
    report = audit_published(write_published(tmp_path / "p.duckdb", rows, basis="records", with_base_count=True))
    below = [(f.geo_code, f.column, f.upper) for f in report.findings if f.kind == "upper_below_threshold"]
    assert below == [("k2", "base_count", 2), ("k3", "base_count", 2)]


def test_records_basis_without_base_count_puts_the_threshold_on_the_numerator(tmp_path: Path) -> None:
    # base_count not published: every record adds at least one unit, so 3 days left for two hidden
    # municipalities means at most 2 days, hence at most 2 records, in each.
    path = write_published(tmp_path / "p.duckdb", VERIFYING_MONTH + kf_rows(20, 17, 1, 2), basis="records")
    below = found(audit_published(path), "upper_below_threshold")
    assert set(below) == {("k2", FEB), ("k3", FEB)} and all(f.column == "numerator" for f in below.values())


# --- trend ---------------------------------------------------------------------------------------

def test_change_next_to_a_hidden_previous_value_is_a_direct_leak(tmp_path: Path) -> None:
    # January 2022 is hidden; the trend row of January 2023 shows value 10 and change +3: 2022 was 7.
    rows = [cell("kommun", "k1", 7, period_start="2022-01-01", hidden=".."), cell("kommun", "k1", 10)]
    trend = [dict(indicator_id=IND, geo_level="kommun", geo_code="k1", period_type="month", period_start=JAN,
                  sex="T", value=10, previous_period_start="2022-01-01", previous_value=None,
                  change_absolute=3, change_relative=None, riktning="?", suppression=None)]
    path = write_published(tmp_path / "p.duckdb", rows, geography=ONE_MUNICIPALITY, trend=trend)
    leaks = [(f.period_start, f.column) for f in audit_published(path).findings if f.kind == "direct_leak"]
    assert leaks == [("2022-01-01", "change_absolute")]
    trend[0]["change_absolute"] = None
    clean = write_published(tmp_path / "c.duckdb", rows, geography=ONE_MUNICIPALITY, trend=trend)
    assert audit_published(clean).ok


# --- command line --------------------------------------------------------------------------------

def test_main_exits_one_on_findings_and_zero_when_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leaking = write_published(tmp_path / "l.duckdb", VERIFYING_MONTH + kf_rows(20, 17, 1, 2))
    clean = write_published(tmp_path / "c.duckdb", VERIFYING_MONTH + kf_rows(29, 17, 5, 7))
    assert main([str(leaking)]) == 1
    assert "upper_below_threshold" in capsys.readouterr().out
    assert main([str(clean), "--threshold", "5"]) == 0
    assert "OK" in capsys.readouterr().out


# --- the suite's published artefact (builds the warehouse: deselect with -k "not integration") ---

@pytest.fixture(scope="module")
def suite_artefact(request: pytest.FixtureRequest) -> tuple[Path, Path]:
    """(published file, build database): conftest's `nara-vard publish` of its built warehouse.
    Skips where conftest's fixtures are not available."""
    try:
        built_warehouse: Path = request.getfixturevalue("built_warehouse")
        published_folder: Path = request.getfixturevalue("published_folder")
    except pytest.FixtureLookupError:
        pytest.skip("needs conftest's built_warehouse fixture")
    return published_folder / "nara_vard.duckdb", built_warehouse


def test_integration_published_artefact_passes_the_lp_audit(suite_artefact: tuple[Path, Path]) -> None:
    # Before issue 20 this failed: the artefact published 'primary' labels and "1–4" notes, the share
    # of known sex next to hidden cells (as sex_known_share, as K's and M's coverage_share and in
    # notes), and sums that bounded or pinned 2 156 + 1 105 hidden cells.
    published, _build = suite_artefact
    report = audit_published(published, use_published_labels=False)
    print(report.summary())
    assert report.seconds < 60
    assert report.ok, report.summary()


def test_integration_label_mode_with_the_build_databases_labels(suite_artefact: tuple[Path, Path]) -> None:
    # The strongest reader: one who knows which hidden cells are primary (1-4 behind them) and which
    # secondary. The labels come from the true base counts of the build database (primary exactly
    # when 1 <= base_count <= 4), never from the suppression models. Every pinned value must be
    # the true one (otherwise the attacker used a wrong relation); the count is reported.
    published, build = suite_artefact
    con = duckdb.connect(str(build), read_only=True)
    truth = {tuple(r[:6]): r[6:] for r in con.execute("""
        select indicator_id, geo_level, geo_code, period_type, period_start::varchar, sex,
               numerator, denominator, base_count
        from intermediate.int_indicator_values_assessed""").fetchall()}
    con.close()
    pub = duckdb.connect(str(published), read_only=True)
    hidden = [tuple(r) for r in pub.execute("""
        select indicator_id, geo_level, geo_code, period_type, period_start::varchar, sex
        from marts.fct_indicator_values_v2 where suppression is not null""").fetchall()]
    pub.close()
    labels = {k: ("primary" if 1 <= (truth[k][2] or 0) <= 4 else "secondary") for k in hidden}
    report = audit_published(published, known_labels=labels, use_published_labels=False)
    pinned = [f for f in report.findings if f.kind == "pinned"]
    print(f"label mode: {len(pinned)} hidden cells pinned exactly "
          f"({sum(labels[f.key] == 'secondary' for f in pinned)} of them secondary); {report.summary()}")
    column_index = {"numerator": 0, "denominator": 1, "base_count": 2}
    wrong = [f for f in pinned if truth[f.key][column_index[f.column]] != f.lower]
    assert not wrong, wrong[:5]
    assert report.seconds < 60
