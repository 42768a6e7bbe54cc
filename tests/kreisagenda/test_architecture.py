"""Rules of the house that the import contracts (pyproject.toml, run by ``lint-imports``) cannot see.

Which module may switch the connection to a town's schema is a question of the names it imports
from ``kreisagenda.tenancy``, not of the module it imports, so it is read from the source here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = [
    "platform/kreisagenda",
    "tenants",
    "accounts",
    "audit",
    "shared_vision",
    "quickcheck",
    "publishing",
    "roadmap",
    "benchmarking",
    "solutions",
    "dashboards",
    "comments",
    "reports",
    "benchmarks",
]
SWITCHING = {"town_schema", "town_schema_activate", "public_schema_activate"}

# The named places that work in a town's schema from outside a request for that town, and
# the request's own entry into the town it names (after the permission check).
CROSSINGS = {
    "kreisagenda.lookups": {"town_schema_activate"},  # a request enters the town it names
    "kreisagenda.middleware": {"public_schema_activate"},  # every request starts and ends in public
    "kreisagenda.demo": {"town_schema"},  # demo seeding
    "tenants.services": {"town_schema"},  # provisioning: the first history entry
    "tenants.provisioning": {"public_schema_activate"},  # provisioning: the blueprint
    "tenants.exports": {"town_schema"},  # the town export
    "publishing.tasks": {"town_schema"},  # publishing
    "quickcheck.answers.tasks": {"town_schema", "public_schema_activate"},  # campaign preparation
    "benchmarks.comparison": {"town_schema"},  # the benchmarks' own towns
    "benchmarks.dashboards": {"town_schema"},
    "benchmarks.provisioning": {"public_schema_activate"},
    "benchmarks.migrate": {"public_schema_activate"},
}


# The named places that reach another database of the installation (D107): placing a district, the
# commands that work where a district is, and the size-class figures across districts.
DATABASE_NAMES = {"database_active", "databases"}
DATABASE_CROSSINGS = {
    "tenants.services": {"database_active", "databases"},  # placing a district
    "tenants.selectors": {"databases"},  # which database holds a district; how full each is
    "tenants.management.commands._common": {"database_active"},  # commands on a district's towns
    "benchmarking.selectors": {"databases"},  # the size-class figures, from every database
    "benchmarking.services": {"databases"},  # … and stored in each
}


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPO / "platform" if path.is_relative_to(REPO / "platform") else REPO)
    return ".".join(relative.with_suffix("").parts).removesuffix(".__init__")


def _sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "tenancy.py"
    )


def _used_names(tree: ast.AST, module: str) -> set[str]:
    """Names of ``module`` a source uses: imported from it, or reached through it
    (``from kreisagenda import tenancy; tenancy.town_schema(…)``)."""
    package, _dot, last = module.rpartition(".")
    names: set[str] = set()
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == module:
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == package:
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == last}
        elif isinstance(node, ast.Import):
            aliases |= {alias.asname for alias in node.names if alias.name == module and alias.asname}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases) or (
            isinstance(node, ast.Attribute)
            and ast.unparse(node.value) == module  # import kreisagenda.tenancy; kreisagenda.tenancy.x
        ):
            names.add(node.attr)
    return names


def _users_of(module: str, wanted: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _sources():
        names = _used_names(ast.parse(path.read_text(encoding="utf-8")), module) & wanted
        if names:
            found[_module_name(path)] = names
    return found


def _switching_imports() -> dict[str, set[str]]:
    return _users_of("kreisagenda.tenancy", SWITCHING)


def test_the_check_sees_a_module_import_as_well() -> None:
    tree = ast.parse("from kreisagenda import tenancy\nwith tenancy.town_schema(town):\n    pass\n")
    assert _used_names(tree, "kreisagenda.tenancy") == {"town_schema"}
    tree = ast.parse("import kreisagenda.tenancy\nkreisagenda.tenancy.public_schema_activate()\n")
    assert _used_names(tree, "kreisagenda.tenancy") == {"public_schema_activate"}


# Entering a town for the rest of a request: only where a request is answered.
ENTERING = {"town_enter", "town_entered_for", "town_enter_when_ready", "town_grid_enter"}


def test_only_pages_apis_and_lookups_enter_a_town_for_the_rest_of_a_request() -> None:
    users = _users_of("kreisagenda.lookups", ENTERING) | _users_of("quickcheck.lookups", ENTERING)
    assert users
    misplaced = {module for module in users if module.rsplit(".", 1)[-1] not in {"views", "apis", "lookups"}}
    assert misplaced == {"kreisagenda.town_files"}  # the API views for a town's files, subclassed in apis modules


def test_schemas_are_switched_only_in_the_named_places() -> None:
    assert _switching_imports() == CROSSINGS


RAW_SEARCH_PATH = re.compile(r"\bset\s+(local\s+)?search_path|set_config\(\s*'search_path'", re.IGNORECASE)
# django-tenants' connection methods and helpers, and TenantMixin's own switching (town.activate(), with town:)
SWITCHING_CALLS = {
    "set_tenant",
    "set_schema",
    "set_schema_to_public",
    "tenant_context",
    "schema_context",
    "activate",
    "deactivate",
}


def _switching_code(path: Path) -> list[str]:
    """Calls of django-tenants' switching, and SQL that sets the search_path itself (comments and
    docstrings do not count: they may name what they describe)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            of_translation = isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "translation"
            if name in SWITCHING_CALLS and not of_translation:  # translation.activate() switches a language
                found.append(f"{name}() in line {node.lineno}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and RAW_SEARCH_PATH.search(node.value)
        ):
            found.append(f"SQL in line {node.lineno}")
    return found


def test_no_module_but_the_tenancy_module_switches_schemas_itself() -> None:
    offenders = {str(path.relative_to(REPO)): found for path in _sources() if (found := _switching_code(path))}
    assert offenders == {}


def test_the_switching_check_sees_a_call_and_raw_sql(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""SET search_path in a docstring is fine."""\n'
        "# SET search_path in a comment is fine\n"
        "connection.set_tenant(town)\n"
        "cursor.execute('SET search_path TO town_1')\n",
        encoding="utf-8",
    )
    assert _switching_code(sample) == ["set_tenant() in line 3", "SQL in line 4"]


def test_the_architecture_page_names_every_crossing() -> None:
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## Where schemas are crossed", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", section))
    assert set(CROSSINGS) <= named


def test_other_databases_are_reached_only_in_the_named_places() -> None:
    assert _users_of("kreisagenda.tenancy", DATABASE_NAMES) == DATABASE_CROSSINGS


def test_queries_name_a_database_only_in_the_named_places() -> None:
    """``.using(…)`` outside them would read or write another database behind the request's back."""
    offenders = {
        _module_name(path)
        for path in _sources()
        if any(
            isinstance(node, ast.Attribute) and node.attr == "using"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    }
    assert offenders <= set(DATABASE_CROSSINGS)


def test_the_architecture_page_names_every_database_crossing() -> None:
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = page.split("## Where databases are crossed", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", section))
    assert set(DATABASE_CROSSINGS) <= named
