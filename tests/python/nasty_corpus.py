"""The corpus of nasty deliveries (tests/python/fixtures/nasty_corpus) and what each file must give.

Every file is a delivery as it arrives from a municipality, a spreadsheet or a broken export: the
bytes are built here, written by `python tests/python/nasty_corpus.py`, and committed. EXPECTED is
written by hand from the files' content and the contract (SOURCES.md), not from the project's
output: for each file its status, rows read, accepted, quarantined and superseded, blank lines,
and the rule of chosen lines. Periods are 2025, after the default landing, so the files add to it
without touching its figures (the two kommun_hsl 1430 files supersede only each other).

A test drops the whole corpus into a copy of the default landing, builds, and checks EXPECTED.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "fixtures" / "nasty_corpus"

TOLVAN = "19121212-1212"  # the Swedish Tax Agency's test personnummer; valid check digit
SAMORDNING = "640883-3223"  # a samordningsnummer (day 23 + 60) with a valid check digit
NOT_LUHN = "1234567890"  # ten digits whose check digit is wrong: not a personnummer


@dataclass(frozen=True)
class Expected:
    status: str
    read: int
    accepted: int
    quarantined: int
    superseded: int = 0
    blank: int | None = None
    rules: dict[int, str] = field(default_factory=dict)  # line number -> rule
    message_mentions: tuple[str, ...] = ()  # words the file's status message (or a finding) must hold


def _crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


def _lf(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in (("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
                           ("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 2, 3, 12, 0, 0)), text)
    return out.getvalue()


HSL_A_HEADER = ("kommun_kod,manad,antal_patienter_hemsjukvard,antal_patienter_sabo,antal_hembesok,"
                "antal_inskrivna_65_plus,rapportdatum")
NBSP = "\u00a0"

FILES: dict[str, bytes] = {
    # Dialect B from a spreadsheet: Windows-1252, ';', CRLF, Swedish headers in another order plus
    # a free-text column, thousands with a space and a no-break space, a personnummer typed into
    # the comment, a decimal in a count, an Excel empty row, a Summa row and a blank line.
    "kommun_hsl/hsl_1401_2025-01.csv": _crlf([
        "Månad;Kommun;Kommentar;Hembesök;Patienter hemsjukvård;Patienter SÄBO;Inskrivna 65+;Rapportdatum",
        f"januari 2025;1401;;2 447;1{NBSP}234;310;980;2025-02-10",
        f"januari 2025;1401;ring {TOLVAN} om detta;12;5;4;3;2025-02-11",
        "januari 2025;1401;;12,5;100;50;80;2025-02-12",
        ";;;;;;;",
        "Summa;;;2 459;1 239;314;983;",
        "",
    ]).encode("cp1252"),
    # A required column (antal_hembesok) is missing: the file is skipped, both rows quarantined.
    "kommun_hsl/hsl_1402_2025-01.csv": _lf([
        "kommun_kod,manad,antal_patienter_hemsjukvard,antal_patienter_sabo,antal_inskrivna_65_plus,rapportdatum",
        "1402,2025-01,50,20,40,2025-02-10",
        "1402,2025-01,51,21,41,2025-02-11",
    ]).encode("utf-8"),
    # Zero bytes.
    "kommun_hsl/hsl_1407_2025-01.csv": b"",
    # A header and an empty line, no data.
    "kommun_hsl/hsl_1415_2025-01.csv": _crlf([HSL_A_HEADER, ""]).encode("utf-8"),
    # Excel's "Unicode text": UTF-16 little endian with a byte-order mark.
    "kommun_hsl/hsl_1419_2025-01.csv": _crlf([HSL_A_HEADER, "1419,2025-01,50,20,300,40,2025-02-10"]
                                              ).encode("utf-16"),
    # The row is another municipality's (1440) than the file name says (1421).
    "kommun_hsl/hsl_1421_2025-01.csv": _lf([HSL_A_HEADER, "1440,2025-01,50,20,300,40,2025-02-10"]).encode("utf-8"),
    # Dialect C headers with a BOM but tab separated, compact month and date, and a last line cut off.
    "kommun_hsl/hsl_1427_2025-01.csv": (
        "\ufeffKOMMUNKOD\tPERIOD\tHEMSJUKVARD_PAT\tSABO_PAT\tHEMBESOK\tPAT_65PLUS\tRAPPORTDATUM\n"
        "1427\t202501\t50\t20\t300\t40\t20250210\n"
        "1427\t202501\t5"
    ).encode("utf-8"),
    # A first delivery and its _v2 correction: the first is superseded.
    "kommun_hsl/hsl_1430_2025-01.csv": _lf([HSL_A_HEADER, "1430,2025-01,50,20,300,40,2025-02-10"]).encode("utf-8"),
    "kommun_hsl/hsl_1430_2025-01_v2.csv": _lf([HSL_A_HEADER, "1430,2025-01,52,20,310,41,2025-02-20"]
                                               ).encode("utf-8"),
    # A note someone saved in the delivery folder.
    "kommun_hsl/LASMIG.txt": _lf(["Leverans från kommunen", "Filen för januari kommer senare."]).encode("utf-8"),
    # An Excel workbook saved under the CSV name.
    "vega_vardplatser/vega_vardplatser_2025-01.csv": _xlsx(),
    # A CSV export cut short by binary garbage (NUL bytes).
    "vega_slutenvard/vega_slutenvard_2025-01.csv": (
        b"vardtillfalle_id,patient_lopnr,sjukhus_kod,verksamhet,inskrivningsdatum,utskrivningsdatum,"
        b"inskrivningssatt,utskrivningssatt,alder,kon,kommun_kod,leveransdatum\n"
        b"VT90000001,PAB12CD34,SU-SAH,somatik,2025-01-02,2025-01-05,akut,hem,80,K,1480,2025-02-05\n"
        b"VT900\x00\x00\x00\x00\x1a\x00"
    ),
    # UTF-8 with BOM, quoted fields (a separator and doubled quotes inside), a 12-digit personnummer
    # and a samordningsnummer as patient ids, ten digits that fail the check (kept), a duplicate plan.
    "samsa_sip/samsa_sip_2025-01.csv": ("\ufeff" + _lf([
        "sip_id,patient_lopnr,kommun_kod,upprattad_datum,initierad_av,status",
        "SIP90000001,PAB12CD34,1480,2025-01-05,kommun,upprattad",
        '"SIP90000002","PAB12CD35","1480","2025-01-06","region","avslutad"',
        f"SIP90000003,{TOLVAN.replace('-', '')},1480,2025-01-07,kommun,upprattad",
        f"SIP90000004,{SAMORDNING},1480,2025-01-07,kommun,upprattad",
        f"SIP90000005,{NOT_LUHN},1480,2025-01-08,kommun,upprattad",
        'SIP90000006,"PAB,12 ""x""",1480,2025-01-09,"kommun","upprattad"',
        "SIP90000001,PAB12CD34,1480,2025-01-05,kommun,upprattad",
    ])).encode("utf-8"),
    # Latin-1 (ISO 8859-1) with Swedish headers, a no-break-space thousands separator, a negative
    # count, a contact type outside the contract, a count in words and a Totalt row.
    "primarvard_kontakter/primarvard_kontakter_2025-01.csv": _crlf([
        "Månad;Vårdcentral_kod;Kontakttyp;Antal",
        "2025-01;VC140101;fysiskt;1 204",
        "2025-01;VC140101;digitalt;-5",
        "2025-01;VC140101;brev;10",
        "2025-01;VC140101;telefon;ca 40",
        f"2025-01;VC140102;fysiskt;2{NBSP}000",
        "Totalt;;;3 204",
    ]).encode("latin-1"),
    # Percent signs and decimal commas, a share above 100 and an empty count.
    "npe_primarvard/npe_primarvard_2025.csv": _crlf([
        "ar;vardcentral_kod;dimension;antal_svar;andel_positiva",
        "2025;VC140101;helhetsintryck;75;79,40%",
        '2025;VC140102;helhetsintryck;98;"90,11"',
        "2025;VC140103;helhetsintryck;60;140,5",
        "2025;VC140104;helhetsintryck;;80",
    ]).encode("utf-8"),
    # The quarterly spreadsheet: Windows-1252, quarter written two ways, an empty row, a Totalt row.
    "narsjukvardsteam/narsjukvardsteam_2025-Q1.csv": _crlf([
        "Kvartal;Team;Kommun;Antal vårdkontakter;Antal inskrivna patienter;Aktivt",
        "Q1 2025;Närsjukvårdsteam Skövde;Skövde;278;12;Ja",
        "2025 Q1;Närsjukvårdsteam Lidköping;Lidköping;1 210;;Ja",
        ";;;;;",
        "Totalt;;;1 488;12;",
    ]).encode("cp1252"),
    # January's discharges saved under February's name: every row contradicts the file name.
    "samsa_utskrivningsklara/samsa_utskrivningsklara_2025-02.csv": _lf([
        "vardtillfalle_id,patient_lopnr,kommun_kod,utskrivningsklar_datum,utskrivningsdatum",
        "VT90000001,PAB12CD34,1480,2025-01-03,2025-01-05",
        "VT90000002,PAB12CD35,1480,2025-01-20,2025-01-21",
    ]).encode("utf-8"),
    # Only blank lines.
    "egenmonitorering/egenmonitorering_2025-01.csv": b" \r\n\r\n  \r\n",
    # Headers in other case, with å/ä, reordered and an extra column; a quoted comment with commas.
    "vantetider_telefon/vantetider_telefon_2025-01.csv": _lf([
        "Antal_Samtal,VÅRDCENTRAL_KOD,Mätmånad,Kommentar,antal_kontakt_inom_24h",
        "1 764,VC140101,2025-01,,1 520",
        '1800,VC140102,2025-01,"kommentar, med ""citat""",1700',
    ]).encode("utf-8"),
}

EXPECTED: dict[str, Expected] = {
    "kommun_hsl/hsl_1401_2025-01.csv": Expected(
        "readable", read=4, accepted=1, quarantined=3, blank=2,
        rules={3: "personnummer", 4: "invalid_format", 6: "total_row"}),
    "kommun_hsl/hsl_1402_2025-01.csv": Expected(
        "missing_columns", read=2, accepted=0, quarantined=2, blank=0,
        rules={2: "missing_column", 3: "missing_column"}, message_mentions=("antal_hembesok", "hsl_1402_2025-01.csv")),
    "kommun_hsl/hsl_1407_2025-01.csv": Expected("empty", read=0, accepted=0, quarantined=0, blank=0,
                                                message_mentions=("empty",)),
    "kommun_hsl/hsl_1415_2025-01.csv": Expected("header_only", read=0, accepted=0, quarantined=0, blank=1,
                                                message_mentions=("no data rows",)),
    "kommun_hsl/hsl_1419_2025-01.csv": Expected("unreadable", read=0, accepted=0, quarantined=0,
                                                message_mentions=("UTF-16",)),
    "kommun_hsl/hsl_1421_2025-01.csv": Expected("readable", read=1, accepted=0, quarantined=1, blank=0,
                                                rules={2: "file_name_mismatch"}),
    "kommun_hsl/hsl_1427_2025-01.csv": Expected("readable", read=2, accepted=1, quarantined=1, blank=0,
                                                rules={3: "field_count"}),
    "kommun_hsl/hsl_1430_2025-01.csv": Expected("readable", read=1, accepted=0, quarantined=0, superseded=1, blank=0),
    "kommun_hsl/hsl_1430_2025-01_v2.csv": Expected("readable", read=1, accepted=1, quarantined=0, blank=0),
    "kommun_hsl/LASMIG.txt": Expected("missing_columns", read=1, accepted=0, quarantined=1, blank=0,
                                      rules={2: "missing_column"}, message_mentions=("kommun_kod",)),
    "vega_vardplatser/vega_vardplatser_2025-01.csv": Expected("unreadable", read=0, accepted=0, quarantined=0,
                                                              message_mentions=("Excel workbook",)),
    "vega_slutenvard/vega_slutenvard_2025-01.csv": Expected("unreadable", read=0, accepted=0, quarantined=0,
                                                            message_mentions=("binary",)),
    "samsa_sip/samsa_sip_2025-01.csv": Expected(
        "readable", read=7, accepted=4, quarantined=2, superseded=1, blank=0,
        rules={4: "personnummer", 5: "personnummer"}),
    "primarvard_kontakter/primarvard_kontakter_2025-01.csv": Expected(
        "readable", read=6, accepted=2, quarantined=4, blank=0,
        rules={3: "negative_count", 4: "not_accepted", 5: "invalid_format"}),
    "npe_primarvard/npe_primarvard_2025.csv": Expected(
        "readable", read=4, accepted=2, quarantined=2, blank=0,
        rules={4: "implausible_value", 5: "required_value"}),
    "narsjukvardsteam/narsjukvardsteam_2025-Q1.csv": Expected(
        "readable", read=3, accepted=2, quarantined=1, blank=1),
    "samsa_utskrivningsklara/samsa_utskrivningsklara_2025-02.csv": Expected(
        "readable", read=2, accepted=0, quarantined=2, blank=0,
        rules={2: "file_name_mismatch", 3: "file_name_mismatch"}),
    "egenmonitorering/egenmonitorering_2025-01.csv": Expected("empty", read=0, accepted=0, quarantined=0),
    "vantetider_telefon/vantetider_telefon_2025-01.csv": Expected("readable", read=2, accepted=2, quarantined=0,
                                                                  blank=0),
}

# Values that must never appear, in any form, outside the quarantine's masked text.
PERSONAL_NUMBERS = (TOLVAN, TOLVAN.replace("-", ""), TOLVAN[2:], SAMORDNING, SAMORDNING.replace("-", ""))


def write_corpus(out: Path = CORPUS_DIR) -> list[Path]:
    written = []
    for name, content in FILES.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS_DIR)
    print(f"wrote {len(paths)} files under {paths[0].parents[1]}")
