"""The generator: determinism, an honest manifest, the listed defects, and coherent patient data.

Expectations come from SOURCES.md and from reading the files back with DuckDB, never from the
generator's own numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import duckdb
import pytest

from nara_vard.generator import GeneratorConfig, MonthlyDeliveryError, deliver_month, generate


def _checksums(folder: Path) -> dict[str, str]:
    """Every file's checksum (not the suite's `.made` marker of a landing it generated itself)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".made"}


def _delivered(folder: Path) -> set[str]:
    """The delivery files of a landing (the extracts are .csv; the region's ledger export is .txt)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".txt")}


def _manifest(landing: Path) -> dict:
    return json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))


def test_same_seed_gives_byte_identical_landing(default_landing: Path, tmp_path: Path) -> None:
    """Acceptance: `nara-vard generate --seed 42` twice gives identical checksums (full scale)."""
    generate(GeneratorConfig(out=tmp_path, seed=42, progress=False))
    assert _checksums(tmp_path) == _checksums(default_landing)


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    small = {"scale": 0.05, "start": "2023-10", "end": "2024-01", "progress": False}
    generate(GeneratorConfig(out=tmp_path / "a", seed=1, **small))
    generate(GeneratorConfig(out=tmp_path / "b", seed=2, **small))
    a, b = _checksums(tmp_path / "a"), _checksums(tmp_path / "b")
    common = sorted(set(a) & set(b))
    assert "vega_slutenvard/vega_slutenvard_2023-10.csv" in common
    assert a["vega_slutenvard/vega_slutenvard_2023-10.csv"] != b["vega_slutenvard/vega_slutenvard_2023-10.csv"]


def _data_rows(path: Path) -> int:
    """Lines after the header, not counting blank lines or a trailing Summa row."""
    lines = path.read_bytes().decode("cp1252" if path.read_bytes()[:3] != b"\xef\xbb\xbf" else "utf-8-sig",
                                     errors="replace").splitlines()
    return sum(1 for line in lines[1:] if line.strip() and not line.startswith("Summa"))


def test_manifest_matches_files(default_landing: Path) -> None:
    manifest = _manifest(default_landing)
    listed = {f["file"]: f for src in manifest["sources"].values() for f in src["files"]}
    assert set(listed) == _delivered(default_landing)
    for name, entry in listed.items():
        path = default_landing / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name
        assert _data_rows(path) == entry["rows"], name


def test_regional_gaps_of_sources_md(default_landing: Path) -> None:
    """The not-yet-delivered periods listed in SOURCES.md are absent, and the rest are present."""
    files = {p.name for p in default_landing.rglob("*.csv")}
    for source, missing in {
        "vega_vardplatser": ["2023-10", "2023-11", "2023-12", "2024-01"],
        "samsa_sip": ["2023-10", "2023-11", "2023-12", "2024-01"],
        "vega_slutenvard": ["2024-01"],
        "samsa_utskrivningsklara": ["2024-01"],
    }.items():
        for month in missing:
            assert f"{source}_{month}.csv" not in files
        assert f"{source}_2023-09.csv" in files
    assert "npe_primarvard_2022.csv" in files and "npe_primarvard_2023.csv" not in files
    assert not (default_landing / "egenmonitorering").exists()
    assert "narsjukvardsteam_2023-Q4.csv" in files


def test_manifest_records_every_defect_kind_of_sources_md(default_landing: Path) -> None:
    kinds = {(d["source"], d["defect"]) for d in _manifest(default_landing)["defects"]}
    assert {
        ("kommun_hsl", "never_delivered"), ("kommun_hsl", "month_not_delivered"),
        ("kommun_hsl", "late_delivery"), ("kommun_hsl", "correction_v2"), ("kommun_hsl", "negative_count"),
        ("kommun_hsl", "municipality_code_contradicts_file_name"),
        ("narsjukvardsteam", "enrolled_patients_missing"),
        ("vega_slutenvard", "corrected_episode_resent"), ("vega_slutenvard", "unknown_municipality"),
    } <= kinds


def test_recorded_municipal_defects_are_in_the_files(default_landing: Path) -> None:
    defects = _manifest(default_landing)["defects"]
    hsl = default_landing / "kommun_hsl"
    names = {p.name for p in hsl.iterdir()}
    for d in defects:
        if d["source"] != "kommun_hsl":
            continue
        if d["defect"] == "never_delivered":
            assert not any(n.startswith(f"hsl_{d['org_code']}_") for n in names)
        elif d["defect"] == "month_not_delivered":
            assert not any(n.startswith(f"hsl_{d['org_code']}_{d['period']}") for n in names)
        elif d["defect"] == "correction_v2":
            assert Path(d["file"]).name in names and Path(d["supersedes"]).name in names
        elif d["defect"] == "negative_count":
            text = (default_landing / d["file"]).read_bytes().decode("cp1252")
            assert re.search(r"[;,]-\d", text.splitlines()[1]), text
        elif d["defect"] == "municipality_code_contradicts_file_name":
            line = (default_landing / d["file"]).read_bytes().decode("cp1252").lstrip("\ufeff").splitlines()[1]
            assert line.startswith(d["value"]) and d["value"] != d["org_code"]


def test_every_municipality_file_follows_one_of_the_three_dialects(default_landing: Path) -> None:
    headers = {
        "A": b"kommun_kod,manad,antal_patienter_hemsjukvard,antal_patienter_sabo,antal_hembesok,"
             b"antal_inskrivna_65_plus,rapportdatum",
        "B": "Kommun;Månad;Patienter hemsjukvård;Patienter SÄBO;Hembesök;Inskrivna 65+;Rapportdatum".encode("cp1252"),
        "C": b"\xef\xbb\xbfKOMMUNKOD;PERIOD;HEMSJUKVARD_PAT;SABO_PAT;HEMBESOK;PAT_65PLUS;RAPPORTDATUM",
    }
    dialects = _manifest(default_landing)["kommun_hsl_dialects"]
    seen = set()
    for path in (default_landing / "kommun_hsl").iterdir():
        code = path.name.split("_")[1]
        raw = path.read_bytes()
        assert raw.startswith(headers[dialects[code]]), path.name
        seen.add(dialects[code])
        if dialects[code] == "C":
            assert raw.rstrip().splitlines()[-1].startswith(b"Summa;")
        if dialects[code] == "B":
            assert re.search(r";(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4};",
                             raw.decode("cp1252"))
    assert seen == {"A", "B", "C"}


@pytest.fixture(scope="module")
def episodes(default_landing: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"""
        create table vega as
        select * from read_csv('{default_landing}/vega_slutenvard/*.csv', all_varchar = true)
        qualify row_number() over (partition by vardtillfalle_id order by leveransdatum desc) = 1""")
    con.execute(f"""create table ready as
        select * from read_csv('{default_landing}/samsa_utskrivningsklara/*.csv', all_varchar = true)""")
    return con


def test_ready_for_discharge_rows_point_at_real_episodes(episodes: duckdb.DuckDBPyConnection) -> None:
    bad = episodes.sql("""
        select count(*) from ready as r
        left join vega as v on r.vardtillfalle_id = v.vardtillfalle_id
        where v.vardtillfalle_id is null
            or v.patient_lopnr <> r.patient_lopnr
            or v.utskrivningsdatum <> r.utskrivningsdatum
            or v.kommun_kod <> r.kommun_kod
            or r.utskrivningsklar_datum::date not between v.inskrivningsdatum::date and v.utskrivningsdatum::date
    """).fetchone()[0]
    assert bad == 0
    assert episodes.sql("select count(*) from ready").fetchone()[0] > 5000


def test_patients_follow_population(episodes: duckdb.DuckDBPyConnection, repo_root: Path) -> None:
    """Episodes per municipality track population (r > 0.95); old people are admitted more."""
    pop = f"{repo_root}/seeds/reference/reference__population.csv"
    r = episodes.sql(f"""
        with p as (
            select municipality_code, sum(population::int) as pop
            from read_csv('{pop}', all_varchar = true) where year = '2023' group by 1),
        e as (select kommun_kod, count(*) as n from vega group by 1)
        select corr(p.pop, e.n) from p inner join e on p.municipality_code = e.kommun_kod
    """).fetchone()[0]
    assert r > 0.95
    old_share = episodes.sql("select avg((alder::int >= 65)::int) from vega where verksamhet = 'somatik'").fetchone()[0]
    assert 0.45 < old_share < 0.7
    assert episodes.sql("select count(distinct kon) from vega").fetchone()[0] == 2


def test_each_patient_keeps_one_sex_that_follows_the_population(episodes: duckdb.DuckDBPyConnection,
                                                                repo_root: Path) -> None:
    """A patient's sex is the same on every stay, and among first-time patients of an age band the share
    of women follows the population seed's share for that band (the band's people are drawn by
    population × admission rate, whatever their sex)."""
    mixed = episodes.sql("""select count(*) from (
        select patient_lopnr from vega where kon in ('K', 'M') group by 1 having count(distinct kon) > 1)""").fetchone()[0]
    assert mixed == 0
    pop = f"{repo_root}/seeds/reference/reference__population.csv"
    rows = episodes.sql(f"""
        with p as (
            select age_min::int as lo, age_max::int as hi,
                   sum(population::int) filter (where sex = 'K') / sum(population::int) as women
            from read_csv('{pop}', all_varchar = true)
            where year = (select max(year) from read_csv('{pop}', all_varchar = true))
            group by all),
        first_stays as (
            select kon, alder::int as age from vega where kon in ('K', 'M')
            qualify row_number() over (partition by patient_lopnr order by inskrivningsdatum) = 1)
        select p.lo, p.women, avg((f.kon = 'K')::int), count(*)
        from p join first_stays f on f.age between p.lo and p.hi
        group by all having count(*) > 2000
    """).fetchall()
    assert len(rows) >= 3
    for lo, women_in_population, women_among_patients, n in rows:
        assert abs(women_among_patients - women_in_population) < 0.03, (lo, women_in_population, women_among_patients, n)


def test_readmissions_come_from_episode_sequences(episodes: duckdb.DuckDBPyConnection) -> None:
    """Stays of one patient never overlap, and readmitted patients really have a later stay."""
    overlaps = episodes.sql("""
        select count(*) from (
            select inskrivningsdatum::date as adm,
                   lag(utskrivningsdatum::date) over (partition by patient_lopnr order by inskrivningsdatum, utskrivningsdatum) as prev_dis
            from vega) where adm < prev_dis
    """).fetchone()[0]
    assert overlaps == 0
    multi = episodes.sql("select count(*) from (select patient_lopnr from vega group by 1 having count(*) > 1)").fetchone()[0]
    assert multi > 10000


def test_no_identifier_looks_like_a_personnummer(episodes: duckdb.DuckDBPyConnection) -> None:
    n = episodes.sql(r"""
        select count(*) from vega
        where regexp_matches(patient_lopnr, '^\d{10}$|^\d{12}$') or regexp_matches(vardtillfalle_id, '\d{10}')
    """).fetchone()[0]
    assert n == 0


# ------------------------------------------------------------------ next-month delivery (--month)

SHORT = {"seed": 7, "scale": 0.1, "start": "2023-10", "progress": False}


def _csv_checksums(folder: Path) -> dict[str, str]:
    return {k: v for k, v in _checksums(folder).items() if k.endswith((".csv", ".txt"))}


def _without_deliveries(manifest: dict) -> dict:
    return {k: v for k, v in manifest.items() if k != "deliveries"}


def test_next_month_delivery_is_the_full_generation_of_that_month(tmp_path: Path) -> None:
    """generate(end=M) then `--month M+1` (twice): earlier files untouched, and the landing is byte for byte
    a full generate(end=M+1); the manifest too, except its `deliveries` log (delivery-specific)."""
    from nara_vard.cli import main

    landing = tmp_path / "landing"
    generate(GeneratorConfig(out=landing, end="2023-12", **SHORT))
    before = _csv_checksums(landing)
    for month in ("2024-01", "2024-02"):
        previous = _csv_checksums(landing)
        assert main(["generate", "--out", str(landing), "--month", month, "--quiet"]) == 0
        full = tmp_path / f"full-{month}"
        generate(GeneratorConfig(out=full, end=month, **SHORT))
        now, expected = _csv_checksums(landing), _csv_checksums(full)
        assert now == expected
        assert {k: now[k] for k in previous} == previous  # nothing delivered before changed
        manifest = _manifest(landing)
        assert _without_deliveries(manifest) == _manifest(full)
        assert manifest["deliveries"][-1]["month"] == month
        assert manifest["deliveries"][-1]["new_files"] == sorted(set(now) - set(previous))
        assert manifest["deliveries"][-1]["resent_files"] == []
    assert {k: now[k] for k in before} == before
    delivered = set(now) - set(before)
    # what the two deliveries brought: each source's due months, the survey of 2023 in February
    for name in ("vega_slutenvard/vega_slutenvard_2023-12.csv", "vega_slutenvard/vega_slutenvard_2024-01.csv",
                 "primarvard_kontakter/primarvard_kontakter_2024-02.csv", "vantetider_telefon/vantetider_telefon_2024-01.csv",
                 "samsa_sip/samsa_sip_2023-10.csv", "vega_vardplatser/vega_vardplatser_2023-10.csv",
                 "npe_primarvard/npe_primarvard_2023.csv", "kommun_hsl/hsl_1480_2024-02.csv"):
        assert name in delivered, name


def test_next_month_continues_patient_chains_and_resends_corrections(tmp_path: Path) -> None:
    """The new month's Vega file holds readmissions of stays delivered earlier, and re-sends (with a later
    leveransdatum) episodes first delivered wrong in an earlier file."""
    landing = tmp_path / "landing"
    generate(GeneratorConfig(out=landing, end="2024-01", **SHORT))
    deliver_month(landing, "2024-02", progress=False)
    vega = landing / "vega_slutenvard"
    con = duckdb.connect()
    con.execute(f"""create table v as select *, filename like '%2024-01.csv' as is_new
        from read_csv('{vega}/*.csv', all_varchar = true, filename = true)""")
    chained = con.sql("""
        select count(*) from v as n join v as o
            on n.patient_lopnr = o.patient_lopnr and not o.is_new
            and n.inskrivningsdatum::date between o.utskrivningsdatum::date + 1 and o.utskrivningsdatum::date + 30
        where n.is_new and n.inskrivningssatt = 'akut'""").fetchone()[0]
    assert chained > 20
    resent = {d["episode_id"] for d in _manifest(landing)["defects"]
              if d["defect"] == "corrected_episode_resent" and d["correction_file"].endswith("_2024-01.csv")}
    assert resent
    rows = con.sql(f"""select vardtillfalle_id, count(*), count(distinct leveransdatum), bool_or(is_new)
        from v where vardtillfalle_id in ({", ".join(f"'{e}'" for e in resent)}) group by 1""").fetchall()
    assert len(rows) == len(resent) and all(n == 2 and d == 2 and new for _, n, d, new in rows)


def test_next_month_refuses_anything_but_the_month_after(tmp_path: Path) -> None:
    from nara_vard.cli import main

    landing = tmp_path / "landing"
    generate(GeneratorConfig(out=landing, end="2023-12", **SHORT))
    before = _checksums(landing)
    for month, message in (("2024-02", "next delivery is 2024-01"), ("2023-12", "already in it"),
                           ("2023-11", "already in it"), ("2024-1", "YYYY-MM")):
        with pytest.raises(MonthlyDeliveryError, match=message):
            deliver_month(landing, month, progress=False)
    assert main(["generate", "--out", str(landing), "--month", "2024-03", "--quiet"]) == 2
    assert main(["generate", "--out", str(landing), "--month", "2024-01", "--seed", "8"]) == 2
    assert _checksums(landing) == before  # refused: nothing touched
    with pytest.raises(MonthlyDeliveryError, match=r"no _manifest\.json"):
        deliver_month(tmp_path / "empty", "2024-01", progress=False)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "_manifest.json").write_text('{"files": []}', encoding="utf-8")
    with pytest.raises(MonthlyDeliveryError, match="not written by"):
        deliver_month(foreign, "2024-01", progress=False)
    old = _manifest(landing)
    old["generator"]["version"] = "1"
    (foreign / "_manifest.json").write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(MonthlyDeliveryError, match="regenerate"):
        deliver_month(foreign, "2024-01", progress=False)


def test_manifest_after_next_month_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    generate(GeneratorConfig(out=landing, end="2023-12", **SHORT))
    deliver_month(landing, "2024-01", progress=False)
    manifest = _manifest(landing)
    assert manifest["generator"]["end"] == "2024-01"
    listed = {f["file"]: f for src in manifest["sources"].values() for f in src["files"]}
    assert set(listed) == _delivered(landing)
    for name, entry in listed.items():
        path = landing / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name
        assert _data_rows(path) == entry["rows"], name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landing"]  # no staging folder left behind
    assert [p.name for p in landing.iterdir() if p.name.startswith(".")] == []
