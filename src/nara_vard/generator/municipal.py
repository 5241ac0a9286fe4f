"""kommun_hsl: municipal primary care, one file per municipality and month, in three dialects.

Each municipality exports from its own system, so the dialect (A, B or C, see SOURCES.md) is fixed
per municipality. The defects of the default landing are injected here and recorded in the manifest:
municipalities that never deliver, skipped months, late reports, `_v2` corrections, a negative
count, and a municipality code that contradicts the file name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context, month_end

SOURCE = "kommun_hsl"
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december"]
COLUMNS = ["kommun_kod", "manad", "antal_patienter_hemsjukvard", "antal_patienter_sabo", "antal_hembesok",
           "antal_inskrivna_65_plus", "rapportdatum"]
HEADERS = {
    "A": COLUMNS,
    "B": ["Kommun", "Månad", "Patienter hemsjukvård", "Patienter SÄBO", "Hembesök", "Inskrivna 65+",
          "Rapportdatum"],
    "C": ["KOMMUNKOD", "PERIOD", "HEMSJUKVARD_PAT", "SABO_PAT", "HEMBESOK", "PAT_65PLUS", "RAPPORTDATUM"],
}
COUNT_COLUMNS = COLUMNS[2:6]
DEADLINE_DAY = 15


def _dialects(ctx: Context, rng: np.random.Generator, codes: list[str]) -> dict[str, str]:
    dialects = rng.choice(["A", "B", "C"], size=len(codes), p=[0.6, 0.2, 0.2])
    return {code: str(d) for code, d in zip(codes, dialects, strict=True)}


def _format_row(dialect: str, code: str, month: pd.Period, counts: list[int], reported: np.datetime64) -> list[str]:
    if dialect == "A":
        return [code, str(month), *map(str, counts), str(reported)]
    if dialect == "B":
        numbers = [f"{v:,}".replace(",", " ") for v in counts]
        return [code, f"{MONTHS_SV[month.month - 1]} {month.year}", *numbers, str(reported)]
    return [code, f"{month.year}{month.month:02d}", *map(str, counts), str(reported).replace("-", "")]


def _write(ctx: Context, dialect: str, name: str, rows: list[list[str]]) -> None:
    frame = pd.DataFrame(rows, columns=HEADERS[dialect])
    if dialect == "A":
        ctx.write_csv(SOURCE, name, frame)
    elif dialect == "B":
        ctx.write_csv(SOURCE, name, frame, sep=";", encoding="cp1252", crlf=True)
    else:
        sums = [str(sum(int(r[i]) for r in rows)) for i in range(2, 6)]
        ctx.write_csv(SOURCE, name, frame, sep=";", bom=True, trailer=[["Summa", "", *sums, ""]])


#: per month: chance that a skipper skips it, and that the month has one corrected / negative / wrong-code file
SKIP_CHANCE = 0.08
CORRECTION_CHANCE = 0.35
NEGATIVE_CHANCE = 0.14
WRONG_CODE_CHANCE = 0.14


def write_municipal(ctx: Context) -> None:
    """Who misbehaves is drawn once (from the source's stream); each month from its own stream.

    So a month's files never depend on how many months are generated. A `_v2` correction of a
    month is re-sent with the next month's delivery: the landing of the month itself holds only the
    first (wrong) version, and the correction is recorded once it is delivered.
    """
    rng = ctx.rng(SOURCE)
    muni = ctx.ref.municipalities
    codes = muni["municipality_code"].tolist()
    dialects = _dialects(ctx, rng, codes)
    ctx.notes["kommun_hsl_dialects"] = dialects
    months = list(ctx.months)
    # Who misbehaves: never delivers, skips months (never Göteborg).
    candidates = [c for c in codes if c != "1480"]
    picked = list(rng.permutation(candidates))
    never = sorted(picked[:3])
    skippers = sorted(picked[3:9])
    profile = {code: (rng.uniform(0.045, 0.075), rng.uniform(6, 12)) for code in codes}
    for c in never:
        ctx.defect(SOURCE, "never_delivered", org_code=c, period=f"{months[0]}..{months[-1]}")
    for m in months:
        _write_month(ctx, m, codes, dialects, never, skippers, profile)
    ctx.progress(f"{SOURCE}: written")


def _write_month(ctx: Context, m: pd.Period, codes: list[str], dialects: dict[str, str], never: list[str],
                 skippers: list[str], profile: dict[str, tuple[float, float]]) -> None:
    rng = ctx.rng(f"{SOURCE}:{m}")
    pop = ctx.ref.population
    skipped = {c for c in skippers if rng.random() < SKIP_CHANCE}
    delivering = [c for c in codes if c not in never and c not in skipped]
    special = [delivering[k] for k in rng.permutation(len(delivering))[:3]]
    flags = rng.random(3) < np.array([CORRECTION_CHANCE, NEGATIVE_CHANCE, WRONG_CODE_CHANCE])
    corrected, negative, wrong_code = (s if f else None for s, f in zip(special, flags, strict=True))
    period = str(m)
    for c in sorted(skipped):
        ctx.defect(SOURCE, "month_not_delivered", org_code=c, period=period)
    for code in delivering:
        level, visits_per_patient = profile[code]
        year_pop = pop[(pop["municipality_code"] == code) & (pop["year"] == min(m.year, pop["year"].max()))]
        p65 = int(year_pop.loc[year_pop["age_min"] >= 65, "population"].sum())
        p75 = int(year_pop.loc[year_pop["age_min"] >= 75, "population"].sum())
        enrolled_65 = int(rng.poisson(p65 * level))
        counts = [round(enrolled_65 / rng.uniform(0.78, 0.86)), int(rng.poisson(p75 * 0.06)), 0, enrolled_65]
        counts[2] = int(rng.poisson(counts[0] * visits_per_patient))
        late = rng.random() < 0.06
        day = int(rng.integers(DEADLINE_DAY + 2, 45)) if late else int(rng.integers(3, DEADLINE_DAY + 1))
        reported = month_end(m) + day
        name = f"hsl_{code}_{m}.csv"
        if late:
            ctx.defect(SOURCE, "late_delivery", org_code=code, period=period, file=f"{SOURCE}/{name}",
                       reported=str(reported), deadline=str(month_end(m) + DEADLINE_DAY))
        row_code = code
        if code == wrong_code:
            row_code = str(rng.choice([c for c in codes if c != code]))
            ctx.defect(SOURCE, "municipality_code_contradicts_file_name", org_code=code, period=period,
                       file=f"{SOURCE}/{name}", line=2, column=HEADERS[dialects[code]][0], value=row_code)
        first = list(counts)
        if code == negative:
            col = int(rng.integers(0, 4))
            first[col] = -first[col] if first[col] else -1
            ctx.defect(SOURCE, "negative_count", org_code=code, period=period, file=f"{SOURCE}/{name}",
                       line=2, column=HEADERS[dialects[code]][2 + col])
        if code == corrected:
            wrong = list(first)
            wrong[3] = round(first[3] * rng.uniform(1.2, 1.5))
            _write(ctx, dialects[code], name, [_format_row(dialects[code], row_code, m, wrong, reported)])
            name_v2 = f"hsl_{code}_{m}_v2.csv"
            reported_v2 = reported + int(rng.integers(5, 30))
            if m < ctx.last_month:  # re-sent with the next month's delivery
                _write(ctx, dialects[code], name_v2, [_format_row(dialects[code], row_code, m, first, reported_v2)])
                ctx.defect(SOURCE, "correction_v2", org_code=code, period=period, file=f"{SOURCE}/{name_v2}",
                           supersedes=f"{SOURCE}/{name}", column=HEADERS[dialects[code]][5])
        else:
            _write(ctx, dialects[code], name, [_format_row(dialects[code], row_code, m, first, reported)])
