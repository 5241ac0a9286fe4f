"""`nara-vard report` and `nara-vard docs`: the indicator report, checked against the published artefact.

The report is built from a publication of the suite's own warehouse (never the user's), rendered in
headless Chromium, and its DOM after the page's script has run is compared with the published
DuckDB file, read here with plain SQL (not through report.py):
- the overview's cells equal `rpt_indicator_overview` (with `..` where the cell is hidden), and the
  reason for a missing value or a quality flag is on the cell's tooltip;
- the municipality table has the 49 municipalities under their kommunalförbund (from `dim_geography`),
  every `..` is a suppression of `rpt_municipality_comparison` for the period shown and vice versa,
  and every value and symbol is the published one;
- the trend charts mark exactly the hidden points of `rpt_indicator_series_v2` for the chosen municipality;
- the Totalt / Kvinnor / Män switch: the Kvinnor view shows the K values (and an indicator without a
  breakdown its totals, with a note), its Riktning and the K trend lines; a value's 95 % interval is on
  its tooltip and drawn in the charts; an arrow whose change is within noise is marked;
- the page prints on A4 landscape (the PDF's MediaBox) and loads nothing from the network.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import exported
from nara_vard.paths import REPO_ROOT, SEEDS_DIR
from test_review_page import CHECKED_WIDTH, _probe, _run_chromium, read_png

#: one overview row per indicator of the catalogue (the seed the project loads)
with open(SEEDS_DIR / "reference__indicators.csv", encoding="utf-8", newline="") as _catalogue:
    CATALOGUE_SIZE = sum(1 for _ in csv.DictReader(_catalogue))

CLI = Path(sys.executable).parent / "nara-vard"
A4_LANDSCAPE = (842, 595)  # points
NAVY = (0x0B, 0x39, 0x54)  # the overview's header row


# ------------------------------------------------------------------------------------- a tiny DOM


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Any] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, *args: Any, **kwargs: Any) -> Node | None:
        found = self.find_all(*args, **kwargs)
        return found[0] if found else None

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class DomParser(HTMLParser):
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html_text: str) -> Node:
    parser = DomParser()
    parser.feed(html_text)
    parser.close()
    return parser.root


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def published(published_folder: Path) -> Path:
    return published_folder


@pytest.fixture(scope="module")
def pub(published: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def report(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("report")
    out = work / "report" / "index.html"
    # No build database anywhere: the report is made from the published artefact alone.
    env = {**os.environ, "NARA_VARD_DB": str(work / "no-build-database.duckdb")}
    started = time.perf_counter()
    result = subprocess.run([str(CLI), "report", "--published", str(published), "--out", str(out)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file() and not (work / "no-build-database.duckdb").exists()
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 2 and lines[-1].endswith(str(out)), f"progress lines, then the output path: {lines}"
    print(f"\nreport rendered in {elapsed:.2f} s, {out.stat().st_size / 1024:.0f} kB: {out}")
    # ~0.1 MB per indicator (its series for 59 geographies x 3 sexes and its comparison rows); 23 indicators
    # since the shift's eight (issue 23); the page must stay one file a leader can mail
    assert out.stat().st_size < 3_000_000, f"report is {out.stat().st_size:,} bytes: embed less data"
    return out


def _dump_dom(report: Path, tmp: Path, fragment: str = "") -> Node:
    result = _run_chromium(["--virtual-time-budget=5000", "--dump-dom", report.resolve().as_uri() + fragment],
                           tmp / "profile")
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-3000:]
    dom = parse(result.stdout)
    html_el = dom.find("html")
    assert html_el is not None and html_el.attrs.get("data-rendered") == "true", "the page's script did not finish"
    return dom


@pytest.fixture(scope="module")
def dom(report: Path, tmp_path_factory: pytest.TempPathFactory) -> Node:
    return _dump_dom(report, tmp_path_factory.mktemp("dom"))


def _cell_value(td: Node, cls: str = "val") -> str:
    span = td.find("span", cls)
    return (span.text() if span is not None else td.text()).strip()


def _is_shown(node: Node) -> bool:
    """Not hidden by the `hidden` attribute, itself or an ancestor (the switch hides what is not chosen)."""
    while node is not None:
        if "hidden" in node.attrs:
            return False
        node = node.parent
    return True


def _overview_rows(dom: Node) -> list[Node]:
    """The overview's rows the reader sees."""
    table = dom.find("table", id="overview-table")
    assert table is not None
    return [tr for tr in table.find("tbody").find_all("tr") if _is_shown(tr)]


def _swedish_numbers(text: str) -> list[float]:
    return [float(n.replace("\u00a0", "").replace(" ", "").replace(",", "."))
            for n in re.findall(r"-?\d[\d\u00a0 ]*(?:,\d+)?", text)]


# --------------------------------------------------------------------------------------------- tests


def test_report_is_self_contained(report: Path, dom: Node) -> None:
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="sv">' in text and '<meta charset="utf-8">' in text
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", text, re.I), "external script"
    assert not re.search(r"<link\b[^>]*\brel\s*=\s*[\"']?stylesheet", text, re.I), "external stylesheet"
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", text, re.I), "external CSS resource or font"
    assert "@font-face" not in text
    # After the script has run, too: no element loads or links anything from the network.
    for node in dom.iter():
        for attr in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
            value = node.attrs.get(attr, "")
            assert not re.match(r"\s*(https?:)?//", value, re.I), f"<{node.tag} {attr}={value!r}>"
        assert not (node.tag == "script" and "src" in node.attrs), "external script in the DOM"
        assert not (node.tag == "link" and "stylesheet" in node.attrs.get("rel", "")), "stylesheet link in the DOM"
    hrefs = {a.attrs.get("href") for a in dom.find_all("a")}
    assert "../docs/index.html" in hrefs or any(h and h.endswith("docs/index.html") for h in hrefs), hrefs
    assert any(h and h.endswith("quality/index.html") for h in hrefs), hrefs


def test_hidden_cells_say_only_that_they_are_hidden(report: Path) -> None:
    """One symbol: the page (its data and its legend) never tells which rule hid a cell, nor that 1–4
    stand behind it; the legend explains `..`."""
    text = report.read_text(encoding="utf-8")
    assert "dolt för att skydda enskilda" in text.lower()
    for label in ("primärt", "sekundärt", "\"primary\"", "\"secondary\"", "1–4 planer", "1–4 vårdtillfällen",
                  "annars kunde ett annat dolt värde"):
        assert label not in text, label


def test_overview_cells_equal_published(dom: Node, pub: duckdb.DuckDBPyConnection) -> None:
    columns = [c for (c,) in pub.execute("""
        select column_name from marts.rpt_indicator_overview_cells_v2
        group by column_name order by min(column_order)""").fetchall()]
    assert "jan_24" in columns and "q1_2022" in columns
    cur = pub.execute("select * from marts.rpt_indicator_overview order by display_order")
    names = [d[0] for d in cur.description]
    overview = [dict(zip(names, r)) for r in cur.fetchall()]
    cells = {(i, c): (sup, vsv, note, judged) for i, c, sup, vsv, note, judged in pub.execute("""
        select indicator_id, column_name, suppression, value_sv, note_sv, is_judged_period
        from marts.rpt_indicator_overview_cells_v2 where sex = 'T'""").fetchall()}

    judged_codes = dict(pub.execute("""
        select c.indicator_id, p.period_code from marts.rpt_indicator_overview_cells_v2 c
        join marts.dim_period p using (period_type, period_start) where c.sex = 'T' and c.is_judged_period""").fetchall())
    labels = dict(pub.execute("select indicator_id, judged_period_sv from marts.rpt_indicator_overview").fetchall())
    assert {i for i, v in labels.items() if v} == set(judged_codes)
    expected: dict[tuple[str, str], str] = {}
    for row in overview:
        for col in columns:
            hidden = cells[(row["indicator_id"], col)][0] is not None
            expected[(row["indicator_id"], col)] = ".." if hidden else (row[col] or "")
        for col in ("riktning", "niva"):
            expected[(row["indicator_id"], col)] = row[col] or ""
        # the judged period in the page's one convention (Statistics Sweden's code)
        expected[(row["indicator_id"], "judged_period_sv")] = judged_codes.get(row["indicator_id"], "")

    # By default the page shows totalt: one row per indicator, the K and M rows are there but hidden.
    assert dom.find("html").attrs.get("data-sex") == "T"
    rows = _overview_rows(dom)
    assert [tr.attrs["data-sex"] for tr in rows] == ["T"] * len(overview)
    (with_sex,) = pub.execute("select count(*) from marts.dim_indicator where sex_breakdown").fetchone()
    all_rows = dom.find("table", id="overview-table").find("tbody").find_all("tr")
    assert len(all_rows) == len(overview) + 2 * with_sex > len(overview)
    tds = [td for tr in rows for td in tr.find_all("td") if "data-indicator" in td.attrs and "data-column" in td.attrs]
    shown = {(td.attrs["data-indicator"], td.attrs["data-column"]): _cell_value(td) for td in tds}
    assert len(shown) == len(tds), "a cell appears twice"
    assert shown == expected
    assert len({i for i, _ in shown}) == len(overview) == CATALOGUE_SIZE  # one row per catalogue indicator

    by_key = {(td.attrs["data-indicator"], td.attrs["data-column"]): td for td in tds}
    for (ind, col), (_sup, vsv, note, judged) in cells.items():
        td = by_key[(ind, col)]
        if note:  # the reason for a hidden or missing value or a quality flag is on hover
            assert note in td.attrs.get("title", ""), f"{ind} {col}: note missing from the tooltip"
        if vsv is not None and vsv != ".." and note:
            assert td.find("sup", "flag") is not None, f"{ind} {col}: flagged value without its marker"
        assert (td.attrs.get("data-judged") == "true") == bool(judged), f"{ind} {col}: judged period"
    # The sparkline column: one inline SVG (or a dash) per indicator.
    assert sum(len(tr.find_all("td", "sp")) for tr in rows) == len(overview)
    assert sum(len(tr.find_all("svg", "spark")) for tr in rows) == sum(
        1 for row in overview if any(cells[(row["indicator_id"], c)][1] not in (None, "..") for c in columns))


def test_overview_tooltips_give_the_95_interval(dom: Node, pub: duckdb.DuckDBPyConnection) -> None:
    """Every shown value with an interval has it on its tooltip, to the indicator's decimals; no other has one."""
    published = {(i, c): (lo, hi, dec) for i, c, lo, hi, dec in pub.execute("""
        select c.indicator_id, c.column_name, c.ci_lower, c.ci_upper, i.display_decimals
        from marts.rpt_indicator_overview_cells_v2 c join marts.dim_indicator i using (indicator_id)
        where c.sex = 'T' and c.suppression is null and c.value is not null""").fetchall()}
    checked = 0
    for tr in _overview_rows(dom):
        for td in tr.find_all("td", "v"):
            key = (td.attrs["data-indicator"], td.attrs["data-column"])
            title = td.attrs.get("title", "")
            if key not in published or published[key][0] is None:
                assert "konfidensintervall" not in title, key
                continue
            lo, hi, dec = published[key]
            match = re.search(r"95 % konfidensintervall ([^)]*)\)", title)
            assert match, (key, title)
            shown_lo, shown_hi = _swedish_numbers(match.group(1).replace("–", " – "))
            assert abs(shown_lo - lo) <= 0.5 * 10 ** -dec + 1e-9 and abs(shown_hi - hi) <= 0.5 * 10 ** -dec + 1e-9, \
                (key, title, lo, hi)
            checked += 1
    assert checked > 40


def test_arrows_within_noise_are_marked(dom: Node, pub: duckdb.DuckDBPyConnection) -> None:
    """The judged period's test, read from fct_indicator_trend_v2: false → a muted arrow marked ≈, else no mark."""
    tested = dict(pub.execute("""
        select c.indicator_id, t.change_is_significant
        from marts.rpt_indicator_overview_cells_v2 c
        join marts.fct_indicator_trend_v2 t
          on t.indicator_id = c.indicator_id and t.geo_level = 'region' and t.sex = 'T'
         and t.period_type = c.period_type and t.period_start = c.period_start
        where c.is_judged_period and c.sex = 'T'""").fetchall())
    within_noise = {i for i, significant in tested.items() if significant is False}
    assert within_noise, "no arrow within noise in the overview: the check below proves nothing"
    assert any(tested.values()), "no significant change either"
    marked = set()
    for tr in _overview_rows(dom):
        td = tr.find("td", "rk")
        ind = td.attrs["data-indicator"]
        mark = td.find("sup", "noise")
        if mark is not None:
            marked.add(ind)
            assert mark.text().strip() == "≈" and "noise" in td.classes and td.attrs.get("data-significant") == "false"
            assert "inom slumpvariationen (95 %)" in td.attrs["title"]
        elif tested.get(ind):
            assert td.attrs.get("data-significant") == "true" and "större än slumpvariationen" in td.attrs["title"]
    assert marked == within_noise
    legend = " ".join(dom.find("section", id="oversikt").find("div", "ov-legend").text().split())
    (within,) = pub.execute("select label_long_sv from marts.dim_label where domain = 'significance' "
                            "and code = 'false'").fetchone()
    assert f"≈ {within}" in legend and "inom slumpvariationen (95 %)" in within


def _latest_quarter_with_values(pub: duckdb.DuckDBPyConnection) -> str:
    (start,) = pub.execute("""
        select max(c.period_start) from marts.rpt_municipality_comparison_v2 as c
        inner join marts.dim_period as p using (period_type, period_start)
        where c.period_type = 'quarter' and p.is_within_follow_up and c.value is not null""").fetchone()
    return f"quarter:{start.isoformat()}"


def _independent_class(value: float | None, lower: float | None, upper: float | None, region: float | None,
                       direction: str, aggregation: str) -> str | None:
    """Vården i siffror's reading, computed here from the published values: the region's value outside the
    geography's 95 % interval on the better (worse) side is significantly better (worse)."""
    if value is None:
        return None
    if direction not in ("increase", "decrease") or aggregation not in ("ratio", "mean") or lower is None \
            or upper is None or region is None:
        return "not_compared"
    if region < lower:
        return "better" if direction == "increase" else "worse"
    if region > upper:
        return "worse" if direction == "increase" else "better"
    return "no_difference"


def _check_municipality_table(dom: Node, pub: duckdb.DuckDBPyConnection, period: str, indicator: str) -> int:
    """The table shown for one indicator and period against the published mart: one row per region,
    kommunalförbund and kommun, the value (or the symbol of why it is missing), the interval, and a class that
    equals an independent test of the interval against the region's value. Returns the hidden cells."""
    table = dom.find("table", id="cmp-table")
    assert table is not None and table.attrs.get("data-period") == period
    assert table.attrs.get("data-indicator") == indicator
    ptype, pstart = period.split(":")
    kf_name = dict(pub.execute(
        "select geo_code, geo_name_sv from marts.dim_geography where geo_level = 'kommunalforbund'").fetchall())
    kommun_kf = {code: kf_name[kf] for code, kf in pub.execute(
        "select geo_code, kommunalforbund_code from marts.dim_geography where geo_level = 'kommun'").fetchall()}
    assert len(kommun_kf) == 49

    group, seen, groups, references = None, {}, [], []
    for tr in table.find_all("tr"):
        if "grp" in tr.classes:
            group = tr.text().strip()
            groups.append(group)
        elif "km" in tr.classes:
            seen[tr.attrs["data-municipality"]] = group
        elif "ref" in tr.classes:
            references.append((tr.attrs["data-geo-level"], tr.attrs["data-geo"]))
    assert seen == kommun_kf, "49 municipality rows, each under its kommunalförbund"
    assert sorted(groups) == sorted(set(kommun_kf.values())), f"each kommunalförbund once: {groups}"
    assert references[0][0] == "region" and {c for lvl, c in references if lvl == "kommunalforbund"} == set(kf_name)

    (direction, aggregation) = pub.execute(
        "select desired_direction, aggregation from marts.dim_indicator where indicator_id = ?", [indicator]).fetchone()
    mart = {(lvl, code): (v, lo, hi, sup, reason) for lvl, code, v, lo, hi, sup, reason in pub.execute("""
        select geo_level, geo_code, value, ci_lower, ci_upper, suppression, missing_reason
        from marts.fct_indicator_values_v2 where indicator_id = ? and sex = 'T' and period_type = ?
          and period_start = ?::date and geo_level in ('region', 'kommunalforbund', 'kommun')""",
                                                                                                 [indicator, ptype, pstart]).fetchall()}
    region = mart.get(("region", "14"), (None,))[0]
    symbols = dict(pub.execute("select code, label_sv from marts.dim_label where domain = 'missing_reason'").fetchall())
    published = {(lvl, code): (vsv, cls, note) for lvl, code, vsv, cls, note in pub.execute("""
        select geo_level, geo_code, value_sv, comparison_class, note_sv from marts.rpt_municipality_comparison_v2
        where indicator_id = ? and period_type = ? and period_start = ?::date""", [indicator, ptype, pstart]).fetchall()}
    hidden = 0
    for tr in table.find_all("tr"):
        if "km" not in tr.classes and "ref" not in tr.classes:
            continue
        key = (tr.attrs["data-geo-level"], tr.attrs["data-geo"])
        shown = _cell_value(tr.find("td", "n"), "cv")
        if key not in mart:  # no figure for this geography at all
            assert shown == "" and key not in published, key
            continue
        value, lower, upper, suppression, reason = mart[key]
        if suppression is not None:
            assert shown == "..", key
            hidden += 1
        elif value is None:
            assert shown == symbols[reason], (key, shown, reason)
        else:
            assert shown == published[key][0], (key, shown)
        cls_td = tr.find("td", "cls")
        expected = None if key[0] == "region" else _independent_class(value, lower, upper, region, direction,
                                                                      aggregation)
        assert cls_td.attrs.get("data-class") == expected, (key, cls_td.attrs.get("data-class"), expected)
        note = published[key][2]
        if note:
            assert note in tr.find("td", "note").text(), (key, note)
    return hidden


def test_comparison_classes_equal_an_independent_test(pub: duckdb.DuckDBPyConnection) -> None:
    """Every municipality and kommunalförbund × indicator × period of the published comparison: the class equals
    the interval test computed here from fct_indicator_values_v2, and counts carry a figure per 1 000 inhabitants
    equal to the value over the municipality's inhabitants."""
    rows = pub.execute("""
        select c.geo_level, c.geo_code, c.indicator_id, c.period_type, c.period_start, c.comparison_class,
               c.value_per_1000, v.value, v.ci_lower, v.ci_upper, r.value, i.desired_direction, i.aggregation
        from marts.rpt_municipality_comparison_v2 c
        join marts.fct_indicator_values_v2 v
          on v.indicator_id = c.indicator_id and v.geo_level = c.geo_level and v.geo_code = c.geo_code
         and v.period_type = c.period_type and v.period_start = c.period_start and v.sex = 'T'
        left join marts.fct_indicator_values_v2 r
          on r.indicator_id = c.indicator_id and r.geo_level = 'region' and r.period_type = c.period_type
         and r.period_start = c.period_start and r.sex = 'T'
        join marts.dim_indicator i on i.indicator_id = c.indicator_id
        where c.geo_level <> 'region'""").fetchall()
    assert len(rows) > 10_000
    classes = set()
    for level, code, ind, ptype, pstart, cls, per1000, value, lo, hi, region, direction, aggregation in rows:
        expected = _independent_class(value, lo, hi, region, direction, aggregation)
        assert cls == expected, (level, code, ind, ptype, pstart, cls, expected)
        classes.add(cls)
        if aggregation in ("sum", "distinct_count", "point_in_time_count") and value is not None and level == "kommun":
            assert (per1000 is not None and per1000 > 0) or value == 0, (code, ind, pstart)
    assert {"better", "no_difference", "worse", "not_compared"} <= classes
    # per 1 000 inhabitants: the municipality's value over its population (reference seed totals) in that year
    check = pub.execute("""
        select count(*), count(*) filter (where abs(value_per_1000 - 1000.0 * value / population) > 1e-9)
        from marts.rpt_municipality_comparison_v2 where value_per_1000 is not null""").fetchone()
    assert check[0] > 1000 and check[1] == 0, check


def test_municipality_table_default_period(dom: Node, pub: duckdb.DuckDBPyConnection) -> None:
    period = _latest_quarter_with_values(pub)
    table = dom.find("table", id="cmp-table")
    _check_municipality_table(dom, pub, period, table.attrs["data-indicator"])
    section = dom.find("section", id="kommuner")
    text = " ".join(section.text().split())
    assert "Vården i siffror" in text and "inget omdöme" in text, "how the comparison reads"
    assert section.find("select", id="cmp-period") is not None and section.find("select", id="cmp-indicator")
    # sortable by keyboard: the column headers are buttons
    assert len(table.find("thead").find_all("button")) >= 3


def test_chosen_period_and_municipality(report: Path, pub: duckdb.DuckDBPyConnection,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    # The indicator × quarter with the most hidden municipal cells, and the municipality with the most hidden quarters.
    (indicator, quarter) = pub.execute("""
        select c.indicator_id, c.period_start from marts.rpt_municipality_comparison_v2 as c
        inner join marts.dim_period as p using (period_type, period_start)
        where c.period_type = 'quarter' and p.is_within_follow_up
        group by all order by count(c.suppression) desc, c.indicator_id, c.period_start limit 1""").fetchone()
    (kommun, kf) = pub.execute("""
        select s.geo_code, any_value(g.kommunalforbund_code) from marts.rpt_indicator_series_v2 as s
        inner join marts.dim_period as p using (period_type, period_start)
        inner join marts.dim_geography as g on g.geo_level = 'kommun' and g.geo_code = s.geo_code
        where s.geo_level = 'kommun' and s.period_type = 'quarter' and p.is_within_follow_up and s.sex = 'T'
        group by s.geo_code order by count(s.suppression) desc, s.geo_code limit 1""").fetchone()
    period = f"quarter:{quarter.isoformat()}"
    dom = _dump_dom(report, tmp_path_factory.mktemp("dom_chosen"),
                    f"#period={period}&ind={indicator}&kommun={kommun}&per=quarter")
    assert _check_municipality_table(dom, pub, period, indicator) > 0

    (hidden_points,) = pub.execute("""
        select count(*) from marts.rpt_indicator_series_v2 as s
        inner join marts.dim_period as p using (period_type, period_start)
        where s.period_type = 'quarter' and p.is_within_follow_up and s.suppression is not null and s.sex = 'T'
          and ((s.geo_level = 'kommun' and s.geo_code = ?) or (s.geo_level = 'kommunalforbund' and s.geo_code = ?)
               or s.geo_level = 'region')""", [kommun, kf]).fetchone()
    assert hidden_points > 0
    charts = dom.find("div", id="trend-charts")
    figures = charts.find_all("figure", "chart")
    (n_indicators,) = pub.execute("select count(*) from marts.dim_indicator").fetchone()
    assert len(figures) == n_indicators
    gaps = [n for n in charts.iter() if n.attrs.get("data-gap") == "hidden"]
    assert len(gaps) == hidden_points, "every hidden point is marked `..` and nothing else is"
    assert all(n.text().startswith("..") and n.find("title") is not None for n in gaps)
    (name,) = pub.execute("select geo_name_sv from marts.dim_geography where geo_level = 'kommun' and geo_code = ?",
                          [kommun]).fetchone()
    assert name in dom.find("div", id="trend-legend").text()
    # a period not measured by design is not drawn as missing
    not_measured = [n for n in charts.iter() if n.attrs.get("data-reason") == "not_measured"]
    assert not not_measured


def test_kvinnor_view(report: Path, pub: duckdb.DuckDBPyConnection, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`#kon=K`: the overview and the trend lines of kvinnor, read against the published file."""
    # A known cell: the region's K value of a share broken down by sex, where K differs from T.
    (ind, column, ptype, pstart, k_text) = pub.execute("""
        select k.indicator_id, k.column_name, k.period_type, k.period_start, k.value_sv
        from marts.rpt_indicator_overview_cells_v2 k
        join marts.rpt_indicator_overview_cells_v2 t using (indicator_id, column_name)
        join marts.dim_indicator i using (indicator_id)
        where k.sex = 'K' and t.sex = 'T' and i.unit = 'procent' and k.suppression is null
          and k.value is not null and k.value_sv <> t.value_sv
        order by i.display_order, k.column_order limit 1""").fetchone()
    (k_value, dec) = pub.execute("""
        select v.value, i.display_decimals from marts.fct_indicator_values_v2 v join marts.dim_indicator i
        using (indicator_id) where v.indicator_id = ? and v.geo_level = 'region' and v.sex = 'K'
        and v.period_type = ? and v.period_start = ?""", [ind, ptype, pstart]).fetchone()
    (kommun,) = pub.execute("select min(geo_code) from marts.dim_geography where geo_level = 'kommun'").fetchone()
    dom = _dump_dom(report, tmp_path_factory.mktemp("dom_k"), f"#kon=K&kommun={kommun}&per=quarter")
    assert dom.find("html").attrs.get("data-sex") == "K"

    breakdown = dict(pub.execute("select indicator_id, sex_breakdown from marts.dim_indicator").fetchall())
    rows = {tr.attrs["data-indicator"]: tr for tr in _overview_rows(dom)}
    assert len(rows) == len(breakdown) == len(_overview_rows(dom)), "one row per indicator"
    for indicator_id, by_sex in breakdown.items():
        tr = rows[indicator_id]
        note = tr.find("span", "sexnote")
        if by_sex:
            assert tr.attrs["data-sex"] == "K" and note is None
        else:  # the totals, saying so
            assert tr.attrs["data-sex"] == "T" and note is not None and _is_shown(note)
            assert "Redovisas inte per kön" in note.text()
    td = rows[ind].find("td", data_column=column)
    assert td.attrs["data-sex"] == "K" and _cell_value(td) == k_text
    assert abs(_swedish_numbers(k_text)[0] - k_value) <= 0.5 * 10 ** -dec + 1e-9, (k_text, k_value)
    # every shown value of a broken-down indicator is its K cell
    k_cells = {(i, c): v for i, c, v in pub.execute(
        "select indicator_id, column_name, coalesce(value_sv, '') from marts.rpt_indicator_overview_cells_v2 "
        "where sex = 'K'").fetchall()}
    for indicator_id, tr in rows.items():
        if breakdown[indicator_id]:
            for cell in tr.find_all("td", "v"):
                assert _cell_value(cell) == k_cells[(indicator_id, cell.attrs["data-column"])]
    # Riktning of kvinnor: the region's K trend for the period the totals are judged on
    judged = dict(pub.execute("""
        select t.indicator_id, t.riktning from marts.fct_indicator_trend_v2 t
        join marts.rpt_indicator_overview_cells_v2 c
          on c.indicator_id = t.indicator_id and c.period_type = t.period_type and c.period_start = t.period_start
         and c.sex = 'T' and c.is_judged_period
        where t.geo_level = 'region' and t.sex = 'K'""").fetchall())
    for indicator_id, riktning in judged.items():
        assert _cell_value(rows[indicator_id].find("td", "rk")) == riktning, indicator_id
    # the switch's notes: the comparison says it shows totalt; the K notes are shown, the T notes not
    assert _is_shown(dom.find("section", id="kommuner").find("p", "sexnote"))
    for div in dom.find("section", id="oversikt").find_all("div", "flagnotes"):
        assert _is_shown(div) == (div.attrs["data-sex"] == "K")

    # Trend lines: the K series of the region, with its interval drawn
    figures = {f.attrs["data-indicator"]: f for f in dom.find("div", id="trend-charts").find_all("figure", "chart")}
    assert {i: f.attrs["data-sex"] for i, f in figures.items()} == {i: "K" if b else "T" for i, b in breakdown.items()}
    region = pub.execute("""
        select p.period_code, s.value_sv from marts.rpt_indicator_series_v2 s
        join marts.dim_period p using (period_type, period_start)
        where s.indicator_id = ? and s.geo_level = 'region' and s.sex = 'K' and s.period_type = 'quarter'
          and p.is_within_follow_up and s.value is not null""", [ind]).fetchall()
    (region_name,) = pub.execute("select geo_name_sv from marts.dim_geography where geo_level = 'region'").fetchone()
    group = figures[ind].find("g", "s-r")
    titles = {t.text() for t in group.find_all("title")}
    assert region
    for label, text in region:
        assert any(t.startswith(f"{region_name}, {label}: {text}") for t in titles), (label, text, titles)
    assert len(group.find_all("polygon", "ci")) + len(group.find_all("line", "ci")) > 0, "no interval drawn"
    assert any("95 % konfidensintervall" in t for t in titles)
    assert figures["telefon_24h"].find("span", "sexnote") is not None  # totals shown, with the note


def test_the_static_page_shows_totalt(report: Path) -> None:
    """Without the script the K and M rows are hidden and Totalt is the checked choice."""
    dom = parse(report.read_text(encoding="utf-8"))
    switch = dom.find("fieldset", id="sex-switch")
    radios = switch.find_all("input")
    assert [(r.attrs["value"], "checked" in r.attrs) for r in radios] == [("T", True), ("K", False), ("M", False)]
    assert switch.find("legend") is not None and all(r.parent.tag == "label" for r in radios)
    rows = dom.find("table", id="overview-table").find("tbody").find_all("tr")
    assert {tr.attrs["data-sex"] for tr in rows if _is_shown(tr)} == {"T"}
    assert {tr.attrs["data-sex"] for tr in rows if not _is_shown(tr)} == {"K", "M"}


def test_screenshot(report: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("report_screenshot")
    png = folder / "indikatorer.png"
    result = _run_chromium(["--window-size=1600,1200", f"--screenshot={png}", report.resolve().as_uri()],
                           folder / "profile")
    assert png.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    print(f"\nscreenshot of the indicator report: {png}")
    assert png.stat().st_size > 40_000, f"screenshot only {png.stat().st_size} bytes"
    width, height, rows = read_png(png)
    assert (width, height) == (1600, 1200)
    colours = {rows[y][3 * x:3 * x + 3] for y in range(0, height, 5) for x in range(0, width, 5)}
    assert len(colours) > 50, "screenshot looks blank"
    assert any(all(abs(c[k] - NAVY[k]) <= 6 for k in range(3)) for c in colours), "overview header not visible"


def test_prints_on_a4_landscape(report: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("report_pdf")
    pdf = folder / "indikatorer.pdf"
    result = _run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.resolve().as_uri()],
                           folder / "profile")
    assert pdf.is_file(), result.stderr[-3000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page size in the PDF"
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        size = (x1 - x0, y1 - y0)
        assert abs(size[0] - A4_LANDSCAPE[0]) <= 2 and abs(size[1] - A4_LANDSCAPE[1]) <= 2, f"page {size} pt"
    # Overview, the municipalities and the trends each start on their own page.
    assert len(boxes) >= 3, f"{len(boxes)} pages"
    print(f"\nPDF: {len(boxes)} pages A4 landscape: {pdf}")


def test_docs_site(built_warehouse: Path, default_landing: Path, tmp_path: Path) -> None:
    # A copy of the suite's warehouse: `dbt docs generate` opens it for writing, and other tests may be
    # reading the original.
    db = tmp_path / "nara_vard.duckdb"
    shutil.copyfile(built_warehouse, db)
    wal = built_warehouse.with_name(built_warehouse.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, db.with_name(db.name + ".wal"))
    reports = tmp_path / "reports"
    out = reports / "docs" / "index.html"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(default_landing),
           "NARA_VARD_REPORTS": str(reports), "DBT_LOG_PATH": str(tmp_path / "logs")}
    env.pop("NARA_VARD_TARGET", None)
    command = [str(CLI), "docs", "--target-path", str(tmp_path / "target")]

    # While another process holds the build database, `docs` stops at once and says why.
    holder = duckdb.connect(str(db), read_only=True)
    try:
        locked = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert locked.returncode == 3, locked.stdout[-2000:] + locked.stderr[-2000:]
    assert "locked" in locked.stderr and not out.exists()

    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert result.stdout.strip().splitlines()[-1].endswith(str(out))
    assert (tmp_path / "target" / "static_index.html").is_file()
    text = out.read_text(encoding="utf-8")
    # One file with the manifest inlined: it opens from disk without `dbt docs serve`.
    assert "fct_indicator_values" in text and "rpt_municipality_comparison" in text
    assert not re.search(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", text, re.I)
    print(f"\nnara-vard docs in {elapsed:.1f} s, {out.stat().st_size / 1_048_576:.1f} MB: {out}")


# ------------------------------------------------------------------------------ phone, keyboard, words

#: loads a page in an iframe of the given width, opens every <details>, and writes back what a reader sees:
#: the layout width, the visible text (innerText) and every tooltip (title attributes and SVG titles)
MEASURE_HTML = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{src}" style="width:{w}px;height:900px;border:0"></iframe>
<script>
document.getElementById("f").addEventListener("load", function () {
  setTimeout(function () {
    var doc = document.getElementById("f").contentDocument;
    var width = doc.documentElement.scrollWidth, client = doc.documentElement.clientWidth;
    Array.prototype.forEach.call(doc.querySelectorAll("details"), function (d) { d.open = true; });
    var titles = [];
    Array.prototype.forEach.call(doc.querySelectorAll("[title]"), function (el) {
      if (el.getClientRects().length) { titles.push(el.getAttribute("title")); } });
    Array.prototype.forEach.call(doc.querySelectorAll("title"), function (el) {
      if (el.parentNode && el.parentNode.getClientRects && el.parentNode.getClientRects().length) { titles.push(el.textContent); } });
    var out = document.createElement("pre"); out.id = "result";
    out.textContent = JSON.stringify({scrollWidth: width, clientWidth: client, text: doc.body.innerText, titles: titles});
    document.body.appendChild(out);
  }, 1500);
});
</script></body></html>"""


def measure_page(page: Path, width: int, tmp: Path) -> dict[str, Any]:
    """What a reader of `page` at `width` CSS pixels sees (headless Chromium)."""
    wrapper = tmp / f"measure_{width}.html"
    wrapper.write_text(MEASURE_HTML.replace("{src}", page.resolve().as_uri()).replace("{w}", str(width)),
                       encoding="utf-8")
    result = _run_chromium(["--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                            wrapper.resolve().as_uri()], tmp / f"profile_{width}")
    match = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.S)
    assert match, result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("width", [390, 1440])
def test_phone_and_desktop(report: Path, pub: duckdb.DuckDBPyConnection, published: Path, width: int,
                           tmp_path_factory: pytest.TempPathFactory) -> None:
    """No horizontal overflow on a phone; the synthetic-data notice is on the page; every interval and every
    reason a tooltip gives is also visible text (with the <details> opened), so touch and keyboard reach it."""
    seen = measure_page(report, width, tmp_path_factory.mktemp(f"measure{width}"))
    assert seen["scrollWidth"] <= seen["clientWidth"], f"{seen['scrollWidth']} px wide at {width} px"
    text = _normal(seen["text"])
    meta = json.loads((published / "_published.json").read_text(encoding="utf-8"))
    (notice,) = pub.execute("select label_sv from marts.dim_label where domain = 'notice' "
                            "and code = 'synthetic_data'").fetchone()
    assert meta["synthetic_data"] is True and notice in text
    intervals = {m for t in seen["titles"] for m in re.findall(r"95 % konfidensintervall [^)]*", _normal(t))}
    assert len(intervals) > 40
    missing = sorted(i for i in intervals if i not in text)
    assert not missing, f"{len(missing)} intervals only in tooltips, e.g. {missing[:3]}"
    notes = {n for (n,) in pub.execute("""
        select note_sv from marts.rpt_indicator_overview_cells_v2 where note_sv is not null and sex = 'T'
        union select note_sv from marts.rpt_indicator_series_v2 where note_sv is not null and sex = 'T'""").fetchall()}
    in_titles = {n for n in notes if any(n in _normal(t) for t in seen["titles"])}
    assert in_titles, "no reason found in any tooltip: the check proves nothing"
    hidden_notes = sorted(n for n in in_titles if _normal(n) not in text)
    assert not hidden_notes, f"reasons only in tooltips: {hidden_notes[:3]}"


def test_no_assumed_or_benchmark_figure_called_a_goal(report: Path, pub: duckdb.DuckDBPyConnection) -> None:
    """'mål' is printed only with a decided target: every reference shown is dim_indicator's label, whose kind
    says what it is; a benchmark's label says 'jämförelsevärde' and names its source."""
    text = report.read_text(encoding="utf-8")
    refs = pub.execute("select indicator_id, reference_kind, reference_label_sv, target_value from marts.dim_indicator").fetchall()
    assert {k for _, k, _, _ in refs} == {"target", "benchmark", "none"}
    for ind, kind, label, target in refs:
        if kind == "none":
            assert label is None and target is None, ind
            continue
        assert label in text, ind
        assert label.startswith("mål ") == (kind == "target") and (kind == "target") != label.startswith("jämförelsevärde")
    # nowhere "mål ≥ 90" or "mål ≤ …" unless a decided target has that figure
    decided = {f"mål {label.split(' ', 1)[1]}" for _, kind, label, _ in refs if kind == "target"}
    for match in re.findall(r"mål [≥≤]?\s?\d[\d ,]*\s?%?", text):
        assert any(d.startswith(match.strip()) for d in decided), match


def test_report_links_every_export_file(published: Path, built_warehouse: Path,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """After `nara-vard export`, the report links each export file (relative links that resolve). The suite's
    publication is exported once per session (conftest.exported); the report is written beside it."""
    exported(published, built_warehouse.parent / "target")
    work = tmp_path_factory.mktemp("report_exports")
    out = work / "report" / "index.html"
    env = {**os.environ, "NARA_VARD_DB": str(work / "none.duckdb")}
    result = subprocess.run([str(CLI), "report", "--published", str(published), "--out", str(out)], cwd=REPO_ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(p.name for p in (published / "export").iterdir() if p.is_file() and not p.name.startswith("."))
    assert len(files) >= 5
    links = {a.attrs["href"] for a in parse(out.read_text(encoding="utf-8")).find("section", id="ladda-ner").find_all("a")}
    for name in files:
        href = next((h for h in links if h.endswith("/" + name)), None)
        assert href is not None, f"{name} not linked"
        assert (out.parent / href).resolve() == (published / "export" / name).resolve()


def test_contrast_and_tooltips_on_a_phone(report: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """WCAG 2.1 AA contrast for every text on the page (the reviewer's page's probe, in Chromium), and every
    tooltip's text visible, in a <details> or on a focusable element."""
    found = _probe(report, tmp_path_factory.mktemp("report_probe"), (CHECKED_WIDTH,))[CHECKED_WIDTH]
    assert found["texts"] > 500
    assert not found["low_contrast"], f"text below WCAG 2.1 AA contrast: {found['low_contrast'][:8]}"
    assert found["titles"] > 100 and not found["unreachable"], found["unreachable"][:5]
    assert found["scrollWidth"] <= found["clientWidth"]
