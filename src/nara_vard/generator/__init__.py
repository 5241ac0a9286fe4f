"""Synthetic source extracts in the exact export layouts of SOURCES.md, calibrated to published figures.

`generate(config)` writes every source into the landing folder plus `_manifest.json`. The same seed
gives byte-identical files. Every source draws each month from its own random stream, so a later
`end` only appends months: `deliver_month(landing, month)` (`nara-vard generate --month`) adds the
next month to an existing landing, byte for byte what a full generation up to that month writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nara_vard.generator import economy, municipal, patient_contacts, primary_care, samsa, teams, vega
from nara_vard.generator.context import Context, GeneratorConfig, Scenario
from nara_vard.generator.monthly import MonthlyDeliveryError, deliver_month

SOURCE_FOLDERS = [
    "vega_slutenvard", "vega_vardplatser", "vantetider_telefon", "vantetider_bedomning",
    "primarvard_kontakter", "npe_primarvard", "egenmonitorering", "narsjukvardsteam", "samsa_sip",
    "samsa_utskrivningsklara", "kommun_hsl", "vega_primarvard", "vega_oppenvard", "listning", "urval",
    "ekonomi_region", "kommun_ekonomi",
]

__all__ = ["SOURCE_FOLDERS", "GeneratorConfig", "MonthlyDeliveryError", "Scenario", "deliver_month", "generate"]


def write_sources(ctx: Context) -> None:
    """Generate every source through `ctx` (into its folder, or its sink)."""
    episodes = vega.generate(ctx)
    samsa.generate(ctx, episodes)
    contacts = primary_care.generate(ctx)
    patient_contacts.generate(ctx, episodes)
    teams.write_teams(ctx)
    municipal.write_municipal(ctx)
    economy.generate(ctx, episodes, contacts)  # last: costs follow the activity generated above


def generate(config: GeneratorConfig) -> Path:
    """Write a complete landing folder; returns the manifest path.

    Existing source folders under `config.out` are replaced (other files there are left alone), so a
    re-run never mixes two generations.
    """
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    for folder in SOURCE_FOLDERS:
        shutil.rmtree(out / folder, ignore_errors=True)
    ctx = Context(config)
    ctx.progress(f"generating {config.start}..{config.end}, scale {config.scale}, seed {config.seed} into {out}")
    write_sources(ctx)
    manifest = ctx.write_manifest()
    ctx.progress(f"done: {sum(len(v) for v in ctx.files.values())} files, {len(ctx.defects)} recorded defects")
    return manifest
