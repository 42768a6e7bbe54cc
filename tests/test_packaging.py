"""The built package: every app with its templates, static files, migrations, translations and data
files is in the wheel, and the installed wheel on its own (outside the repository) passes Django's
checks and finds its files.

The wheel is built (through an sdist, as an installer would) from a clean copy of the working
tree, so leftovers of earlier builds (``build/``, ``*.egg-info``) cannot hide a missing file.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
# Where packages live: the repository's root, and platform/ for the project package kreisagenda.
PACKAGE_ROOTS = ("", "platform")
# Folders beside the apps that must not ship (those with an __init__.py are excluded in pyproject.toml).
NOT_SHIPPED = ("tests", "benchmarks", "deploy", "docs", "platform")
# What tools and builds leave in a working tree (as in .gitignore): neither copied nor expected.
ROOT_LEFTOVERS = shutil.ignore_patterns(".git", ".venv", ".tools", ".local", "build", "dist", "*.egg-info")
LEFTOVERS = shutil.ignore_patterns("__pycache__", "*.pyc", ".*_cache")
# A few files named outright, so a failure says in plain words what is missing.
EXAMPLES = (
    "roadmap/templates/roadmap/town_roadmap.html",
    "roadmap/templatetags/roadmap.py",
    "roadmap/measures/migrations/0001_initial.py",
    "solutions/migrations/0001_initial.py",
    "solutions/templates/solutions/register_page.html",
    "quickcheck/data/default-grid.csv",
    "quickcheck/static/quickcheck/js/autosave.js",
    "shared_vision/data/default-vision.json",
    "kreisagenda/data/kreis-hoexter.csv",
    "kreisagenda/static/kreisagenda/js/charts.js",
    "kreisagenda/locale/en/LC_MESSAGES/django.mo",
    "kreisagenda/management/commands/__init__.py",
    "tenants/management/commands/__init__.py",
)
TIMEOUT = 300  # seconds per step: generous for a busy machine; the steps take about 10 s in all

# Run by the installed wheel's Python: the project's code must come from the virtual environment,
# and every template, static file, migration, translation and data file must be found there.
PROBE = """
import json
import sys
import sysconfig
from pathlib import Path

import django

django.setup()
from django.apps import apps
from django.contrib.staticfiles import finders
from django.db.migrations.loader import MigrationLoader
from django.template.loader import get_template
from django.utils import translation

repo, packages = Path(sys.argv[1]), json.loads(sys.argv[2])
site = Path(sysconfig.get_paths()["purelib"]).resolve()
problems = [f"sys.path holds the repository: {entry}" for entry in sys.path if Path(entry or ".").resolve().is_relative_to(repo)]
loader = MigrationLoader(None, ignore_no_migrations=True)
for config in apps.get_app_configs():
    if config.name.split(".")[0] not in packages:
        continue
    path = Path(config.path).resolve()
    if not path.is_relative_to(site):
        problems.append(f"{config.name} imported from {path}, not from {site}")
    for template in sorted((path / "templates").rglob("*")):
        if template.is_file():  # compiling also loads the template tags it uses
            get_template(template.relative_to(path / "templates").as_posix())
    for static in sorted((path / "static").rglob("*")):
        name = static.relative_to(path / "static").as_posix()
        if static.is_file() and finders.find(name) is None:
            problems.append(f"static file not found: {name}")
    if list(config.get_models()) and config.label not in loader.migrated_apps:
        problems.append(f"no migrations for {config.label}")

from kreisagenda.demo import DEMO_CSV
from quickcheck.grid_io import default_grid_rows
from shared_vision.content import default_vision_content

if not default_grid_rows():
    problems.append("the default grid is empty")
if not default_vision_content().fields:
    problems.append("the default vision has no fields of action")
if not DEMO_CSV.is_file():
    problems.append(f"missing {DEMO_CSV}")
with translation.override("en"):
    if translation.gettext("Deutsch") != "German":
        problems.append("the English catalogue is not found")
print("\\n".join(problems))
sys.exit(1 if problems else 0)
"""


@dataclass(frozen=True)
class Build:
    wheel: Path
    source_files: frozenset[str]  # every file of every package, as the wheel should name it
    packages: frozenset[str]  # the top-level packages found in the source tree


def _uv() -> str:
    """The uv the launcher installs (./kreisagenda puts it into .tools/), else one on PATH."""
    for candidate in (REPO_DIR / ".tools" / "bin" / "uv", shutil.which("uv")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.fail("uv not found: run the tests through ./kreisagenda test, which installs it into .tools/")


def _environment(**values: str) -> dict[str, str]:
    """This process's environment without what points into the repository's environment or database."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL"}
    return {**{key: value for key, value in os.environ.items() if key not in drop}, **values}


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=cwd, env=env or _environment(), capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _ignore(folder: str, names: list[str]) -> set[str]:
    ignored = LEFTOVERS(folder, names)
    return ignored | ROOT_LEFTOVERS(folder, names) if Path(folder) == REPO_DIR else ignored


def _source_packages(tree: Path) -> dict[str, Path]:
    """Top-level packages (folders with an __init__.py) by name, the way pyproject.toml finds them."""
    found: dict[str, Path] = {}
    for root in PACKAGE_ROOTS:
        for folder in sorted((tree / root).iterdir()):
            if folder.name not in NOT_SHIPPED and (folder / "__init__.py").is_file():
                found[folder.name] = folder
    return found


def _source_files(packages: dict[str, Path]) -> frozenset[str]:
    return frozenset(
        f"{name}/{path.relative_to(folder).as_posix()}"
        for name, folder in packages.items()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    source = tmp_path_factory.mktemp("source") / "kreisagenda"
    shutil.copytree(REPO_DIR, source, ignore=_ignore)
    packages = _source_packages(source)
    files = _source_files(packages)
    out = tmp_path_factory.mktemp("dist")
    _run([_uv(), "build", "--quiet", "--python", sys.executable, "--out-dir", str(out), str(source)], cwd=source)
    (wheel,) = out.glob("*.whl")
    return Build(wheel=wheel, source_files=files, packages=frozenset(packages))


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_app_and_nothing_else(build: Build) -> None:
    assert {"kreisagenda", "tenants", "accounts", "roadmap", "solutions", "quickcheck"} <= build.packages
    top_level = {
        name.split("/")[0] for name in _wheel_names(build.wheel) if not name.split("/")[0].endswith(".dist-info")
    }
    assert top_level == build.packages


def test_the_wheel_holds_every_file_of_every_package(build: Build) -> None:
    names = _wheel_names(build.wheel)
    missing = sorted(set(EXAMPLES) - names)
    assert not missing, "missing from the wheel:\n" + "\n".join(missing)
    missing = sorted(build.source_files - names)
    assert not missing, "missing from the wheel (check pyproject.toml's package-data and __init__.py files):\n" + (
        "\n".join(missing)
    )


def test_the_installed_wheel_passes_django_check_outside_the_repository(
    build: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    venv = tmp_path_factory.mktemp("venv")
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # the working directory: nothing of the repository
    assert not elsewhere.resolve().is_relative_to(REPO_DIR), "the temporary folder must lie outside the repository"
    uv = _uv()
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=elsewhere)
    python = venv / "bin" / "python"
    # The wheel's own dependencies, at the versions uv.lock pins (uv's cache makes this quick).
    constraints = elsewhere / "constraints.txt"
    export = [uv, "export", "--quiet", "--frozen", "--no-hashes", "--no-header", "--no-emit-project"]
    _run([*export, "--project", str(REPO_DIR), "--output-file", str(constraints)], cwd=elsewhere)
    _run(
        [uv, "pip", "install", "--quiet", "--python", str(python), "-c", str(constraints), str(build.wheel)],
        cwd=elsewhere,
    )

    env = _environment(
        DJANGO_SETTINGS_MODULE="kreisagenda.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # Never connected to: `check` without --database opens no connection.
        DATABASE_URL="postgresql://kreisagenda:unused@127.0.0.1:9/kreisagenda",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",
    )
    # -I: neither the working directory nor PYTHONPATH nor user site-packages are on sys.path.
    _run([str(python), "-I", "-m", "django", "check"], cwd=elsewhere, env=env)
    _run([str(python), "-I", "-c", PROBE, str(REPO_DIR), json.dumps(sorted(build.packages))], cwd=elsewhere, env=env)
