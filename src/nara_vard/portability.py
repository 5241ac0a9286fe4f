"""Engine portability checks of the project's SQL (issue 13: DuckDB, PostgreSQL 15, Spark 3.5).

Two levels:

- source level (`check_project_sources`): model SQL, analyses, tests/*.sql and the body of every
  macro that is not an engine's implementation of a dispatched macro (`duckdb__`, `postgres__`,
  `spark__`, beside its dispatcher) hold no DuckDB-only construct of DENYLIST. DuckDB-only helpers
  called only from `duckdb__` implementations are allowlisted by name (DUCKDB_ONLY_HELPERS, each
  with its reason); the check also proves that nothing else calls them.
- compiled level (`check_compiled_sql(compiled_dir, engine)`): for every engine no `with` nested
  inside parentheses (a CTE inside a CTE or subquery: dbt's date_spine renders one, and some
  engines and our tools reject it); for an engine other than DuckDB also the DENYLIST, so the
  PostgreSQL and Spark builds can check what they really ran.

Comments, string literals and quoted identifiers are blanked before matching, so a word inside a
label or a message never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# (name, regex, reason): DuckDB-only SQL with the portable form to use instead.
DENYLIST: list[tuple[str, str, str]] = [
    ("try_cast", r"\btry_cast\s*\(", "DuckDB/Spark only: use safe_cast() or a guarded cast"),
    ("strptime", r"\b(try_)?strptime\s*\(", "DuckDB only: parse with a dispatched parse_* macro"),
    ("strftime", r"\bstrftime\s*\(", "DuckDB only: use format_date()"),
    ("qualify", r"\bqualify\b", "not in PostgreSQL: row_number() in a subquery"),
    ("double_colon_cast", r"::", "PostgreSQL/DuckDB only: cast(x as t)"),
    ("list_function", r"\blist_\w+\s*\(", "DuckDB list functions"),
    ("regexp_full_match", r"\bregexp_full_match\s*\(", "DuckDB only: regexp_like() with ^(...)$"),
    ("regexp_matches", r"\bregexp_matches\s*\(", "DuckDB: a boolean; PostgreSQL: a set of arrays; use regexp_like()"),
    ("regexp_extract", r"\bregexp_extract(_all)?\s*\(", "not in PostgreSQL; Spark gives '' for no match"),
    ("regexp_replace", r"\bregexp_replace\s*\(",
     "first match only on DuckDB/PostgreSQL, all on Spark: use regexp_replace_all()"),
    ("generate_series", r"\bgenerate_series\s*\(", "not in Spark: use month_series()"),
    ("unnest", r"\bunnest\s*\(", "not in Spark (explode): a values list or union all"),
    ("struct_literal", r"\{\s*'?\w+'?\s*:", "DuckDB struct literal"),
    ("list_literal", r"(?<![\w\]\)])\[", "DuckDB list literal"),
    ("star_exclude", r"\*\s*exclude\b", "DuckDB select * exclude"),
    ("group_by_all", r"\bgroup\s+by\s+all\b", "not in PostgreSQL 15: name the columns"),
    ("len", r"\blen\s*\(", "DuckDB only: length()"),
    ("epoch", r"\bepoch(_ms)?\s*\(", "DuckDB only: dbt.datediff()"),
    ("starts_with", r"\b(starts_with|ends_with|contains|string_split|str_split|split_part)\s*\(",
     "not on every engine: like 'x%' or a dispatched macro"),
    ("count_if", r"\bcount_if\s*\(", "not in PostgreSQL: sum(case when .. then 1 else 0 end)"),
    ("any_value", r"\bany_value\s*\(", "not in PostgreSQL 15: min()/max()"),
    ("arg_max", r"\barg_(max|min)\s*\(", "DuckDB only"),
    ("first", r"\b(first|last)\s*\(", "DuckDB/Spark aggregate, order-dependent: min()/max() or row_number()"),
    ("format", r"\b(format|printf)\s*\(", "DuckDB fmt syntax: format_swedish_number() or concat"),
    ("string_agg", r"\b(string_agg|group_concat|listagg)\s*\(", "not in Spark: listagg_sorted()"),
    ("double", r"\bdouble\b(?!\s+precision)", "PostgreSQL needs 'double precision': type_double()"),
    ("varchar", r"\bvarchar\b(?!\s*\()", "Spark needs a length: dbt.type_string()"),
    ("hugeint", r"\b(hugeint|ubigint|utinyint|usmallint|uinteger|blob)\b", "DuckDB types"),
    ("date_diff", r"\bdate_(diff|sub|add|part)\s*\(", "DuckDB argument order: dbt.datediff()/dbt.dateadd()"),
    ("interval_literal", r"\binterval\s+\d", "unquoted interval: dbt.dateadd()"),
    ("date_part_function", r"\b(year|quarter|month|day|week|dayofweek|dayofyear|last_day)\s*\(",
     "not in PostgreSQL: cast(extract(.. from ..) as integer), period_end_date()"),
    ("today", r"\b(today|current_localtimestamp)\s*\(", "DuckDB only: current_date"),
    ("ifnull", r"\b(ifnull|nvl|iif)\s*\(", "not on every engine: coalesce()/case"),
]

# DENYLIST rules that are the engine's own SQL, with the same meaning there: the engine's
# implementations of dispatched macros (`postgres__…`, `spark__…`) use them on purpose, so the
# compiled SQL of that engine may hold them. Everything else of DENYLIST must be absent.
ENGINE_NATIVE: dict[str, dict[str, str]] = {
    "postgres": {
        "double_colon_cast": "PostgreSQL's own cast syntax (bytea literals, ::integer in postgres__ parsers)",
        "unnest": "PostgreSQL arrays unnested with ordinality (postgres__array_map)",
        "regexp_matches": "PostgreSQL's set-returning form with 'g' (postgres__regexp_extract_groups)",
        "regexp_replace": "always with the 'g' flag in the postgres__ macros (all matches, as DuckDB's 'g')",
        "starts_with": "split_part() is PostgreSQL (a file's header line, the parts of a date)",
        "string_agg": "string_agg(.. order by ..) is PostgreSQL's own (postgres__listagg_sorted)",
        "doubled_quote": "PostgreSQL reads '' inside a literal as one quote (standard SQL)",
        "date_diff": "dbt-postgres's own dbt.datediff() renders date_part()",
        "generate_series": "PostgreSQL's set-returning function (the engine_functions hook's lookup tables)",
        "list_literal": "PostgreSQL's array[...] constructor (postgres__empty_string_list)",
    },
    "spark": {
        "regexp_extract": "quoted CSV fields (spark__regexp_extract_groups: regexp_extract_all is Spark's own)",
        "regexp_replace": "replaces every match on Spark (spark__regexp_replace_all, masking)",
        "double": "Spark's name for the type (it has no `double precision`)",
    },
}

_DENY = [(name, re.compile(rx, re.IGNORECASE), reason) for name, rx, reason in DENYLIST]

# DuckDB-only helper macros, allowed because only duckdb__ implementations call them.
DUCKDB_ONLY_HELPERS: dict[str, str] = {
    "windows_1252_char": "a DuckDB list literal; duckdb__decode_windows_1252 only",
    "swedish_months_sql": "a DuckDB list literal; duckdb__parse_swedish_month_name only",
    "swedish_month_names_sql": "a DuckDB list literal (kept for callers outside the project's SQL)",
}

# The prefixes of an engine's implementation of a dispatched macro: its body is that engine's SQL.
# default__ is not one of them: PostgreSQL and Spark fall back to it.
ENGINE_PREFIXES = ("duckdb__", "postgres__", "spark__")


@dataclass(frozen=True)
class Problem:
    where: str
    rule: str
    reason: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule} ({self.reason}): {self.excerpt}"


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_code(text: str) -> str:
    """Jinja and SQL comments blanked, string literals kept."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|/\*.*?\*/", _blank, text, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", _blank, text)


DOUBLED_QUOTE = ("doubled_quote", "Spark reads 'it''s' as two adjacent literals ('its'): chr(39)")


def doubled_quote_literals(sql: str) -> list[int]:
    """Offsets of string literals that hold a doubled quote ('' inside, not the empty literal)."""
    clean = _blank_code(sql)
    return [m.start() for m in re.finditer(r"'(?:[^']|'')*'", clean) if "''" in m.group(0)[1:-1]]


def strip_sql(text: str) -> str:
    """Blank out Jinja comments/tags/expressions, SQL comments, string literals and quoted identifiers."""
    text = re.sub(r"\{#.*?#\}", _blank, text, flags=re.DOTALL)
    text = re.sub(r"\{%.*?%\}", _blank, text, flags=re.DOTALL)
    text = re.sub(r"\{\{.*?\}\}", lambda m: re.sub(r"[^\n]", " ", m.group(0))[:-1] + "x", text,
                  flags=re.DOTALL)
    text = re.sub(r"/\*.*?\*/", _blank, text, flags=re.DOTALL)
    text = re.sub(r"--[^\n]*", _blank, text)
    text = re.sub(r"'(?:[^']|'')*'", lambda m: "''" + " " * (len(m.group(0)) - 2), text)
    text = re.sub(r'"(?:[^"]|"")*"', lambda m: "x" * len(m.group(0)), text)
    return re.sub(r"`[^`]*`", lambda m: "x" * len(m.group(0)), text)


_JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# double-quoted: the project writes SQL fragments in Jinja with double quotes (they hold SQL's own
# single-quoted literals); single-quoted Jinja strings are names, labels and messages
_JINJA_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)


def jinja_sql_fragments(sql: str) -> list[tuple[int, str]]:
    """(offset, text) of every string literal inside a Jinja tag or expression: the SQL fragments
    a macro call or a `do return([...])` list carries into the compiled SQL."""
    fragments = []
    for block in _JINJA.finditer(sql):
        for m in _JINJA_STRING.finditer(block.group(0)):
            fragments.append((block.start() + m.start() + 1, m.group(1)))
    return fragments


def check_sql(sql: str, where: str = "<sql>") -> list[Problem]:
    """DENYLIST matches in one piece of SQL (Jinja and literals blanked first), and in the SQL
    fragments that Jinja string literals carry (jinja_sql_fragments)."""
    lines = sql.splitlines()
    # a fragment may be a bare regular expression ('[0-9]{4}'): its brackets are no list literal
    pieces = [(0, strip_sql(sql), True)] + [(at, strip_sql(text), False) for at, text in jinja_sql_fragments(sql)]
    problems = []
    for offset, text in [(0, sql), *jinja_sql_fragments(sql)]:
        for at in doubled_quote_literals(text):
            line = sql.count("\n", 0, offset) + text.count("\n", 0, at) + 1
            excerpt = lines[line - 1].strip()[:120] if line <= len(lines) else ""
            problems.append(Problem(f"{where}:{line}", *DOUBLED_QUOTE, excerpt))
    for offset, clean, whole in pieces:
        for name, rx, reason in _DENY:
            if name == "list_literal" and not whole:
                continue
            for m in rx.finditer(clean):
                line = sql.count("\n", 0, offset) + clean.count("\n", 0, m.start()) + 1
                excerpt = lines[line - 1].strip()[:120] if line <= len(lines) else ""
                problems.append(Problem(f"{where}:{line}", name, reason, excerpt))
    return problems


_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\((.*?)\)\s*-?%\}(.*?)\{%-?\s*endmacro\s*-?%\}", re.DOTALL)


def macro_bodies(text: str) -> list[tuple[str, str, int]]:
    """(name, body, line) of every macro in a file."""
    return [(m.group(1), m.group(3), text.count("\n", 0, m.start(3)) + 1) for m in _MACRO.finditer(text)]


def check_project_sources(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for folder in ("models", "analyses"):
        for path in sorted((root / folder).rglob("*.sql")):
            problems += check_sql(path.read_text(), str(path.relative_to(root)))
    for path in sorted((root / "tests").glob("*.sql")):
        problems += check_sql(path.read_text(), str(path.relative_to(root)))
    callers: dict[str, set[str]] = {h: set() for h in DUCKDB_ONLY_HELPERS}
    for path in sorted((root / "macros").rglob("*.sql")):
        rel = path.relative_to(root)
        for name, body, line in macro_bodies(path.read_text()):
            for helper in DUCKDB_ONLY_HELPERS:
                if helper != name and re.search(rf"\b{helper}\s*\(", body):
                    callers[helper].add(name)
            if name.startswith(ENGINE_PREFIXES) or name in DUCKDB_ONLY_HELPERS:
                continue
            for p in check_sql(body, f"{rel}:{name}"):
                where, at = p.where.rsplit(":", 1)
                problems.append(Problem(f"{where} (line {line - 1 + int(at)})", p.rule, p.reason, p.excerpt))
    for folder in ("models", "analyses"):
        for path in sorted((root / folder).rglob("*.sql")):
            for helper in DUCKDB_ONLY_HELPERS:
                if re.search(rf"\b{helper}\s*\(", path.read_text()):
                    callers[helper].add(str(path.relative_to(root)))
    for helper, names in callers.items():
        bad = {n for n in names if not (n.startswith("duckdb__") or n in DUCKDB_ONLY_HELPERS)}
        if bad:
            problems.append(Problem(f"macro {helper}", "duckdb_only_helper_called",
                                    "a DuckDB-only helper may be called only from duckdb__ macros",
                                    ", ".join(sorted(bad))))
    return problems


_WITH = re.compile(r"\bwith\b(?!\s+(?:local\s+)?time\s+zone\b|\s+ordinality\b)", re.IGNORECASE)


def nested_with(sql: str) -> list[int]:
    """Line numbers of every `with` that opens a CTE list inside parentheses."""
    clean = strip_sql(sql)
    depth, lines = 0, []
    for m in re.finditer(r"[()]|\b\w+\b", clean):
        tok = m.group(0)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(depth - 1, 0)
        elif depth > 0 and tok.lower() == "with" and _WITH.match(clean, m.start()):
            lines.append(clean.count("\n", 0, m.start()) + 1)
    return lines


def check_compiled_sql(compiled_dir: Path, engine: str) -> list[Problem]:
    """Problems in every compiled .sql file under `compiled_dir` (dbt's target/compiled or target/run)."""
    problems: list[Problem] = []
    for path in sorted(Path(compiled_dir).rglob("*.sql")):
        sql = path.read_text()
        for line in nested_with(sql):
            problems.append(Problem(f"{path}:{line}", "nested_with", "a CTE inside parentheses", ""))
        if engine != "duckdb":
            native = ENGINE_NATIVE.get(engine, {})
            problems += [p for p in check_sql(sql, str(path)) if p.rule not in native]
    return problems
