"""`nara-vard serve`: an HTTP read API over the *published* artefact (never the build database).

- `/v2/...` answers in the shape of Kolada's API version 2, so that an existing Kolada client (pykolada, R
  packages, Power BI or Excel "From Web") works by changing only its base URL: our indicators are KPIs, the
  kommunalförbund and delregionala nämnder are municipality groups, care centres, hospitals and teams are
  organisational units, and values are yearly with gender T/K/M (a hidden value is null, status `..`).
- `/api/v1/...` says what Kolada cannot: months, quarters, every geography level, intervals, significance,
  quality flag and reason, disclosure status, definitions, revisions; JSON, CSV (Swedish Excel) and Parquet.

Every response names its publication (`X-Publication-Id`, `ETag`); a new publication is picked up without a
restart, and one response is always read from one publication (nara_vard.api.store).
"""
