"""Crafted bad landing files: for every data-quality check of the catalogue, one extra file that
violates exactly that check, written in its source's exact export layout (SOURCES.md).

Each source's layout is encoded once (`Layout`: delivered header, contract column names, value
kinds, encoding/separator/line ends, a valid row). A row check is crafted generically from the
catalogue row's `rule` and `column_name`:

- missing_column    the header (and row) lack the layout's last required column
- field_count       the line has one extra field
- required_value    the column is emptied
- invalid_format    the column gets an unreadable value of its kind (BAD_FORMAT)
- not_accepted      the column gets a value outside its set
- negative_count    the column gets -3
- implausible_value / file_name_mismatch / total_row: the layout's `special` entry for (rule, column)
- consistency       the column gets a code the references do not know (UNKNOWN_CODE, by check name)

Only the cross-source and uniqueness checks whose bad input needs another file or another source's
data are crafted explicitly (EXPLICIT). Crafted files of the regional sources are recognisable by
`__chk-<check>` in their name; kommun_hsl files must be named `hsl_<kod>_YYYY-MM[_vN].csv`, so
each crafted kommun_hsl file gets a municipality-month that no delivered file uses (a version
would supersede a real file's rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

# An unreadable value per kind, for invalid_format.
BAD_FORMAT = {
    "date": "2023-13-45",
    "month": "2023-13",
    "year": "20x2",
    "quarter": "2023 Q5",
    "int": "12,5",  # a decimal where a whole number is expected
    "percent": "xx",
    "code4": "14x1",
    "hex2": "G7",
    "compact_month": "202313",
    "amount": "12,3,4",
}
NOT_ACCEPTED = "ogiltig"
NEGATIVE = "-3"
# consistency checks: the value the references must not know, by the check's name (3rd id part)
UNKNOWN_CODE = {
    "hospital_code_known": "XX-XXX",
    "care_centre_code_known": "VC9999XX",
    "municipality_code_known": "0000",
    "municipality_name_known": "Atlantis",
    "municipality_unknown": "9999",
    "diagnosis_code_known": "K99.1",  # a category in no ICD-10-SE chapter
}
NO_POPULATION_CODE = "1384"  # a real municipality (Kungsbacka, Halland) outside the county's population seed
DELIVERY_MODEL = "dq_delivery_coverage"
HSL_DIALECT_C_TOTAL = "kommun_hsl.total_row.kommun_kod"

HSL_COLUMNS = ["kommun_kod", "manad", "antal_patienter_hemsjukvard", "antal_patienter_sabo", "antal_hembesok",
               "antal_inskrivna_65_plus", "rapportdatum"]
HSL_HEADERS = {
    "A": HSL_COLUMNS,
    "B": ["Kommun", "Månad", "Patienter hemsjukvård", "Patienter SÄBO", "Hembesök", "Inskrivna 65+", "Rapportdatum"],
    "C": ["KOMMUNKOD", "PERIOD", "HEMSJUKVARD_PAT", "SABO_PAT", "HEMBESOK", "PAT_65PLUS", "RAPPORTDATUM"],
}
HSL_NAME = re.compile(r"^hsl_([0-9]{4})_([0-9]{4}-[0-9]{2})(_v[0-9]+)?\.csv$", re.I)
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]


@dataclass(frozen=True)
class Dialect:
    sep: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    crlf: bool = False

    def encode(self, rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out, delimiter=self.sep, lineterminator="\r\n" if self.crlf else "\n").writerows(rows)
        return (b"\xef\xbb\xbf" if self.bom else b"") + out.getvalue().encode(self.encoding)


REGIONAL = Dialect()
SPREADSHEET = Dialect(sep=";", encoding="cp1252", crlf=True)
HSL_DIALECTS = {"A": REGIONAL, "B": SPREADSHEET, "C": Dialect(sep=";", bom=True)}

Row = dict[str, str]


@dataclass
class Layout:
    """One source's export layout and a valid row in it (contract column -> delivered text)."""

    source: str
    columns: list[str]  # contract names, as the catalogue's column_name, in delivered order
    header: list[str]  # the header as delivered
    dialect: Dialect
    kinds: dict[str, str]  # contract column -> BAD_FORMAT kind
    good: Row
    stem: str  # file name without .csv, e.g. vega_slutenvard_2023-01
    unique: tuple[str, str] | None = None  # (column, prefix) made unique per crafted file
    special: dict[tuple[str, str], Callable[[Row], Row]] = field(default_factory=dict)
    trailer: Callable[[Row], list[str]] | None = None  # a line after the data (dialect C Summa)

    def render(self, rows: list[Row], columns: list[str] | None = None, extra: list[str] | None = None) -> bytes:
        columns = columns or self.columns
        header = [self.header[self.columns.index(c)] for c in columns]
        lines = [header] + [[r[c] for c in columns] + (extra or []) for r in rows]
        if self.trailer:
            summa = self.trailer(rows[0])
            lines.append([summa[self.columns.index(c)] for c in columns])
        return self.dialect.encode(lines)


@dataclass
class Craft:
    """The crafted files of one check and where the check must fire."""

    check_id: str
    target_file: str  # file name (no folder) the finding must name
    files: dict[str, bytes]  # '<source>/<file>' -> content
    allowed: dict[str, set[str]] = field(default_factory=dict)  # file name -> checks that may fire there
    error: str | None = None  # why this check could not be crafted


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()


def iso(day: dt.date) -> str:
    return day.isoformat()


def add_months(month: dt.date, n: int) -> dt.date:
    k = month.year * 12 + month.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


# --------------------------------------------------------------------------------------- context
@dataclass
class Context:
    landing: Path
    manifest: dict
    episode: dict[str, str]  # a real, current Vega episode with a county home municipality
    month: dt.date  # its discharge month: Vega is delivered for it
    county_codes: list[str]
    hsl_dialects: dict[str, str]
    hsl_taken: set[tuple[str, str]]  # (code, YYYY-MM) used by any kommun_hsl file

    @classmethod
    def load(cls, landing: Path, seeds: Path) -> Context:
        manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
        with open(seeds / "reference__municipalities.csv", encoding="utf-8") as f:
            county = [r["municipality_code"] for r in csv.DictReader(f)]
        resent = {d["episode_id"] for d in manifest["defects"] if d["defect"] == "corrected_episode_resent"}
        rows: list[dict[str, str]] = []
        for entry in manifest["sources"]["vega_slutenvard"]["files"]:  # the generated files, not crafted ones
            with open(landing / entry["file"], encoding="utf-8", newline="") as f:
                rows += list(csv.DictReader(f))
        seen: dict[str, int] = {}
        for r in rows:
            seen[r["vardtillfalle_id"]] = seen.get(r["vardtillfalle_id"], 0) + 1
        episode = next(r for r in rows if seen[r["vardtillfalle_id"]] == 1 and r["vardtillfalle_id"] not in resent
                       and r["kommun_kod"] in county and r["verksamhet"] == "somatik")
        discharge = dt.date.fromisoformat(episode["utskrivningsdatum"])
        taken = set()
        for path in (landing / "kommun_hsl").glob("*.csv"):
            if m := HSL_NAME.match(path.name):
                taken.add((m.group(1), m.group(2)))
        return cls(landing, manifest, episode, discharge.replace(day=1), county,
                   manifest["kommun_hsl_dialects"], taken)

    def free_hsl_month(self, code: str) -> dt.date:
        """The first month of 2022-01..2024-01 (the follow-up period) no kommun_hsl file uses for code."""
        month = dt.date(2022, 1, 1)
        while (code, month.strftime("%Y-%m")) in self.hsl_taken:
            month = add_months(month, 1)
            if month > dt.date(2024, 1, 1):
                raise RuntimeError(f"no free kommun_hsl month for {code}")
        self.hsl_taken.add((code, month.strftime("%Y-%m")))
        return month


# --------------------------------------------------------------------------------------- layouts
def regional_layouts(ctx: Context) -> dict[str, Layout]:
    """The regional and SAMSA sources: one file layout each (SOURCES.md), with a valid row."""
    m = ctx.month
    ym = m.strftime("%Y-%m")

    def day(n: int) -> str:
        return iso(m + dt.timedelta(days=n - 1))

    next_month = add_months(m, 1)
    ep = ctx.episode
    discharge = dt.date.fromisoformat(ep["utskrivningsdatum"])

    def layout(source: str, columns: list[str], good: list[str], stem_period: str, **kw) -> Layout:
        return Layout(source, columns, list(columns), kw.pop("dialect", REGIONAL), kw.pop("kinds", {}),
                      dict(zip(columns, good, strict=True)), f"{source}_{stem_period}", **kw)

    layouts = [
        layout("vega_slutenvard",
               ["vardtillfalle_id", "patient_lopnr", "sjukhus_kod", "verksamhet", "inskrivningsdatum",
                "utskrivningsdatum", "inskrivningssatt", "utskrivningssatt", "alder", "kon", "kommun_kod",
                "leveransdatum"],
               ["", "PCHK0001", "SU-SAH", "somatik", day(3), day(10), "akut", "hem", "77", "K", "1480",
                iso(next_month + dt.timedelta(days=4))], ym,
               kinds={"inskrivningsdatum": "date", "utskrivningsdatum": "date", "alder": "int",
                      "leveransdatum": "date", "kommun_kod": "code4"},
               unique=("vardtillfalle_id", "VTCHK"),
               special={("implausible_value", "utskrivningsdatum"): lambda r: {"inskrivningsdatum": day(12)},
                        ("implausible_value", "alder"): lambda r: {"alder": "130"}}),
        layout("vega_vardplatser", ["datum", "sjukhus_kod", "disponibla_vardplatser", "belagda_vardplatser"],
               [day(10), "SU-SAH", "20", "18"], ym,
               kinds={"datum": "date", "disponibla_vardplatser": "int", "belagda_vardplatser": "int"}),
        layout("vantetider_telefon", ["matmanad", "vardcentral_kod", "antal_samtal", "antal_kontakt_inom_24h"],
               [ym, "VC140101", "50", "40"], ym,
               kinds={"matmanad": "month", "antal_samtal": "int", "antal_kontakt_inom_24h": "int"},
               special={("implausible_value", "antal_kontakt_inom_24h"): lambda r: {"antal_kontakt_inom_24h": "60"}}),
        layout("vantetider_bedomning",
               ["manad", "vardcentral_kod", "antal_forsta_kontakter", "antal_bedomda_inom_3_dagar"],
               [ym, "VC140101", "10", "8"], ym,
               kinds={"manad": "month", "antal_forsta_kontakter": "int", "antal_bedomda_inom_3_dagar": "int"},
               special={("implausible_value", "antal_bedomda_inom_3_dagar"):
                        lambda r: {"antal_bedomda_inom_3_dagar": "12"}}),
        layout("primarvard_kontakter", ["manad", "vardcentral_kod", "kontakttyp", "antal"],
               [ym, "VC140101", "digitalt", "5"], ym, kinds={"manad": "month", "antal": "int"}),
        layout("npe_primarvard", ["ar", "vardcentral_kod", "dimension", "antal_svar", "andel_positiva"],
               [str(m.year), "VC140101", "delaktighet_och_involvering", "20", "79,40"], str(m.year),
               kinds={"ar": "year", "antal_svar": "int", "andel_positiva": "percent"},
               special={("implausible_value", "andel_positiva"): lambda r: {"andel_positiva": "112,50"}}),
        layout("egenmonitorering", ["patient_lopnr", "program", "startdatum", "slutdatum"],
               ["", "kol", day(5), ""], ym, kinds={"startdatum": "date", "slutdatum": "date"},
               unique=("patient_lopnr", "PCHK"),
               special={("implausible_value", "slutdatum"): lambda r: {"slutdatum": day(4)}}),
        layout("narsjukvardsteam",
               ["Kvartal", "Team", "Kommun", "Antal vårdkontakter", "Antal inskrivna patienter", "Aktivt"],
               [f"{m.year} Q{(m.month - 1) // 3 + 1}", "", "Skövde", "1 203", "", "Ja"],
               f"{m.year}-Q{(m.month - 1) // 3 + 1}", dialect=SPREADSHEET,
               kinds={"Kvartal": "quarter", "Antal vårdkontakter": "int", "Antal inskrivna patienter": "int"},
               unique=("Team", "Närsjukvårdsteam Kontroll ")),
        layout("samsa_sip", ["sip_id", "patient_lopnr", "kommun_kod", "upprattad_datum", "initierad_av", "status"],
               ["", "PCHK0001", "1480", day(5), "region", "upprattad"], ym,
               kinds={"upprattad_datum": "date", "kommun_kod": "code4"}, unique=("sip_id", "SIPCHK")),
        # A real Vega episode, so that the row agrees with Vega unless a check wants otherwise.
        layout("samsa_utskrivningsklara",
               ["vardtillfalle_id", "patient_lopnr", "kommun_kod", "utskrivningsklar_datum", "utskrivningsdatum"],
               [ep["vardtillfalle_id"], ep["patient_lopnr"], ep["kommun_kod"],
                iso(discharge - dt.timedelta(days=2)), iso(discharge)], discharge.strftime("%Y-%m"),
               kinds={"utskrivningsklar_datum": "date", "utskrivningsdatum": "date", "kommun_kod": "code4"},
               special={("implausible_value", "utskrivningsklar_datum"):
                        lambda r: {"utskrivningsklar_datum": iso(discharge + dt.timedelta(days=1))}}),
        # patient-level open care: a home visit (not among the aggregate's contact types, so the crafted rows
        # never move the reconciliation with primarvard_kontakter)
        layout("vega_primarvard",
               ["kontakt_id", "patient_lopnr", "kontaktdatum", "vardcentral_kod", "kontakttyp", "yrkeskategori",
                "vardgivare_lopnr", "huvuddiagnos", "alder", "kon", "kommun_kod", "leveransdatum"],
               ["", "PCHK0001", day(5), "VC140101", "hembesok", "lakare", "VCHK0001", "I50.0", "84", "K", "1401",
                iso(next_month + dt.timedelta(days=4))], ym,
               kinds={"kontaktdatum": "date", "alder": "int", "leveransdatum": "date", "kommun_kod": "code4"},
               unique=("kontakt_id", "PVCHK"),
               special={("implausible_value", "alder"): lambda r: {"alder": "130"},
                        ("completeness", "vardgivare_lopnr"): lambda r: {"vardgivare_lopnr": ""}}),
        layout("vega_oppenvard",
               ["kontakt_id", "patient_lopnr", "kontaktdatum", "sjukhus_kod", "klinik", "kontakttyp", "yrkeskategori",
                "huvuddiagnos", "alder", "kon", "kommun_kod", "leveransdatum"],
               ["", "PCHK0001", day(5), "SU-SAH", "kardiologi", "besok", "lakare", "I50.0", "84", "K", "1401",
                iso(next_month + dt.timedelta(days=4))], ym,
               kinds={"kontaktdatum": "date", "alder": "int", "leveransdatum": "date", "kommun_kod": "code4"},
               unique=("kontakt_id", "OVCHK"),
               special={("implausible_value", "alder"): lambda r: {"alder": "130"}}),
        # an id ending the generated statement already lists (1 in 64: 00, 40, 80, C0), so the share stays
        layout("urval", ["manad", "kalla", "patient_lopnr_slutar_med"], [ym, "vega_primarvard", "00"], ym,
               kinds={"manad": "month", "patient_lopnr_slutar_med": "hex2"}),
        # the region's ledger as its financial system exports it (Windows-1252, `;`, CRLF, decimal comma)
        layout("ekonomi_region",
               ["Period", "Ansvar", "Ansvarsnamn", "Verksamhet", "Verksamhetsnamn", "Nettokostnad"],
               [m.strftime("%Y%m"), "4999", "Kontrollenhet Vårdcentral", "110", "Primärvård, hälso- och sjukvård",
                "-1234,50"], m.strftime("%Y%m"), dialect=SPREADSHEET,
               kinds={"Period": "compact_month", "Nettokostnad": "amount"}),
        # a year no generated file holds (the checks' landing ends before the year is complete)
        layout("kommun_ekonomi", ["ar", "kommun_kod", "verksamhet", "bruttokostnad_tkr", "nettokostnad_tkr"],
               [str(m.year + 1), "1401", "rehabilitering", "120", "100"], str(m.year + 1),
               kinds={"ar": "year", "kommun_kod": "code4", "bruttokostnad_tkr": "int", "nettokostnad_tkr": "int"},
               special={("implausible_value", "nettokostnad_tkr"): lambda r: {"nettokostnad_tkr": "130"}}),
        layout("listning",
               ["manad", "vardcentral_kod", "kon", "aldersgrupp", "antal_listade",
                "antal_med_namngiven_fast_lakarkontakt"],
               [ym, "VC140101", "K", "80+", "40", "12"], ym,
               kinds={"manad": "month", "antal_listade": "int", "antal_med_namngiven_fast_lakarkontakt": "int"},
               special={("implausible_value", "antal_med_namngiven_fast_lakarkontakt"):
                        lambda r: {"antal_med_namngiven_fast_lakarkontakt": "41"}}),
    ]
    return {lay.source: lay for lay in layouts}


def hsl_render_month(dialect: str, month: dt.date) -> str:
    return {"A": month.strftime("%Y-%m"), "B": f"{MONTHS_SV[month.month - 1]} {month.year}",
            "C": month.strftime("%Y%m")}[dialect]


def hsl_layout(dialect: str, code: str, month: dt.date, county: list[str]) -> Layout:
    """kommun_hsl in one municipal dialect (SOURCES.md), for one municipality-month."""
    counts = [1234, 56, 7890, 987]
    report = add_months(month, 1) + dt.timedelta(days=9)

    def number(v: int) -> str:
        return f"{v:,}".replace(",", " ") if dialect == "B" else str(v)

    good = dict(zip(HSL_COLUMNS, [code, hsl_render_month(dialect, month), *map(number, counts),
                                  report.strftime("%Y%m%d") if dialect == "C" else iso(report)], strict=True))
    other_code = next(c for c in county if c != code)
    special = {
        ("file_name_mismatch", "kommun_kod"): lambda r: {"kommun_kod": other_code},
        ("file_name_mismatch", "manad"): lambda r: {"manad": hsl_render_month(dialect, add_months(month, 1))},
    }
    trailer = (lambda r: ["Summa", "", *map(str, counts), ""]) if dialect == "C" else None
    return Layout("kommun_hsl", list(HSL_COLUMNS), HSL_HEADERS[dialect], HSL_DIALECTS[dialect],
                  dict.fromkeys(HSL_COLUMNS[2:6], "int") | {"kommun_kod": "code4", "manad": "month",
                                                          "rapportdatum": "date"},
                  good, f"hsl_{code}_{month:%Y-%m}", special=special, trailer=trailer)


# --------------------------------------------------------------------------------------- crafting
def bad_row(layout: Layout, rule: str, column: str,
            check_name: str) -> tuple[Row, list[str] | None, list[str] | None]:
    """A copy of the layout's valid row violating one check: (row, columns to write, extra fields)."""
    row = dict(layout.good)
    if rule == "missing_column":
        return row, layout.columns[:-1], None
    if rule == "field_count":
        return row, None, ["extra"]
    if rule == "personnummer":  # the test personnummer typed into the last column
        row[layout.columns[-1]] = "19121212-1212"
        return row, None, None
    if rule == "required_value":
        row[column] = ""
    elif rule == "invalid_format":
        row[column] = BAD_FORMAT[layout.kinds[column]]
    elif rule == "not_accepted":
        row[column] = NOT_ACCEPTED
    elif rule == "negative_count":
        row[column] = NEGATIVE
    elif rule == "unknown_code":  # a code outside the classification seed
        row[column] = "999"
    elif rule in ("consistency", "plausibility") and check_name in UNKNOWN_CODE:
        row[column] = UNKNOWN_CODE[check_name]
    elif (rule, column) in layout.special:
        row.update(layout.special[(rule, column)](row))
    else:
        raise KeyError(f"no crafting rule for rule={rule!r} column={column!r}")
    return row, None, None


class Crafter:
    def __init__(self, landing: Path, seeds: Path) -> None:
        self.ctx = Context.load(landing, seeds)
        self.regional = regional_layouts(self.ctx)
        self.n = 0
        self.dialect_turn = 0

    # a fresh layout per crafted file: unique ids, and for kommun_hsl a municipality-month of its own
    def layout(self, source: str, dialect: str | None = None, code: str | None = None) -> Layout:
        self.n += 1
        if source == "kommun_hsl":
            if dialect is None:
                dialect = "ABC"[self.dialect_turn % 3]
                self.dialect_turn += 1
            if code is None:
                code = min(c for c, d in self.ctx.hsl_dialects.items() if d == dialect and c != "1480")
            return hsl_layout(dialect, code, self.ctx.free_hsl_month(code), self.ctx.county_codes)
        lay = self.regional[source]
        if lay.unique:
            col, prefix = lay.unique
            lay = replace(lay, good={**lay.good, col: f"{prefix}{self.n:04d}"})
        return lay

    def name(self, lay: Layout, check_id: str, suffix: str = "") -> str:
        if lay.source == "kommun_hsl":
            return f"{lay.stem}{suffix}.csv"
        return f"{lay.stem}__chk-{slug(check_id.split('.', 1)[1])}{suffix}.csv"

    def craft(self, check: dict[str, str]) -> Craft:
        check_id, source, rule, column = check["check_id"], check["source"], check["rule"], check["column_name"]
        check_name = check_id.split(".")[2]
        try:
            if check_id in EXPLICIT:
                return EXPLICIT[check_id](self, check_id)
            dialect = "C" if rule == "total_row" else None
            lay = self.layout(source, dialect)
            if rule in FILE_CONTENT:  # the file as a whole is the fault
                return self.single(check_id, lay, self.name(lay, check_id), FILE_CONTENT[rule](lay))
            if rule == "file_name_mismatch" and source != "kommun_hsl":  # the file is named for the next period
                lay = replace(lay, stem=next_period_stem(lay.stem))
                return self.single(check_id, lay, self.name(lay, check_id), lay.render([lay.good]))
            if rule in ("total_row", "file_name_pattern"):  # the Summa trailer / the file name is the fault
                row, columns, extra = dict(lay.good), None, None
            else:
                row, columns, extra = bad_row(lay, rule, column, check_name)
            name = self.name(lay, check_id)
            if rule == "file_name_pattern":
                name = f"{lay.stem}__chk-{slug(check_id.split('.', 1)[1])}.csv"
            return self.single(check_id, lay, name, lay.render([row], columns, extra))
        except Exception as exc:  # noqa: BLE001 - reported by the check's own test, not the whole module
            return Craft(check_id, "", {}, error=f"{type(exc).__name__}: {exc}")

    def single(self, check_id: str, lay: Layout, name: str, content: bytes) -> Craft:
        allowed = {check_id} | ({HSL_DIALECT_C_TOTAL} if lay.trailer else set())
        return Craft(check_id, name, {f"{lay.source}/{name}": content}, {name: allowed})


def next_period_stem(stem: str) -> str:
    """`<source>_<period>` with the period one month, quarter or year later (a month as YYYY-MM or YYYYMM)."""
    compact = re.fullmatch(r"(.*_)([0-9]{4})([0-9]{2})", stem)
    if compact:
        return compact[1] + add_months(dt.date(int(compact[2]), int(compact[3]), 1), 1).strftime("%Y%m")
    prefix, year, rest = re.fullmatch(r"(.*_)([0-9]{4})(-Q[1-4]|-[0-9]{2})?", stem).groups()
    if rest is None:
        return f"{prefix}{int(year) + 1}"
    if rest.startswith("-Q"):
        quarter = int(year) * 4 + int(rest[2]) - 1 + 1
        return f"{prefix}{quarter // 4}-Q{quarter % 4 + 1}"
    return prefix + add_months(dt.date(int(year), int(rest[1:]), 1), 1).strftime("%Y-%m")


# Whole-file faults: a valid delivery saved as UTF-16 (Excel "Unicode text"), an empty file, a header alone.
FILE_CONTENT: dict[str, Callable[[Layout], bytes]] = {
    "unreadable_file": lambda lay: lay.render([lay.good]).decode(lay.dialect.encoding).encode("utf-16"),
    "empty_file": lambda lay: b"",
    "header_only_file": lambda lay: lay.dialect.encode([lay.header]),
}


# --------------------------------------------------------------------------------------- explicit checks
def _episode_not_in_vega(c: Crafter, check_id: str) -> Craft:
    lay = c.layout("samsa_utskrivningsklara")
    row = {**lay.good, "vardtillfalle_id": f"VTCHK{c.n:04d}"}  # an id Vega never delivered, in a delivered month
    return c.single(check_id, lay, c.name(lay, check_id), lay.render([row]))


def _episode_differs_from_vega(c: Crafter, check_id: str) -> Craft:
    lay = c.layout("samsa_utskrivningsklara")
    discharge = dt.date.fromisoformat(lay.good["utskrivningsdatum"]) + dt.timedelta(days=1)
    row = {**lay.good, "utskrivningsdatum": iso(discharge)}
    return c.single(check_id, lay, c.name(lay, check_id), lay.render([row]))


def _no_population(c: Crafter, check_id: str) -> Craft:
    lay = c.layout("kommun_hsl", dialect="A", code=NO_POPULATION_CODE)
    return c.single(check_id, lay, c.name(lay, check_id), lay.render([lay.good]))


def _corrected(source: str) -> Callable[[Crafter, str], Craft]:
    """A row delivered, then re-sent by a later delivery with another age: the first is superseded."""
    def craft(c: Crafter, check_id: str) -> Craft:
        lay = c.layout(source)
        first, resent = c.name(lay, check_id), c.name(lay, check_id, "-resent")
        delivered = dt.date.fromisoformat(lay.good["leveransdatum"])
        correction = {**lay.good, "alder": "78", "leveransdatum": iso(delivered + dt.timedelta(days=14))}
        return Craft(check_id, first,
                     {f"{source}/{first}": lay.render([lay.good]), f"{source}/{resent}": lay.render([correction])},
                     {first: {check_id}, resent: set()})
    return craft


def _contacts_not_reconciled(c: Crafter, check_id: str) -> Craft:
    """Forty patient-level physical contacts at one care centre in one month: far more than a 1-in-64 sample of
    the centre's aggregate count gives."""
    lay = c.layout("vega_primarvard")
    rows = [{**lay.good, "kontakt_id": f"PVCHKR{i:04d}", "kontakttyp": "fysiskt"} for i in range(40)]
    return c.single(check_id, lay, c.name(lay, check_id), lay.render(rows))


def _duplicate_plan(c: Crafter, check_id: str) -> Craft:
    lay = c.layout("samsa_sip")
    return c.single(check_id, lay, c.name(lay, check_id), lay.render([lay.good, lay.good]))


def _superseded_version(c: Crafter, check_id: str) -> Craft:
    lay = c.layout("kommun_hsl")
    first, second = c.name(lay, check_id), c.name(lay, check_id, "_v2")
    report = lay.good["rapportdatum"]
    later = (dt.datetime.strptime(report, "%Y%m%d" if len(report) == 8 else "%Y-%m-%d").date()
             + dt.timedelta(days=7))
    correction = {**lay.good, "antal_inskrivna_65_plus": "990",
                  "rapportdatum": later.strftime("%Y%m%d") if len(report) == 8 else iso(later)}
    extra = {HSL_DIALECT_C_TOTAL} if lay.trailer else set()
    return Craft(check_id, first,
                 {f"kommun_hsl/{first}": lay.render([lay.good]), f"kommun_hsl/{second}": lay.render([correction])},
                 {first: {check_id} | extra, second: extra})


def _unknown_diagnosis(c: Crafter, check_id: str) -> Craft:
    """The layout of 2023-01 on (SOURCES.md: the two diagnosis columns at the end), a main diagnosis in no
    ICD-10-SE chapter; the generator's default landing does not deliver that layout yet."""
    lay = c.layout("vega_slutenvard")
    diagnoses = {"huvuddiagnos": "I50.0", "bidiagnoser": "E11.9|I10"}
    lay = replace(lay, columns=[*lay.columns, *diagnoses], header=[*lay.header, *diagnoses],
                  good={**lay.good, **diagnoses})
    return c.single(check_id, lay, c.name(lay, check_id), lay.render([{**lay.good, "huvuddiagnos": "K99.1"}]))


def _accrual_correction(c: Crafter, check_id: str) -> Craft:
    """A `_korr` file for the layout's month: valid rows adding to it, which the review shows as a correction."""
    lay = c.layout("ekonomi_region")
    name = f"{lay.stem}_korr.txt"
    return c.single(check_id, lay, name, lay.render([lay.good]))


EXPLICIT: dict[str, Callable[[Crafter, str], Craft]] = {
    "ekonomi_region.correction.accrual_correction": _accrual_correction,
    "samsa_utskrivningsklara.consistency.episode_in_vega": _episode_not_in_vega,
    "samsa_utskrivningsklara.consistency.matches_vega_episode": _episode_differs_from_vega,
    "kommun_hsl.consistency.population_denominator": _no_population,
    "vega_slutenvard.uniqueness.corrected_episode": _corrected("vega_slutenvard"),
    "vega_primarvard.uniqueness.corrected_contact": _corrected("vega_primarvard"),
    "vega_oppenvard.uniqueness.corrected_contact": _corrected("vega_oppenvard"),
    "vega_primarvard.consistency.matches_aggregate_contacts": _contacts_not_reconciled,
    "vega_slutenvard.consistency.diagnosis_code_known": _unknown_diagnosis,
    "samsa_sip.uniqueness.duplicate_plan": _duplicate_plan,
    "kommun_hsl.uniqueness.superseded_version": _superseded_version,
}


def craft_all(landing: Path, seeds: Path, checks: list[dict[str, str]]) -> dict[str, Craft]:
    """Write one crafted file set per check into `landing` (never over a delivered file)."""
    crafter = Crafter(landing, seeds)
    crafts: dict[str, Craft] = {}
    for check in checks:
        craft = crafter.craft(check)
        for rel, content in craft.files.items():
            path = landing / rel
            if path.exists():
                craft = replace(craft, error=f"crafted file {rel} would overwrite a delivered file")
                break
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        crafts[check["check_id"]] = craft
    return crafts
