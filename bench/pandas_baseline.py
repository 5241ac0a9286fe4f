"""The analyst's baseline: region-level indicators with pandas, straight from the landing files.

This is what an analyst without the warehouse would write: read each source's CSV files with
`pandas.read_csv`, apply the source contract's rules by hand and aggregate per published period.
It imports nothing from the project's models; the periods and the "no value" rules are the ones of
`tests/python/independent_figures.py` (the plain-DuckDB lower bound), so the two can be compared cell
by cell. It also computes two indicators the lower bound does not have (digitala_vardmoten and
hsl_inskrivna_65_per_1000), which `bench/run.py` compares with the mart instead.

Values are in the published display unit (percent 0-100, days, counts, per 1 000), `None` = no value.
Sums are taken as exact integers and divided with `fractions.Fraction`, exactly like the lower bound,
so agreeing figures are equal floats.

    python bench/pandas_baseline.py LANDING [--out figures.json]
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "python"))

from figures_cli import run_figures_cli  # noqa: E402
from independent_figures import PERIODS, Period  # noqa: E402  (periods only: the computation is below)

INDICATORS: list[str] = [
    "medelvardtid",
    "medelvardtid_75",
    "aterinlaggning_30d",
    "belaggningsgrad",
    "digitala_vardmoten",
    "telefon_24h",
    "bedomning_3d",
    "sip_antal",
    "utskrivningsklar_dagar",
    "hsl_inskrivna_65_per_1000",
]

Figures = dict[tuple[str, str], float | None]

POPULATION_SEED = REPO_ROOT / "seeds" / "reference" / "reference__population.csv"
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december"]


# --------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------


def _files(landing: Path, source: str) -> list[Path]:
    folder = landing / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv" and p.stat().st_size > 0)


def _read(files: list[Path], columns: list[str]) -> pd.DataFrame:
    """All files of a regional source (UTF-8, comma) as text columns, stripped, with the file name."""
    if not files:
        return pd.DataFrame(columns=[*columns, "filename"], dtype=str)
    frames = []
    for f in files:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False, usecols=columns, encoding="utf-8")
        frame["filename"] = str(f)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    for c in columns:
        out[c] = out[c].str.strip()
    return out


def _delivered_months(files: list[Path], source: str) -> set[str]:
    pattern = re.compile(rf"^{re.escape(source)}_(\d{{4}}-\d{{2}})\.csv$", re.IGNORECASE)
    return {m.group(1) for f in files if (m := pattern.match(f.name))}


def _ratio(num: Any, den: Any, scale: int = 1) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return float(Fraction(int(num)) / Fraction(int(den)) * scale)


def _in(dates: pd.Series, p: Period) -> pd.Series:
    return (dates >= pd.Timestamp(p.start)) & (dates <= pd.Timestamp(p.end))


# --------------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------------


def _vega(landing: Path, out: Figures) -> None:
    source = "vega_slutenvard"
    files = _files(landing, source)
    cols = ["vardtillfalle_id", "patient_lopnr", "verksamhet", "inskrivningsdatum", "utskrivningsdatum",
            "inskrivningssatt", "utskrivningssatt", "alder", "leveransdatum"]
    raw = _read(files, cols)
    if raw.empty:
        return
    raw["leveransdatum"] = pd.to_datetime(raw["leveransdatum"], format="%Y-%m-%d")
    # a re-sent episode: the latest leveransdatum wins, ties to the later file name
    vega = (raw.sort_values(["vardtillfalle_id", "leveransdatum", "filename"], ascending=[True, False, False])
               .drop_duplicates("vardtillfalle_id", keep="first"))
    vega = vega.assign(
        inskr=pd.to_datetime(vega["inskrivningsdatum"], format="%Y-%m-%d"),
        utskr=pd.to_datetime(vega["utskrivningsdatum"], format="%Y-%m-%d"),
        alder=vega["alder"].astype("int64"),
    )
    vega["days"] = (vega["utskr"] - vega["inskr"]).dt.days
    somatic = vega[vega["verksamhet"] == "somatik"]

    delivered = _delivered_months(files, source)
    index = somatic[(somatic["alder"] >= 65) & (somatic["utskrivningssatt"] != "avliden")]
    acute = somatic.loc[somatic["inskrivningssatt"] == "akut", ["patient_lopnr", "inskr"]]
    pairs = index[["vardtillfalle_id", "patient_lopnr", "utskr"]].merge(acute, on="patient_lopnr")
    gap = (pairs["inskr"] - pairs["utskr"]).dt.days
    readmitted = set(pairs.loc[(gap >= 1) & (gap <= 30), "vardtillfalle_id"])

    for p in PERIODS:
        in_p = somatic[_in(somatic["utskr"], p)]
        if len(in_p):
            out[("medelvardtid", p.label)] = _ratio(in_p["days"].sum(), len(in_p))
            aged = in_p[in_p["alder"] >= 75]
            out[("medelvardtid_75", p.label)] = _ratio(aged["days"].sum(), len(aged)) if len(aged) else None
        # 30-day readmissions only when every discharge month through period end + 30 days is delivered
        needed = Period("", "", p.start, p.end + dt.timedelta(days=30)).months
        if not all(m in delivered for m in needed):
            continue
        idx = index[_in(index["utskr"], p)]
        if len(idx):
            out[("aterinlaggning_30d", p.label)] = _ratio(idx["vardtillfalle_id"].isin(readmitted).sum(), len(idx), 100)


def _bed_census(landing: Path, out: Figures) -> None:
    beds = _read(_files(landing, "vega_vardplatser"), ["datum", "disponibla_vardplatser", "belagda_vardplatser"])
    if beds.empty:
        return
    beds["datum"] = pd.to_datetime(beds["datum"], format="%Y-%m-%d")
    beds["belagda"] = beds["belagda_vardplatser"].astype("int64")
    beds["disponibla"] = beds["disponibla_vardplatser"].astype("int64")
    for p in PERIODS:
        in_p = beds[_in(beds["datum"], p)]
        if len(in_p):
            out[("belaggningsgrad", p.label)] = _ratio(in_p["belagda"].sum(), in_p["disponibla"].sum(), 100)


def _monthly_share(landing: Path, out: Figures, source: str, indicator: str, month: str, num: str, den: str) -> None:
    frame = _read(_files(landing, source), [month, num, den])
    if frame.empty:
        return
    sums = frame.assign(n=frame[num].astype("int64"), d=frame[den].astype("int64")).groupby(month)[["n", "d"]].sum()
    for p in PERIODS:
        part = sums[sums.index.isin(p.months)]
        out[(indicator, p.label)] = _ratio(part["n"].sum(), part["d"].sum(), 100) if len(part) else None


def _digital_contacts(landing: Path, out: Figures) -> None:
    contacts = _read(_files(landing, "primarvard_kontakter"), ["manad", "kontakttyp", "antal"])
    if contacts.empty:
        return
    contacts = contacts[contacts["kontakttyp"].isin(["digitalt", "fysiskt"])]
    contacts = contacts.assign(antal=contacts["antal"].astype("int64"))
    digital = contacts[contacts["kontakttyp"] == "digitalt"].groupby("manad")["antal"].sum()
    both = contacts.groupby("manad")["antal"].sum()
    for p in PERIODS:
        d = both[both.index.isin(p.months)].sum()
        out[("digitala_vardmoten", p.label)] = _ratio(digital[digital.index.isin(p.months)].sum(), d, 100)


def _samsa(landing: Path, out: Figures) -> None:
    files = _files(landing, "samsa_sip")
    sip = _read(files, ["sip_id", "upprattad_datum"])
    if not sip.empty:
        delivered = _delivered_months(files, "samsa_sip")
        sip["upprattad"] = pd.to_datetime(sip["upprattad_datum"], format="%Y-%m-%d")
        for p in PERIODS:
            if delivered.intersection(p.months):
                out[("sip_antal", p.label)] = float(sip.loc[_in(sip["upprattad"], p), "sip_id"].nunique())

    files = _files(landing, "samsa_utskrivningsklara")
    ready = _read(files, ["utskrivningsklar_datum", "utskrivningsdatum"])
    if not ready.empty:
        delivered = _delivered_months(files, "samsa_utskrivningsklara")
        ready["utskr"] = pd.to_datetime(ready["utskrivningsdatum"], format="%Y-%m-%d")
        ready["days"] = (ready["utskr"] - pd.to_datetime(ready["utskrivningsklar_datum"], format="%Y-%m-%d")).dt.days
        for p in PERIODS:
            if delivered.intersection(p.months):
                out[("utskrivningsklar_dagar", p.label)] = float(ready.loc[_in(ready["utskr"], p), "days"].sum())


# --------------------------------------------------------------------------------------------------
# Municipal home health care: three dialects, corrections, defects
# --------------------------------------------------------------------------------------------------

HSL_FILE = re.compile(r"^hsl_(\d{4})_(\d{4}-\d{2})(_v(\d+))?\.csv$", re.IGNORECASE)
#: dialect header -> contract column (A is the contract's own)
HSL_HEADERS = {
    "kommun": "kommun_kod", "kommunkod": "kommun_kod", "kommun_kod": "kommun_kod",
    "månad": "manad", "period": "manad", "manad": "manad",
    "patienter hemsjukvård": "antal_patienter_hemsjukvard", "hemsjukvard_pat": "antal_patienter_hemsjukvard",
    "antal_patienter_hemsjukvard": "antal_patienter_hemsjukvard",
    "patienter säbo": "antal_patienter_sabo", "sabo_pat": "antal_patienter_sabo",
    "antal_patienter_sabo": "antal_patienter_sabo",
    "hembesök": "antal_hembesok", "hembesok": "antal_hembesok", "antal_hembesok": "antal_hembesok",
    "inskrivna 65+": "antal_inskrivna_65_plus", "pat_65plus": "antal_inskrivna_65_plus",
    "antal_inskrivna_65_plus": "antal_inskrivna_65_plus",
    "rapportdatum": "rapportdatum",
}
HSL_COUNTS = ["antal_patienter_hemsjukvard", "antal_patienter_sabo", "antal_hembesok", "antal_inskrivna_65_plus"]


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _month(text: str) -> str | None:
    """'2023-01', '202301', 'januari 2023' -> '2023-01'."""
    text = text.strip().lower()
    if m := re.fullmatch(r"(\d{4})-(\d{2})(-\d{2})?", text):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.fullmatch(r"(\d{4})(\d{2})", text):
        return f"{m.group(1)}-{m.group(2)}"
    if (m := re.fullmatch(r"([a-zåäö]+)\s+(\d{4})", text)) and m.group(1) in MONTHS_SV:
        return f"{m.group(2)}-{MONTHS_SV.index(m.group(1)) + 1:02d}"
    return None


def _count(text: str) -> int | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    return int(cleaned) if re.fullmatch(r"-?\d+", cleaned) else None


def _report_date(text: str) -> str:
    return re.sub(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", text.strip())


def _municipal(landing: Path, out: Figures) -> None:
    rows = []
    for f in _files(landing, "kommun_hsl"):
        name = HSL_FILE.match(f.name)
        if name is None:
            continue
        text = _decode(f.read_bytes())
        sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        frame = frame.rename(columns=lambda c: HSL_HEADERS.get(c.strip().lower(), c.strip()))
        for rec in frame.to_dict("records"):
            code = rec["kommun_kod"].strip()
            if code.lower() in ("summa", "totalt", "total"):
                continue  # a dialect C total row is not data
            counts = [_count(rec[c]) for c in HSL_COUNTS]
            if code != name.group(1) or _month(rec["manad"]) != name.group(2):
                continue  # the row contradicts its file name: invalid
            if any(c is None or c < 0 for c in counts):
                continue  # a negative or unreadable count makes the row invalid
            rows.append({"kommun_kod": code, "month": name.group(2), "version": int(name.group(4) or 1),
                         "rapportdatum": _report_date(rec["rapportdatum"]), "filename": f.name,
                         "enrolled": counts[3]})
    if not rows:
        return
    reports = pd.DataFrame(rows)
    # corrections: the highest file version of a municipality-month wins, then the latest report date
    reports = (reports.sort_values(["kommun_kod", "month", "version", "rapportdatum", "filename"],
                                   ascending=[True, True, False, False, False])
                      .drop_duplicates(["kommun_kod", "month"], keep="first"))

    population = pd.read_csv(POPULATION_SEED, dtype={"municipality_code": str})
    population_65 = (population[population["age_min"] >= 65]
                     .groupby(["municipality_code", "year"])["population"].sum())
    years_present = population_65.index.get_level_values("year")
    first_year, last_year = years_present.min(), years_present.max()
    years = reports["month"].str[:4].astype(int).clip(first_year, last_year)
    keys = list(zip(reports["kommun_kod"], years, strict=True))
    per_report: list[Any] = [population_65.get(k) for k in keys]
    reports["population_65"] = per_report
    reports = reports.dropna(subset=["population_65"])
    for p in PERIODS:
        part = reports[reports["month"].isin(p.months)]
        if len(part):
            out[("hsl_inskrivna_65_per_1000", p.label)] = _ratio(
                part["enrolled"].sum(), part["population_65"].astype("int64").sum(), 1000)


# --------------------------------------------------------------------------------------------------


def compute_region_figures_pandas(landing: Path) -> Figures:
    """Region-level value of each indicator of INDICATORS in each period of PERIODS (None = no value)."""
    landing = Path(landing)
    out: Figures = {(i, p.label): None for i in INDICATORS for p in PERIODS}
    _vega(landing, out)
    _bed_census(landing, out)
    _monthly_share(landing, out, "vantetider_telefon", "telefon_24h", "matmanad", "antal_kontakt_inom_24h",
                   "antal_samtal")
    _monthly_share(landing, out, "vantetider_bedomning", "bedomning_3d", "manad", "antal_bedomda_inom_3_dagar",
                   "antal_forsta_kontakter")
    _digital_contacts(landing, out)
    _samsa(landing, out)
    _municipal(landing, out)
    return out


def main(argv: list[str] | None = None) -> int:
    return run_figures_cli(__doc__.split("\n\n")[0], compute_region_figures_pandas, argv)


if __name__ == "__main__":
    sys.exit(main())
