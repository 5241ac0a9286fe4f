"""The exports as a leader, an analyst and a BI developer read them (issue 21, the exports' part).

- no Swedish label of a code in the export's Python: the words are dim_label's;
- the files people read are rounded to each indicator's `display_decimals` (no value with more decimals),
  the unrounded values are in their own, clearly named file;
- one period convention, SCB's (`2023`, `2022K1`, `2024M01`), in every CSV file and sheet;
- the data licence and the code licence are stated in the workbook, datakatalog.md and `_export.json`;
- "Om indikatorn" in Swedish from the catalogue, in the workbook and datakatalog.md, no English definitions
  in the workbook;
- synthetic figures are labelled in every file (name, column, every sheet's first row and page header,
  datakatalog.md, `_export.json`), and a publication of a landing the generator did not mark carries no
  such label anywhere.

Expected values come from the published DuckDB file (dim_label, dim_indicator, dim_period), read here.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from conftest import exported
from nara_vard.paths import REPO_ROOT

BOM = b"\xef\xbb\xbf"
PREFIX = "SYNTETISKA_DATA_"
NOTICE_COLUMN = "Obs"
EXPORTS_PY = REPO_ROOT / "src" / "nara_vard" / "exports.py"
#: columns in the indicator's unit, rounded to its display_decimals
UNIT_COLUMNS = ("Värde", "KI 95 % nedre", "KI 95 % övre", "Föregående värde", "Förändring", "Referensvärde",
                "Regionens värde")
#: other rounded columns and the decimals they may have
OTHER_COLUMNS = {"Täljare": 0, "Nämnare": 0, "Täckning": 3, "Andel med känt kön": 3, "Förändring (andel)": 3,
                 "Antal per 1 000 invånare": 1, "Genomsnittlig täckning": 3}
PERIOD_COLUMNS = ("Period", "Föregående period", "Bedömd period")
DATA_FILES = ("indikatorvarden.csv", "indikatorvarden_oavrundade.csv", "oversikt.csv", "trend.csv",
              "kommunjamforelse.csv", "leveranser.csv", "anvandbarhet.csv", "uppfoljningsbarhet.csv",
              "kvalitetsbetyg.csv", "datakatalog.csv", "nara_vard_indikatorer.xlsx")
ROUNDED_CSV = ("indikatorvarden.csv", "oversikt.csv", "trend.csv", "kommunjamforelse.csv", "anvandbarhet.csv",
               "uppfoljningsbarhet.csv")


def _cli() -> Path:
    return Path(sys.executable).parent / "nara-vard"


@pytest.fixture(scope="module")
def published(built_warehouse: Path, published_folder: Path) -> Path:
    """The suite's publication (the generator's landing: synthetic), exported (once per session, under the
    lock conftest.exported takes, as test_exports.py on the other worker may export it at the same moment)."""
    return exported(published_folder, built_warehouse.parent / "target")


@pytest.fixture(scope="module")
def real_published(real_published_folder: Path) -> Path:
    """The same build published from a landing without the generator's manifest (conftest), exported."""
    return real_published_folder


@pytest.fixture(scope="module")
def pub(published: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def export_dir(published: Path) -> Path:
    return published / "export"


@pytest.fixture(scope="module")
def meta(published: Path) -> dict:
    return json.loads((published / "_published.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def name(meta: dict):
    synthetic = meta.get("synthetic_data") is True
    return lambda base: (PREFIX + base) if synthetic and base.endswith((".csv", ".xlsx")) else base


@pytest.fixture(scope="module")
def notices(pub) -> dict[str, tuple[str, str]]:
    return {code: (label, long) for code, label, long in pub.execute(
        "select code, label_sv, label_long_sv from marts.dim_label where domain = 'notice'").fetchall()}


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), path.name
    rows = list(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))
    return rows[0], rows[1:]


def _places(text: str) -> int:
    return len(text.partition(",")[2])


# --------------------------------------------------------------------------------------------------
# Words are data


def test_no_swedish_label_of_a_code_in_the_export_code(pub) -> None:
    """exports.py holds no dim_label word as a string of its own, and no dict keyed by a domain's codes with text
    for values (a label table of its own; a dict saying how to round or hide the export columns is not one)."""
    labels = pub.execute("select domain, code, label_sv, label_long_sv from marts.dim_label").fetchall()
    words = {w for _, code, label, long in labels for w in (label, long)
             if w and w != code and re.search(r"[a-zåäö]", w, re.I)}
    codes: dict[str, set[str]] = {}
    for domain, code, *_ in labels:
        codes.setdefault(domain, set()).add(code)
    tree = ast.parse(EXPORTS_PY.read_text(encoding="utf-8"))
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert not strings & words, sorted(strings & words)
    for node in ast.walk(tree):
        texts = isinstance(node, ast.Dict) and any(
            isinstance(v, ast.JoinedStr) or (isinstance(v, ast.Constant) and isinstance(v.value, str))
            for v in node.values)
        if isinstance(node, ast.Dict) and len(node.keys) >= 2 and texts:
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            for domain, domain_codes in codes.items():
                assert not (len(keys) >= 2 and keys <= domain_codes), (
                    f"a dict keyed by the codes of dim_label's domain {domain} at exports.py line {node.lineno}")


# --------------------------------------------------------------------------------------------------
# One pass over every file (they are large): what the tests below check


@pytest.fixture(scope="module")
def csv_audit(export_dir: Path, pub, name) -> dict[str, dict]:
    """Per CSV file: its header, row count, the values of its first column, the numbers with more decimals than
    allowed (rounded files), the values of its period columns."""
    decimals = dict(pub.execute("select indicator_id, display_decimals from marts.dim_indicator").fetchall())
    codes = {c for (c,) in pub.execute("select period_code from marts.dim_period").fetchall()}
    number = re.compile(r"-?\d+(,\d+)?")
    out = {}
    for base in (b for b in DATA_FILES if b.endswith(".csv")):
        raw = (export_dir / name(base)).read_bytes()
        assert raw.startswith(BOM), base
        reader = csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline=""), delimiter=";")
        header = next(reader)
        limits: dict[int, int | None] = {}
        if base in ROUNDED_CSV:
            if base == "oversikt.csv":  # the period columns are in the indicator's unit
                limits = {j: None for j, h in enumerate(header) if h in codes}
            else:
                limits = {j: None for j, h in enumerate(header) if h in UNIT_COLUMNS}
                limits.update({j: OTHER_COLUMNS[h] for j, h in enumerate(header) if h in OTHER_COLUMNS})
        key = header.index("Indikator-id") if "Indikator-id" in header else None
        value = header.index("Värde") if "Värde" in header else None
        periods = {j: h for j, h in enumerate(header) if h in PERIOD_COLUMNS}
        info = {"header": header, "rows": 0, "first": set(), "too_many": [], "checked": 0, "max_value_places": 0,
                "periods": {h: set() for h in periods.values()}}
        for row in reader:
            info["rows"] += 1
            info["first"].add(row[0])
            for j, limit in limits.items():
                if number.fullmatch(row[j]):
                    allowed = decimals[row[key]] if limit is None else limit
                    info["checked"] += 1
                    if _places(row[j]) > allowed:
                        info["too_many"].append((header[j], row[key] if key is not None else None, row[j]))
            if value is not None and number.fullmatch(row[value]):
                info["max_value_places"] = max(info["max_value_places"], _places(row[value]))
            for j, h in periods.items():
                info["periods"][h].add(row[j])
        out[base] = info
    return out


@pytest.fixture(scope="module")
def xlsx_audit(export_dir: Path, pub, name) -> dict[str, dict]:
    """Per sheet of the workbook: its first cell, header (row 2), the stored numbers not rounded to the
    indicator's decimals, the values of its period columns; the page headers and print titles from the XML."""
    by_name = dict(pub.execute("select indicator_name_sv, display_decimals from marts.dim_indicator").fetchall())
    by_name.update(pub.execute("""select o.indicator_label_sv, i.display_decimals from marts.rpt_indicator_overview o
                                  join marts.dim_indicator i using (indicator_id)""").fetchall())
    path = export_dir / name("nara_vard_indikatorer.xlsx")
    wb = load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        first = next(rows)[0]
        info = {"A1": first, "header": [], "unrounded": [], "checked": 0, "periods": {}}
        out[ws.title] = info
        if ws.title in ("Om indikatorn", "Teckenförklaring"):
            continue
        header = list(next(rows))
        info["header"] = header
        columns = [j for j, h in enumerate(header) if h in UNIT_COLUMNS or re.fullmatch(r"\d{4}(K\d|M\d\d)?", str(h))]
        periods = {j: h for j, h in enumerate(header) if h in PERIOD_COLUMNS}
        info["periods"] = {h: set() for h in periods.values()}
        for row in rows:
            places = by_name[row[0]]
            for j in columns:
                v = row[j] if j < len(row) else None
                if isinstance(v, (int, float)):
                    info["checked"] += 1
                    if round(v, places) != v:
                        info["unrounded"].append((header[j], row[0], v))
            for j, h in periods.items():
                info["periods"][h].add(row[j] if j < len(row) else None)
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="/?(?:xl/)?([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*Id="(rId\d+)"', rels)})
        for position, (raw_title, rid) in enumerate(re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', book)):
            xml = z.read(f"xl/{targets[rid]}").decode("utf-8")
            title = raw_title.replace("&amp;", "&")
            header_text = re.search(r"<oddHeader>(.*?)</oddHeader>", xml)
            out[title]["page_header"] = header_text.group(1) if header_text else ""
            out[title]["print_titles"] = bool(re.search(
                rf'<definedName name="_xlnm.Print_Titles" localSheetId="{position}"[^>]*>[^<]*\$1:', book))
    return out


# --------------------------------------------------------------------------------------------------
# Rounding and periods


def test_rounded_files_have_no_more_decimals_than_the_indicator(csv_audit, xlsx_audit) -> None:
    for base in ROUNDED_CSV:
        assert not csv_audit[base]["too_many"], (base, csv_audit[base]["too_many"][:5])
    assert sum(csv_audit[b]["checked"] for b in ROUNDED_CSV) > 200_000
    # the workbook stores rounded numbers, not only shows them rounded
    sheets = [info for title, info in xlsx_audit.items() if info["header"]]
    assert not [u for info in sheets for u in info["unrounded"]], [info["unrounded"][:3] for info in sheets]
    assert sum(info["checked"] for info in sheets) > 50_000


def test_unrounded_file_is_named_and_documented(export_dir: Path, csv_audit, name) -> None:
    rounded, unrounded = csv_audit["indikatorvarden.csv"], csv_audit["indikatorvarden_oavrundade.csv"]
    assert rounded["header"] == unrounded["header"] and rounded["rows"] == unrounded["rows"]
    assert rounded["max_value_places"] <= 2 < unrounded["max_value_places"]  # full precision
    export = json.loads((export_dir / "_export.json").read_text(encoding="utf-8"))
    assert export["files"][name("indikatorvarden.csv")]["rounded"] is True
    assert export["files"][name("indikatorvarden_oavrundade.csv")]["rounded"] is False
    assert export["conventions"]["unrounded_file"] == name("indikatorvarden_oavrundade.csv")


def test_one_period_convention_everywhere(pub, csv_audit, xlsx_audit) -> None:
    codes = {c for (c,) in pub.execute("select period_code from marts.dim_period").fetchall()}
    assert {"2022K1", "2024M01", "2023"} <= codes
    old_style = re.compile(r"^(Q[1-4] \d{4}|[a-zåäö]{3}-\d{2})$")
    seen = 0
    for base, info in csv_audit.items():
        assert not [h for h in info["header"] if old_style.match(h)], (base, info["header"])
        for column, cell_values in info["periods"].items():
            values = cell_values - {""}
            assert values <= codes, (base, column, sorted(values - codes)[:5])
            seen += len(values)
    assert seen > 30
    assert "2022K1" in csv_audit["oversikt.csv"]["header"] and "2024M01" in csv_audit["oversikt.csv"]["header"]
    for title, info in xlsx_audit.items():
        assert not [h for h in info["header"] if old_style.match(str(h))], (title, info["header"])
        for column, cell_values in info["periods"].items():
            values = cell_values - {None}
            assert values <= codes and all(isinstance(v, str) for v in values), (title, column)
    assert "2022K1" in xlsx_audit["Översikt"]["header"]


# --------------------------------------------------------------------------------------------------
# Licence, Om indikatorn, Swedish


def test_licence_is_stated(export_dir: Path, name, notices) -> None:
    data_label, data_long = notices["data_licence"]
    code_label, code_long = notices["code_licence"]
    wb = load_workbook(export_dir / name("nara_vard_indikatorer.xlsx"), read_only=True)
    first = wb.worksheets[0]
    assert data_label in next(first.iter_rows(max_row=1, values_only=True))[0]
    legend = "\n".join(str(v) for row in wb["Teckenförklaring"].iter_rows(values_only=True) for v in row if v)
    assert data_long in legend and code_long in legend
    markdown = (export_dir / "datakatalog.md").read_text(encoding="utf-8")
    assert data_long in markdown and code_long in markdown
    export = json.loads((export_dir / "_export.json").read_text(encoding="utf-8"))
    assert export["licence"]["data"] == {"label": data_label, "text": data_long}
    assert export["licence"]["code"] == {"label": code_label, "text": code_long}


def test_om_indikatorn_in_swedish_from_the_catalogue(export_dir: Path, pub, name) -> None:
    indicators = pub.execute("""
        select indicator_name_sv, definition_sv, numerator_sv, denominator_sv, source_sv, period_logic_sv,
               sex_breakdown_sv, interval_method_sv, limitations_sv, reference_kind, reference_label_sv,
               reference_source_sv, published_row_label_sv, definition_en, numerator_definition
        from marts.dim_indicator order by display_order""").fetchall()
    workbook = export_dir / name("nara_vard_indikatorer.xlsx")
    wb = load_workbook(workbook, read_only=True)
    rows = [tuple(row) for row in wb["Om indikatorn"].iter_rows(values_only=True)]
    markdown = (export_dir / "datakatalog.md").read_text(encoding="utf-8")
    om = markdown.split("## Om indikatorerna", 1)[1].split("\n## ", 1)[0]
    squeeze = lambda text: " ".join(text.split())  # noqa: E731
    for (indicator, definition, numerator, denominator, source, period_logic, sex, interval, limitations, kind,
         reference, reference_source, row_label, _, _) in indicators:
        start = rows.index((indicator, None)) if (indicator, None) in rows else rows.index((indicator,))
        block = {}
        for row in rows[start + 1:]:
            if not row or row[0] is None:
                break
            block[row[0]] = row[1]
        for heading, text in (("Definition", definition), ("Täljare", numerator), ("Nämnare", denominator),
                              ("Källa", source), ("Perioder", period_logic), ("Kön", sex),
                              ("Konfidensintervall", interval), ("Kända begränsningar", limitations),
                              ("I VGR:s tabell", row_label), ("Underlag", reference_source)):
            if text:
                assert block.get(heading) == squeeze(text), (indicator, heading)
                assert f"**{heading}:** {squeeze(text)}" in om, (indicator, heading)
            else:
                assert heading not in block, (indicator, heading)
        if kind == "target":
            assert block["Mål"] == reference
        elif kind == "benchmark":  # never called a goal
            assert block["Jämförelsevärde"] == reference and "Mål" not in block
        else:
            assert not reference and "Mål" not in block and "Jämförelsevärde" not in block
    # no English definitions in the leaders' workbook (any text cell of any sheet)
    with zipfile.ZipFile(workbook) as z:
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    for *_, definition_en, numerator_en in indicators:
        for english in (definition_en, numerator_en):
            if english:
                assert english.replace("&", "&amp;").replace("<", "&lt;")[:60] not in text, english


def test_missing_symbols_are_listed_once(export_dir: Path, pub, name) -> None:
    symbols = [s for (s,) in pub.execute("select distinct label_sv from marts.dim_label "
                                         "where domain = 'missing_reason'").fetchall()]
    assert {"..", ".", "väntas", "saknas"} <= set(symbols)
    wb = load_workbook(export_dir / name("nara_vard_indikatorer.xlsx"), read_only=True)
    terms = [row[0] for row in wb["Teckenförklaring"].iter_rows(min_row=2, values_only=True) if row]
    for symbol in (*symbols, "0", "*"):
        assert terms.count(symbol) == 1, (symbol, terms)
    markdown = (export_dir / "datakatalog.md").read_text(encoding="utf-8")
    legend = markdown.split("## Teckenförklaring", 1)[1].split("\n## ", 1)[0]
    for symbol in (*symbols, "0", "*"):
        assert len(re.findall(rf"^\| {re.escape(symbol)} \|", legend, re.M)) == 1, symbol


# --------------------------------------------------------------------------------------------------
# Synthetic figures labelled, real ones not


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_synthetic_figures_are_labelled_in_every_file(export_dir: Path, meta: dict, notices, csv_audit,
                                                      xlsx_audit) -> None:
    assert meta["synthetic_data"] is True  # the suite's landing is the generator's
    notice = meta["synthetic_data_notice"]
    assert notice == notices["synthetic_data"][0]
    files = {p.name for p in export_dir.iterdir()}
    for base in DATA_FILES:
        assert PREFIX + base in files and base not in files, base
    # every CSV: the notice in the first column of every row, the rest as machine readers expect it
    for base, info in csv_audit.items():
        assert info["header"][0] == NOTICE_COLUMN and info["rows"] and info["first"] == {notice}, base
    # every sheet: the notice first in row 1, and in the printed page header, printed on every page
    for title, info in xlsx_audit.items():
        assert str(info["A1"]).startswith(notice.upper()), title
        assert notice in info["page_header"] and info["print_titles"], (title, info["page_header"])
    markdown = (export_dir / "datakatalog.md").read_text(encoding="utf-8")
    assert markdown.splitlines()[2].startswith(f"> **{notice}.**")
    assert PREFIX in markdown and "Obs" in markdown  # the choice is documented
    export = json.loads((export_dir / "_export.json").read_text(encoding="utf-8"))
    assert export["synthetic_data"] is True and export["synthetic_data_notice"] == notice
    assert all(f.startswith(PREFIX) or f == "datakatalog.md" for f in export["files"])


def test_real_deliveries_carry_no_synthetic_label(real_published: Path, notices) -> None:
    meta = json.loads((real_published / "_published.json").read_text(encoding="utf-8"))
    assert meta["synthetic_data"] is False and meta["synthetic_data_notice"] is None
    export_dir = real_published / "export"
    files = {p.name for p in export_dir.iterdir()}
    assert set(DATA_FILES) | {"datakatalog.md", "_export.json"} <= files
    assert not [f for f in files if "SYNTET" in f.upper()]
    short, long = notices["synthetic_data"]
    markers = [m.lower() for m in ("syntetisk", short, long[:60], "inte verkliga uppgifter")]
    for path in export_dir.iterdir():
        text = _xlsx_text(path) if path.suffix == ".xlsx" else path.read_bytes().decode("utf-8-sig")
        lowered = text.lower()
        assert not [m for m in markers if m in lowered], path.name
        if path.suffix == ".csv":
            assert not text.startswith(f"{NOTICE_COLUMN};"), path.name
    export = json.loads((export_dir / "_export.json").read_text(encoding="utf-8"))
    assert export["synthetic_data"] is False and export["synthetic_data_notice"] is None
    wb = load_workbook(export_dir / "nara_vard_indikatorer.xlsx", read_only=True)
    title = next(wb.worksheets[0].iter_rows(max_row=1, values_only=True))[0]
    assert title.startswith("Översikt") and notices["data_licence"][0] in title
