"""The default landing must reproduce VGR's published table — checked by an independent recomputation.

`independent_figures` recomputes the 13 published region-level indicators straight from the landing
files (no generator or dbt code involved). Three groups of tests:

* the default landing reproduces every published cell (one test per indicator, so that each failing
  cell is listed in the failure message);
* meta-tests proving that `compare` can fail: a changed expected value or a blank cell given a value is
  reported, and only that cell;
* unit tests of the recomputation itself on a tiny hand-written landing, with the expected values
  worked out by hand in comments.
"""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from independent_figures import (
    INDICATORS,
    PERIODS,
    compare,
    compute_region_figures,
    load_published,
    round_half_up,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
PERIOD_LABELS = [p.label for p in PERIODS]

# ==================================================================================================
# 1. The default landing reproduces the published table
# ==================================================================================================


@pytest.fixture(scope="module")
def published() -> dict[tuple[str, str], tuple[float | None, int | None]]:
    return load_published(REPO_ROOT)


@pytest.fixture(scope="module")
def default_figures(default_landing: Path) -> dict[tuple[str, str], float | None]:
    return compute_region_figures(default_landing)


def test_published_seed_covers_13_indicators_by_9_periods(published) -> None:
    assert len(published) == 117
    assert set(published) == {(i, p) for i in INDICATORS for p in PERIOD_LABELS}


@pytest.mark.parametrize("indicator", INDICATORS)
def test_default_landing_reproduces_published(indicator: str, default_figures, published) -> None:
    cells = {k: v for k, v in published.items() if k[0] == indicator}
    assert cells, f"no published cells for {indicator}"
    mismatches = compare(default_figures, cells)
    assert mismatches == [], "\n".join(mismatches)


def test_default_landing_whole_table(default_figures, published) -> None:
    mismatches = compare(default_figures, published)
    assert mismatches == [], f"{len(mismatches)} mismatching cells:\n" + "\n".join(mismatches)


# ==================================================================================================
# 2. Meta-tests: the comparison can fail, and points at exactly the broken cell
# ==================================================================================================


def _as_computed(published) -> dict[tuple[str, str], float | None]:
    """Figures that reproduce the published table exactly (the published values themselves)."""
    return {k: v for k, (v, _d) in published.items()}


def test_published_values_match_themselves(published) -> None:
    assert compare(_as_computed(published), published) == []


def _non_blank_cells() -> list[tuple[str, str]]:
    return [k for k, (v, _d) in load_published(REPO_ROOT).items() if v is not None]


def _blank_cells() -> list[tuple[str, str]]:
    return [k for k, (v, _d) in load_published(REPO_ROOT).items() if v is None]


@pytest.mark.parametrize("cell", _non_blank_cells(), ids=lambda c: f"{c[0]}|{c[1]}")
def test_changed_expected_value_is_reported(cell, published) -> None:
    value, decimals = published[cell]
    # +1 in the last printed digit
    bumped = float(Decimal(repr(value)) + Decimal(1).scaleb(-decimals))
    altered = dict(published)
    altered[cell] = (bumped, decimals)
    mismatches = compare(_as_computed(published), altered)
    assert len(mismatches) == 1, mismatches
    assert mismatches[0].startswith(f"{cell[0]} {cell[1]}:"), mismatches


@pytest.mark.parametrize("cell", _non_blank_cells()[:5], ids=lambda c: f"{c[0]}|{c[1]}")
def test_missing_value_for_printed_cell_is_reported(cell, published) -> None:
    computed = _as_computed(published)
    computed[cell] = None
    mismatches = compare(computed, published)
    assert len(mismatches) == 1 and mismatches[0].startswith(f"{cell[0]} {cell[1]}:"), mismatches


@pytest.mark.parametrize("cell", _blank_cells(), ids=lambda c: f"{c[0]}|{c[1]}")
def test_value_in_blank_cell_is_reported(cell, published) -> None:
    computed = _as_computed(published)
    computed[cell] = 0.0  # even a zero is a value where the table is blank
    mismatches = compare(computed, published)
    assert len(mismatches) == 1, mismatches
    assert mismatches[0].startswith(f"{cell[0]} {cell[1]}:"), mismatches


def test_rounding_is_half_up_to_printed_decimals() -> None:
    assert round_half_up(87.45, 1) == Decimal("87.5")  # banker's rounding would give 87.4
    assert round_half_up(2.5, 0) == Decimal("3")  # banker's rounding would give 2
    assert round_half_up(79.395, 2) == Decimal("79.40")
    assert round_half_up(5.04999, 1) == Decimal("5.0")
    published = {("medelvardtid", "Q1 2022"): (5.1, 1)}
    assert compare({("medelvardtid", "Q1 2022"): 5.05}, published) == []
    assert len(compare({("medelvardtid", "Q1 2022"): 5.049}, published)) == 1
    assert len(compare({}, published)) == 1  # a cell missing from the computed figures = no value


# ==================================================================================================
# 3. Unit tests of the recomputation on a tiny hand-written landing
# ==================================================================================================

VEGA_HEADER = (
    "vardtillfalle_id,patient_lopnr,sjukhus_kod,verksamhet,inskrivningsdatum,utskrivningsdatum,"
    "inskrivningssatt,utskrivningssatt,alder,kon,kommun_kod,leveransdatum"
)


def _write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline=newline) as f:
        f.write(text)


def _vega_file(landing: Path, month: str, leverans: str, episodes: list[str]) -> None:
    lines = [VEGA_HEADER] + [f"{e},{leverans}" for e in episodes]
    _write(landing / "vega_slutenvard" / f"vega_slutenvard_{month}.csv", "\n".join(lines) + "\n")


def build_tiny_landing(landing: Path) -> Path:
    """A handful of rows per source, in the exact layouts of SOURCES.md."""
    # ---- vega_slutenvard -------------------------------------------------------------------------
    # id, patient, hospital, verksamhet, in, out, inskrivningssatt, utskrivningssatt, age, sex, kommun
    _vega_file(landing, "2022-01", "2022-02-05", [
        "E1,P1,SU-SAH,somatik,2022-01-01,2022-01-05,planerad,hem,80,K,1480",  # 4 d
        "E2,P2,SU-SAH,somatik,2022-01-10,2022-01-10,akut,hem,64,M,9999",  # same day = 0 d; unknown kommun; 64
        "E3,P3,NU-NAL,somatik,2022-01-02,2022-01-12,akut,hem,70,K,1480",  # superseded (see 2022-03 file)
        "E4,P4,SU-SAH,psykiatri,2022-01-01,2022-01-31,akut,hem,80,M,1480",  # psychiatry: never counted
        "E8,P6,SU-SAH,somatik,2022-01-15,2022-01-20,akut,hem,65,K,1401",  # 5 d; exactly 65
        "E16,P3,SU-SAH,psykiatri,2022-01-20,2022-01-25,akut,hem,76,K,1480",  # psychiatric readmission of P3
    ])  # fmt: skip
    _vega_file(landing, "2022-02", "2022-03-05", [
        "E5,P5,SU-SAH,somatik,2022-02-01,2022-02-03,akut,avliden,90,M,1480",  # 2 d; died: no index
        "E7,P1,SU-SAH,somatik,2022-02-04,2022-02-06,akut,hem,80,K,1480",  # 2 d; 30 d after E1
        "E9,P6,SU-SAH,somatik,2022-02-20,2022-02-25,akut,hem,65,K,1401",  # 5 d; 31 d after E8
    ])  # fmt: skip
    _vega_file(landing, "2022-03", "2022-04-05", [
        "E3,P3,NU-NAL,somatik,2022-01-02,2022-01-08,akut,hem,75,K,1480",  # correction of E3: 6 d, age 75
        "E10,P7,SU-SAH,somatik,2022-02-25,2022-03-01,akut,hem,67,M,1401",  # 4 d
        "E11,P7,SU-SAH,somatik,2022-03-10,2022-03-12,planerad,hem,67,M,1401",  # 2 d; planned, 9 d after E10
        "E12,P8,SU-SAH,somatik,2022-03-14,2022-03-15,akut,hem,70,K,1384",  # 1 d
        "E13,P8,SU-SAH,somatik,2022-03-15,2022-03-16,akut,hem,70,K,1384",  # 1 d; 0 d after E12; outside county
        "E15,P10,SU-SAH,somatik,2022-03-20,2022-03-31,planerad,hem,40,M,1480",  # superseded (see 2022-04)
    ])  # fmt: skip
    _vega_file(landing, "2022-04", "2022-05-05", [
        "E14,P9,SU-SAH,somatik,2022-03-30,2022-04-02,akut,hem,85,K,1480",  # 3 d, Q2
        "E15,P10,SU-SAH,somatik,2022-03-20,2022-04-01,planerad,hem,40,M,1480",  # corrected: 12 d, moves to Q2
    ])  # fmt: skip

    # ---- vega_vardplatser ------------------------------------------------------------------------
    head = "datum,sjukhus_kod,disponibla_vardplatser,belagda_vardplatser\n"
    _write(landing / "vega_vardplatser" / "vega_vardplatser_2022-01.csv",
           head + "2022-01-01,SU-SAH,100,105\n2022-01-02,SU-SAH,100,95\n2022-01-01,NU-NAL,50,40\n")  # fmt: skip
    _write(landing / "vega_vardplatser" / "vega_vardplatser_2022-04.csv", head + "2022-04-01,SU-SAH,100,110\n")

    # ---- vantetider ------------------------------------------------------------------------------
    head = "matmanad,vardcentral_kod,antal_samtal,antal_kontakt_inom_24h\n"
    _write(landing / "vantetider_telefon" / "vantetider_telefon_2022-01.csv",
           head + "2022-01,VC1,200,180\n2022-01,VC2,100,82\n")  # fmt: skip
    _write(landing / "vantetider_telefon" / "vantetider_telefon_2024-01.csv", head + "2024-01,VC1,1000,929\n")
    head = "manad,vardcentral_kod,antal_forsta_kontakter,antal_bedomda_inom_3_dagar\n"
    _write(landing / "vantetider_bedomning" / "vantetider_bedomning_2022-07.csv", head + "2022-07,VC1,50,40\n")
    _write(landing / "vantetider_bedomning" / "vantetider_bedomning_2022-09.csv", head + "2022-09,VC2,50,41\n")
    _write(landing / "vantetider_bedomning" / "vantetider_bedomning_2023-01.csv", head + "2023-01,VC1,0,0\n")

    # ---- npe_primarvard (decimal comma, quoted) --------------------------------------------------
    _write(landing / "npe_primarvard" / "npe_primarvard_2022.csv",
           "ar,vardcentral_kod,dimension,antal_svar,andel_positiva\n"
           '2022,VC1,delaktighet_och_involvering,100,"80,00"\n'
           '2022,VC2,delaktighet_och_involvering,300,"79,40"\n'
           '2022,VC1,helhetsintryck,100,"10,00"\n')  # fmt: skip

    # ---- narsjukvardsteam (Windows-1252, ';', space thousands separator, CRLF) --------------------
    head = "Kvartal;Team;Kommun;Antal vårdkontakter;Antal inskrivna patienter;Aktivt\r\n"
    _write(landing / "narsjukvardsteam" / "narsjukvardsteam_2022-Q1.csv",
           head
           + "2022 Q1;Närsjukvårdsteam Lidköping;Lidköping;1 203;;Ja\r\n"
           + "2022 Q1;Närsjukvårdsteam Skövde–Tibro;Skövde;300;;Ja\r\n"  # en dash: in cp1252, not latin-1
           + "2022 Q1;Närsjukvårdsteam Mölndal;Mölndal;50;;Nej\r\n",
           encoding="cp1252", newline="")  # fmt: skip
    _write(landing / "narsjukvardsteam" / "narsjukvardsteam_2022-Q2.csv",
           head
           + "2022 Q2;Närsjukvårdsteam Lidköping;Lidköping;1 000;1 100;Ja\r\n"
           + "2022 Q2;Närsjukvårdsteam Skövde–Tibro;Skövde;200;150;Ja\r\n"
           + "2022 Q2;Närsjukvårdsteam Mölndal;Mölndal;;;Nej\r\n",
           encoding="cp1252", newline="")  # fmt: skip

    # ---- samsa -----------------------------------------------------------------------------------
    head = "sip_id,patient_lopnr,kommun_kod,upprattad_datum,initierad_av,status\n"
    _write(landing / "samsa_sip" / "samsa_sip_2022-01.csv",
           head + "S1,P1,1480,2022-01-10,region,upprattad\nS2,P2,9999,2022-01-15,kommun,avslutad\n")  # fmt: skip
    _write(landing / "samsa_sip" / "samsa_sip_2022-02.csv",
           head + "S3,P3,1480,2022-02-01,region,upprattad\nS2,P2,9999,2022-01-15,kommun,avslutad\n")  # fmt: skip
    _write(landing / "samsa_sip" / "samsa_sip_2022-04.csv", head)  # delivered, but no plans that month
    head = "vardtillfalle_id,patient_lopnr,kommun_kod,utskrivningsklar_datum,utskrivningsdatum\n"
    _write(landing / "samsa_utskrivningsklara" / "samsa_utskrivningsklara_2022-01.csv",
           head + "E1,P1,1480,2022-01-03,2022-01-05\nE2,P2,9999,2022-01-10,2022-01-10\n")  # fmt: skip
    _write(landing / "samsa_utskrivningsklara" / "samsa_utskrivningsklara_2022-03.csv",
           head + "E10,P7,1401,2022-02-20,2022-03-04\n")  # fmt: skip
    return landing


@pytest.fixture
def tiny(tmp_path: Path) -> dict[tuple[str, str], float | None]:
    return compute_region_figures(build_tiny_landing(tmp_path / "landing"))


def _only(figures, indicator: str) -> dict[str, float | None]:
    """The non-None periods of one indicator."""
    return {p: v for (i, p), v in figures.items() if i == indicator and v is not None}


def test_tiny_returns_every_cell(tiny) -> None:
    assert set(tiny) == {(i, p) for i in INDICATORS for p in PERIOD_LABELS}


def test_tiny_medelvardtid(tiny) -> None:
    # Q1 2022, somatic, by discharge date, after de-duplication (E3 = corrected 6 d; E15 moved to Q2):
    #   E1 4 + E2 0 + E3 6 + E8 5 + E5 2 + E7 2 + E9 5 + E10 4 + E11 2 + E12 1 + E13 1 = 32 d / 11 episodes
    #   (E4 and E16 are psychiatric)
    # Q2 2022: E14 3 + E15 12 = 15 d / 2 = 7.5 (E15 is in the 2022-03 file too, but corrected to 2022-04-01)
    assert _only(tiny, "medelvardtid") == {"Q1 2022": pytest.approx(32 / 11), "Q2 2022": 7.5}
    # 75+: Q1: E1 4 (80) + E3 6 (exactly 75 after correction; 70 before) + E5 2 (90) + E7 2 (80) = 14 / 4 = 3.5
    #      Q2: E14 3 (85) = 3.0
    assert _only(tiny, "medelvardtid_75") == {"Q1 2022": 3.5, "Q2 2022": 3.0}


def test_tiny_aterinlaggning(tiny) -> None:
    # Q1 2022 index (somatic, discharged in Q1, age >= 65, not avliden):
    #   E1 P1 out 01-05: E7 akut in 02-04 = day 30                 -> readmitted
    #   E3 P3 out 01-08: E16 in 01-20 is psychiatric                -> no
    #   E8 P6 out 01-20: E9 akut in 02-20 = day 31                  -> no
    #   E7 P1, E9 P6, E11 P7, E13 P8: nothing after                 -> no
    #   E10 P7 out 03-01: E11 in 03-10 is planned                   -> no
    #   E12 P8 out 03-15: E13 akut in 03-15 = day 0                 -> no
    #   E8 and E9 are exactly 65 (included); E2 is 64 (excluded)
    #   not index: E2 (age 64), E5 (avliden), E4/E16 (psychiatry), E14/E15 (Q2)
    #   => 1 of 9 = 11.11 %  (10 % if avliden or age 64 counted; 1/7 if age 65 left out;
    #      22.2 % if day 31 / day 0 / planned / psychiatric readmissions counted)
    # Q1 needs discharge months 2022-01 .. 2022-04 (03-31 + 30 d = 04-30): all delivered.
    # Q2 needs through 2022-07: 2022-05..07 not delivered => no value, although Q2 has index episodes.
    assert _only(tiny, "aterinlaggning_30d") == {"Q1 2022": pytest.approx(100 / 9)}


def test_tiny_belaggningsgrad(tiny) -> None:
    # Q1: (105 + 95 + 40) / (100 + 100 + 50) = 240 / 250 = 96 %; Q2: 110 / 100 = 110 %
    assert _only(tiny, "belaggningsgrad") == {"Q1 2022": 96.0, "Q2 2022": 110.0}


def test_tiny_vantetider(tiny) -> None:
    # telefon: Q1 2022 (180 + 82) / (200 + 100) = 87.33 %; jan-24 929 / 1000 = 92.9 %; other periods: no rows
    assert _only(tiny, "telefon_24h") == {"Q1 2022": pytest.approx(262 / 3), "jan-24": pytest.approx(92.9)}
    # bedömning: Q3 2022 (40 + 41) / (50 + 50) = 81 %; Q1 2023 has only a 0/0 row => no value
    assert _only(tiny, "bedomning_3d") == {"Q3 2022": 81.0}
    assert tiny[("bedomning_3d", "Q1 2023")] is None


def test_tiny_npe(tiny) -> None:
    # (100 × 80,00 + 300 × 79,40) / 400 = 31 820 / 400 = 79.55, shown in Q4 2022 only; other dimensions ignored
    assert _only(tiny, "npe_delaktighet") == {"Q4 2022": pytest.approx(79.55)}
    assert round_half_up(tiny[("npe_delaktighet", "Q4 2022")], 2) == Decimal("79.55")


def test_tiny_narsjukvardsteam(tiny) -> None:
    # Q1: active teams Lidköping + Skövde–Tibro = 2; contacts 1 203 + 300 = 1 503 (Mölndal inactive);
    #     no inskrivna reported => no value
    # Q2: 2 active; contacts 1 000 + 200 = 1 200; inskrivna 1 100 + 150 = 1 250
    # Q3 onwards: no file => no value; jan-24 is a month, teams report quarterly => no value
    assert _only(tiny, "nsvt_antal_team") == {"Q1 2022": 2, "Q2 2022": 2}
    assert _only(tiny, "nsvt_vardkontakter") == {"Q1 2022": 1503, "Q2 2022": 1200}
    assert _only(tiny, "nsvt_inskrivna") == {"Q2 2022": 1250}


def test_tiny_samsa(tiny) -> None:
    # SIP: Q1 S1, S2 (re-sent in the 2022-02 file), S3 = 3 distinct; Q2: the 2022-04 file is delivered but
    # empty => 0; Q3 onwards: no file => no value (not 0)
    assert _only(tiny, "sip_antal") == {"Q1 2022": 3, "Q2 2022": 0}
    # utskrivningsklar: Q1 (01-05 − 01-03) 2 + (01-10 − 01-10) 0 + (03-04 − 02-20) 12 = 14 d; no other file
    assert _only(tiny, "utskrivningsklar_dagar") == {"Q1 2022": 14}


def test_tiny_egenmonitorering_absent(tiny) -> None:
    assert _only(tiny, "egenmonitorering_patienter") == {}


def test_tiny_egenmonitorering_delivered(tmp_path: Path) -> None:
    landing = build_tiny_landing(tmp_path / "landing")
    _write(landing / "egenmonitorering" / "egenmonitorering_2022-03.csv",
           "patient_lopnr,program,startdatum,slutdatum\n"
           "P1,hjartsvikt,2022-01-01,\n"  # active
           "P1,kol,2022-02-01,\n"  # same patient, second programme
           "P2,hypertoni,2022-01-01,2022-03-31\n"  # ends on the last day: still enrolled that day
           "P3,kol,2022-01-01,2022-03-30\n"  # ended before the last day
           "P4,njursvikt,2022-04-01,\n")  # fmt: skip  # not started yet
    # Q1 2022 (last day 03-31): P1, P2 = 2; no delivery for any other period => no value
    assert _only(compute_region_figures(landing), "egenmonitorering_patienter") == {"Q1 2022": 2}


def test_missing_or_empty_sources_give_no_values(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / "vega_slutenvard").mkdir(parents=True)  # empty folder
    (landing / "samsa_sip").mkdir()
    figures = compute_region_figures(landing)
    assert set(figures) == {(i, p) for i in INDICATORS for p in PERIOD_LABELS}
    assert all(v is None for v in figures.values())


def test_team_file_is_windows_1252(tmp_path: Path) -> None:
    """The tiny team file really is in the export encoding (so the test above exercises cp1252)."""
    landing = build_tiny_landing(tmp_path / "landing")
    raw = (landing / "narsjukvardsteam" / "narsjukvardsteam_2022-Q1.csv").read_bytes()
    assert "vårdkontakter".encode("cp1252") in raw and b"\x96" in raw  # å as 0xE5, en dash as 0x96
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";"))
    assert rows[1][3] == "1 203"
