"""Synthetic source extracts in the exact export layouts of SOURCES.md, calibrated to published figures.

`generate(config)` writes every source into the landing folder plus `_manifest.json`. The same seed
gives byte-identical files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nara_vard.generator import municipal, primary_care, samsa, teams, vega
from nara_vard.generator.context import Context, GeneratorConfig, Scenario

SOURCE_FOLDERS = [
    "vega_slutenvard", "vega_vardplatser", "vantetider_telefon", "vantetider_bedomning",
    "primarvard_kontakter", "npe_primarvard", "egenmonitorering", "narsjukvardsteam", "samsa_sip",
    "samsa_utskrivningsklara", "kommun_hsl",
]

__all__ = ["GeneratorConfig", "Scenario", "generate", "SOURCE_FOLDERS"]


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
    episodes = vega.generate(ctx)
    samsa.generate(ctx, episodes)
    primary_care.generate(ctx)
    teams.write_teams(ctx)
    municipal.write_municipal(ctx)
    manifest = ctx.write_manifest()
    ctx.progress(f"done: {sum(len(v) for v in ctx.files.values())} files, {len(ctx.defects)} recorded defects")
    return manifest
