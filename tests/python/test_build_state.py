"""A no-change rebuild is skipped, and nothing a build depends on can change without a real build.

Cheap: no dbt build runs here. The CLI's dbt runner is replaced by a fake that records its calls,
over a small landing, an empty DuckDB file and a copy of the project's dbt files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from nara_vard import build_state, cli
from nara_vard.build_state import BuildState, build_fingerprint, project_digest
from nara_vard.paths import REPO_ROOT


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    landing = tmp_path / "landing" / "vega_slutenvard"
    landing.mkdir(parents=True)
    (landing / "vega_2024_01.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    db = tmp_path / "warehouse" / "nara_vard.duckdb"
    db.parent.mkdir()
    duckdb.connect(str(db)).close()
    target = tmp_path / "target"
    target.mkdir()
    for name in ("manifest.json", "run_results.json"):
        (target / name).write_text("{}", encoding="utf-8")
    for key in [k for k in os.environ if k.startswith(("NARA_VARD_", "DBT_"))]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("NARA_VARD_LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("NARA_VARD_DB", str(db))
    monkeypatch.setenv("DBT_TARGET_PATH", str(target))
    monkeypatch.setenv("NARA_VARD_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("NARA_VARD_PUBLISHED", str(tmp_path / "published"))
    return tmp_path


@pytest.fixture
def fake_dbt(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace dbt with a fake that records its arguments and leaves the build database as it is."""
    calls: list[list[str]] = []

    def run_dbt(args: list[str]) -> int:
        calls.append(list(args))
        return 0

    monkeypatch.setattr(cli, "run_dbt", run_dbt)
    monkeypatch.chdir(REPO_ROOT)
    return calls


def _build(calls: list[list[str]], *args: str) -> bool:
    """`nara-vard build ARGS`; True if dbt ran."""
    before = len(calls)
    assert cli.main(["build", *args]) == 0
    return len(calls) > before


def test_an_unchanged_rebuild_is_skipped_and_force_builds(work: Path, fake_dbt: list[list[str]],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert _build(fake_dbt), "the first build has nothing recorded: it must run"
    assert not _build(fake_dbt), "nothing changed: skipped"
    assert "nothing changed" in capsys.readouterr().out
    assert _build(fake_dbt, "--force")
    assert fake_dbt[-1] == ["build", "--exclude-resource-type", "unit_test"], "--force is ours, not dbt's"
    assert not _build(fake_dbt)


def test_a_landing_file_replaced_with_the_same_size_and_mtime_builds(work: Path, fake_dbt: list[list[str]]) -> None:
    assert _build(fake_dbt)
    path = work / "landing" / "vega_slutenvard" / "vega_2024_01.csv"
    st = path.stat()
    replacement = path.with_name("incoming.csv")
    replacement.write_text("a;b\n9;9\n", encoding="utf-8")  # same size, other content
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `cp -p` or `rsync -t` would keep it
    replacement.replace(path)
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    assert _build(fake_dbt)
    assert not _build(fake_dbt)
    (path.parent / "vega_2024_02.csv").write_text("a;b\n", encoding="utf-8")  # a new delivery
    assert _build(fake_dbt)


def test_another_landing_folder_builds(work: Path, fake_dbt: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build(fake_dbt)
    other = work / "other_landing"
    shutil.copytree(work / "landing", other)
    monkeypatch.setenv("NARA_VARD_LANDING", str(other))
    assert _build(fake_dbt)


def test_other_dbt_arguments_or_vars_build(work: Path, fake_dbt: list[list[str]]) -> None:
    assert _build(fake_dbt)
    assert _build(fake_dbt, "--vars", '{"as_of_date": "2024-03-01"}')
    assert not _build(fake_dbt, "--vars", '{"as_of_date": "2024-03-01"}')
    assert _build(fake_dbt)


def test_a_new_run_date_builds(work: Path, fake_dbt: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty as_of_date means the day of the run, which decides `not_due`: tomorrow is another build."""
    assert _build(fake_dbt)
    real = build_state.build_fingerprint
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(build_state, "build_fingerprint", lambda *a, **k: real(*a, **{**k, "today": tomorrow}))
    assert _build(fake_dbt)
    assert not _build(fake_dbt)


def test_a_changed_model_seed_or_macro_changes_the_fingerprint(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("models", "macros", "seeds", "analyses"):
        shutil.copytree(REPO_ROOT / folder, project / folder)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(REPO_ROOT / name, project / name)
    (project / "tests" / "python").mkdir(parents=True)
    (project / "tests" / "singular.sql").write_text("select 1 where false\n", encoding="utf-8")
    fingerprint = lambda: build_fingerprint([], root=project)["project"]  # noqa: E731
    seen = {fingerprint()}
    assert project_digest(project) in seen
    model = next((project / "models").rglob("*.sql"))
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    seen.add(fingerprint())
    seed = next((project / "seeds").rglob("*.csv"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(fingerprint())
    macro = next((project / "macros").rglob("*.sql"))
    macro.write_text(macro.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(fingerprint())
    (project / "tests" / "singular.sql").write_text("select 2 where false\n", encoding="utf-8")
    seen.add(fingerprint())
    assert len(seen) == 5
    (project / "tests" / "python" / "test_x.py").write_text("pass\n", encoding="utf-8")  # not a dbt file
    assert fingerprint() in seen


def test_a_changed_model_file_builds(work: Path, fake_dbt: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build(fake_dbt)
    real = build_state.project_digest
    monkeypatch.setattr(build_state, "project_digest", lambda root=REPO_ROOT: real(root) + "-edited")
    assert _build(fake_dbt)


def test_a_build_database_changed_elsewhere_or_missing_builds(work: Path, fake_dbt: list[list[str]]) -> None:
    db = work / "warehouse" / "nara_vard.duckdb"
    assert _build(fake_dbt)
    with duckdb.connect(str(db)) as con:
        con.execute("create table t as select 1 as x")
    assert _build(fake_dbt)
    assert not _build(fake_dbt)
    (work / "target" / "manifest.json").unlink()
    assert _build(fake_dbt)
    db.unlink()
    assert _build(fake_dbt)


def test_a_failed_build_is_not_recorded(work: Path, fake_dbt: list[list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "run_dbt", lambda args: 1)
    assert cli.main(["build"]) == 1
    assert not BuildState().steps


def test_any_dbt_command_forgets_the_build(work: Path, fake_dbt: list[list[str]]) -> None:
    assert _build(fake_dbt)
    assert cli.main(["dbt", "run", "--select", "dim_geography"]) == 0
    assert _build(fake_dbt)


def test_post_build_steps_skip_only_after_the_same_build(work: Path, fake_dbt: list[list[str]]) -> None:
    assert _build(fake_dbt)
    state = BuildState()
    reports = work / "reports"

    def run(step: str, output: Path) -> None:
        """What cli._run_step does around a step that writes `output`."""
        s = BuildState()
        s.forget_from(step)
        key, ours = s.step_key(step), s.db_signature_matches()
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(step, encoding="utf-8")
        BuildState().record_step(step, key, ours)

    quality_csv = reports / "quality" / "gx_validation_results.csv"
    run("quality", quality_csv)
    assert BuildState().can_skip("quality")
    assert not BuildState().can_skip("publish"), "never ran"
    published = work / "published"
    (published).mkdir()
    (published / "nara_vard.duckdb").write_text("x", encoding="utf-8")
    run("publish", published / "_published.json")
    assert BuildState().can_skip("publish")
    # running an earlier step for real forgets the later ones
    run("quality", quality_csv)
    assert BuildState().can_skip("quality") and not BuildState().can_skip("publish")
    run("publish", published / "_published.json")
    # an output changed by hand: the step runs again
    quality_csv.write_text("edited by hand", encoding="utf-8")
    assert not BuildState().can_skip("quality") and not BuildState().can_skip("publish")
    run("quality", quality_csv)
    # a new build forgets every step
    assert _build(fake_dbt, "--force")
    assert set(BuildState().steps) == {"build"}
    assert state.path == BuildState().path and json.loads(state.path.read_text(encoding="utf-8"))["format"] == 1


def test_if_changed_skips_a_step_in_the_cli(work: Path, fake_dbt: list[list[str]], monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ran: list[str] = []

    def fake_report(args: object) -> int:
        out = work / "reports" / "indikatorer" / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("report", encoding="utf-8")
        ran.append("report")
        return 0

    monkeypatch.setattr(cli, "_cmd_report", fake_report)
    assert _build(fake_dbt)
    for step in ("quality", "publish", "export"):  # as if they ran for this build
        s = BuildState()
        for path in build_state.step_outputs(step):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step, encoding="utf-8")
        s.record_step(step, s.step_key(step), True)
    assert cli.main(["report", "--if-changed"]) == 0 and ran == ["report"]
    assert cli.main(["report", "--if-changed"]) == 0 and ran == ["report"]
    assert "skipped" in capsys.readouterr().out
    assert cli.main(["report"]) == 0 and ran == ["report"] * 2, "without --if-changed it always runs"
    assert cli.main(["report", "--if-changed", "--out", str(work / "elsewhere.html")]) == 0
    assert ran == ["report"] * 3, "other options: always runs"


def test_steps_that_read_different_artefacts_do_not_forget_each_other(work: Path, fake_dbt: list[list[str]]) -> None:
    """export/report read the published folder, docs/review-page the build database: `make build` runs
    the pairs side by side, and one running does not make the other run again."""
    assert build_state.dependents("export") == ["export"]
    assert set(build_state.dependents("quality")) == {"quality", "publish", "export", "report", "docs", "review-page"}
    assert set(build_state.prerequisites("review-page")) == {"review-page", "quality", "build"}
    assert _build(fake_dbt)
    for step in ("quality", "publish", "export", "report", "docs", "review-page"):
        s = BuildState()
        s.forget_from(step)
        for path in build_state.step_outputs(step):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step, encoding="utf-8")
        s.record_step(step, s.step_key(step), True)
    BuildState().forget_from("export")
    assert all(BuildState().can_skip(s) for s in ("quality", "publish", "report", "docs", "review-page"))
    assert not BuildState().can_skip("export")


def test_a_monthly_build_leaves_the_unit_tests_to_ci(work: Path, fake_dbt: list[list[str]],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`nara-vard build` passes `--exclude-resource-type unit_test` to dbt unless NARA_VARD_UNIT_TESTS=1 (the suite,
    CI) or the arguments already choose resource types."""
    monkeypatch.delenv("NARA_VARD_UNIT_TESTS", raising=False)
    assert _build(fake_dbt, "--force")
    assert fake_dbt[-1][-2:] == ["--exclude-resource-type", "unit_test"]
    assert _build(fake_dbt, "--force", "--exclude-resource-type", "test")
    assert fake_dbt[-1].count("--exclude-resource-type") == 1 and "unit_test" not in fake_dbt[-1]
    monkeypatch.setenv("NARA_VARD_UNIT_TESTS", "1")
    assert _build(fake_dbt, "--force")
    assert "unit_test" not in fake_dbt[-1] and "--exclude-resource-type" not in fake_dbt[-1]
