"""The project's SQL stays portable to PostgreSQL 15 and Spark 3.5 (issue 13).

Source level: model SQL, analyses, tests/*.sql and every macro body that is not a `duckdb__`
implementation hold no DuckDB-only construct (nara_vard.portability.DENYLIST). What is not yet
converted is listed in KNOWN_REMAINING (file -> number of findings): a file may only get better,
and a file not listed must be clean. Compiled level: no `with` nested in parentheses.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nara_vard.paths import REPO_ROOT
from nara_vard.portability import check_compiled_sql, check_project_sources, check_sql, nested_with

# Files allowed to hold DuckDB-only SQL (file -> number of findings): none left; an entry may only
# shrink, so any new DuckDB-only construct outside the duckdb__ implementations fails.
KNOWN_REMAINING: dict[str, int] = {}


def _file(where: str) -> str:
    return where.split(":")[0].split(" (line")[0]


def test_sources_hold_no_new_duckdb_only_sql() -> None:
    problems = check_project_sources(REPO_ROOT)
    counts = Counter(_file(p.where) for p in problems)
    worse = {f: n for f, n in counts.items() if n > KNOWN_REMAINING.get(f, 0)}
    detail = "\n".join(str(p) for p in problems if _file(p.where) in worse)
    assert not worse, f"DuckDB-only SQL outside duckdb__ macros:\n{detail}"


def test_checker_finds_planted_constructs() -> None:
    model = """
        select id, try_cast(x as integer) as n, strftime(d, '%Y') as y, a::date as a_date, year(d) as yr
        from {{ ref('stg_x') }}
        qualify row_number() over (partition by id order by d) = 1
    """
    rules = {p.rule for p in check_sql(model, "models/planted.sql")}
    assert {"try_cast", "qualify", "strftime", "double_colon_cast", "date_part_function"} <= rules


def test_checker_ignores_literals_comments_and_jinja() -> None:
    sql = """
        -- qualify try_cast(x) in a comment
        {# list_contains([1]) in a Jinja comment #}
        select 'try_cast(x as int) :: qualify' as label, "double" as quoted, {{ dbt.cast('x', 'int') }}[1] as y
        from t
    """
    assert check_sql(sql) == []


def test_checker_reads_the_sql_that_jinja_strings_carry() -> None:
    # SQL built in Jinja (a check list of a staging model, a macro argument) reaches the compiled SQL
    planted = """
        {%- set checks = [["len(missing_columns) > 0", "missing_column"],
                          ["x is not null and not regexp_full_match(x, '[0-9]{4}')", "invalid_format"]] %}
        select {{ parse_month("nullif(regexp_extract(file_name, '([0-9]{4})', 1), '')") }} from t
    """
    found = {(p.rule, p.where) for p in check_sql(planted, "m.sql")}
    assert found == {("len", "m.sql:2"), ("regexp_full_match", "m.sql:3"), ("regexp_extract", "m.sql:4")}
    # a bare regular expression or a message in a Jinja string is no SQL construct
    assert check_sql("""{%- set pattern = '^hsl_([0-9]{4})[.]csv$' %}{{ note("'format: x'") }}""") == []


def test_checker_flags_doubled_quotes_spark_would_drop() -> None:
    # Spark reads 'a ''b''' as adjacent literals: the quotes vanish from a message; chr(39) is portable
    found = check_sql("select 'column x: ''' || x || ''' is negative' as m, '' as empty from t")
    assert [p.rule for p in found] == ["doubled_quote", "doubled_quote"]
    assert [p.rule for p in check_sql("""{{ check("'it''s'") }}""")] == ["doubled_quote"]
    assert check_sql("select 'column x: ' || chr(39) || x || chr(39) || '' as m from t") == []


def test_nested_with_detector() -> None:
    assert nested_with("with a as (select 1) select * from a") == []
    assert nested_with("with a as (with b as (select 1) select * from b) select * from a") == [1]
    assert nested_with("select * from (\nwith b as (select 1) select * from b) as s") == [2]
    assert nested_with("select 'x (with y' as s, with_x, (select cast(t as timestamp with time zone)) from t") == []
    assert nested_with('select "with" from (select 1 as "with") as w') == []


def test_compiled_duckdb_sql_has_no_nested_with(built_warehouse: Path) -> None:
    compiled = built_warehouse.parent / "target" / "compiled"
    assert any(compiled.rglob("*.sql"))
    problems = check_compiled_sql(compiled, "duckdb")
    assert problems == [], "\n".join(map(str, problems))


def test_every_relation_name_fits_postgres(built_warehouse: Path) -> None:
    # PostgreSQL cuts identifiers at 63 bytes and refuses such a relation: a hand-named test that
    # stores its failures, a long model alias. dbt shortens its own generated test names; ours it cannot.
    import json

    manifest = json.loads((built_warehouse.parent / "target" / "manifest.json").read_text())
    too_long = sorted(
        f"{node['unique_id']}: {node['alias']} ({len(node['alias'].encode())} bytes)"
        for node in manifest["nodes"].values()
        if node.get("alias") and len(node["alias"].encode()) > 63
    )
    assert not too_long, "\n".join(too_long)
