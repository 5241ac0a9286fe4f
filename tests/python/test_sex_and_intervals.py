"""Issue 11 acceptance: indicators by sex with 95 % intervals.

The region's K and M quarters of length of stay (medelvardtid) and 30-day readmissions
(aterinlaggning_30d), their intervals and the significance of the change against a year earlier are
recomputed here straight from the Vega files, without reading any model: plain DuckDB over the CSVs
for the counts, Python floats for the statistics (Wilson score interval; mean ± z·s/√n; pooled
two-proportion z-test). The build database's unsuppressed cells and the published v2 mart must agree.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

Z = 1.959964
QUARTERS = [(y, q) for y in (2022, 2023) for q in (1, 2, 3, 4)]


def _quarter_start(year: int, quarter: int) -> str:
    return f"{year}-{3 * quarter - 2:02d}-01"


@pytest.fixture(scope="module")
def vega(default_landing: Path) -> duckdb.DuckDBPyConnection:
    """The current version of every plausible Vega episode, as the contract describes the file."""
    con = duckdb.connect(":memory:")
    files = sorted(str(p) for p in (default_landing / "vega_slutenvard").glob("*.csv") if p.stat().st_size > 0)
    assert files, "no Vega files in the default landing"
    con.execute(
        """
        create table raw as
        select * from read_csv(?, header = true, all_varchar = true, union_by_name = true, filename = true)
        """,
        [files],
    )
    con.execute(
        """
        create table episodes as
        select
            trim(vardtillfalle_id) as episode,
            trim(patient_lopnr) as patient,
            trim(verksamhet) as care_type,
            try_cast(trim(inskrivningsdatum) as date) as admitted,
            try_cast(trim(utskrivningsdatum) as date) as discharged,
            trim(inskrivningssatt) as admission_type,
            trim(utskrivningssatt) as discharge_type,
            try_cast(trim(alder) as integer) as age,
            trim(kon) as sex
        from raw
        where try_cast(trim(leveransdatum) as date) is not null
        qualify row_number() over (
            partition by trim(vardtillfalle_id)
            order by try_cast(trim(leveransdatum) as date) desc, filename desc
        ) = 1
        """
    )
    # only lines a reader would accept: dates that parse and follow each other, a plausible age
    con.execute(
        """
        delete from episodes
        where admitted is null or discharged is null or discharged < admitted
           or age is null or age not between 0 and 120 or coalesce(sex, '') not in ('K', 'M')
        """
    )
    return con


def _length_of_stay(vega: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(quarter start, sex) -> (episodes, Σ days, Σ days²) of somatic discharges."""
    rows = vega.execute(
        """
        select cast(date_trunc('quarter', discharged) as date)::varchar, sex,
               count(*), sum(discharged - admitted), sum((discharged - admitted) * (discharged - admitted))
        from episodes where care_type = 'somatik'
        group by all
        """
    ).fetchall()
    return {(q, s): (int(n), int(t), int(t2)) for q, s, n, t, t2 in rows}


def _readmissions(vega: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[int, int]]:
    """(quarter start, sex) -> (readmitted index episodes, index episodes)."""
    rows = vega.execute(
        """
        with idx as (
            select episode, patient, discharged, sex from episodes
            where care_type = 'somatik' and age >= 65 and discharge_type <> 'avliden'
        ),
        flagged as (
            select i.*, exists (
                select 1 from episodes r
                where r.patient = i.patient and r.care_type = 'somatik' and r.admission_type = 'akut'
                  and r.admitted - i.discharged between 1 and 30
            ) as readmitted
            from idx as i
        )
        select cast(date_trunc('quarter', discharged) as date)::varchar, sex,
               count(*) filter (where readmitted), count(*)
        from flagged group by all
        """
    ).fetchall()
    return {(q, s): (int(x), int(n)) for q, s, x, n in rows}


def wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def mean_interval(n: int, total: int, squares: int) -> tuple[float, float, float]:
    mean = total / n
    variance = (squares - total * total / n) / (n - 1)
    half = Z * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def _cells(con: duckdb.DuckDBPyConnection, table: str, indicator: str) -> dict[tuple[str, str], tuple]:
    rows = con.execute(
        f"""
        select period_start::varchar, sex, value, ci_lower, ci_upper, numerator, denominator
        from {table}
        where indicator_id = ? and geo_level = 'region' and period_type = 'quarter'
        """,
        [indicator],
    ).fetchall()
    return {(q, s): rest for q, s, *rest in rows}


@pytest.fixture(scope="module")
def build(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


def test_length_of_stay_by_sex_and_its_interval(vega, build) -> None:
    expected = _length_of_stay(vega)
    cells = _cells(build, "intermediate.int_indicator_values_assessed", "medelvardtid")
    compared = 0
    for year, quarter in QUARTERS:
        q = _quarter_start(year, quarter)
        for sex in ("K", "M"):
            n, total, squares = expected[(q, sex)]
            mean, lower, upper = mean_interval(n, total, squares)
            value, ci_lower, ci_upper, numerator, denominator = cells[(q, sex)]
            assert (numerator, denominator) == (total, n), (q, sex)
            assert value == pytest.approx(mean, rel=1e-12), (q, sex)
            assert ci_lower == pytest.approx(lower, abs=1e-8), (q, sex)
            assert ci_upper == pytest.approx(upper, abs=1e-8), (q, sex)
            compared += 1
    assert compared == 16


def test_readmissions_by_sex_and_their_wilson_interval(vega, build) -> None:
    expected = _readmissions(vega)
    cells = _cells(build, "intermediate.int_indicator_values_assessed", "aterinlaggning_30d")
    compared = 0
    for year, quarter in QUARTERS:
        q = _quarter_start(year, quarter)
        for sex in ("K", "M"):
            value, ci_lower, ci_upper, numerator, denominator = cells[(q, sex)]
            if value is None:  # the follow-up is not delivered 30 days past the quarter's end
                continue
            x, n = expected[(q, sex)]
            lower, upper = wilson(x, n)
            assert (numerator, denominator) == (x, n), (q, sex)
            assert value == pytest.approx(100 * x / n, rel=1e-12), (q, sex)
            assert ci_lower == pytest.approx(100 * lower, abs=1e-7), (q, sex)
            assert ci_upper == pytest.approx(100 * upper, abs=1e-7), (q, sex)
            compared += 1
    assert compared >= 14


def test_published_v2_region_quarters_are_the_recomputed_ones(vega, built_warehouse: Path) -> None:
    """The published mart (v2) shows the same region K/M quarters (region cells this size are never hidden)."""
    los = _length_of_stay(vega)
    published = built_warehouse.parent / "published" / "nara_vard.duckdb"
    if not published.exists():  # the session build does not publish; the build database's mart is the same model
        published = built_warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        cells = _cells(con, "marts.fct_indicator_values_v2", "medelvardtid")
    for year, quarter in QUARTERS:
        q = _quarter_start(year, quarter)
        for sex in ("K", "M"):
            n, total, squares = los[(q, sex)]
            mean, lower, upper = mean_interval(n, total, squares)
            value, ci_lower, ci_upper, *_ = cells[(q, sex)]
            assert value == pytest.approx(mean, rel=1e-12)
            assert (ci_lower, ci_upper) == (pytest.approx(lower, abs=1e-8), pytest.approx(upper, abs=1e-8))


def test_change_is_significant_is_a_two_proportion_z_test(vega, build) -> None:
    """Readmissions, region, each sex: 2023's quarter against 2022's, pooled z-test at 5 %."""
    counts = _readmissions(vega)
    rows = build.execute(
        """
        select period_start::varchar, sex, change_is_significant, value, previous_value
        from marts.fct_indicator_trend_v2
        where indicator_id = 'aterinlaggning_30d' and geo_level = 'region' and period_type = 'quarter'
          and year(period_start) = 2023
        """
    ).fetchall()
    tested = 0
    for q, sex, significant, value, previous in rows:
        if value is None or previous is None:
            assert significant is None
            continue
        x1, n1 = counts[(q, sex)] if sex != "T" else tuple(map(sum, zip(counts[(q, "K")], counts[(q, "M")])))
        q0 = f"{int(q[:4]) - 1}{q[4:]}"
        x2, n2 = counts[(q0, sex)] if sex != "T" else tuple(map(sum, zip(counts[(q0, "K")], counts[(q0, "M")])))
        pooled = (x1 + x2) / (n1 + n2)
        z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        assert significant == (abs(z) > Z), (q, sex, z)
        tested += 1
    assert tested >= 6


def test_women_and_men_add_up_to_the_total_where_sex_is_known(build) -> None:
    """Vega records sex on every accepted episode, so for its indicators K + M = T exactly."""
    rows = build.execute(
        """
        select t.indicator_id, t.geo_level, t.geo_code, t.period_type, t.period_start,
               t.numerator, k.numerator + m.numerator, t.denominator, k.denominator + m.denominator
        from intermediate.int_indicator_values_assessed t
        join intermediate.int_indicator_values_assessed k using (indicator_id, geo_level, geo_code, period_type, period_start)
        join intermediate.int_indicator_values_assessed m using (indicator_id, geo_level, geo_code, period_type, period_start)
        where t.sex = 'T' and k.sex = 'K' and m.sex = 'M'
          and t.indicator_id in ('medelvardtid', 'medelvardtid_75', 'aterinlaggning_30d', 'utskrivningsklar_dagar')
          and t.numerator is not null
        """
    ).fetchall()
    assert len(rows) > 1000
    wrong = [r for r in rows if r[5] != r[6] or r[7] != r[8]]
    assert not wrong, wrong[:5]


def test_sex_is_never_guessed(build) -> None:
    """SIP patients unknown to Vega have no sex: K + M < T there, and the share shows it."""
    share, t, km = build.execute(
        """
        select t.sex_known_share, t.numerator, k.numerator + m.numerator
        from intermediate.int_indicator_values_assessed t
        join intermediate.int_indicator_values_assessed k using (indicator_id, geo_level, geo_code, period_type, period_start)
        join intermediate.int_indicator_values_assessed m using (indicator_id, geo_level, geo_code, period_type, period_start)
        where t.indicator_id = 'sip_antal' and t.geo_level = 'region' and t.period_type = 'year'
          and t.period_start = '2023-01-01' and t.sex = 'T' and k.sex = 'K' and m.sex = 'M'
        """
    ).fetchone()
    assert 0 < share < 1
    assert km < t
    assert km == pytest.approx(share * t, abs=0.5)


def test_aggregate_sources_have_totals_only(build) -> None:
    rows = dict(build.execute(
        """
        select i.indicator_id, list(distinct v.sex order by v.sex)
        from marts.fct_indicator_values_v2 v join marts.dim_indicator i using (indicator_id)
        group by all
        """
    ).fetchall())
    broken_down = {"medelvardtid", "medelvardtid_75", "aterinlaggning_30d", "utskrivningsklar_dagar", "sip_antal",
                   # the shift's indicators: patient-level sources and the listing know the sex
                   "fast_lakarkontakt", "undvikbar_slutenvard", "undvikbar_slutenvard_65",
                   "uppfoljning_efter_utskrivning_7d", "uppfoljning_efter_utskrivning_30d",
                   "primarvardens_andel_oppenvard", "kontinuitet_lakare", "helt_i_primarvarden",
                   *(f"helt_i_primarvarden_{g}" for g in ("diabetes", "hypertoni", "kol", "astma", "hjartsvikt",
                                                          "depression", "angest"))}
    for indicator, sexes in rows.items():
        assert sexes == (["K", "M", "T"] if indicator in broken_down else ["T"]), indicator
