"""The check catalogue is generated from the code and must stay in step with it."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from unittest import mock

from nara_vard.paths import REPO_ROOT


def test_committed_catalogue_matches_the_staging_models() -> None:
    result = subprocess.run([sys.executable, "tools/make_check_catalog.py", "--check"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_catalogue_has_at_least_60_implemented_checks_over_every_dimension() -> None:
    with open(REPO_ROOT / "seeds/reference/reference__dq_checks.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    implemented = [r for r in rows if r["is_implemented"] == "true"]
    assert len(implemented) >= 60
    assert set(Counter(r["dimension"] for r in implemented)) == {
        "validity", "completeness", "timeliness", "uniqueness", "consistency"}
    assert len({r["check_id"] for r in rows}) == len(rows)


def test_coded_columns_are_written_once_and_used_by_staging_and_gx() -> None:
    """The source contracts' `codes` (_<group>__sources.yml) are the one list of each coded column's values:
    every entry is checked in staging through source_codes() and expected by the Great Expectations suite with
    the same values, and neither checks a coded column the contracts do not have."""
    from nara_vard.project_vars import source_codes
    from nara_vard.quality import source_checks

    codes = source_codes()
    in_var = {(source, column) for source, columns in codes.items() for column in columns}
    sql = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "models" / "staging").rglob("stg_*.sql"))
    in_staging = set(re.findall(r"source_codes\('([a-z_]+)', '([a-z_]+)'\)", sql))
    in_staging |= {(source, column) for source in re.findall(r"contract_code_checks\('([a-z_]+)'\)", sql)
                   for column in codes[source]}
    assert in_staging == in_var
    assert len(re.findall(r"check_accepted\(", sql)) == len(re.findall(r"check_accepted\('[a-z_]+', source_codes\(", sql)), \
        "a check_accepted with its own list"
    in_gx = {(source, check.target): check.kwargs["value_set"]
             for source, suite in source_checks().items() for check in suite.checks if check.rule == "not_accepted"}
    assert in_gx == {(source, column): codes[source][column] for source, column in in_var}


def test_generator_writes_exactly_the_contracts_codes(built_warehouse) -> None:
    """The default landing's coded columns hold the contracts' values and nothing else (the generator uses every
    code; a source the default landing does not deliver is compared with the generator's own list)."""
    import duckdb

    from nara_vard.generator.primary_care import SELF_MONITORING_PROGRAMMES
    from nara_vard.project_vars import landing_sources, source_codes

    bases = {s["name"]: s["base"] for s in landing_sources()}
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        for source, columns in source_codes().items():
            for column, allowed in columns.items():
                seen = {r[0] for r in con.execute(
                    f"select distinct trim({column}) from staging.{bases[source]} "
                    f"where nullif(trim({column}), '') is not null").fetchall()}
                if source == "egenmonitorering" and not seen:
                    seen = set(SELF_MONITORING_PROGRAMMES)
                assert seen == set(allowed), (source, column)


def test_every_landing_source_has_a_contract_and_its_base_model_parses_by_it() -> None:
    """Each source of var landing_sources has a contract; its base lines model is one landing_rows call
    without a column list of its own (the contract is the one place the columns are written)."""
    from nara_vard.project_vars import landing_sources, source_contracts

    contracts = source_contracts()
    assert {s["name"] for s in landing_sources()} == set(contracts)
    for source in landing_sources():
        (path,) = REPO_ROOT.glob(f"models/staging/*/base/{source['base']}.sql")
        sql = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S).strip()
        assert re.fullmatch(r"\{\{ landing_rows\(landing_source\('\w+', '(\w+)'\), '\1'\) \}\}", sql), (path, sql)
        names = [c["name"] for c in contracts[source["name"]]["columns"]]
        assert names and len(names) == len(set(names)), source["name"]


def _text(path) -> str:
    """A delivered file's text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def test_base_tables_and_delivered_headers_follow_the_contracts(built_warehouse, default_landing) -> None:
    """Every contract column is a column of its base table (dbt read the meta when it compiled the model), and
    a delivered file's header (the generator's, written from SOURCES.md) names exactly the contract's columns,
    by header or alias (kommun_hsl: dialect A, whose names are the contract's; the default landing delivers
    every source but egenmonitorering)."""
    import duckdb

    from nara_vard.project_vars import landing_sources, source_contracts

    def key(header: str) -> str:  # header_key(): lower case, å ä ö as a a o, only letters and digits
        return re.sub(r"[^a-z0-9]", "", header.lower().translate(str.maketrans("åäöé", "aaoe")))

    delivered_sources = 0
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        for source in landing_sources():
            contract = source_contracts()[source["name"]]
            table = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                               "where table_schema = 'staging' and table_name = ?",
                                               [source["base"]]).fetchall()}
            assert {c["name"] for c in contract["columns"]} <= table, source["name"]
            files = sorted(f for f in (default_landing / source["name"]).glob("*") if f.is_file())  # .csv, .txt
            if not files:
                continue
            delivered_sources += 1
            headers = [_text(f).splitlines()[0] for f in files[:40]]
            header = next((h for h in headers if h.startswith(contract["columns"][0].get("header", ""))), headers[0])
            delivered = [key(h) for h in re.split(r"[,;]", header)]
            forms = [{key(c.get("header", c["name"])), c["name"].replace("_", ""), *c.get("aliases", [])}
                     for c in contract["columns"]]
            # a column the contract does not require (added mid-stream) is left out where the header lacks it
            forms = [f for f, c in zip(forms, contract["columns"], strict=True)
                     if c.get("required", True) or set(f) & set(delivered)]
            assert len(delivered) == len(forms), (source["name"], header)
            assert all(d in f for d, f in zip(delivered, forms, strict=True)), (source["name"], header)
    assert delivered_sources >= len(landing_sources()) - 1


def test_a_new_sources_contract_alone_gives_its_great_expectations_suite() -> None:
    """Adding a source: its contract is all the suite needs. A contract written here by hand gives exactly the
    expectations listed by hand below (no source-specific Python)."""
    from nara_vard.quality import DATE, INTEGER, contract_checks

    contract = {
        "columns": [
            {"name": "besok_id", "never_empty": True},
            {"name": "patient_lopnr", "pseudonymous": True},
            {"name": "besoksdatum", "format": "iso_date"},
            {"name": "antal", "format": "integer", "not_negative": True},
            {"name": "vardniva", "codes": ["primarvard", "specialistvard"]},
        ],
        "unique": [["besok_id"]],
        "not_after": [{"earlier": "besoksdatum", "later": "registreringsdatum"}],
    }
    with mock.patch("nara_vard.quality.source_codes",
                    return_value={"besok": {"vardniva": ["primarvard", "specialistvard"]}}):
        suite = contract_checks("besok", contract)
    got = [(c.check_id("besok"), c.expectation, c.kwargs) for c in suite.checks]
    assert got == [
        ("gx.besok.row_count.table", "ExpectTableRowCountToBeBetween", {"min_value": 1}),
        ("gx.besok.field_count.file", "ExpectColumnPairValuesToBeEqual",
         {"column_A": "field_count", "column_B": "header_field_count"}),
        ("gx.besok.required_value.besok_id", "ExpectColumnValuesToNotBeNull", {"column": "besok_id"}),
        ("gx.besok.personnummer.patient_lopnr", "ExpectColumnValuesToNotMatchRegex",
         {"column": "patient_lopnr", "regex": r"\d{6,8}[-+]?\d{4}"}),
        ("gx.besok.invalid_format.besoksdatum", "ExpectColumnValuesToMatchRegex", {"column": "besoksdatum", "regex": DATE}),
        ("gx.besok.invalid_format.antal", "ExpectColumnValuesToMatchRegex", {"column": "antal", "regex": INTEGER}),
        ("gx.besok.negative_count.antal", "ExpectColumnValuesToNotMatchRegex", {"column": "antal", "regex": r"^\s*-"}),
        ("gx.besok.not_accepted.vardniva", "ExpectColumnValuesToBeInSet",
         {"column": "vardniva", "value_set": ["primarvard", "specialistvard"]}),
        ("gx.besok.unique.besok_id", "ExpectColumnValuesToBeUnique", {"column": "besok_id"}),
        ("gx.besok.implausible_value.registreringsdatum", "ExpectColumnPairValuesAToBeGreaterThanB",
         {"column_A": "registreringsdatum", "column_B": "besoksdatum", "or_equal": True,
          "ignore_row_if": "either_value_is_missing"}),
    ]
    assert suite.derive is None


def test_the_generated_project_files_follow_the_sources_declarations() -> None:
    """var landing_sources, the staging groups' blocks, the base models and the delivery schedule are written
    by tools/sync_sources.py from the sources' meta; a hand edit of any of them (or of a declaration without
    running it) fails here."""
    result = subprocess.run([sys.executable, "tools/sync_sources.py", "--check"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


NEW_SOURCE = """version: 2

sources:
  - name: besok
    schema: landing
    meta:
      external_location: "read_blob('{{ env_var('NARA_VARD_LANDING', 'data/landing') }}/{name}/*')"
      order: 10
      protects: [besok_antal]
    tables:
      - name: besok_vardniva
        config:
          meta:
            contract:
              columns:
                - {name: besok_id, never_empty: true}
                - {name: besoksdatum, format: iso_date}
            landing: {base: base_besok__visit_lines, staging: stg_besok__visits, has_superseded: false,
                      period: visit_date}
            schedule:
              source_name_sv: Besök per vårdnivå
              source_name_en: Visits by level of care
              subject_sv: besök
              org_scope: region
              frequency: month
              expected_months: null
              not_expected_periods: null
              deadline_days_after_period_end: 10
              file_pattern: besok_vardniva_{YYYY-MM}.csv
              has_delivery_date_column: false
              description: "A made-up source for the test, delivered monthly."
"""


def test_adding_a_source_is_its_declaration_staging_model_and_yaml(tmp_path) -> None:
    """The README's worked example: a new source's `_<group>__sources.yml` (contract, landing, schedule) is the one
    declaration; tools/sync_sources.py derives from it its var entry, its group's block, its two base models and
    its delivery-schedule row, and changes nothing else (computed here on a copy of the project's files)."""
    import shutil
    from pathlib import Path

    import yaml

    sys.path.insert(0, str(REPO_ROOT / "tools"))
    import sync_sources

    for part in ("models/staging", "seeds/reference"):
        shutil.copytree(REPO_ROOT / part, tmp_path / part)
    shutil.copy(REPO_ROOT / "dbt_project.yml", tmp_path / "dbt_project.yml")
    before = sync_sources.outputs(tmp_path)
    assert before == {p: (REPO_ROOT / p).read_text(encoding="utf-8") for p in before}  # the committed files
    (tmp_path / "models/staging/besok").mkdir()
    (tmp_path / "models/staging/besok/_besok__sources.yml").write_text(NEW_SOURCE, encoding="utf-8")
    after = sync_sources.outputs(tmp_path)

    base = Path("models/staging/besok/base")
    assert set(after) - set(before) == {base / "base_besok_vardniva__files.sql", base / "base_besok__visit_lines.sql"}
    assert "landing_rows(landing_source('besok', 'besok_vardniva'), 'besok_vardniva')" in \
        after[base / "base_besok__visit_lines.sql"]
    project, old = yaml.safe_load(after[Path("dbt_project.yml")]), yaml.safe_load(before[Path("dbt_project.yml")])
    assert project["vars"]["landing_sources"] == [*old["vars"]["landing_sources"], {
        "group": "besok", "name": "besok_vardniva", "base": "base_besok__visit_lines", "staging": "stg_besok__visits",
        "has_superseded": False, "period": "visit_date"}]
    staging, old_staging = project["models"]["nara_vard"]["staging"], old["models"]["nara_vard"]["staging"]
    assert staging["besok"] == {"+tags": ["protects__besok_antal"], "base": old_staging["vega"]["base"]}
    assert {k: v for k, v in staging.items() if k != "besok"} == old_staging
    rows = list(csv.DictReader(after[sync_sources.SCHEDULE].splitlines()))
    assert rows[:-1] == list(csv.DictReader(before[sync_sources.SCHEDULE].splitlines()))
    assert rows[-1] == {"source": "besok_vardniva", "source_name_sv": "Besök per vårdnivå",
                        "source_name_en": "Visits by level of care", "subject_sv": "besök", "org_scope": "region",
                        "frequency": "month", "expected_months": "", "not_expected_periods": "",
                        "deadline_days_after_period_end": "10", "file_pattern": "besok_vardniva_{YYYY-MM}.csv",
                        "has_delivery_date_column": "false",
                        "description": "A made-up source for the test, delivered monthly."}
    assert {p: t for p, t in after.items() if p in before and p not in (Path("dbt_project.yml"), sync_sources.SCHEDULE)} \
        == {p: t for p, t in before.items() if p not in (Path("dbt_project.yml"), sync_sources.SCHEDULE)}
