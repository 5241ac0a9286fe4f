"""What the last build (and each step after it) was made from, so a no-change rebuild can be skipped.

`nara-vard build` fingerprints its inputs before running dbt: the landing folder (every file's relative
path, size, modification and change time and inode, so a file replaced by one of the same size is seen
even when its modification time was preserved), the project files dbt reads (dbt_project.yml,
profiles.yml, models/, macros/, seeds/, analyses/, the dbt files of tests/) and this package's code, by
content; the environment variables dbt and the project read (NARA_VARD_*, DBT_*, TZ); the extra dbt
arguments; today's date (an empty `as_of_date` means the day of the run, which decides `not_due`); and
the versions of Python, dbt-core, dbt-duckdb and duckdb. After a successful build it writes them, with
the signature of the build database and of target/manifest.json and run_results.json, to
`<build database>.build-state.json`. The next build with the same fingerprint, and those files as it left
them, says so and exits 0 without running dbt; `--force` builds anyway.

The steps after the build (quality, publish, export, report, docs, review-page) record themselves in the
same file when they succeed with their default options. With `--if-changed` (what `make build` passes)
a step is skipped when the build and every step it depends on (DEPENDS_ON) are recorded, their outputs
are as they left them, and it ran for the same build fingerprint. Running any step for real forgets the
steps depending on it, and any `nara-vard dbt ...` command forgets everything, so nothing downstream of
a change is skipped.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nara_vard.paths import REPO_ROOT, dbt_target_path, landing_dir, published_dir, reports_dir, warehouse_path

#: the pipeline of `make build`, in order
STEPS = ("build", "quality", "publish", "export", "report", "docs", "review-page")
#: what each step reads that an earlier step writes: a step's record is valid only while those of its
#: prerequisites are, and running a step for real forgets the steps that depend on it. export and
#: report read only the published folder, docs and review-page the build database, so `make build`
#: runs the two pairs side by side.
DEPENDS_ON = {"build": (), "quality": ("build",), "publish": ("quality",), "export": ("publish",),
              "report": ("publish",), "docs": ("quality",), "review-page": ("quality",)}


def prerequisites(step: str) -> list[str]:
    """`step` and every step it depends on, directly or not."""
    out, todo = [], [step]
    while todo:
        s = todo.pop()
        if s not in out:
            out.append(s)
            todo.extend(DEPENDS_ON[s])
    return out


def dependents(step: str) -> list[str]:
    """`step` and every step that depends on it, directly or not."""
    return [s for s in STEPS if step in prerequisites(s)]

#: project folders whose files dbt reads (all of them, by content)
PROJECT_DIRS = ("models", "macros", "seeds", "analyses", "snapshots")
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml", "selectors.yml")
#: in tests/ only the dbt files count (singular tests, unit-test fixtures), not the Python test suite
DBT_TEST_SUFFIXES = (".sql", ".yml", ".yaml", ".csv")
ENV_PREFIXES = ("NARA_VARD_", "DBT_")
VERSIONED = ("dbt-core", "dbt-duckdb", "duckdb")
FORMAT = 1


def state_file(db: Path | None = None) -> Path:
    db = Path(db) if db else warehouse_path()
    return db.with_name(db.name + ".build-state.json")


def file_signature(path: Path) -> list[int] | None:
    """Size, modification and change time (ns) and inode, or None if absent. The change time cannot be
    set back by copying tools, so a file rewritten with the same size and mtime still differs."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _walk(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith(".pyc"):
                yield Path(dirpath) / name


def _hash_contents(paths: Iterable[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def project_digest(root: Path = REPO_ROOT) -> str:
    files = [root / f for f in PROJECT_FILES if (root / f).is_file()]
    for folder in PROJECT_DIRS:
        if (root / folder).is_dir():
            files += list(_walk(root / folder))
    if (root / "tests").is_dir():
        files += [p for p in _walk(root / "tests") if p.suffix in DBT_TEST_SUFFIXES and "python" not in p.parts]
    return _hash_contents(files, root)


def code_digest() -> str:
    package = Path(__file__).resolve().parent
    return _hash_contents(list(_walk(package)), package)


def landing_digest(landing: Path) -> str:
    """Every file under the landing folder by name and signature (not content: fast at any scale)."""
    digest = hashlib.sha256(str(landing.resolve()).encode() + b"\0")
    if landing.is_dir():
        for path in _walk(landing):
            digest.update(f"{path.relative_to(landing)}\0{file_signature(path)}\0".encode())
    else:
        digest.update(b"<absent>")
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def relevant_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in sorted(env.items()) if k.startswith(ENV_PREFIXES) or k == "TZ"}


def build_fingerprint(dbt_args: list[str], env: dict[str, str] | None = None,
                      today: dt.date | None = None, root: Path = REPO_ROOT) -> dict[str, object]:
    """The inputs a build's result depends on, one entry per kind (so a message can say what changed).

    The date is the local and the UTC one (dbt's run_started_at, which an empty as_of_date stands for, is UTC)."""
    env = dict(os.environ if env is None else env)
    utc_today = dt.datetime.now(dt.UTC).date() if today is None else today
    today = today or dt.date.today()
    return {
        "landing": landing_digest(Path(env.get("NARA_VARD_LANDING") or landing_dir())),
        "project": project_digest(root),
        "code": code_digest(),
        "environment": relevant_environment(env),
        "arguments": list(dbt_args),
        "date": sorted({today.isoformat(), utc_today.isoformat()}),
        "versions": _versions(),
    }


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def build_target_path(dbt_args: list[str]) -> Path:
    """The target folder a `dbt build` with these arguments writes (its --target-path, else the default)."""
    for i, arg in enumerate(dbt_args):
        if arg == "--target-path" and i + 1 < len(dbt_args):
            path = Path(dbt_args[i + 1])
            return path if path.is_absolute() else REPO_ROOT / path
        if arg.startswith("--target-path="):
            path = Path(arg.split("=", 1)[1])
            return path if path.is_absolute() else REPO_ROOT / path
    return dbt_target_path()


def build_outputs(dbt_args: list[str], db: Path | None = None) -> list[Path]:
    target = build_target_path(dbt_args)
    return [Path(db) if db else warehouse_path(), target / "manifest.json", target / "run_results.json"]


def step_outputs(step: str) -> list[Path]:
    """The files a post-build step writes with its default options (checked before skipping it)."""
    published, reports = published_dir(), reports_dir()
    return {
        "quality": [reports / "quality" / "gx_validation_results.csv"],
        "publish": [published / "_published.json", published / "nara_vard.duckdb"],
        "export": [published / "export" / "_export.json"],
        "report": [reports / "indikatorer" / "index.html"],
        "docs": [reports / "docs" / "index.html"],
        "review-page": [reports / "quality" / "index.html"],
    }[step]


def _signatures(paths: list[Path]) -> dict[str, list[int] | None]:
    return {str(p.resolve()): file_signature(p) for p in paths}


def _outputs_intact(recorded: dict[str, list[int] | None]) -> bool:
    return all(sig is not None and file_signature(Path(p)) == sig for p, sig in recorded.items())


class BuildState:
    """The records of `<db>.build-state.json`; a missing or unreadable file is an empty state."""

    def __init__(self, db: Path | None = None) -> None:
        self.db = Path(db) if db else warehouse_path()
        self.path = state_file(self.db)
        self.steps: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data["steps"] if data.get("format") == FORMAT else {}
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return {}

    @contextmanager
    def _updating(self) -> Iterator[None]:
        """Re-read, change and write the records under an exclusive lock (steps may run side by side)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(self.path.name + ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self.steps = self._read()
                yield
                self._write()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self) -> None:
        if not self.steps:
            self.path.unlink(missing_ok=True)
            return
        partial = self.path.with_name(self.path.name + f".tmp-{os.getpid()}")
        partial.write_text(json.dumps({"format": FORMAT, "steps": self.steps}, indent=1, sort_keys=True),
                           encoding="utf-8")
        partial.replace(self.path)

    def forget_from(self, step: str) -> None:
        """Drop the record of `step` and of every step depending on it (before it runs for real)."""
        if self.path.exists():
            with self._updating():
                for s in dependents(step):
                    self.steps.pop(s, None)

    def forget_all(self) -> None:
        if self.path.exists():
            with self._updating():
                self.steps = {}

    # -- the build ---------------------------------------------------------------------------------

    def build_changes(self, fingerprint: dict[str, object], dbt_args: list[str]) -> list[str]:
        """What differs from the last recorded build (empty: nothing, the build can be skipped)."""
        last = self.steps.get("build")
        if not last:
            return ["no successful build recorded for this build database"]
        changed = [k for k in fingerprint if last["fingerprint"].get(k) != fingerprint[k]]
        if (not _outputs_intact(last["outputs"])
                or set(last["outputs"]) != set(_signatures(build_outputs(dbt_args, self.db)))):
            changed.append("build database or dbt target files (changed, moved or missing since)")
        return changed

    def record_build(self, fingerprint: dict[str, object], dbt_args: list[str]) -> None:
        with self._updating():
            self.steps = {"build": {"fingerprint": fingerprint, "key": digest(fingerprint),
                                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                    "outputs": _signatures(build_outputs(dbt_args, self.db))}}

    # -- the steps after it ------------------------------------------------------------------------

    def db_signature_matches(self) -> bool:
        """Whether the build database is as the last recorded step left it."""
        build = self.steps.get("build")
        if not build:
            return False
        return bool(build["outputs"].get(str(self.db.resolve())) == file_signature(self.db))

    def step_key(self, step: str) -> str | None:
        """A step's key: the build it runs after and the environment it runs in."""
        build = self.steps.get("build")
        if not build:
            return None
        return f"{build['key']}:{digest([step, relevant_environment()])}"

    def can_skip(self, step: str) -> bool:
        for earlier in prerequisites(step):
            record = self.steps.get(earlier)
            if not record or not _outputs_intact(record["outputs"]):
                return False
        return self.steps[step].get("key") == self.step_key(step)

    def record_step(self, step: str, key: str | None, db_was_ours: bool) -> None:
        """After `step` succeeded: remember it under `key` (its step_key() when it started: running dbt
        adds variables to the environment), and, if the build database was as recorded when it started
        (nobody else wrote it), the database's signature now (the quality step writes its results there)."""
        with self._updating():
            build = self.steps.get("build")
            if key is None or not build or not key.startswith(build["key"] + ":"):
                return  # the build it ran after is no longer the recorded one
            db_key = str(self.db.resolve())
            if db_key in build["outputs"]:
                if db_was_ours:
                    build["outputs"][db_key] = file_signature(self.db)
                elif build["outputs"][db_key] != file_signature(self.db):
                    self.steps = {}  # someone else changed the build database: the next build must run
                    return
            self.steps[step] = {"key": key, "outputs": _signatures(step_outputs(step))}
