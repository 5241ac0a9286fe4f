"""End to end: `dbt build` on the default landing, then the mart against the published table and
against independent recomputations from the landing files (plain DuckDB / csv over the files)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest

from independent_figures import compare, load_published
from nara_vard.paths import REPO_ROOT


@pytest.fixture(scope="module")
def mart(built_warehouse: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(built_warehouse), read_only=True)


PERIODS = {  # published period label -> (period_type, period_start)
    **{f"Q{q} {y}": ("quarter", f"{y}-{3 * q - 2:02d}-01") for y in (2022, 2023) for q in (1, 2, 3, 4)},
    "jan-24": ("month", "2024-01-01"),
}


def _region_values(mart: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], float | None]:
    rows = mart.sql("""
        select indicator_id, period_type, period_start::varchar, value
        from marts.fct_indicator_values where geo_level = 'region' and geo_code = '14'
    """).fetchall()
    by_period = {(i, t, s): v for i, t, s, v in rows}
    indicators = {i for i, *_ in rows}
    return {(i, label): by_period.get((i, *PERIODS[label])) for i in indicators for label in PERIODS}


def test_region_rows_reproduce_every_published_cell(mart: duckdb.DuckDBPyConnection) -> None:
    published = load_published(REPO_ROOT)
    mismatches = compare(_region_values(mart), published)
    assert not mismatches, "\n".join(mismatches)
    assert len(published) == 117


def test_blank_cells_have_no_value_and_say_why(mart: duckdb.DuckDBPyConnection) -> None:
    published = load_published(REPO_ROOT)
    flags = {(i, t, s): (v, f) for i, t, s, v, f in mart.sql("""
        select indicator_id, period_type, period_start::varchar, value, quality_flag
        from marts.fct_indicator_values where geo_level = 'region'""").fetchall()}
    blank = [(ind, label) for (ind, label), (value, _) in published.items() if value is None]
    assert 40 <= len(blank) < 117
    for ind, label in blank:
        value, flag = flags.get((ind, *PERIODS[label]), (None, "absent"))
        assert value is None, (ind, label, value)
        if (ind, *PERIODS[label]) in flags:
            assert flag != "ok", (ind, label, flag)


def test_overview_report_prints_the_published_text(mart: duckdb.DuckDBPyConnection, repo_root: Path) -> None:
    with open(repo_root / "seeds/reference/reference__published_indicator_values.csv", encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    report = mart.sql("select * from marts.rpt_indicator_overview").df().set_index("indicator_id")
    column = {label: (f"q{label[1]}_{label[3:]}" if label.startswith("Q") else "jan_24") for label in PERIODS}
    for row in published:
        cell = report.loc[row["indicator_id"], column[row["period_label_sv"]]]
        if row["is_blank"] == "true":
            assert cell is None or cell != cell, (row["indicator_id"], row["period_label_sv"], cell)
        else:
            assert cell == row["published_text"].replace("\u00a0", " "), (row["indicator_id"], row["period_label_sv"])


def test_reconciliation_analysis_finds_no_difference(mart: duckdb.DuckDBPyConnection, built_warehouse: Path) -> None:
    compiled = next((built_warehouse.parent / "target" / "compiled").rglob("reconcile_published_table.sql"))
    verdicts = dict(mart.sql(f"select verdict, count(*) from ({compiled.read_text()}) group by 1").fetchall())
    assert set(verdicts) <= {"equal at printed precision", "both blank"}, verdicts
    printed = sum(1 for value, _ in load_published(REPO_ROOT).values() if value is not None)
    assert verdicts["equal at printed precision"] == printed == 73


# --- municipal and unit values against independent recomputations ------------------------

def _episodes(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    con.execute(f"""
        create or replace temp table eps as
        select * from read_csv('{landing}/vega_slutenvard/*.csv', all_varchar = true)
        qualify row_number() over (partition by vardtillfalle_id order by leveransdatum desc) = 1""")


@pytest.fixture(scope="module")
def raw(default_landing: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    _episodes(con, default_landing)
    return con


def _mart_value(mart, indicator: str, level: str, code: str, ptype: str, start: str) -> float | None:
    """The cell's value (both sexes) before disclosure control (in the build database only); the published
    mart shows the same value unless the cell is hidden, and then no value at all."""
    row = mart.sql(f"""
        select f.value, f.suppression, a.value from marts.fct_indicator_values as f
        join intermediate.int_indicator_values_assessed as a
            using (indicator_id, geo_level, geo_code, period_type, period_start)
        where a.sex = 'T' and indicator_id = '{indicator}' and geo_level = '{level}'
        and geo_code = '{code}' and period_type = '{ptype}' and period_start = '{start}'""").fetchone()
    if row is None:
        return None
    shown, suppression, unsuppressed = row
    assert shown == unsuppressed if suppression is None else shown is None, (indicator, level, code, start, row)
    return unsuppressed


@pytest.mark.parametrize("kommun", ["1480", "1490", "1445", "1492", "1407"])
def test_municipal_length_of_stay_matches_recomputation(mart, raw, kommun: str) -> None:
    expected = raw.sql(f"""
        select avg(utskrivningsdatum::date - inskrivningsdatum::date)
        from eps where verksamhet = 'somatik' and kommun_kod = '{kommun}'
            and utskrivningsdatum::date between '2023-04-01' and '2023-06-30'""").fetchone()[0]
    assert _mart_value(mart, "medelvardtid", "kommun", kommun, "quarter", "2023-04-01") == pytest.approx(expected)


@pytest.mark.parametrize("kommun", ["1480", "1496", "1430"])
def test_municipal_readmissions_match_recomputation(mart, raw, kommun: str) -> None:
    expected = raw.sql(f"""
        with i as (select * from eps where verksamhet = 'somatik' and alder::int >= 65
                   and utskrivningssatt <> 'avliden' and kommun_kod = '{kommun}'
                   and utskrivningsdatum::date between '2022-07-01' and '2022-09-30')
        select 100.0 * avg((exists (select 1 from eps j where j.patient_lopnr = i.patient_lopnr
            and j.verksamhet = 'somatik' and j.inskrivningssatt = 'akut'
            and j.inskrivningsdatum::date between i.utskrivningsdatum::date + 1 and i.utskrivningsdatum::date + 30))::int)
        from i""").fetchone()[0]
    assert _mart_value(mart, "aterinlaggning_30d", "kommun", kommun, "quarter", "2022-07-01") == pytest.approx(expected)


def test_hospital_bed_occupancy_matches_recomputation(mart, default_landing: Path) -> None:
    rows = duckdb.sql(f"""
        select sjukhus_kod, 100.0 * sum(belagda_vardplatser::int) / sum(disponibla_vardplatser::int)
        from read_csv('{default_landing}/vega_vardplatser/*.csv', all_varchar = true)
        where datum::date between '2023-01-01' and '2023-03-31' group by 1""").fetchall()
    assert len(rows) > 10
    for hospital, expected in rows:
        assert _mart_value(mart, "belaggningsgrad", "sjukhus", hospital, "quarter", "2023-01-01") == pytest.approx(expected)


def test_municipal_sip_counts_match_recomputation(mart, default_landing: Path) -> None:
    rows = duckdb.sql(f"""
        select kommun_kod, count(distinct sip_id) from read_csv('{default_landing}/samsa_sip/*.csv', all_varchar = true)
        where upprattad_datum::date between '2022-10-01' and '2022-12-31' group by 1""").fetchall()
    assert len(rows) == 49
    for kommun, expected in rows:
        assert _mart_value(mart, "sip_antal", "kommun", kommun, "quarter", "2022-10-01") == expected


def test_care_centre_telephone_matches_recomputation(mart, default_landing: Path) -> None:
    rows = duckdb.sql(f"""
        select vardcentral_kod, 100.0 * antal_kontakt_inom_24h::int / antal_samtal::int
        from read_csv('{default_landing}/vantetider_telefon/vantetider_telefon_2023-01.csv', all_varchar = true)
        using sample 10 rows (reservoir, 7)""").fetchall()
    for centre, expected in rows:
        assert _mart_value(mart, "telefon_24h", "vardcentral", centre, "month", "2023-01-01") == pytest.approx(expected)


def _read_municipal_file(path: Path) -> dict[str, str] | None:
    """One kommun_hsl file read by hand (any of the three dialects): its single data row by contract column."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else (
        raw.decode("utf-8") if not re.search(rb"[\x80-\xff]", raw) or _is_utf8(raw) else raw.decode("cp1252"))
    sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=sep) if r and r[0].strip().lower() != "summa"]
    header, data = rows[0], rows[1]
    keys = ["kommun_kod", "manad", "hemsjukvard", "sabo", "hembesok", "inskrivna_65", "rapportdatum"]
    return dict(zip(keys, data)) if len(header) == 7 else None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_municipal_home_care_per_1000_matches_recomputation(mart, default_landing: Path, repo_root: Path) -> None:
    """Per municipality for 2023-05, read each municipality's file by hand (latest version wins)."""
    manifest = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))
    bad = {(d["org_code"], d["period"]) for d in manifest["defects"]
           if d["defect"] in ("negative_count", "municipality_code_contradicts_file_name")}
    with open(repo_root / "seeds/reference/reference__population.csv", encoding="utf-8") as f:
        pop65: dict[str, int] = {}
        for r in csv.DictReader(f):
            if r["year"] == "2023" and int(r["age_min"]) >= 65:
                pop65[r["municipality_code"]] = pop65.get(r["municipality_code"], 0) + int(r["population"])
    checked = 0
    for code in sorted(pop65):
        files = sorted((default_landing / "kommun_hsl").glob(f"hsl_{code}_2023-05*.csv"))
        value = _mart_value(mart, "hsl_inskrivna_65_per_1000", "kommun", code, "month", "2023-05-01")
        if not files or (code, "2023-05") in bad:
            assert value is None, code
            continue
        row = _read_municipal_file(files[-1])
        enrolled = int(row["inskrivna_65"].replace(" ", "").replace("\u00a0", ""))
        assert value == pytest.approx(1000 * enrolled / pop65[code]), code
        checked += 1
    assert checked >= 40


def test_every_mart_column_is_documented_and_docs_generate(built_warehouse: Path) -> None:
    work = built_warehouse.parent
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    catalog = json.loads((work / "target" / "catalog.json").read_text())
    undocumented = []
    for node_id, node in catalog["nodes"].items():
        if node["metadata"]["schema"] != "marts":
            continue
        documented = manifest["nodes"][node_id]["columns"]
        for column in node["columns"]:
            if not documented.get(column.lower(), {}).get("description"):
                undocumented.append(f"{node['metadata']['name']}.{column}")
    assert not undocumented, undocumented
