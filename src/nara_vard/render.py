"""Pages from templates: the indicator report and the reviewer's page are Jinja2 templates under
`nara_vard/templates/` (HTML with autoescape, CSS and JavaScript in their own files), rendered here.

Each page stays one self-contained file: `asset()` inlines a stylesheet or script from the templates
folder at render time, and `json_script` embeds data for a page's script. Python only selects finished
columns from the warehouse and hands them to a template; the words a page prints come from the data
(dim_label, dim_indicator, the rpt_ models) or from the template itself, never from Python.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _asset(name: str) -> Any:
    """The text of a CSS or JS file of the templates folder, marked safe to inline; a script must not
    hold `</script` (it would end the element)."""
    from markupsafe import Markup

    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} contains a closing script or style tag and cannot be inlined")
    return Markup(text)


def json_script(data: Any) -> Any:
    """Data for a page's script, safe inside <script type="application/json">."""
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    # inside <script>, "</" could end the element and "<!--" open a comment: escape both
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


def number_sv(value: Any, decimals: int = 0) -> str:
    """A number as Swedish text: no-break space between thousands, decimal comma; '–' for none."""
    if value is None:
        return "–"
    text = f"{float(value):,.{int(decimals)}f}" if decimals else f"{round(float(value)):,}"
    return text.replace(",", "\u00a0").replace(".", ",")


def percent_sv(share: Any, decimals: int = 0) -> str:
    """A share 0–1 as Swedish percent text ('87 %'); '–' for none."""
    if share is None:
        return "–"
    return f"{number_sv(float(share) * 100, decimals)}\u00a0%"


def relative_href(target: Path, page: Path) -> str:
    """A link from the page being written to another file (relative, so the folder can move)."""
    return Path(os.path.relpath(Path(target).resolve(), Path(page).parent.resolve())).as_posix()


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["asset"] = _asset
    env.filters["json_script"] = json_script
    env.filters["num"] = number_sv
    env.filters["pct"] = percent_sv
    return env


def render_page(template: str, **context: Any) -> str:
    """Render one page template with `context`."""
    return environment().get_template(template).render(**context)


def write_page(out: Path, text: str) -> Path:
    """Write a page atomically (a temporary file renamed into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return out
