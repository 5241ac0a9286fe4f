"""Generation settings, the delivery calendar, reference data, calibration targets and the manifest.

Everything a source module needs is on one `Context`, so each module is a function of it and
nothing else (which is what keeps the output byte-identical for a given seed).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nara_vard.generator.numeric import source_rng
from nara_vard.paths import SEEDS_DIR

GENERATOR_VERSION = "5"  # 2: month-by-month random streams (a later `end` only appends months); 3: diagnoses;
# 4: patient-level open care (vega_primarvard, vega_oppenvard), listning, urval;
# 5: costs (ekonomi_region, kommun_ekonomi) and files with a set modification time (the manifest's `modified`)

#: months simulated before the period (chains already running) and after it (readmissions known)
WORLD_WARM_UP = 6
WORLD_LEAD = 2

# Typical values used where the published table gives no target (other periods, blank cells).
BASELINE = {
    "telefon_24h": 90.0, "bedomning_3d": 88.0, "nsvt_vardkontakter": 2600.0,
    "nsvt_inskrivna": 1800.0, "medelvardtid": 5.2, "medelvardtid_75": 6.4, "belaggningsgrad": 106.0,
    "aterinlaggning_30d": 8.0, "utskrivningsklar_dagar": 7800.0, "sip_antal": 1800.0,
    "npe_delaktighet": 79.4,
}


@dataclass(frozen=True)
class Scenario:
    """Which data exist at the extraction date: the gaps of the default landing (SOURCES.md).

    Lags count whole months before the last month of the period that are not yet delivered.
    """

    vega_slutenvard_lag: int = 1
    samsa_utskrivningsklara_lag: int = 1
    vega_vardplatser_lag: int = 4
    samsa_sip_lag: int = 4
    vantetider_bedomning_lag: int = 1
    teams_missing_enrolled: tuple[str, ...] = ("2023-Q4",)
    deliver_egenmonitorering: bool = False
    vega_primarvard_lag: int = 1
    vega_oppenvard_lag: int = 1
    #: the patient-level open-care extracts hold 1 patient in this many (a power of two; 1 = every patient);
    #: 0 = by the scale: the power of two nearest to 64 × scale (1 to 256), so the extracts hold about as many
    #: patients as a 1-in-64 sample of the real region at any scale (at scale 1: 1 in 64)
    patient_level_sample: int = 0
    #: "YYYY:kommun_kod": the municipality's year is not in the year's first `kommun_ekonomi` file; it comes
    #: after the deadline in a re-delivery of the whole year (`kommun_ekonomi_YYYY_v2.csv`)
    kommun_ekonomi_late: tuple[str, ...] = ("2022:1460",)
    #: "YYYY:kommun_kod": the municipality's rows of that year are in no `kommun_ekonomi` file
    kommun_ekonomi_missing: tuple[str, ...] = ("2023:1439",)


@dataclass
class GeneratorConfig:
    out: Path
    seed: int = 42
    scale: float = 1.0
    start: str = "2022-01"
    end: str = "2024-01"
    scenario: Scenario = field(default_factory=Scenario)
    seeds_dir: Path = SEEDS_DIR
    progress: bool = True


def month_range(start: str, end: str) -> pd.PeriodIndex:
    return pd.period_range(pd.Period(start, "M"), pd.Period(end, "M"), freq="M")


def world_months(ctx: Context) -> pd.PeriodIndex:
    """The months the patient world is simulated for: a warm-up before the period, a lead after it."""
    return pd.period_range(ctx.first_month - WORLD_WARM_UP, ctx.last_month + WORLD_LEAD, freq="M")


@dataclass
class Reference:
    municipalities: pd.DataFrame
    hospitals: pd.DataFrame
    centres: pd.DataFrame
    population: pd.DataFrame

    @classmethod
    def load(cls, seeds_dir: Path) -> Reference:
        def read(name: str) -> pd.DataFrame:
            return pd.read_csv(seeds_dir / name, dtype=str, keep_default_na=False)

        pop = read("reference__population.csv")
        for col in ("year", "age_min", "age_max", "population"):
            pop[col] = pop[col].astype(int)
        return cls(read("reference__municipalities.csv"), read("reference__hospitals.csv"),
                   read("reference__primary_care_centres.csv"), pop)

    def population_65(self, year: int) -> pd.Series:
        """Inhabitants aged 65+ per municipality code for a year (nearest year in the seed)."""
        years = self.population["year"].unique()
        year = int(min(years, key=lambda y: abs(y - year)))
        pop = self.population[(self.population["year"] == year) & (self.population["age_min"] >= 65)]
        return pop.groupby("municipality_code")["population"].sum()


class Targets:
    """Published figures to calibrate against, keyed by indicator and period start."""

    def __init__(self, seeds_dir: Path) -> None:
        self._values: dict[tuple[str, str, pd.Period], float] = {}
        path = seeds_dir / "reference__published_indicator_values.csv"
        if path.exists():
            with open(path, encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    if row["is_blank"].lower() == "true" or not row["published_value"]:
                        continue
                    freq = "Q" if row["period_type"] == "quarter" else "M"
                    period = pd.Period(row["period_start"][:7], freq)
                    self._values[(row["indicator_id"], freq, period)] = float(row["published_value"])

    def quarter(self, indicator: str, quarter: pd.Period) -> float | None:
        return self._values.get((indicator, "Q", quarter))

    def month(self, indicator: str, month: pd.Period) -> float | None:
        """A month's target: its own published cell, else its quarter's (a one-month measurement)."""
        value = self._values.get((indicator, "M", month))
        return value if value is not None else self.quarter(indicator, month.asfreq("Q"))

    def quarter_or_baseline(self, indicator: str, quarter: pd.Period) -> float:
        value = self.quarter(indicator, quarter)
        if value is not None:
            return value
        same_q = [v for (ind, f, p), v in self._values.items()
                  if ind == indicator and f == "Q" and p.quarter == quarter.quarter]
        return float(np.mean(same_q)) if same_q else BASELINE[indicator]


class Context:
    """Shared state for one generation run."""

    def __init__(self, config: GeneratorConfig) -> None:
        self.config = config
        self.out = Path(config.out)
        self.months = month_range(config.start, config.end)
        self.first_month, self.last_month = self.months[0], self.months[-1]
        self.ref = Reference.load(config.seeds_dir)
        self.targets = Targets(config.seeds_dir)
        self.files: dict[str, list[dict[str, Any]]] = {}  # the manifest's JSON records
        self.defects: list[dict[str, object]] = []
        self.notes: dict[str, Any] = {}
        #: where file bytes go instead of `out` (a next-month delivery collects them): (relative path, bytes)
        self.sink: Callable[[str, bytes], None] | None = None
        #: files written with a set modification time (relative path → UTC time): a file that carries no
        #: delivery date is delivered when it was saved; a next-month delivery applies these after moving
        #: the files into place (the sink gets the bytes only)
        self.modified: dict[str, datetime] = {}
        self._t0 = time.perf_counter()

    # --- randomness and scale -------------------------------------------------------------
    @property
    def patient_sample(self) -> int:
        """1 patient in this many is in the patient-level extracts (Scenario.patient_level_sample)."""
        given = self.config.scenario.patient_level_sample
        if given:
            return given
        return int(min(256, max(1, 2 ** round(np.log2(max(64 * self.config.scale, 1e-9))))))

    def rng(self, name: str) -> np.random.Generator:
        return source_rng(self.config.seed, name)

    def scaled(self, value: float) -> int:
        return round(value * self.config.scale)

    # --- delivery calendar ---------------------------------------------------------------
    def delivered_months(self, lag: int) -> pd.PeriodIndex:
        return self.months[self.months <= self.last_month - lag]

    def full_quarters(self) -> list[pd.Period]:
        """Quarters lying wholly inside the generated period."""
        quarters = sorted({m.asfreq("Q") for m in self.months})
        return [q for q in quarters
                if q.asfreq("M", "start") >= self.first_month and q.asfreq("M", "end") <= self.last_month]

    # --- output ---------------------------------------------------------------------------
    def progress(self, message: str) -> None:
        if self.config.progress:
            print(f"[{time.perf_counter() - self._t0:6.1f}s] {message}", file=sys.stderr, flush=True)

    def write_csv(self, source: str, name: str, frame: pd.DataFrame, *, sep: str = ",",
                  encoding: str = "utf-8", bom: bool = False, crlf: bool = False,
                  trailer: list[list[str]] | None = None, modified: datetime | None = None) -> Path:
        """Write one delivery file in the given dialect and record it for the manifest.

        `frame` holds already-formatted text; `trailer` adds rows after the data (e.g. a Summa row)
        that are not counted as data rows. `modified` sets the file's modification time (UTC; a naive
        time is taken as UTC) and is recorded in the manifest; without it the file is saved as usual.
        """
        newline = "\r\n" if crlf else "\n"
        text = frame.to_csv(index=False, sep=sep, lineterminator=newline)
        if trailer:
            text += "".join(sep.join(row) + newline for row in trailer)
        data = text.encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        rel = f"{source}/{name}"
        path = self.out / source / name
        stamp = utc(modified) if modified is not None else None
        if stamp is not None:
            self.modified[rel] = stamp
        if self.sink is not None:
            self.sink(rel, data)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if stamp is not None:
                set_modified(path, stamp)
        record: dict[str, Any] = {
            "file": rel, "rows": len(frame), "encoding": encoding + ("-sig" if bom else ""),
            "separator": sep, "sha256": hashlib.sha256(data).hexdigest()}
        if stamp is not None:
            record["modified"] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.files.setdefault(source, []).append(record)
        return path

    def defect(self, source: str, kind: str, **detail: object) -> None:
        self.defects.append({"source": source, "defect": kind, **detail})

    def manifest(self) -> dict[str, object]:
        cfg = self.config
        return {
            # every figure built from this landing is fictitious: the report, exports and published
            # artefact say so (nara_vard.provenance)
            "synthetic": True,
            "generator": {"name": "nara-vard generate", "version": GENERATOR_VERSION, "seed": cfg.seed,
                          "scale": cfg.scale, "start": cfg.start, "end": cfg.end},
            "scenario": {k: list(v) if isinstance(v, tuple) else v
                         for k, v in cfg.scenario.__dict__.items()},
            "sources": {src: {"files": sorted(files, key=lambda f: str(f["file"])),
                              "rows": sum(int(f["rows"]) for f in files)}
                        for src, files in sorted(self.files.items())},
            "not_delivered": self.notes.get("not_delivered", {}),
            "kommun_hsl_dialects": self.notes.get("kommun_hsl_dialects", {}),
            # the generator's own figures for the shift (computed from what the files hold), for tests
            "calibration": self.notes.get("calibration", {}),
            "defects": sorted(self.defects, key=lambda d: json.dumps(d, sort_keys=True, default=str)),
        }

    def write_manifest(self, extra: dict[str, object] | None = None) -> Path:
        """Write `_manifest.json` atomically (a temporary file renamed into place)."""
        return write_json_atomically(self.out / "_manifest.json", {**self.manifest(), **(extra or {})})


def utc(moment: datetime) -> datetime:
    """The moment in UTC, whole seconds (a naive time is taken as UTC)."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(microsecond=0)


def set_modified(path: Path, moment: datetime) -> None:
    """Set a file's access and modification time to `moment` (UTC)."""
    seconds = int(utc(moment).timestamp())
    os.utime(path, ns=(seconds * 1_000_000_000, seconds * 1_000_000_000))


def write_json_atomically(path: Path, content: dict[str, object]) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(content, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def iso(days: np.ndarray) -> np.ndarray:
    """ISO date strings from numpy datetime64[D] values."""
    return np.datetime_as_string(days, unit="D")


def month_start(month: pd.Period) -> np.datetime64:
    return np.datetime64(month.start_time.date(), "D")


def month_end(month: pd.Period) -> np.datetime64:
    return np.datetime64(month.end_time.date(), "D")


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 for datetime64[D] values: a cheap integer key for grouping by month."""
    return np.asarray(days).astype("datetime64[M]").astype(np.int64)


def period_index(period: pd.Period) -> int:
    """The `month_index` of a period's first month (for quarters, divide by 3 to compare)."""
    first = period.asfreq("M", "start")
    return (first.year - 1970) * 12 + first.month - 1


def map_quarters(days: np.ndarray, value_of_quarter: Callable[[pd.Period], float]) -> np.ndarray:
    """Evaluate a function once per quarter and spread the result over dates in that quarter."""
    keys = month_index(days) // 3
    unique = np.unique(keys)
    values = np.array([value_of_quarter(pd.Period(year=1970 + int(k) // 4, quarter=int(k) % 4 + 1, freq="Q"))
                       for k in unique])
    return values[np.searchsorted(unique, keys)]
