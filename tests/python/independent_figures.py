"""An independent recomputation of VGR's published region-level figures from a landing folder.

This module deliberately imports nothing from the project (neither the generator nor the dbt models):
it reads the source extracts exactly as `SOURCES.md` describes them and recomputes the 13 published
indicators with plain DuckDB SQL, so that it can serve as a second opinion on both the generator (does
the default landing reproduce the published table?) and the mart.

Conventions
-----------
* Every CSV column is read as text and cast here, so that what is in the file is what is checked.
* Aggregates are computed as exact integers / decimals in SQL and divided in Python, so that a value
  such as 87.5 % comes out exactly (no float noise at the rounding boundary).
* Values are returned in the published display unit: percent as 0-100, days, counts.
* `None` means "no value can be produced": the source delivered no file covering the period (count and
  sum indicators), or the denominator is 0 / there are no rows (ratio indicators).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import duckdb

# --------------------------------------------------------------------------------------------------
# Periods of the published table
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    label: str  # period_label_sv in the published seed
    kind: str  # 'quarter' or 'month'
    start: dt.date
    end: dt.date  # inclusive

    @property
    def months(self) -> list[str]:
        """The period's months as 'YYYY-MM'."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    @property
    def quarter_key(self) -> str | None:
        """'YYYY-Qn' for a quarter period, else None."""
        if self.kind != "quarter":
            return None
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def _quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(f"Q{q} {year}", "quarter", dt.date(year, first, 1), _month_end(year, first + 2))


PERIODS: list[Period] = [_quarter(y, q) for y in (2022, 2023) for q in (1, 2, 3, 4)] + [
    Period("jan-24", "month", dt.date(2024, 1, 1), dt.date(2024, 1, 31))
]

INDICATORS: list[str] = [
    "npe_delaktighet",
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
]

Figures = dict[tuple[str, str], float | None]

# --------------------------------------------------------------------------------------------------
# Reading the landing
# --------------------------------------------------------------------------------------------------


def _csv_files(landing: Path, source: str) -> list[Path]:
    """Every non-empty CSV directly under <landing>/<source>/ (missing folder = no files)."""
    folder = Path(landing) / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv" and p.stat().st_size > 0)


def _file_months(files: list[Path], source: str) -> set[str]:
    """Months 'YYYY-MM' named by files `<source>_YYYY-MM.csv`."""
    pattern = re.compile(rf"^{re.escape(source)}_(\d{{4}}-\d{{2}})\.csv$", re.IGNORECASE)
    return {m.group(1) for f in files if (m := pattern.match(f.name))}


def _register_regional(con: duckdb.DuckDBPyConnection, name: str, files: list[Path], columns: list[str]) -> bool:
    """Create table `name` (all VARCHAR) from UTF-8, comma-separated files. Returns False if no files."""
    if not files:
        con.execute(f"create table {name} ({', '.join(f'{c} varchar' for c in columns)}, filename varchar)")
        return False
    paths = [str(f) for f in files]
    con.execute(
        f"""
        create table {name} as
        select {', '.join(columns)}, filename
        from read_csv(?, header = true, delim = ',', quote = '"', escape = '"', encoding = 'utf-8',
                      all_varchar = true, union_by_name = true, filename = true, auto_detect = true)
        """,
        [paths],
    )
    return True


def _parse_int_sv(text: str | None) -> int | None:
    """A count from a Swedish spreadsheet export: '1 203' (space / nbsp thousands separator)."""
    if text is None:
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned == "":
        return None
    if "," in cleaned:  # decimal comma; counts should be whole
        value = Decimal(cleaned.replace(",", "."))
        if value != value.to_integral_value():
            raise ValueError(f"non-integral count {text!r}")
        return int(value)
    return int(cleaned)


def _read_team_rows(files: list[Path]) -> list[dict[str, object]]:
    """Rows of the Windows-1252, ';'-separated close-care team reports, normalised."""
    rows: list[dict[str, object]] = []
    for f in files:
        text = f.read_bytes().decode("cp1252")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
        header = next(reader, None)
        if header is None:
            continue
        header = [h.strip() for h in header]
        idx = {h: i for i, h in enumerate(header)}
        required = ["Kvartal", "Team", "Antal vårdkontakter", "Antal inskrivna patienter", "Aktivt"]
        missing = [h for h in required if h not in idx]
        if missing:
            raise ValueError(f"{f.name}: missing columns {missing}; header is {header}")
        for rec in reader:
            if not any(cell.strip() for cell in rec):
                continue
            get = lambda col, rec=rec, idx=idx: rec[idx[col]] if idx[col] < len(rec) else None  # noqa: E731
            kvartal = re.sub(r"\s+", " ", (get("Kvartal") or "").strip())
            m = re.fullmatch(r"(\d{4}) ?Q([1-4])", kvartal)
            if m is None:
                raise ValueError(f"{f.name}: unexpected Kvartal {kvartal!r}")
            rows.append(
                {
                    "quarter": f"{m.group(1)}-Q{m.group(2)}",
                    "team": (get("Team") or "").strip(),
                    "kontakter": _parse_int_sv(get("Antal vårdkontakter")),
                    "inskrivna": _parse_int_sv(get("Antal inskrivna patienter")),
                    "aktiv": (get("Aktivt") or "").strip().casefold() == "ja",
                }
            )
    return rows


# --------------------------------------------------------------------------------------------------
# The computation
# --------------------------------------------------------------------------------------------------


def _ratio(num: object, den: object, scale: int = 1) -> float | None:
    """num / den * scale computed exactly, or None when there is nothing to divide by."""
    if num is None or den is None or den == 0:
        return None
    return float(Fraction(Decimal(str(num))) / Fraction(Decimal(str(den))) * scale)


def _periods_sql() -> str:
    return " union all ".join(
        f"select '{p.label}' as label, date '{p.start.isoformat()}' as p_start, date '{p.end.isoformat()}' as p_end"
        for p in PERIODS
    )


def compute_region_figures(landing: Path) -> Figures:
    """Region-level value of each published indicator in each published period (None = no value)."""
    landing = Path(landing)
    out: Figures = {(i, p.label): None for i in INDICATORS for p in PERIODS}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"create table periods as {_periods_sql()}")
        _vega(con, landing, out)
        _vardplatser(con, landing, out)
        _vantetider(con, landing, out)
        _npe(con, landing, out)
        _teams(landing, out)
        _samsa(con, landing, out)
        _egenmonitorering(con, landing, out)
    finally:
        con.close()
    return out


def _vega(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    source = "vega_slutenvard"
    files = _csv_files(landing, source)
    cols = [
        "vardtillfalle_id", "patient_lopnr", "sjukhus_kod", "verksamhet", "inskrivningsdatum",
        "utskrivningsdatum", "inskrivningssatt", "utskrivningssatt", "alder", "kon", "kommun_kod",
        "leveransdatum",
    ]  # fmt: skip
    if not _register_regional(con, "vega_raw", files, cols):
        return
    # latest leveransdatum wins; ties broken by the later file name (deterministic)
    con.execute(
        """
        create table vega as
        select trim(vardtillfalle_id) as id,
               trim(patient_lopnr) as patient,
               trim(verksamhet) as verksamhet,
               cast(trim(inskrivningsdatum) as date) as inskr,
               cast(trim(utskrivningsdatum) as date) as utskr,
               trim(inskrivningssatt) as inskrivningssatt,
               trim(utskrivningssatt) as utskrivningssatt,
               cast(trim(alder) as integer) as alder
        from vega_raw
        qualify row_number() over (
            partition by trim(vardtillfalle_id)
            order by cast(trim(leveransdatum) as date) desc, filename desc
        ) = 1
        """
    )
    for label, n, days, n75, days75 in con.execute(
        """
        select p.label,
               count(*), sum(date_diff('day', v.inskr, v.utskr)),
               count(*) filter (where v.alder >= 75),
               sum(date_diff('day', v.inskr, v.utskr)) filter (where v.alder >= 75)
        from periods p join vega v on v.utskr between p.p_start and p.p_end
        where v.verksamhet = 'somatik'
        group by p.label
        """
    ).fetchall():
        out[("medelvardtid", label)] = _ratio(days, n)
        out[("medelvardtid_75", label)] = _ratio(days75, n75)

    # 30-day readmissions: only when every discharge month from the period start through
    # period end + 30 days has been delivered
    delivered = _file_months(files, source)
    complete = []
    for p in PERIODS:
        horizon = p.end + dt.timedelta(days=30)
        needed = Period("", "", p.start, horizon).months
        if all(m in delivered for m in needed):
            complete.append(p.label)
    if not complete:
        return
    rows = con.execute(
        """
        with idx as (
            select p.label, v.id, v.patient, v.utskr
            from periods p join vega v on v.utskr between p.p_start and p.p_end
            where v.verksamhet = 'somatik' and v.alder >= 65 and v.utskrivningssatt <> 'avliden'
        ),
        readm as (
            select patient, inskr from vega where verksamhet = 'somatik' and inskrivningssatt = 'akut'
        ),
        flagged as (
            select i.label, i.id,
                   exists (select 1 from readm r
                           where r.patient = i.patient
                             and date_diff('day', i.utskr, r.inskr) between 1 and 30) as readmitted
            from idx i
        )
        select label, count(*) as n_index, count(*) filter (where readmitted) as n_readm
        from flagged group by label
        """
    ).fetchall()
    for label, n_index, n_readm in rows:
        if label in complete:
            out[("aterinlaggning_30d", label)] = _ratio(n_readm, n_index, 100)


def _vardplatser(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    files = _csv_files(landing, "vega_vardplatser")
    cols = ["datum", "sjukhus_kod", "disponibla_vardplatser", "belagda_vardplatser"]
    if not _register_regional(con, "vardplatser_raw", files, cols):
        return
    for label, belagda, disponibla in con.execute(
        """
        select p.label,
               sum(cast(trim(belagda_vardplatser) as bigint)),
               sum(cast(trim(disponibla_vardplatser) as bigint))
        from periods p join vardplatser_raw v on cast(trim(v.datum) as date) between p.p_start and p.p_end
        group by p.label
        """
    ).fetchall():
        out[("belaggningsgrad", label)] = _ratio(belagda, disponibla, 100)


def _month_ratio(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    out: Figures,
    source: str,
    indicator: str,
    month_col: str,
    num_col: str,
    den_col: str,
    other_cols: list[str],
) -> None:
    files = _csv_files(landing, source)
    table = f"{source}_raw"
    if not _register_regional(con, table, files, [month_col, *other_cols, num_col, den_col]):
        return
    for p in PERIODS:
        num, den = con.execute(
            f"""
            select sum(cast(trim({num_col}) as bigint)), sum(cast(trim({den_col}) as bigint))
            from {table} where trim({month_col}) in (select unnest(?::varchar[]))
            """,
            [p.months],
        ).fetchone()
        out[(indicator, p.label)] = _ratio(num, den, 100)


def _vantetider(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    _month_ratio(
        con, landing, out, "vantetider_telefon", "telefon_24h",
        "matmanad", "antal_kontakt_inom_24h", "antal_samtal", ["vardcentral_kod"],
    )  # fmt: skip
    _month_ratio(
        con, landing, out, "vantetider_bedomning", "bedomning_3d",
        "manad", "antal_bedomda_inom_3_dagar", "antal_forsta_kontakter", ["vardcentral_kod"],
    )  # fmt: skip


def _npe(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    files = _csv_files(landing, "npe_primarvard")
    cols = ["ar", "vardcentral_kod", "dimension", "antal_svar", "andel_positiva"]
    if not _register_regional(con, "npe_raw", files, cols):
        return
    # Σ(antal_svar × andel_positiva/100) / Σ antal_svar, shown ×100  ==  Σ(antal_svar × andel) / Σ antal_svar
    results = con.execute(
        """
        select cast(trim(ar) as integer) as year,
               sum(cast(trim(antal_svar) as bigint)
                   * cast(replace(trim(andel_positiva), ',', '.') as decimal(9, 4))) as weighted,
               sum(cast(trim(antal_svar) as bigint)) as n
        from npe_raw where trim(dimension) = 'delaktighet_och_involvering'
        group by year
        """
    ).fetchall()
    for year, weighted, n in results:
        label = f"Q4 {year}"
        if ("npe_delaktighet", label) in out:
            out[("npe_delaktighet", label)] = _ratio(weighted, n)


def _teams(landing: Path, out: Figures) -> None:
    files = _csv_files(landing, "narsjukvardsteam")
    rows = _read_team_rows(files)
    pattern = re.compile(r"^narsjukvardsteam_(\d{4})-Q([1-4])\.csv$", re.IGNORECASE)
    delivered = {f"{m.group(1)}-Q{m.group(2)}" for f in files if (m := pattern.match(f.name))}
    for p in PERIODS:
        q = p.quarter_key
        if q is None:  # a quarterly report has no monthly value
            continue
        in_q = [r for r in rows if r["quarter"] == q]
        if q not in delivered and not in_q:
            continue
        active = [r for r in in_q if r["aktiv"]]
        out[("nsvt_antal_team", p.label)] = float(len({r["team"] for r in active}))
        out[("nsvt_vardkontakter", p.label)] = float(sum(r["kontakter"] or 0 for r in active))
        reported = [r["inskrivna"] for r in in_q if r["inskrivna"] is not None]
        out[("nsvt_inskrivna", p.label)] = float(sum(reported)) if reported else None


def _samsa(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    # Antal SIP: distinct sip_id established in the period; None if none of the period's months delivered
    source = "samsa_sip"
    files = _csv_files(landing, source)
    cols = ["sip_id", "patient_lopnr", "kommun_kod", "upprattad_datum", "initierad_av", "status"]
    if _register_regional(con, "sip_raw", files, cols):
        delivered = _file_months(files, source)
        counts = dict(
            con.execute(
                """
                select p.label, count(distinct trim(s.sip_id))
                from periods p join sip_raw s on cast(trim(s.upprattad_datum) as date) between p.p_start and p.p_end
                group by p.label
                """
            ).fetchall()
        )
        for p in PERIODS:
            if delivered.intersection(p.months):
                out[("sip_antal", p.label)] = float(counts.get(p.label, 0))

    # Vårdtid som utskrivningsklar: Σ (utskrivningsdatum − utskrivningsklar_datum) by discharge date
    source = "samsa_utskrivningsklara"
    files = _csv_files(landing, source)
    cols = ["vardtillfalle_id", "patient_lopnr", "kommun_kod", "utskrivningsklar_datum", "utskrivningsdatum"]
    if _register_regional(con, "uk_raw", files, cols):
        delivered = _file_months(files, source)
        sums = dict(
            con.execute(
                """
                select p.label,
                       sum(date_diff('day', cast(trim(u.utskrivningsklar_datum) as date),
                                            cast(trim(u.utskrivningsdatum) as date)))
                from periods p join uk_raw u on cast(trim(u.utskrivningsdatum) as date) between p.p_start and p.p_end
                group by p.label
                """
            ).fetchall()
        )
        for p in PERIODS:
            if delivered.intersection(p.months):
                out[("utskrivningsklar_dagar", p.label)] = float(sums.get(p.label) or 0)


def _egenmonitorering(con: duckdb.DuckDBPyConnection, landing: Path, out: Figures) -> None:
    source = "egenmonitorering"
    files = _csv_files(landing, source)
    cols = ["patient_lopnr", "program", "startdatum", "slutdatum"]
    if not _register_regional(con, "egen_raw", files, cols):
        return
    delivered = _file_months(files, source)
    for p in PERIODS:
        # a point-in-time count needs a delivery for some month of the period
        if not delivered.intersection(p.months):
            continue
        (n,) = con.execute(
            """
            select count(distinct trim(patient_lopnr)) from egen_raw
            where cast(trim(startdatum) as date) <= ?
              and (nullif(trim(slutdatum), '') is null or cast(trim(slutdatum) as date) >= ?)
            """,
            [p.end, p.end],
        ).fetchone()
        out[("egenmonitorering_patienter", p.label)] = float(n)


# --------------------------------------------------------------------------------------------------
# The published table and the comparison
# --------------------------------------------------------------------------------------------------

PUBLISHED_SEED = Path("seeds") / "reference" / "reference__published_indicator_values.csv"


def load_published(repo_root: Path) -> dict[tuple[str, str], tuple[float | None, int | None]]:
    """(indicator_id, period_label_sv) -> (published_value, decimals); (None, None) for a blank cell."""
    path = Path(repo_root) / PUBLISHED_SEED
    out: dict[tuple[str, str], tuple[float | None, int | None]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            key = (r["indicator_id"], r["period_label_sv"])
            if key in out:
                raise ValueError(f"duplicate published cell {key}")
            if r["is_blank"].strip().lower() == "true":
                out[key] = (None, None)
            else:
                out[key] = (float(r["published_value"]), int(r["decimals"]))
    return out


def round_half_up(value: float, decimals: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def compare(
    computed: Figures,
    published: dict[tuple[str, str], tuple[float | None, int | None]],
) -> list[str]:
    """One message per published cell the computed figures do not reproduce (empty list = all match)."""
    messages: list[str] = []
    for (indicator, period), (value, decimals) in published.items():
        got = computed.get((indicator, period))
        where = f"{indicator} {period}"
        if value is None:
            if got is not None:
                messages.append(f"{where}: published blank, computed {got!r}")
            continue
        assert decimals is not None
        expected = round_half_up(value, decimals)
        if got is None:
            messages.append(f"{where}: published {expected}, computed no value")
            continue
        rounded = round_half_up(got, decimals)
        if rounded != expected:
            messages.append(f"{where}: published {expected}, computed {rounded} (unrounded {got!r})")
    return messages
