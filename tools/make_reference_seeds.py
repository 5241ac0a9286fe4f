"""Write the synthetic reference seeds: primary-care centres and population by age band and sex.

Run once by a developer (`python tools/make_reference_seeds.py`); the output is committed under
`seeds/reference/`. It reads only the project's own municipality seed, so it is reproducible from a
clone. What is real and what is synthetic:

* municipality population totals are the real figures in `reference__municipalities.csv`
  (SCB, 2025-09-30) and are used unchanged for every year 2021-2024;
* the split of each total by age band and sex is synthetic (a smooth model in which smaller
  municipalities are older), and every row says so in `is_synthetic_split`;
* the ~200 primary-care centres (vårdcentraler) have synthetic names and codes, spread over the
  municipalities in proportion to population.
"""

from __future__ import annotations

import csv
import math
import zlib
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds" / "reference"

AGE_BANDS = [("0-19", 0, 19), ("20-39", 20, 39), ("40-64", 40, 64),
             ("65-74", 65, 74), ("75-84", 75, 84), ("85+", 85, 120)]
MALE_SHARE = {"0-19": 0.513, "20-39": 0.515, "40-64": 0.508, "65-74": 0.490,
              "75-84": 0.460, "85+": 0.360}
YEARS = [2021, 2022, 2023, 2024]
TOTAL_CENTRES = 200

# Districts used for the synthetic centre names in the largest municipalities (place names only).
GOTEBORG_DISTRICTS = [
    "Angered", "Backa", "Bergsjön", "Biskopsgården", "Majorna", "Frölunda", "Högsbo", "Kortedala",
    "Lundby", "Linnéstaden", "Centrum", "Torslanda", "Tuve", "Gamlestaden", "Guldheden", "Hisings Kärra",
    "Kviberg", "Lövgärdet", "Askim", "Styrsö", "Olskroken", "Johanneberg", "Krokslätt", "Kålltorp",
    "Länsmansgården", "Eriksberg", "Tynnered", "Västra Frölunda", "Hammarkullen", "Gårdsten", "Rannebergen",
    "Hjällbo", "Kärra", "Brunnsbo", "Redbergslid", "Härlanda", "Landala", "Masthugget", "Kungsladugård",
    "Sannegården", "Lindholmen", "Nordstan", "Heden", "Stigberget", "Tuvevägen", "Bagaregården",
    "Skintebo", "Billdal", "Järnbrott", "Kannebäck", "Önnered", "Näset", "Ruddalen", "Opaltorget",
    "Sävenäs", "Kallebäck", "Bräcke", "Lerlyckan", "Kvillebäcken", "Rambergsstaden", "Skälltorp",
    "Brämaregården", "Slottsskogen", "Torpa", "Utby", "Rud", "Wieselgrensplatsen", "Hjalmar Branting",
    "Mölnlycke väg", "Stora Holm",
]
SUFFIXES = ["Centrum", "Norra", "Södra", "Östra", "Västra", "Torget", "Parken", "Hamnen", "Dalen",
            "Backen", "Stationen", "Lasarettet"]


def stable_unit(*parts: object) -> float:
    """A deterministic number in [0, 1) from the parts, so the seed files never change by accident."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8")) / 2**32


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer total in proportion to weights, keeping the sum exact."""
    raw = [total * w / sum(weights) for w in weights]
    out = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def read_municipalities() -> list[dict[str, str]]:
    with open(SEEDS / "reference__municipalities.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def age_shares(code: str, population: int) -> list[float]:
    """Synthetic age profile: smaller municipalities are older; Göteborg has more young adults."""
    elderly = 0.27 - 0.045 * math.log10(population / 4500) + 0.02 * (stable_unit(code, "old") - 0.5)
    young_adult_boost = 0.06 if population > 200_000 else 0.0
    young = 1.0 - elderly
    young_split = [0.28, 0.30 + young_adult_boost, 0.42 - young_adult_boost]
    old_split = [0.52, 0.36, 0.12]
    return [young * s for s in young_split] + [elderly * s for s in old_split]


def write_population(municipalities: list[dict[str, str]]) -> None:
    with open(SEEDS / "reference__population.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["municipality_code", "year", "age_band", "age_min", "age_max", "sex", "population",
                    "is_synthetic_split"])
        for m in municipalities:
            total = int(m["population"])
            bands = largest_remainder(total, age_shares(m["municipality_code"], total))
            for year in YEARS:
                for (band, lo, hi), n_band in zip(AGE_BANDS, bands, strict=True):
                    males = round(n_band * MALE_SHARE[band])
                    for sex, n in (("K", n_band - males), ("M", males)):
                        w.writerow([m["municipality_code"], year, band, lo, hi, sex, n, "true"])


def write_centres(municipalities: list[dict[str, str]]) -> None:
    pops = [int(m["population"]) for m in municipalities]
    counts = [max(1, c) for c in largest_remainder(TOTAL_CENTRES, pops)]
    with open(SEEDS / "reference__primary_care_centres.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["care_centre_code", "care_centre_name", "municipality_code", "ownership",
                    "is_synthetic"])
        for m, n in zip(municipalities, counts, strict=True):
            code, name = m["municipality_code"], m["municipality_name"]
            places = GOTEBORG_DISTRICTS if code == "1480" else [f"{name} {s}" for s in SUFFIXES]
            for i in range(n):
                place = places[i % len(places)] if n > 1 else name
                if i >= len(places):
                    place = f"{place} {i // len(places) + 1}"
                public = stable_unit(code, i, "owner") < 0.45
                prefix = "Närhälsan" if public else "Vårdcentralen"
                w.writerow([f"VC{code}{i + 1:02d}", f"{prefix} {place}", code,
                            "offentlig" if public else "privat", "true"])


def main() -> None:
    municipalities = read_municipalities()
    write_population(municipalities)
    write_centres(municipalities)


if __name__ == "__main__":
    main()
