"""Property-based tests: hypothesis writes malformed deliveries, the landing pipeline reads them.

Each example is one delivery file for kommun_hsl, primarvard_kontakter or samsa_sip with a random
header spelling (case, å/ä or a, separators), order, extra and missing columns, encoding (UTF-8,
with BOM, Windows-1252, sometimes UTF-16 or NUL bytes), separator, line ending, quoting, junk and
valid values, personnummer, blank and separator-only lines, a Summa row and a cut-off last line.

For speed the examples do not go through a dbt invocation each: dbt builds the landing pipeline
once (`+dq_file_reconciliation +dq_quarantine`: seeds, base tables, staging views, the file
inventory and the accounting) on an empty landing, and every example re-creates that selection's
tables from the SQL dbt compiled for them (manifest.json), in dependency order, in the same DuckDB
file. The staging views are dbt's own and read the re-created tables.

What must hold for every example, checked against this module's own reading of the file:
- nothing fails; the file has exactly one reconciliation row;
- rows read = the file's data lines (decoded, split, blank lines skipped as the contract says)
  = accepted + quarantined + superseded, and dq_quarantine holds each quarantined row, with a
  rule and a message;
- an unreadable or empty file has no rows and says so;
- every line holding a personnummer is quarantined for it, and no personnummer is left unmasked
  in any table the pipeline wrote;
- a file lacking a required column has every row quarantined (for the column or a personnummer).
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nara_vard.paths import REPO_ROOT, SEEDS_DIR
from pn_scan import personnummer_in

SOURCES = ("kommun_hsl", "primarvard_kontakter", "samsa_sip")

# contract column -> spellings a delivery may use (SOURCES.md dialects and their header variants)
COLUMNS: dict[str, dict[str, list[str]]] = {
    "kommun_hsl": {
        "kommun_kod": ["kommun_kod", "Kommun", "KOMMUNKOD", "Kommun kod"],
        "manad": ["manad", "Månad", "PERIOD", "MÅNAD"],
        "antal_patienter_hemsjukvard": ["antal_patienter_hemsjukvard", "Patienter hemsjukvård", "HEMSJUKVARD_PAT"],
        "antal_patienter_sabo": ["antal_patienter_sabo", "Patienter SÄBO", "SABO_PAT"],
        "antal_hembesok": ["antal_hembesok", "Hembesök", "HEMBESOK", "Antal hembesök"],
        "antal_inskrivna_65_plus": ["antal_inskrivna_65_plus", "Inskrivna 65+", "PAT_65PLUS"],
        "rapportdatum": ["rapportdatum", "Rapportdatum", "RAPPORTDATUM"],
    },
    "primarvard_kontakter": {
        "manad": ["manad", "Månad", "MANAD"],
        "vardcentral_kod": ["vardcentral_kod", "Vårdcentral kod", "VARDCENTRAL_KOD", "Vårdcentral-kod"],
        "kontakttyp": ["kontakttyp", "Kontakttyp", "KONTAKTTYP"],
        "antal": ["antal", "Antal", "ANTAL"],
    },
    "samsa_sip": {
        "sip_id": ["sip_id", "SIP_ID", "Sip id"],
        "patient_lopnr": ["patient_lopnr", "Patient löpnr", "PATIENT_LOPNR"],
        "kommun_kod": ["kommun_kod", "Kommun kod", "KOMMUN_KOD"],
        "upprattad_datum": ["upprattad_datum", "Upprättad datum", "UPPRATTAD_DATUM"],
        "initierad_av": ["initierad_av", "Initierad av", "INITIERAD_AV"],
        "status": ["status", "Status", "STATUS"],
    },
}
FILE_NAMES = {
    "kommun_hsl": ["hsl_1480_2025-03.csv", "hsl_1480_2025-03_v2.csv", "HSL_1480_2025-03.CSV", "hsl 1480 mars.csv"],
    "primarvard_kontakter": ["primarvard_kontakter_2025-03.csv", "kontakter mars.csv"],
    "samsa_sip": ["samsa_sip_2025-03.csv", "samsa_sip_2025-03 (1).csv"],
}
VALID = {
    "kommun_kod": ["1480", "1401"], "manad": ["2025-03", "202503", "mars 2025", "Mars 2025"],
    "antal_patienter_hemsjukvard": ["512", "2 447", "1\u00a0204"], "antal_patienter_sabo": ["40", "0"],
    "antal_hembesok": ["6 288", "12"], "antal_inskrivna_65_plus": ["475"],
    "rapportdatum": ["2025-04-10", "20250410"], "vardcentral_kod": ["VC140101"],
    "kontakttyp": ["fysiskt", "digitalt", "telefon"], "antal": ["1 204", "3"], "sip_id": ["SIP00000001"],
    "patient_lopnr": ["PAB12CD34"], "upprattad_datum": ["2025-03-04"], "initierad_av": ["kommun", "region"],
    "status": ["upprattad", "avslutad"],
}
PERSONNUMMER = ["19121212-1212", "121212-1212", "1212121212", "191212121212", "121212+1212", "640883-3223",
                "811218-9876", "19811218 9876"]
JUNK_ALPHABET = "abcxyzåäöÅÄÖé 0123456789-+.,;\t\"%\u00a0"
UNREADABLE_PREFIXES = (b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"))


@dataclass
class Delivery:
    source: str
    file_name: str
    content: bytes
    missing_required: bool


@st.composite
def cells(draw, column: str) -> str:
    kind = draw(st.sampled_from(["valid", "valid", "valid", "empty", "junk", "personnummer", "negative"]))
    if kind == "valid":
        return draw(st.sampled_from(VALID[column]))
    if kind == "empty":
        return ""
    if kind == "personnummer":
        return draw(st.sampled_from(["", "ring ", "pnr: "])) + draw(st.sampled_from(PERSONNUMMER))
    if kind == "negative":
        return "-" + draw(st.integers(1, 99)).__str__()
    return draw(st.text(alphabet=JUNK_ALPHABET, max_size=12))


def _quote(value: str, sep: str, always: bool) -> str:
    if always or sep in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def deliveries(draw) -> Delivery:
    source = draw(st.sampled_from(SOURCES))
    contract = COLUMNS[source]
    names = list(contract)
    dropped = draw(st.sets(st.sampled_from(names), max_size=1)) if draw(st.booleans()) else set()
    columns = [c for c in names if c not in dropped]
    columns = draw(st.permutations(columns))
    extra = draw(st.booleans())
    header = [draw(st.sampled_from(contract[c])) for c in columns] + (["Kommentar"] if extra else [])
    sep = draw(st.sampled_from([",", ";", "\t"]))
    quote_all = draw(st.booleans())
    lines = [sep.join(_quote(h, sep, quote_all) for h in header)]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["row", "row", "row", "blank", "separators", "summa", "short"]))
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
        elif kind == "separators":
            lines.append(sep * (len(header) - 1))
        elif kind == "summa":
            lines.append(sep.join(["Summa"] + ["1 000"] * (len(header) - 1)))
        else:
            values = [draw(cells(c)) for c in columns]
            if extra:
                values.append(draw(st.one_of(st.text(alphabet=JUNK_ALPHABET, max_size=20),
                                             st.sampled_from(PERSONNUMMER).map(lambda p: f"ring {p}"))))
            if kind == "short":
                values = values[: draw(st.integers(1, max(1, len(values) - 1)))]
            lines.append(sep.join(_quote(v, sep, quote_all) for v in values))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "cp1252", "utf-16", "nul"]))
    raw = text.encode("utf-8") + b"\x00\x00garbage" if encoding == "nul" else text.encode(encoding)
    return Delivery(source, draw(st.sampled_from(FILE_NAMES[source])), raw, bool(dropped))


# -- this module's own reading of a delivery (from the contract, not from the project's SQL) --------

BLANK = re.compile(r'[ \t;,"\u00a0\r]*')


def read_delivery(raw: bytes) -> dict:
    if raw.startswith(UNREADABLE_PREFIXES) or b"\x00" in raw:
        return {"status": "unreadable", "lines": []}
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    text = text.removeprefix("\ufeff")
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n") if text else []
    data = [(n, line) for n, line in enumerate(lines[1:], start=2) if not BLANK.fullmatch(line)]
    if not lines or (BLANK.fullmatch(lines[0]) and not data):
        status = "empty"
    elif not data:
        status = "header_only"
    else:
        status = "readable"
    return {"status": status, "lines": data}


# -- the pipeline, built once -----------------------------------------------------------------------


@dataclass
class Pipeline:
    db: Path
    landing: Path
    statements: list[str] = field(repr=False)  # the compiled SQL, long

    def load(self, delivery: Delivery) -> duckdb.DuckDBPyConnection:
        for folder in self.landing.iterdir():
            for f in folder.iterdir():
                f.unlink()
        (self.landing / delivery.source / delivery.file_name).write_bytes(delivery.content)
        con = duckdb.connect(str(self.db))
        for sql in self.statements:
            con.execute(sql)
        return con


def _in_dependency_order(manifest: dict, wanted: set[str]) -> list[str]:
    done: list[str] = []

    def visit(node_id: str) -> None:
        if node_id in done or node_id not in wanted:
            return
        for parent in manifest["nodes"][node_id]["depends_on"]["nodes"]:
            visit(parent)
        done.append(node_id)

    for node_id in sorted(wanted):
        visit(node_id)
    return done


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    work = tmp_path_factory.mktemp("malformed")
    landing = work / "landing"
    with open(SEEDS_DIR / "reference__delivery_schedule.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):  # one landing folder per source of the delivery calendar
            (landing / row["source"]).mkdir(parents=True)
    db = work / "nara_vard.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    cli = Path(sys.executable).parent / "nara-vard"
    result = subprocess.run(
        [cli, "build", "--select", "+dq_file_reconciliation", "+dq_quarantine", "--exclude", "resource_type:test",
         "resource_type:unit_test", "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:]
    manifest = json.loads((work / "target" / "manifest.json").read_text(encoding="utf-8"))
    # the base models are incremental; built into a fresh file, their compiled code is the full read
    tables = {node_id for node_id, node in manifest["nodes"].items()
              if node["resource_type"] == "model" and node["config"]["materialized"] in ("table", "incremental")
              and node.get("compiled_code")}
    assert {"model.nara_vard.dq_file_reconciliation", "model.nara_vard.int_landing_files",
            "model.nara_vard.base_kommun_hsl__monthly_report_lines"} <= tables
    statements = [f"create or replace table {manifest['nodes'][n]['relation_name']} as ("
                  f"{manifest['nodes'][n]['compiled_code']})" for n in _in_dependency_order(manifest, tables)]
    return Pipeline(db, landing, statements)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(delivery=deliveries())
def test_any_malformed_delivery_is_fully_accounted_for(pipeline: Pipeline, delivery: Delivery) -> None:
    expected = read_delivery(delivery.content)
    con = pipeline.load(delivery)
    try:
        rows = con.execute("""
            select file_status, rows_read, rows_accepted, rows_quarantined, rows_superseded, status_message
            from data_quality.dq_file_reconciliation where source = ? and file_name = ?""",
                           [delivery.source, delivery.file_name]).fetchall()
        assert len(rows) == 1, rows
        status, read, accepted, quarantined, superseded, message = rows[0]
        assert read == len(expected["lines"]), (read, expected)
        assert read == accepted + quarantined + superseded
        quarantine = {n: (rule, msg) for n, rule, msg in con.execute("""
            select line_number, rule, message from data_quality.dq_quarantine
            where source = ? and file_name = ?""", [delivery.source, delivery.file_name]).fetchall()}
        assert len(quarantine) == quarantined
        assert all(rule and msg for rule, msg in quarantine.values())
        if expected["status"] != "readable":
            assert status == expected["status"] and message, (status, message)
        else:
            assert status in ("readable", "missing_columns")
        for number, line in expected["lines"]:
            if personnummer_in(line):
                assert quarantine.get(number, (None,))[0] == "personnummer", (number, line, quarantine.get(number))
        if delivery.missing_required and expected["status"] == "readable":
            assert status == "missing_columns"
            assert accepted == 0 and superseded == 0
            assert {rule for rule, _ in quarantine.values()} <= {"missing_column", "personnummer"}
        for table in ("staging.base_kommun_hsl__monthly_report_lines", "staging.base_primarvard__contact_lines",
                      "staging.base_samsa__sip_plan_lines", "data_quality.dq_quarantine",
                      "data_quality.dq_file_reconciliation"):
            for (row,) in con.execute(f"select t::varchar from {table} as t").fetchall():
                assert not personnummer_in(row), (table, row)
    finally:
        con.close()
