"""The generator's patient-level open care (`vega_primarvard`, `vega_oppenvard`), `listning` and `urval`:
one world with the inpatient episodes, a stated sample, the aggregate contacts reconciled, and every
injected defect findable in the files as the manifest records it (SOURCES.md, issue 23)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="module")
def landing(default_landing: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("vega_primarvard", "vega_oppenvard", "vega_slutenvard", "primarvard_kontakter", "listning", "urval"):
        con.execute(f"""create view {name} as select *, filename as file from read_csv(
            '{default_landing}/{name}/*.csv', all_varchar = true, union_by_name = true, filename = true)""")
    con.execute("create view open_care as select patient_lopnr, kon, kommun_kod from vega_primarvard "
                "union all select patient_lopnr, kon, kommun_kod from vega_oppenvard")
    return con


@pytest.fixture(scope="module")
def manifest(default_landing: Path) -> dict:
    return json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))


def test_every_patient_is_in_the_stated_sample(landing) -> None:
    suffixes = {r[0] for r in landing.sql("select distinct patient_lopnr_slutar_med from urval").fetchall()}
    assert suffixes and all(len(s) == 2 for s in suffixes)
    outside = landing.sql(f"""select count(*) from open_care
        where right(patient_lopnr, 2) not in ({", ".join(f"'{s}'" for s in suffixes)})""").fetchone()[0]
    assert outside == 0
    sampled = landing.sql(f"""select count(distinct patient_lopnr) from vega_slutenvard
        where right(patient_lopnr, 2) in ({", ".join(f"'{s}'" for s in suffixes)})""").fetchone()[0]
    total = landing.sql("select count(distinct patient_lopnr) from vega_slutenvard").fetchone()[0]
    assert sampled / total == pytest.approx(len(suffixes) / 256, rel=0.1)  # the ids really are a 1-in-N sample


def test_a_patient_is_the_same_person_in_every_source(landing) -> None:
    """Sex and home municipality of a sampled Vega patient are the same in open care."""
    rows = landing.sql("""
        with inpatient as (select distinct patient_lopnr, kon, kommun_kod from vega_slutenvard
                           where kommun_kod <> '9999')
        select count(*), count(*) filter (where o.kon <> i.kon),
               count(distinct o.patient_lopnr) filter (where o.kommun_kod <> i.kommun_kod)
        from open_care as o join inpatient as i using (patient_lopnr)""").fetchone()
    assert rows[0] > 1000
    assert rows[1] == 0
    assert rows[2] == 0


def test_inpatient_stays_are_followed_by_primary_care(landing) -> None:
    """Discharged 75+ patients of the sample have primary care soon after: more within 7 days after the
    discharge than in a week a month before the admission of the same stays."""
    after, before, n = landing.sql("""
        with stays as (select distinct vardtillfalle_id, patient_lopnr, inskrivningsdatum::date as inn,
                              utskrivningsdatum::date as ut from vega_slutenvard
                       where verksamhet = 'somatik' and utskrivningssatt in ('hem', 'sarskilt_boende')
                         and alder::int >= 75 and right(patient_lopnr, 2) in (select patient_lopnr_slutar_med from urval)
                         and utskrivningsdatum between '2022-03-01' and '2023-10-31')
        select count(distinct vardtillfalle_id) filter (where p.kontaktdatum::date between ut + 1 and ut + 7),
               count(distinct vardtillfalle_id) filter (where p.kontaktdatum::date between inn - 37 and inn - 31),
               (select count(*) from stays)
        from stays left join vega_primarvard as p using (patient_lopnr)""").fetchone()
    assert n > 300
    assert 0.2 < after / n < 0.6
    assert after > 1.5 * before


def test_patient_level_contacts_reconcile_with_the_aggregate_except_the_recorded_gap(landing, manifest) -> None:
    """Summed per centre and month, the sample times N equals `primarvard_kontakter` up to binomial noise;
    the one centre-month the manifest says is missing is far off."""
    every = 256 // landing.sql("select count(distinct patient_lopnr_slutar_med) from urval").fetchone()[0]
    rows = landing.sql("""
        with patient_level as (select vardcentral_kod, left(kontaktdatum, 7) as manad, count(*) as n
                               from vega_primarvard where kontakttyp <> 'hembesok' group by all),
        aggregate as (select vardcentral_kod, manad, sum(antal::int) as antal from primarvard_kontakter group by all)
        select a.vardcentral_kod, a.manad, a.antal, coalesce(p.n, 0)
        from aggregate as a left join patient_level as p using (vardcentral_kod, manad)
        where a.manad in (select distinct left(kontaktdatum, 7) from vega_primarvard)""").fetchall()
    gap = [d for d in manifest["defects"] if d["defect"] == "care_centre_contacts_missing"]
    assert len(gap) == 1
    z = {}
    for centre, month, total, sampled in rows:
        expected = total / every
        z[(centre, month)] = (sampled - expected) / math.sqrt(max(expected * (1 - 1 / every), 1))
    flagged = {k for k, v in z.items() if abs(v) > 5}
    assert flagged == {(gap[0]["care_centre_code"], gap[0]["period"])}
    assert sum(abs(v) > 3 for v in z.values()) < 0.01 * len(z)  # otherwise plain binomial noise


def test_recorded_code_defects_are_what_the_files_hold(landing, manifest) -> None:
    for source in ("vega_primarvard", "vega_oppenvard"):
        recorded = {(d["kontakt_id"], d["code"]) for d in manifest["defects"]
                    if d["source"] == source and d["defect"] == "unknown_diagnosis_code"}
        assert recorded
        found = set(landing.sql(f"""select kontakt_id, huvuddiagnos from {source}
            where kontakt_id in ({", ".join(f"'{k}'" for k, _ in recorded)})""").fetchall())
        assert found == recorded
        loose = {Path(d["file"]).name: (d["without_dot"], d["lower_case"]) for d in manifest["defects"]
                 if d["source"] == source and d["defect"] == "diagnosis_codes_written_loosely"}
        in_files = {Path(f).name: (a, b) for f, a, b in landing.sql(f"""
            select file, count(*) filter (where huvuddiagnos similar to '[A-Z][0-9][0-9][0-9A-Z]+'),
                   count(*) filter (where huvuddiagnos <> upper(huvuddiagnos))
            from {source} where substr(kontakt_id, 3, 6) = replace(regexp_extract(file, '\\d{{4}}-\\d{{2}}'), '-', '')
            group by file""").fetchall()}  # counted where first delivered (not in a correction's re-send)
        assert {k: v for k, v in in_files.items() if v != (0, 0)} == {k: v for k, v in loose.items() if v != (0, 0)}


def test_recorded_missing_providers_are_in_the_files(landing, manifest) -> None:
    recorded = {Path(d["file"]).name: d["rows"] for d in manifest["defects"] if d["defect"] == "provider_missing"}
    in_files = {Path(f).name: n for f, n in landing.sql(
        "select file, count(*) filter (where vardgivare_lopnr is null) from vega_primarvard group by file").fetchall()}
    assert in_files == recorded
    assert 0.02 < sum(recorded.values()) / landing.sql("select count(*) from vega_primarvard").fetchone()[0] < 0.04


def test_recorded_outpatient_corrections_are_resent(landing, manifest) -> None:
    corrections = [d for d in manifest["defects"] if d["defect"] == "corrected_contact_resent"]
    assert corrections
    for d in corrections[:20]:
        versions = landing.sql(f"""select file, kontakttyp, leveransdatum from vega_oppenvard
            where kontakt_id = '{d["kontakt_id"]}' order by leveransdatum""").fetchall()
        assert [Path(v[0]).name for v in versions] == [Path(d["original_file"]).name, Path(d["correction_file"]).name]
        assert versions[0][1] != versions[1][1]


def test_listing_shares_are_the_recorded_ones_and_rise(landing, manifest) -> None:
    recorded = manifest["calibration"]["named_doctor_share_percent"]
    for year in ("2022", "2023"):
        share = landing.sql(f"""select 100 * sum(antal_med_namngiven_fast_lakarkontakt::int)
            / sum(antal_listade::int) from listning where manad like '{year}-%'""").fetchone()[0]
        assert share == pytest.approx(recorded[year], abs=0.001)
    assert recorded["2023"] - recorded["2022"] > 2
    assert landing.sql("""select count(*) from listning
        where antal_med_namngiven_fast_lakarkontakt::int > antal_listade::int""").fetchone()[0] == 0


def test_the_recorded_shift_to_primary_care_rises(manifest) -> None:
    figures = manifest["calibration"]["entirely_in_primary_care_percent"]
    assert set(figures) >= {"2022", "2023"}
    assert figures["2023"]["alla"] - figures["2022"]["alla"] > 1
    assert all(0 < v < 100 for year in figures.values() for v in year.values())
