"""Values the dbt project declares in macros, read by Python from the same files.

A source is declared once for dbt, in the macro `landing_sources()` (macros/landing/landing_sources.sql:
its folder, base and staging models), and once as reference data, in the delivery schedule seed
(calendar, Swedish and English names; a dbt test keeps the two in step). The Swedish month names live
in `swedish_month_names()`. Python code that needs them (the GX suites) evaluates the macro with Jinja,
as dbt does, instead of keeping another copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nara_vard.paths import REPO_ROOT

MACROS_DIR = REPO_ROOT / "macros"


class _Returned(Exception):
    """dbt's `return()` ends a macro with a value; outside dbt it is raised and caught here."""

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value


def _dbt_return(value: Any) -> None:
    raise _Returned(value)


def macro_value(path: Path, name: str) -> Any:
    """What the macro `name` in `path` returns, evaluated with Jinja (dbt's template engine) without dbt.

    Only for macros that return plain data (lists, dicts, strings) and call no other returning macro
    (dbt catches each macro's return separately; this stops at the first)."""
    import jinja2  # installed with dbt-core

    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    env.globals["return"] = _dbt_return
    module = env.from_string(path.read_text(encoding="utf-8")).make_module()
    try:
        getattr(module, name)()
    except _Returned as returned:
        return returned.value
    raise ValueError(f"{path}: {name}() returned nothing")


def landing_sources() -> list[dict[str, Any]]:
    """The entries of `landing_sources()`, in order: `name` (the landing folder), `base`, `staging`, ..."""
    return [dict(entry) for entry in macro_value(MACROS_DIR / "landing" / "landing_sources.sql", "landing_sources")]


def swedish_month_names() -> list[str]:
    """`januari` … `december`, from `swedish_month_names()`."""
    return list(macro_value(MACROS_DIR / "periods" / "swedish_months.sql", "swedish_month_names"))
