"""The indicators of the shift itself (issue 23) against independent recomputations from the landing files:
plain DuckDB over the CSV files and the seed files, no model read, for the region and for municipalities;
and the generator's recorded rise 2022 -> 2023 visible in the mart."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import SEEDS_DIR

MUNICIPALITIES = ("1480", "1490", "1485", "1401", "1495")  # Göteborg, Borås, Uddevalla, Härryda, Skövde


@pytest.fixture(scope="module")
def build(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


@pytest.fixture(scope="module")
def raw(default_landing: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()

    def latest(name: str, key: str) -> str:
        return f"""select * from read_csv('{default_landing}/{name}/*.csv', all_varchar = true, union_by_name = true)
                   qualify row_number() over (partition by {key} order by leveransdatum desc) = 1"""

    con.execute(f"create table eps as {latest('vega_slutenvard', 'vardtillfalle_id')}")
    con.execute(f"create table pv as {latest('vega_primarvard', 'kontakt_id')}")
    con.execute(f"create table ov as {latest('vega_oppenvard', 'kontakt_id')}")
    con.execute(f"create table urval as select * from read_csv('{default_landing}/urval/*.csv', all_varchar = true)")
    con.execute(f"create table listning as select * from read_csv('{default_landing}/listning/*.csv', all_varchar = true)")
    for seed in ("reference__population", "reference__primary_care_centres", "reference__chronic_diagnosis_groups",
                 "reference__avoidable_hospitalisation_conditions"):
        con.execute(f"create table {seed} as select * from read_csv('{SEEDS_DIR / seed}.csv', all_varchar = true)")
    # codes as the contract says they arrive: any case, with or without the dot
    con.execute("create macro code(c) as nullif(upper(replace(trim(c), '.', '')), '')")
    return con


def _mart(build: duckdb.DuckDBPyConnection, indicator: str, level: str, code: str, ptype: str,
          start: str) -> tuple[float | None, float | None, float | None]:
    """(numerator, denominator, value) of the total before disclosure control, and the published value
    agrees with it unless hidden."""
    row = build.sql(f"""
        select a.numerator, a.denominator, a.value, f.value, f.suppression
        from intermediate.int_indicator_values_assessed as a
        join marts.fct_indicator_values_v2 as f using (indicator_id, geo_level, geo_code, period_type, period_start, sex)
        where a.sex = 'T' and indicator_id = '{indicator}' and geo_level = '{level}' and geo_code = '{code}'
          and period_type = '{ptype}' and period_start = '{start}'""").fetchone()
    assert row is not None, (indicator, level, code, ptype, start)
    numerator, denominator, value, shown, suppression = row
    assert shown == value if suppression is None else shown is None
    return numerator, denominator, value


def _compare(build, indicator: str, expected: dict[str, tuple[float, float]], ptype: str, start: str) -> None:
    """expected: geo code ('14' = region) -> (numerator, denominator)."""
    assert expected
    for code, (numerator, denominator) in expected.items():
        level = "region" if code == "14" else "kommun"
        got = _mart(build, indicator, level, code, ptype, start)
        assert got[:2] == (pytest.approx(numerator), pytest.approx(denominator)), (indicator, code, ptype, start)


def _by_region_and_municipality(rows: list[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """rows: (municipality, numerator, denominator) -> the region's sums and the chosen municipalities'."""
    out = {"14": (sum(r[1] for r in rows), sum(r[2] for r in rows))}
    out.update({m: (n, d) for m, n, d in rows if m in MUNICIPALITIES})
    return out


def test_named_regular_doctor_share(build, raw) -> None:
    for year in ("2022", "2023"):
        rows = raw.sql(f"""
            select c.municipality_code, sum(l.antal_med_namngiven_fast_lakarkontakt::int), sum(l.antal_listade::int)
            from listning as l join reference__primary_care_centres as c on l.vardcentral_kod = c.care_centre_code
            where l.manad like '{year}-%' group by 1""").fetchall()
        _compare(build, "fast_lakarkontakt", _by_region_and_municipality(rows), "year", f"{year}-01-01")
    rows = raw.sql("""
        select c.municipality_code, sum(l.antal_med_namngiven_fast_lakarkontakt::int), sum(l.antal_listade::int)
        from listning as l join reference__primary_care_centres as c on l.vardcentral_kod = c.care_centre_code
        where l.manad = '2023-05' group by 1""").fetchall()
    _compare(build, "fast_lakarkontakt", _by_region_and_municipality(rows), "month", "2023-05-01")


@pytest.mark.parametrize(("indicator", "min_age"), [("undvikbar_slutenvard", 0), ("undvikbar_slutenvard_65", 65)])
def test_avoidable_hospitalisation(build, raw, indicator: str, min_age: int) -> None:
    rows = raw.sql(f"""
        with avoidable as (
            select distinct e.vardtillfalle_id, e.kommun_kod from eps as e
            join reference__avoidable_hospitalisation_conditions as c
              on code(e.huvuddiagnos) between c.code_from and c.code_to
            where e.verksamhet = 'somatik' and e.inskrivningssatt = 'akut' and e.alder::int >= {min_age}
              and e.utskrivningsdatum between '2023-01-01' and '2023-12-31'),
        inhabitants as (
            select municipality_code, 12 * sum(population::int) as months from reference__population
            where year = '2023' and age_min::int >= {min_age} group by 1)
        select i.municipality_code, count(a.vardtillfalle_id), any_value(i.months)
        from inhabitants as i left join avoidable as a on a.kommun_kod = i.municipality_code
        group by 1""").fetchall()
    expected = _by_region_and_municipality(rows)
    _compare(build, indicator, expected, "year", "2023-01-01")
    value = _mart(build, indicator, "region", "14", "year", "2023-01-01")[2]
    assert value == pytest.approx(100_000 * expected["14"][0] / (expected["14"][1] / 12))
    assert _mart(build, indicator, "region", "14", "year", "2022-01-01")[2] is None  # no diagnoses before 2023


@pytest.mark.parametrize("days", [7, 30])
def test_primary_care_after_discharge(build, raw, days: int) -> None:
    rows = raw.sql(f"""
        with covered as (select last_day(max(kontaktdatum::date)) as until from pv),
        discharges as (
            select e.vardtillfalle_id, e.patient_lopnr, e.utskrivningsdatum::date as ut, e.kommun_kod from eps as e
            join urval as u on u.kalla = 'vega_primarvard' and u.manad = left(e.utskrivningsdatum, 7)
                 and right(e.patient_lopnr, 2) = u.patient_lopnr_slutar_med
            where e.verksamhet = 'somatik' and e.alder::int >= 75 and e.utskrivningssatt in ('hem', 'sarskilt_boende')
              and e.kommun_kod in (select municipality_code from reference__population)
              and e.utskrivningsdatum between '2023-01-01' and '2023-12-31'
              and last_day(e.utskrivningsdatum::date) + {days} <= (select until from covered))
        select d.kommun_kod,
               count(distinct d.vardtillfalle_id) filter (where p.kontakt_id is not null),
               count(distinct d.vardtillfalle_id)
        from discharges as d left join pv as p
          on p.patient_lopnr = d.patient_lopnr and p.kontaktdatum::date between d.ut + 1 and d.ut + {days}
        group by 1""").fetchall()
    _compare(build, f"uppfoljning_efter_utskrivning_{days}d", _by_region_and_municipality(rows), "year",
             "2023-01-01")


def test_primary_cares_share_of_open_care(build, raw) -> None:
    rows = raw.sql("""
        with both_samples as (
            select a.manad, a.patient_lopnr_slutar_med as ending from urval as a join urval as b
              on a.manad = b.manad and a.patient_lopnr_slutar_med = b.patient_lopnr_slutar_med
            where a.kalla = 'vega_primarvard' and b.kalla = 'vega_oppenvard'),
        contacts as (
            select patient_lopnr, kontaktdatum, kommun_kod, 1 as primary_care from pv
            union all select patient_lopnr, kontaktdatum, kommun_kod, 0 from ov)
        select kommun_kod, sum(primary_care), count(*) from contacts as c
        join both_samples as s on s.manad = left(c.kontaktdatum, 7) and s.ending = right(c.patient_lopnr, 2)
        where c.kontaktdatum like '2023-%' group by 1""").fetchall()
    _compare(build, "primarvardens_andel_oppenvard", _by_region_and_municipality(rows), "year", "2023-01-01")


def test_doctor_continuity(build, raw) -> None:
    rows = raw.sql("""
        with doctor as (
            select patient_lopnr, vardgivare_lopnr, kontaktdatum, kommun_kod from pv
            where yrkeskategori = 'lakare' and vardgivare_lopnr is not null and kontaktdatum like '2023-%'),
        patients as (
            select patient_lopnr, count(*) as n,
                   max(per_doctor) as top, arg_max(kommun_kod, kontaktdatum) as kommun
            from (select *, count(*) over (partition by patient_lopnr, vardgivare_lopnr) as per_doctor from doctor)
            group by 1)
        select kommun, count(*) filter (where top * 2 > n), count(*) from patients where n >= 2
        group by 1""").fetchall()
    _compare(build, "kontinuitet_lakare", _by_region_and_municipality(rows), "year", "2023-01-01")


@pytest.mark.parametrize("year", ["2022", "2023"])
def test_large_diagnosis_groups_entirely_in_primary_care(build, raw, year: str) -> None:
    """All groups together, then each group alone (helt_i_primarvarden_<group>)."""
    rows = raw.sql(f"""
        with grouped as (
            select 'pv' as level, p.patient_lopnr, g.group_id, p.kontaktdatum as day, p.kommun_kod from pv as p
            join reference__chronic_diagnosis_groups as g on code(p.huvuddiagnos) between g.code_from and g.code_to
            union all
            select 'ov', o.patient_lopnr, g.group_id, o.kontaktdatum, o.kommun_kod from ov as o
            join reference__chronic_diagnosis_groups as g on code(o.huvuddiagnos) between g.code_from and g.code_to
            union all
            select 'sv', e.patient_lopnr, g.group_id, e.utskrivningsdatum, e.kommun_kod from eps as e
            join reference__chronic_diagnosis_groups as g on code(e.huvuddiagnos) between g.code_from and g.code_to),
        in_year as (select * from grouped where day like '{year}-%'),
        pairs as (
            select patient_lopnr, group_id, arg_max(kommun_kod, day) as kommun from in_year where level = 'pv'
            group by 1, 2)
        select p.group_id, p.kommun,
               count(*) filter (where not exists (
                   select 1 from in_year as s where s.level <> 'pv' and s.patient_lopnr = p.patient_lopnr
                   and s.group_id = p.group_id)),
               count(*)
        from pairs as p group by 1, 2""").fetchall()
    totals: dict[str, tuple[float, float]] = {}
    for _group, kommun, numerator, denominator in rows:
        n, d = totals.get(kommun, (0, 0))
        totals[kommun] = (n + numerator, d + denominator)
    _compare(build, "helt_i_primarvarden", _by_region_and_municipality([(k, *v) for k, v in totals.items()]),
             "year", f"{year}-01-01")
    groups = sorted({r[0] for r in rows})
    assert len(groups) == 7
    for group in groups:
        _compare(build, f"helt_i_primarvarden_{group}",
                 _by_region_and_municipality([r[1:] for r in rows if r[0] == group]), "year", f"{year}-01-01")


def test_the_recorded_rises_are_in_the_mart(build, default_landing: Path) -> None:
    """The planning document's claims made measurable: the generator records its own shares for 2022 and
    2023 (from what the files hold); the mart shows the same values, and so the same rise."""
    recorded = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))["calibration"]
    for indicator, figures in (("helt_i_primarvarden", {y: v["alla"] for y, v in
                                                         recorded["entirely_in_primary_care_percent"].items()}),
                               ("fast_lakarkontakt", recorded["named_doctor_share_percent"])):
        values = {year: _mart(build, indicator, "region", "14", "year", f"{year}-01-01")[2] for year in ("2022", "2023")}
        assert values == {year: pytest.approx(figures[year], abs=0.001) for year in ("2022", "2023")}, indicator
        assert values["2023"] > values["2022"]
    # and each diagnosis group's own recorded share (the generator raises every group's)
    for group, figure in recorded["entirely_in_primary_care_percent"]["2023"].items():
        if group != "alla":
            value = _mart(build, f"helt_i_primarvarden_{group}", "region", "14", "year", "2023-01-01")[2]
            assert value == pytest.approx(figure, abs=0.001), group
