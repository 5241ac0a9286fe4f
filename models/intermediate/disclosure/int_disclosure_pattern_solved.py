"""
The suppression pattern, solved here in the build (DuckDB): which cells of person-based indicators
are hidden. The algorithm is nara_vard.disclosure.protect (HiGHS linear programs; its docstring and
this model's YAML say how); this model only hands it the cells and relations and returns its answer.
PostgreSQL and Spark cannot run Python models: there `nara-vard protect` runs the same function
between two dbt invocations and int_disclosure_pattern_loaded reads what it wrote.
"""


def model(dbt, session):
    dbt.config(materialized="table")
    from nara_vard.disclosure import protect

    cells = dbt.ref("int_disclosure_cells").df()
    members = dbt.ref("int_disclosure_relation_members").df()
    result = protect(cells, members, threshold=int(dbt.config.get("min_cell_count")))
    return result.pattern(cells)
