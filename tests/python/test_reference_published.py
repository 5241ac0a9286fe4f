"""Checks of the reference seeds that carry VGR's published indicator table.

The published table is the calibration target for the whole mart, so its transcription must be exact:
these tests parse the printed Swedish numbers independently, and compare the seed cell by cell with
the original text of the slide deck when that file is available (it lives outside the repository).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT / "seeds" / "reference"
CATALOGUE = SEED_DIR / "reference__indicators.csv"
VALUES = SEED_DIR / "reference__published_indicator_values.csv"
JUDGEMENTS = SEED_DIR / "reference__published_judgements.csv"
ORIGINAL = REPO_ROOT.parent / "shared" / "seeds" / "000_143aa208e4967aa6.txt"

EXPECTED_IDS = {
    # resources per level of care (issue 24)
    "andel_resurser_nara_vard",
    "primarvardens_kostnadsandel",
    "kommunal_hsl_kostnad_per_invanare",
    "kommunal_hsl_kostnad_per_invanare_65",
    "kostnad_per_kontakt_primarvard",
    "kostnad_per_vardtillfalle_somatik",
    "kostnad_per_vardag_somatik",
    "telefon_24h",
    "bedomning_3d",
    "nsvt_antal_team",
    "nsvt_vardkontakter",
    "nsvt_inskrivna",
    "egenmonitorering_patienter",
    "medelvardtid",
    "medelvardtid_75",
    "belaggningsgrad",
    "aterinlaggning_30d",
    "utskrivningsklar_dagar",
    "sip_antal",
    "npe_delaktighet",
    "digitala_vardmoten",
    "hsl_inskrivna_65_per_1000",
    # the shift itself (issue 23)
    "fast_lakarkontakt",
    "undvikbar_slutenvard",
    "undvikbar_slutenvard_65",
    "uppfoljning_efter_utskrivning_7d",
    "uppfoljning_efter_utskrivning_30d",
    "primarvardens_andel_oppenvard",
    "kontinuitet_lakare",
    "helt_i_primarvarden",
    "helt_i_primarvarden_diabetes",
    "helt_i_primarvarden_hypertoni",
    "helt_i_primarvarden_kol",
    "helt_i_primarvarden_astma",
    "helt_i_primarvarden_hjartsvikt",
    "helt_i_primarvarden_depression",
    "helt_i_primarvarden_angest",
}
PERIODS = {  # period_label_sv -> (period_type, period_start)
    "Q1 2022": ("quarter", "2022-01-01"),
    "Q2 2022": ("quarter", "2022-04-01"),
    "Q3 2022": ("quarter", "2022-07-01"),
    "Q4 2022": ("quarter", "2022-10-01"),
    "Q1 2023": ("quarter", "2023-01-01"),
    "Q2 2023": ("quarter", "2023-04-01"),
    "Q3 2023": ("quarter", "2023-07-01"),
    "Q4 2023": ("quarter", "2023-10-01"),
    "jan-24": ("month", "2024-01-01"),
}
UNIT_SCALE = {"procent": 100, "per_1000": 1000, "dagar": 1, "antal": 1, "per_100000": 1_200_000, "kronor": 1}

# A Swedish printed number: digits grouped by single spaces, optional decimal comma, optional % sign.
SWEDISH_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?: \d{3})*|\d+)(?:,(?P<dec>\d+))?(?P<pct>%)?$")


def parse_swedish(text: str) -> tuple[float, int] | None:
    """Return (value, printed decimals) for a Swedish-formatted number, or None if it is not one."""
    match = SWEDISH_NUMBER.match(text.strip())
    if match is None:
        return None
    integer = match["int"].replace(" ", "")
    decimals = match["dec"] or ""
    return float(f"{integer}.{decimals}" if decimals else integer), len(decimals)


def read_seed(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has a BOM"
    assert b"\r" not in raw, f"{path.name} has CR line endings"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def catalogue() -> list[dict[str, str]]:
    return read_seed(CATALOGUE)


@pytest.fixture(scope="module")
def values() -> list[dict[str, str]]:
    return read_seed(VALUES)


@pytest.fixture(scope="module")
def judgements() -> list[dict[str, str]]:
    return read_seed(JUDGEMENTS)


def test_parser_reads_swedish_numbers() -> None:
    assert parse_swedish("2 447") == (2447.0, 0)
    assert parse_swedish("10 186") == (10186.0, 0)
    assert parse_swedish("87,5%") == (87.5, 1)
    assert parse_swedish("79,40%") == (79.4, 2)
    assert parse_swedish("84%") == (84.0, 0)
    assert parse_swedish("5,0") == (5.0, 1)
    assert parse_swedish("Resultat för 2023 kommer i jan") is None
    assert parse_swedish("2447,5 1") is None


def test_published_values_shape_and_parsing(values: list[dict[str, str]]) -> None:
    assert len(values) == 13 * 9 == 117
    keys = [(r["indicator_id"], r["period_label_sv"]) for r in values]
    assert len(set(keys)) == len(keys), "duplicate (indicator_id, period_label_sv)"
    assert len({r["indicator_id"] for r in values}) == 13

    for r in values:
        where = f"{r['indicator_id']} {r['period_label_sv']}"
        assert (r["period_type"], r["period_start"]) == PERIODS[r["period_label_sv"]], where
        assert r["is_blank"] in {"true", "false"}, where
        parsed = parse_swedish(r["published_text"]) if r["published_text"] else None
        if r["is_blank"] == "true":
            assert r["published_value"] == "" and r["decimals"] == "", where
            # a blank cell is empty or holds a text note, never a number
            assert parsed is None, where
        else:
            assert parsed is not None, f"{where}: {r['published_text']!r} is not a Swedish number"
            value, decimals = parsed
            assert float(r["published_value"]) == pytest.approx(value, abs=1e-9), where
            assert int(r["decimals"]) == decimals, where
            # the dot-decimal value keeps the printed precision (79.40, not 79.4)
            assert r["published_value"] == r["published_text"].replace(" ", "").replace("%", "").replace(",", "."), where


def test_egenmonitorering_row_is_entirely_blank(values: list[dict[str, str]]) -> None:
    rows = [r for r in values if r["indicator_id"] == "egenmonitorering_patienter"]
    assert len(rows) == 9
    assert all(r["is_blank"] == "true" and r["published_text"] == "" for r in rows)


def read_original_table() -> tuple[list[str], list[list[str]]]:
    """Return the header and data rows of 'Utfall indikatorer exempel' in the original text file."""
    lines = ORIGINAL.read_text(encoding="utf-8").splitlines()
    start = lines.index("# Utfall indikatorer exempel")
    table = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if "\t" in line:
            table.append(line.split("\t"))
    return table[0], table[1:]


def test_seeds_match_original_table(values: list[dict[str, str]], judgements: list[dict[str, str]]) -> None:
    if not ORIGINAL.is_file():
        pytest.skip(f"original table not available at {ORIGINAL}")
    header, rows = read_original_table()
    assert header[1:10] == list(PERIODS), "period headings changed"
    assert header[10:12] == ["Riktning", "Nivå"]

    label_to_id = {j["published_row_label_sv"]: j["indicator_id"] for j in judgements}
    seed_cells = {(r["indicator_id"], r["period_label_sv"]): r["published_text"] for r in values}
    seed_judgements = {j["indicator_id"]: (j["riktning"], j["niva_printed"]) for j in judgements}

    mapped_order = []
    for row in rows:
        assert len(row) == 12, row[0]
        label = row[0]
        if label not in label_to_id:
            # only rows without any value or judgement may be left out of the seeds
            assert not any(cell.strip() for cell in row[1:]), f"unmapped printed row with content: {label!r}"
            continue
        indicator_id = label_to_id[label]
        mapped_order.append(indicator_id)
        for period, cell in zip(PERIODS, row[1:10], strict=True):
            assert seed_cells[(indicator_id, period)] == cell, f"{indicator_id} {period}"
        assert seed_judgements[indicator_id] == (row[10], row[11]), indicator_id

    assert mapped_order == [j["indicator_id"] for j in judgements], "rows missing or out of order"


def test_judgements(judgements: list[dict[str, str]], catalogue: list[dict[str, str]]) -> None:
    assert len(judgements) == 13
    assert len({j["indicator_id"] for j in judgements}) == 13
    by_id = {c["indicator_id"]: c for c in catalogue}
    for j in judgements:
        assert j["riktning"] in {"↑", "→", "↓"}
        assert j["niva_printed"] in {"+", "-", "?"}
        assert j["niva"] == {"-": "\u2212"}.get(j["niva_printed"], j["niva_printed"])
        assert by_id[j["indicator_id"]]["published_row_label_sv"] == j["published_row_label_sv"]


def test_catalogue(
    catalogue: list[dict[str, str]], values: list[dict[str, str]], judgements: list[dict[str, str]]
) -> None:
    ids = [c["indicator_id"] for c in catalogue]
    # VGR's 15 rows, the 8 of the shift itself and its 7 diagnosis groups, the 7 of resources per level of care
    assert len(ids) == len(set(ids)) == 37
    assert set(ids) == EXPECTED_IDS
    assert sorted(int(c["display_order"]) for c in catalogue) == list(range(1, 38))

    published_ids = {r["indicator_id"] for r in values} | {j["indicator_id"] for j in judgements}
    assert published_ids <= set(ids)

    by_id = {c["indicator_id"]: c for c in catalogue}
    # published indicators come first, in the printed row order
    assert [j["indicator_id"] for j in judgements] == [
        c["indicator_id"] for c in sorted(catalogue, key=lambda c: int(c["display_order"]))
    ][:13]
    for c in catalogue:
        iid = c["indicator_id"]
        assert UNIT_SCALE[c["unit"]] == int(c["value_scale"]), iid
        if c["aggregation"] == "ratio":
            assert c["denominator_definition"], iid
        if c["aggregation"] in {"sum", "distinct_count", "point_in_time_count"}:
            assert c["unit"] in {"antal", "dagar"} and c["denominator_definition"] == "", iid
        assert bool(c["published_row_label_sv"]) == (iid in published_ids), iid

    # what Nivå is judged against: one row per indicator; a decided target names its decision, a
    # benchmark its source, both their URL; "mål" is printed only for a decided target
    references = {r["indicator_id"]: r for r in read_seed(SEED_DIR / "reference__indicator_references.csv")}
    assert set(references) == set(ids)
    for iid, r in references.items():
        kind = r["reference_kind"]
        assert kind in {"target", "benchmark", "none"}, iid
        assert r["reference_note_sv"], iid
        if kind == "none":
            assert r["reference_value"] == "" and r["reference_label_sv"] == "", iid
            continue
        float(r["reference_value"])
        assert r["reference_url"].startswith("https://"), iid
        assert r["reference_source_sv"], iid
        label = r["reference_label_sv"]
        assert label.startswith("mål ") == (kind == "target"), (iid, label)
        assert label.startswith("jämförelsevärde ") == (kind == "benchmark"), (iid, label)
        if kind == "target":
            assert r["reference_decided_by_sv"] and r["reference_document_sv"], iid
            if r["reference_decided_on"]:
                date.fromisoformat(r["reference_decided_on"])
            else:  # a decision whose date could not be checked says so, never a guessed day
                assert "beslutsdatum ej kontrollerat" in r["reference_note_sv"], iid
    about = {r["indicator_id"]: r for r in read_seed(SEED_DIR / "reference__indicator_about_sv.csv")}
    assert set(about) == set(ids)
    for iid, a in about.items():
        for column in ("definition_sv", "numerator_sv", "source_sv", "period_logic_sv", "sex_breakdown_sv",
                       "interval_method_sv", "limitations_sv"):
            assert a[column].strip(), (iid, column)
        assert bool(a["denominator_sv"]) == bool(by_id[iid]["denominator_definition"]), iid

    # the catalogue's display decimals are those printed in the published table
    for r in values:
        if r["is_blank"] == "false":
            assert int(r["decimals"]) == int(by_id[r["indicator_id"]]["display_decimals"]), r
