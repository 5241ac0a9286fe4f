"""Närsjukvårdsteam: the quarterly spreadsheet export of the joint close-care teams.

Windows-1252, `;`, Swedish headers, municipality by name, space as thousands separator. Two teams
stop in 2023 Q3 (they stay in the export with `Aktivt = Nej` and a few contacts that must not count).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nara_vard.generator.context import Context
from nara_vard.generator.numeric import largest_remainder

SOURCE = "narsjukvardsteam"
TEAMS = [  # (team locality, municipality name, relative size)
    ("Skövde", "Skövde", 1.3), ("Lidköping", "Lidköping", 1.0), ("Falköping", "Falköping", 0.8),
    ("Mariestad", "Mariestad", 0.7), ("Uddevalla", "Uddevalla", 1.1), ("Trollhättan", "Trollhättan", 1.1),
    ("Borås", "Borås", 1.3), ("Skene", "Mark", 0.6), ("Alingsås", "Alingsås", 0.9),
    ("Kungälv", "Kungälv", 0.9), ("Angered", "Göteborg", 1.2), ("Mölndal", "Mölndal", 1.0),
]
STOPPED_FROM = pd.Period("2023Q3", "Q")
STOPPED_TEAMS = {"Mariestad", "Skene"}
HEADER = ["Kvartal", "Team", "Kommun", "Antal vårdkontakter", "Antal inskrivna patienter", "Aktivt"]


def swedish_int(value: int) -> str:
    """`2447` → `2 447`, as a Swedish spreadsheet prints it."""
    return f"{value:,}".replace(",", " ")


def write_teams(ctx: Context) -> None:
    rng = ctx.rng(SOURCE)
    weights = np.array([t[2] for t in TEAMS])
    missing_enrolled = set(ctx.config.scenario.teams_missing_enrolled)
    for q in ctx.full_quarters():
        active = np.array([not (q >= STOPPED_FROM and t[0] in STOPPED_TEAMS) for t in TEAMS])
        w = weights * active * rng.uniform(0.85, 1.15, len(TEAMS))
        contacts = largest_remainder(ctx.scaled(ctx.targets.quarter_or_baseline("nsvt_vardkontakter", q)), w)
        contacts[~active] = rng.integers(0, 15, (~active).sum()) if q == STOPPED_FROM else 0
        label = f"{q.year}-Q{q.quarter}"
        enrolled = [""] * len(TEAMS)
        if q.quarter in (2, 4) and label not in missing_enrolled:
            per_team = largest_remainder(ctx.scaled(ctx.targets.quarter_or_baseline("nsvt_inskrivna", q)), w)
            enrolled = [swedish_int(int(v)) if a else "" for v, a in zip(per_team, active, strict=True)]
        elif q.quarter in (2, 4):
            ctx.defect(SOURCE, "enrolled_patients_missing", period=label,
                       file=f"{SOURCE}/{SOURCE}_{label}.csv", column="Antal inskrivna patienter")
        frame = pd.DataFrame({
            HEADER[0]: f"{q.year} Q{q.quarter}",
            HEADER[1]: [f"Närsjukvårdsteam {t[0]}" for t in TEAMS],
            HEADER[2]: [t[1] for t in TEAMS],
            HEADER[3]: [swedish_int(int(v)) if a or v else "" for v, a in zip(contacts, active, strict=True)],
            HEADER[4]: enrolled,
            HEADER[5]: np.where(active, "Ja", "Nej"),
        })
        ctx.write_csv(SOURCE, f"{SOURCE}_{label}.csv", frame, sep=";", encoding="cp1252", crlf=True)
    ctx.progress(f"{SOURCE}: written")
