"""An attacker who does not trust the model: the published artefact must not single out a person.

The attacker publishes the built warehouse like `make build` does, then
1. counts, straight from the landing files (plain DuckDB over the CSVs, no dbt model), the
   episodes, index episodes, ready-for-discharge episodes and SIP plans behind every municipality,
   kommunalförbund and delregional nämnd cell of every month, quarter and year, and checks that no
   published cell with 1-4 behind it shows a figure;
2. builds every additive relation a reader can form from the published artefact alone (the
   geography parents of `dim_geography`, kommun → delregional nämnd, region → every level below it,
   month → quarter → year) and checks that no hidden cell is the only hidden member of one, so no
   subtraction of published cells gives it back (the LP attacker of test_disclosure_audit.py goes
   further: every relation at once, with a solver);
3. checks that the region's figures still reproduce VGR's published table, read from the published
   file, and that the unsuppressed figures stay in the build database.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from independent_figures import compare, load_published
from nara_vard.paths import REPO_ROOT

MIN_CELL = 5  # the dbt var min_cell_count's default; Kolada and SCB withhold 1-4
PERIODS = {  # published period label -> (period_type, period_start)
    **{f"Q{q} {y}": ("quarter", f"{y}-{3 * q - 2:02d}-01") for y in (2022, 2023) for q in (1, 2, 3, 4)},
    "jan-24": ("month", "2024-01-01"),
}


@pytest.fixture(scope="module")
def published(published_folder: Path) -> Path:
    return published_folder / "nara_vard.duckdb"


@pytest.fixture(scope="module")
def pub(published: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(published), read_only=True)


def _month_counts(landing: Path) -> dict[tuple[str, str, str], int]:
    """(indicator, municipality code, 'YYYY-MM-01') -> persons/episodes/plans, from the raw files."""
    con = duckdb.connect()

    def read(source: str) -> str:
        return (f"read_csv('{landing}/{source}/*.csv', all_varchar = true, union_by_name = true, "
                "header = true, delim = ',')")

    con.execute(f"""
        create table episodes as
        select * from {read('vega_slutenvard')}
        qualify row_number() over (partition by vardtillfalle_id order by leveransdatum desc) = 1""")
    rows = con.sql(f"""
        with e as (
            select trim(kommun_kod) as kommun,
                   date_trunc('month', try_cast(utskrivningsdatum as date))::date::varchar as month,
                   lower(trim(verksamhet)) = 'somatik' as somatic,
                   try_cast(alder as integer) as age,
                   lower(trim(utskrivningssatt)) as discharge
            from episodes)
        select 'medelvardtid', kommun, month, count(*) from e where somatic group by all
        union all
        select 'medelvardtid_75', kommun, month, count(*) from e where somatic and age >= 75 group by all
        union all
        select 'aterinlaggning_30d', kommun, month, count(*) from e
            where somatic and age >= 65 and discharge <> 'avliden' group by all
        union all
        select 'sip_antal', trim(kommun_kod),
               date_trunc('month', try_cast(upprattad_datum as date))::date::varchar, count(distinct trim(sip_id))
        from {read('samsa_sip')} group by all
        union all
        select 'utskrivningsklar_dagar', trim(kommun_kod),
               date_trunc('month', try_cast(utskrivningsdatum as date))::date::varchar,
               count(distinct trim(vardtillfalle_id))
        from {read('samsa_utskrivningsklara')} group by all
    """).fetchall()
    return {(i, k, m): n for i, k, m, n in rows if k and m}


@pytest.fixture(scope="module")
def independent_counts(default_landing: Path, pub: duckdb.DuckDBPyConnection) -> dict[tuple, int]:
    """(indicator, geo_level, geo_code, period_type, period_start) -> count, for kommun and the areas above."""
    months = _month_counts(default_landing)
    areas = {code: (kf, dn) for code, kf, dn in pub.execute(
        "select geo_code, kommunalforbund_code, delregional_namnd_code from marts.dim_geography "
        "where geo_level = 'kommun'").fetchall()}
    out: dict[tuple, int] = defaultdict(int)
    for (indicator, kommun, month), n in months.items():
        if kommun not in areas:
            continue  # unknown or outside-county codes only count for the region
        y, m = int(month[:4]), int(month[5:7])
        periods = [("month", month), ("quarter", f"{y}-{3 * ((m - 1) // 3) + 1:02d}-01"), ("year", f"{y}-01-01")]
        kf, dn = areas[kommun]
        for level, code in (("kommun", kommun), ("kommunalforbund", kf), ("delregional_namnd", dn)):
            for ptype, start in periods:
                out[(indicator, level, code, ptype, start)] += n
    return dict(out)


def test_no_published_cell_has_one_to_four_persons_behind_it(pub, independent_counts) -> None:
    published = {(i, lvl, code, t, s): (num, den, val, base, sup) for i, lvl, code, t, s, num, den, val, base, sup in
                 pub.execute("""select indicator_id, geo_level, geo_code, period_type, period_start::varchar,
                                       numerator, denominator, value, base_count, suppression
                                from marts.fct_indicator_values""").fetchall()}
    small = {k: n for k, n in independent_counts.items() if 1 <= n < MIN_CELL}
    checked = [k for k in small if k in published]
    # the default landing has hundreds of such cells (SIP plans and ready-for-discharge episodes of
    # small municipalities per month): if none were found, this test would be checking nothing
    assert len(checked) >= 300, len(checked)
    shown = [(k, small[k], published[k]) for k in checked if any(v is not None for v in published[k][:4])]
    assert not shown, shown[:10]
    # one symbol for every hidden cell: nothing says that these are the small ones
    assert {published[k][4] for k in checked} == {".."}


def test_one_symbol_and_no_base_count_in_any_published_table(pub) -> None:
    """Nothing published tells which rule hid a cell: no primary/secondary, no "1–4" note, and the
    persons behind a cell (base_count) are withdrawn (a column of NULLs, kept for old queries)."""
    tables = pub.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    labels = []
    for schema, table in tables:
        columns = [c for (c, t) in pub.execute(
            "select column_name, data_type from duckdb_columns() where schema_name = ? and table_name = ?",
            [schema, table]).fetchall() if t == "VARCHAR"]
        if "suppression" in columns:
            values = {v for (v,) in pub.execute(f'select distinct suppression from "{schema}"."{table}"').fetchall()}
            assert values <= {None, ".."}, (table, values)
        for column in columns:
            found = pub.execute(
                f"""select count(*) from "{schema}"."{table}"
                    where lower("{column}") similar to '.*(primärt|sekundärt|1–4 |1-4 |primary supp|secondary supp).*'
                       or lower("{column}") in ('primary', 'secondary')""").fetchone()[0]
            if found:
                labels.append((table, column, found))
        if "base_count" in {c for (c,) in pub.execute(
                "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                [schema, table]).fetchall()}:
            assert pub.execute(f'select count(base_count) from "{schema}"."{table}"').fetchone()[0] == 0, table
    assert not labels, labels


def test_base_count_in_the_build_equals_the_independent_count(built_warehouse: Path, independent_counts) -> None:
    """The build database keeps base_count, and it is what it says: the persons/episodes/plans behind the cell."""
    with duckdb.connect(str(built_warehouse), read_only=True) as build:
        rows = build.execute("""select indicator_id, geo_level, geo_code, period_type, period_start::varchar, base_count
                                from intermediate.int_indicator_values_assessed
                                where sex = 'T' and base_count is not null
                                    and geo_level in ('kommun', 'kommunalforbund')""").fetchall()
    compared = 0
    for i, lvl, code, t, s, base in rows:
        key = (i, lvl, code, t, s)
        if key in independent_counts:
            assert base == independent_counts[key], (key, base, independent_counts[key])
            compared += 1
    assert compared > 5000, compared


def _relations(pub: duckdb.DuckDBPyConnection) -> list[tuple[str, tuple[str, str], list[tuple[str, str]]]]:
    """Every additive geography and period relation a reader can form from the published dimensions:
    (dimension, parent member, child members)."""
    geo = pub.execute("""select geo_level, geo_code, parent_geo_level, parent_geo_code, municipality_code,
                                kommunalforbund_code, delregional_namnd_code from marts.dim_geography""").fetchall()
    children: dict[tuple[str, tuple[str, str]], set[tuple[str, str]]] = defaultdict(set)
    for level, code, p_level, p_code, municipality, kf, dn in geo:
        if level == "region":
            continue
        me = (level, code)
        children[(level, ("region", "14"))].add(me)
        if p_level:
            children[(level, (p_level, p_code))].add(me)
        if level not in ("kommunalforbund", "delregional_namnd"):
            children[(level, ("kommunalforbund", kf))].add(me)
            children[(level, ("delregional_namnd", dn))].add(me)
        if level not in ("kommun", "kommunalforbund", "delregional_namnd") and municipality:
            children[(level, ("kommun", municipality))].add(me)
    # A patient-home municipality counts its residents wherever they were treated, so its hospitals'
    # cells do not add up to it: those sums are exact only for hospital-based indicators.
    relations = [("geo", parent, sorted(kids)) for (_, parent), kids in children.items()]
    period_children: dict[tuple[str, tuple[str, str]], set[tuple[str, str]]] = defaultdict(set)
    for ptype, start in pub.execute("select period_type, period_start::varchar from marts.dim_period").fetchall():
        y, m = int(start[:4]), int(start[5:7])
        if ptype == "month":
            period_children[("m", ("quarter", f"{y}-{3 * ((m - 1) // 3) + 1:02d}-01"))].add((ptype, start))
            period_children[("m", ("year", f"{y}-01-01"))].add((ptype, start))
        elif ptype == "quarter":
            period_children[("q", ("year", f"{y}-01-01"))].add((ptype, start))
    relations += [("period", parent, sorted(kids)) for (_, parent), kids in period_children.items()]
    return relations


def test_no_hidden_cell_is_alone_in_an_additive_relation(pub) -> None:
    cells = {(i, lvl, code, t, s): sup for i, lvl, code, t, s, sup in pub.execute(
        """select indicator_id, geo_level, geo_code, period_type, period_start::varchar, suppression
           from marts.fct_indicator_values""").fetchall()}
    hidden = {k for k, sup in cells.items() if sup is not None}
    assert len(hidden) > 680, len(hidden)  # 680 small cells in the default landing, plus their protection
    by_geo = defaultdict(dict)     # (indicator, ptype, start) -> {(level, code): hidden}
    by_period = defaultdict(dict)  # (indicator, level, code) -> {(ptype, start): hidden}
    for (i, lvl, code, t, s) in cells:
        by_geo[(i, t, s)][(lvl, code)] = (i, lvl, code, t, s) in hidden
        by_period[(i, lvl, code)][(t, s)] = (i, lvl, code, t, s) in hidden
    basis = dict(pub.execute("select indicator_id, geography_basis from marts.dim_indicator").fetchall())
    lone = []
    checked = 0
    for dimension, parent, kids in _relations(pub):
        groups = by_geo if dimension == "geo" else by_period
        hospitals_in_area = dimension == "geo" and parent[0] != "region" and kids and kids[0][0] == "sjukhus"
        for key, members in groups.items():
            if parent not in members or (hospitals_in_area and basis[key[0]] != "hospital"):
                continue
            present = [members[k] for k in kids if k in members]
            if not present:
                continue
            checked += 1
            if members[parent] + sum(present) == 1:
                lone.append((dimension, key, parent))
    assert checked > 10000, checked
    assert not lone, lone[:10]


def test_region_is_never_hidden_and_reproduces_the_published_table(pub) -> None:
    rows = pub.execute("""select indicator_id, period_type, period_start::varchar, value, suppression
                          from marts.fct_indicator_values where geo_level = 'region'""").fetchall()
    assert all(sup is None for *_, sup in rows)
    by_period = {(i, t, s): v for i, t, s, v, _ in rows}
    values = {(i, label): by_period.get((i, *PERIODS[label])) for i in {r[0] for r in rows} for label in PERIODS}
    published = load_published(REPO_ROOT)
    mismatches = compare(values, published)
    assert not mismatches, "\n".join(mismatches)


def test_zero_stays_zero(built_warehouse: Path, pub) -> None:
    """0 persons single nobody out: zero cells are shown, and never hidden to protect another cell."""
    shown_zero = pub.execute("""select count(*) from marts.fct_indicator_values v
                                join marts.dim_indicator i using (indicator_id)
                                where i.counts_persons and i.base_count_basis = 'numerator'
                                    and v.numerator = 0""").fetchone()[0]
    assert shown_zero > 0
    with duckdb.connect(str(built_warehouse), read_only=True) as build:
        hidden_zero = build.execute("""select count(*) from intermediate.int_disclosure_cells_suppressed
                                       where base_count = 0 and suppression is not null""").fetchone()[0]
    assert hidden_zero == 0


def test_unsuppressed_figures_stay_in_the_build_database(built_warehouse: Path, pub) -> None:
    tables = {t for (t,) in pub.execute("select table_name from duckdb_tables()").fetchall()}
    assert not any(t.startswith(("int_", "stg_", "base_")) for t in tables), tables
    with duckdb.connect(str(built_warehouse), read_only=True) as build:
        hidden_in_build = build.execute("""
            select count(*) from intermediate.int_indicator_values_assessed a
            join intermediate.int_disclosure_cells_suppressed s using (indicator_id, geo_level, geo_code,
                                                                        period_type, period_start)
            where s.suppression is not null and a.numerator is not null""").fetchone()[0]
    assert hidden_in_build > 680
