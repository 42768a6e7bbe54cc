"""Switching the connection between the public schema and a town's schema (typed, in one place).

The only module that calls django-tenants' schema switching. A request enters the town it names
after the permission check (``kreisagenda.lookups.town_enter``; the middleware resets every
request to public). Everything else that reads or writes a town's schema from outside a request
for it is one of the named crossings (docs/architecture.md): provisioning, publishing, campaign
preparation, the town export, and the demo's seeding; it uses :func:`town_schema`.

An installation may place its districts on several databases (D107). A process serves one of them, its
own ("default"); :func:`databases` names them all, and :func:`database_active` lets placing a district
work in another one as that database's own process would.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django_tenants.routers import TenantSyncRouter
from django_tenants.utils import tenant_context

if TYPE_CHECKING:
    from tenants.models import Town


def _tenant_connection() -> Any:
    # django-tenants' backend adds these methods; the stubs only know Django's base wrapper.
    return cast(Any, connection)


def public_schema_activate() -> None:
    _tenant_connection().set_schema_to_public()


def town_schema_activate(town: Town) -> None:
    """Work in ``town``'s schema from here on. Callers must have checked permissions first."""
    _tenant_connection().set_tenant(town)


@contextmanager
def town_schema(town: Town) -> Iterator[None]:
    """Work in ``town``'s schema inside the block; the schema active before is restored afterwards,
    also after an error. Callers have checked permissions first."""
    with tenant_context(town):
        yield


def search_path_refresh() -> None:
    """Make the next statement set the search_path again, for the schema that is active now.

    With ``TENANT_LIMIT_SET_CALLS`` django-tenants issues ``SET search_path`` only after the schema
    was changed through its API. Call this after raw SQL that may have changed the path behind its
    back (DDL replayed by provisioning): selecting the active schema again is that API's way to forget
    the path it set, without leaving the schema.
    """
    tenant_connection = _tenant_connection()
    tenant_connection.set_tenant(tenant_connection.tenant, include_public=tenant_connection.include_public_schema)


def active_schema() -> str:
    return str(_tenant_connection().schema_name)


def town_schema_require(town: Town, *, purpose: str) -> None:
    """Refuse to read or write ``town``'s data unless its schema is the active one (a programming error)."""
    if active_schema() != town.schema_name:
        raise RuntimeError(f"{purpose} für {town} braucht deren Schema, aktiv ist {active_schema()}.")


@cache
def migrations_expected() -> frozenset[tuple[str, str]]:
    """Every migration of the project, as ``(app, name)``: what a schema that is up to date has recorded
    (django-tenants migrates every app in a town's schema; shared apps' migrations are recorded there
    without touching a table), and what the provisioning blueprint's fingerprint covers."""
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def schemas_behind(schema_names: Sequence[str]) -> list[str]:
    """Those of ``schema_names`` that lack a migration of the project, in their order; two queries however
    many schemas there are: the catalogue names the schemas with a migrations table (one without is
    behind), and one UNION ALL counts each schema's recorded migrations among the expected ones."""
    expected = sorted(f"{app}.{name}" for app, name in migrations_expected())
    if not schema_names:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [list(schema_names)],
        )
        recorded = {row[0] for row in cursor.fetchall()}
        counted = [name for name in schema_names if name in recorded]
        complete: set[str] = set()
        if counted:
            counts = " UNION ALL ".join(
                # Schema names cannot be parameters; these come from the catalogue and are quoted.
                f"SELECT %s, count(*) FROM {connection.ops.quote_name(name)}.django_migrations "  # noqa: S608
                "WHERE app || '.' || name IN (SELECT migration FROM expected)"
                for name in counted
            )
            # The expected list goes once into the statement, however many schemas it counts.
            cursor.execute(
                f"WITH expected(migration) AS (SELECT unnest(%s::text[])) {counts}",
                [expected, *counted],
            )
            complete = {name for name, count in cursor.fetchall() if count == len(expected)}
    return [name for name in schema_names if name not in complete]


_EXECUTORS: dict[str, type[Any]] = {}


# Options that ask Django's migrate for something else than "bring every schema up to date": those go,
# as before, through Django's migrate command in every schema.
_MIGRATE_OPTIONS_OF_ITS_OWN = ("app_label", "fake", "fake_initial", "prune", "plan", "check_unapplied", "run_syncdb")
# The executors whose way of running schemas one after the other, or in forked processes, schemas_migrate
# takes over; any other (django-tenants' "subprocess") keeps Django's migrate per schema.
_EXECUTORS_TAKEN_OVER = ("standard", "multiprocessing")
# A migrating connection is replaced after so many schemas: a backend keeps catalogue entries for every
# schema it touched (D104), which must not grow with the number of towns.
_SCHEMAS_PER_CONNECTION = 200


def _database_checks(alias: str) -> None:
    """The database's system checks, as Django's migrate runs them, but before anything reads or writes a
    schema: django-tenants creates a schema's migrations table before it hands the schema to Django's
    migrate, whose checks would come too late (a pool per transaction, D108, must stop a deploy untouched).
    Raises SystemCheckError with the messages."""
    from django.core.checks import Tags
    from django.core.management.base import BaseCommand

    BaseCommand().check(tags=[Tags.database], databases=[alias])


def migration_executor(codename: str | None = None) -> type[Any]:
    """django-tenants' executor (``GET_EXECUTOR_FUNCTION``) that migrates only the towns' schemas that
    are behind (D103), and those without Django's migrate command in each (D117): a deploy without new
    migrations touches no town's schema, and one with a new migration costs each town its DDL, not a
    migrate command with two renderings of every model and catalogue scans. A migration that failed in
    one schema leaves that schema behind, so running the command again picks up where it stopped. A
    named app or migration (``migrate_schemas app 0003``), ``--fake``, ``--prune``, ``--plan`` and the
    like, another database than this process's own and the ``subprocess`` executor go to every schema
    through Django's migrate, as before; so does the public schema."""
    from django_tenants.migration_executors import get_executor
    from django_tenants.utils import get_public_schema_name

    base = get_executor(codename)
    if base.codename in _EXECUTORS:
        return _EXECUTORS[base.codename]

    class OnlyBehind(base):  # type: ignore[valid-type,misc]
        def run_migrations(self, tenants: Sequence[str] | None = None) -> None:
            if not self.options.get("skip_checks"):
                _database_checks(self.options.get("database", DEFAULT_DB_ALIAS))
                # Checked: neither the towns' call after the public schema's nor Django's migrate of the
                # public schema runs them again (migrate_schemas ran the other checks at its start).
                self.options["skip_checks"] = True
            names = list(tenants or [])
            public = get_public_schema_name()
            towns = [name for name in names if name != public]
            if (
                not towns
                or any(self.options.get(option) for option in _MIGRATE_OPTIONS_OF_ITS_OWN)
                or self.options.get("database", DEFAULT_DB_ALIAS) != DEFAULT_DB_ALIAS
            ):
                super().run_migrations(tenants=names)
                return
            verbosity = int(self.options.get("verbosity", 1))
            behind = schemas_behind(towns)
            if verbosity >= 1:  # beside django-tenants' own progress lines
                sys.stdout.write(
                    f"{len(towns) - len(behind)} von {len(towns)} Datenbereichen aktuell; {len(behind)} zu migrieren\n"
                )
            if public in names:
                super().run_migrations(tenants=[public])
            if not behind:
                return
            if self.codename not in _EXECUTORS_TAKEN_OVER:
                super().run_migrations(tenants=behind)
                return
            processes = int(getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 2))
            if self.codename == "multiprocessing" and processes > 1 and len(behind) > 1:
                left = _schemas_migrate_in_processes(behind, processes=processes, verbosity=verbosity)
            else:
                left = schemas_migrate(behind, verbosity=verbosity)
            if left:
                super().run_migrations(tenants=left)

    OnlyBehind.__name__ = f"OnlyBehind{base.__name__}"
    _EXECUTORS[base.codename] = OnlyBehind
    return OnlyBehind


def schemas_migrate(schema_names: Sequence[str], *, verbosity: int = 1, position: int = 0, total: int = 0) -> list[str]:
    """Apply the migrations each of ``schema_names`` (towns' schemas) lacks, one schema after the other
    (D117). Returns, untouched, those left to Django's migrate: a schema without a migrations table (never
    provisioned completely), one whose plan would go backwards, and every one if the project has
    squashed migrations (whose bookkeeping Django's migrate does).

    What Django's migrate does per schema, less what a town's schema does not need: the migration graph
    is read from disk once and checked for conflicts; each schema's recorded history is checked for
    consistency; the project's state before the missing migrations is built and its models rendered once
    for every schema that lacks the same ones (a copy per schema: a migration changes the state it is
    given); each migration runs in its own transaction and is recorded, as Django's executor does it.
    Not repeated per schema: the pre- and post-migrate signals, which create content types and
    permissions in the public schema, where the public schema's migrate created them already."""
    from django.core.management.base import CommandError
    from django.db.migrations.exceptions import InconsistentMigrationHistory
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.migrations.state import ProjectState
    from django_tenants.signals import schema_migrated, schema_pre_migration

    class SchemaRecorder(MigrationRecorder):
        def __init__(self, schema: str) -> None:
            super().__init__(connection)
            self.table = f"{connection.ops.quote_name(schema)}.django_migrations"
            self.found = False

        # Django asks the catalogue for every visible table to learn whether django_migrations exists
        # (a scan that grows with the towns); the schema's own table is looked up by its name.
        def has_table(self) -> bool:
            if not self.found:  # once found, not asked again before each record
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [self.table])
                    self.found = bool(cursor.fetchone()[0])
            return self.found

    class SchemaExecutor(MigrationExecutor):
        def __init__(self, loader: MigrationLoader, schema: str) -> None:  # the graph read once, not per schema
            self.connection = connection
            self.loader = loader
            self.recorder = SchemaRecorder(schema)
            self.progress_callback = None

        def check_replacements(self) -> None:
            """Nothing to record: a graph with squashed migrations goes to Django's migrate (below), and
            Django's check would read the schema's history once more."""

    if not schema_names:
        return []
    loader = MigrationLoader(None, ignore_no_migrations=True)  # no connection: the graph from disk alone
    if loader.replacements:
        return list(schema_names)
    conflicts = loader.detect_conflicts()
    if conflicts:
        named = "; ".join(f"{app}: {', '.join(names)}" for app, names in conflicts.items())
        raise CommandError(f"Konkurrierende Migrationen, erst zusammenführen (makemigrations --merge): {named}")
    targets = loader.graph.leaf_nodes()
    prepared: dict[frozenset[tuple[str, str]], tuple[list[Any], ProjectState]] = {}
    left: list[str] = []
    total = total or len(schema_names)
    try:
        for index, name in enumerate(schema_names, start=1):
            if index % _SCHEMAS_PER_CONNECTION == 0 and not connection.in_atomic_block:
                connection.close()
            executor = SchemaExecutor(loader, name)
            # The public schema stays on the path: a town's tables refer to shared ones (accounts, towns).
            _tenant_connection().set_schema(name)
            if not executor.recorder.has_table():
                left.append(name)
                continue
            applied = frozenset(executor.recorder.applied_migrations())
            known = {key for key in applied if key in loader.graph.nodes}
            for key in sorted(known):  # as Django's check_consistent_history, without a query
                missing = [parent for parent in loader.graph.node_map[key].parents if parent.key not in known]
                if missing:
                    raise InconsistentMigrationHistory(
                        f"{name}: {key[0]}.{key[1]} ist eingetragen, seine Vorgängerin "
                        f"{missing[0].key[0]}.{missing[0].key[1]} nicht"
                    )
            loader.applied_migrations = {key: loader.graph.nodes[key] for key in known}
            if applied not in prepared:
                plan = executor.migration_plan(targets)
                if any(backwards for _migration, backwards in plan):
                    left.append(name)
                    continue
                # How Django's own migrate builds the state before a plan; no public API returns it.
                state = executor._create_project_state(with_applied_migrations=True)  # type: ignore[attr-defined]
                state.apps  # noqa: B018 - rendering the models is the expensive part: once per set of migrations
                prepared[applied] = (plan, state)
            plan, state = prepared[applied]
            schema_pre_migration.send(schemas_migrate, schema_name=name)
            if plan:
                executor.migrate(targets, plan=plan, state=state.clone())
            if verbosity >= 1:
                done = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan)
                sys.stdout.write(f"[{position + index}/{total} {name}] {done or 'aktuell'}\n")
            schema_migrated.send(schemas_migrate, schema_name=name)
    finally:
        public_schema_activate()
    return left


def _schemas_migrate_chunk(chunk: tuple[list[str], int, int, int]) -> list[str]:
    names, verbosity, position, total = chunk
    try:  # on the connection this process opens (the parent closed its own before forking)
        return schemas_migrate(names, verbosity=verbosity, position=position, total=total)
    finally:
        connection.close()


def _schemas_migrate_in_processes(schema_names: Sequence[str], *, processes: int, verbosity: int) -> list[str]:
    """:func:`schemas_migrate` in ``processes`` forked processes, each with a contiguous share."""
    from django_tenants.migration_executors.multiproc import get_pool

    size = -(-len(schema_names) // processes)
    chunks = [
        (list(schema_names[start : start + size]), verbosity, start, len(schema_names))
        for start in range(0, len(schema_names), size)
    ]
    connection.close()  # not shared with the children
    pool = get_pool()
    try:
        results = pool.map(_schemas_migrate_chunk, chunks)
    finally:
        pool.close()
        pool.join()
    return [name for names in results for name in names]


# --- Several databases (D107) ------------------------------------------------------------------

# The name of the database that :func:`database_active` made the default, or None for the process's own.
_active_database: ContextVar[str | None] = ContextVar("active_database", default=None)


def databases() -> dict[str, str]:
    """Every database of the installation, name → connection alias; the one active now comes first, under
    ``default``. With one database (the usual case) that is ``{KREISAGENDA_DATABASE_NAME: "default"}``."""
    own = str(settings.KREISAGENDA_DATABASE_NAME)
    names = [own, *settings.KREISAGENDA_OTHER_DATABASES]
    active = _active_database.get() or own
    return {active: DEFAULT_DB_ALIAS, **{name: name for name in names if name != active}}


class DatabaseRouter:
    """Before django-tenants' router: every database of the installation holds the same shared and tenant
    apps (D107). django-tenants migrates only its one tenant database; a database active through
    :func:`database_active` is migrated as the default one its own process would migrate."""

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        if db in settings.KREISAGENDA_OTHER_DATABASES and connections[DEFAULT_DB_ALIAS] is connections[db]:
            # django-tenants answers False or None (no objection); the next router would refuse this alias.
            return TenantSyncRouter().allow_migrate(DEFAULT_DB_ALIAS, app_label, model_name, **hints) is not False
        return None


def database_name_active() -> str:
    return next(iter(databases()))


@contextmanager
def database_active(name: str) -> Iterator[None]:
    """Work in the database ``name`` inside the block, as a process of that database would: the default
    connection (the ORM's, django-tenants' schema switching, raw SQL, ``transaction.atomic()``) is that
    database's, and the database that was the default stays reachable under its own name. Only placing a
    district and the commands that provision a district's towns cross databases this way (D107); requests
    and tasks always serve their process's own database."""
    names = databases()
    if name not in names:
        raise LookupError(f"Die Datenbank „{name}“ ist nicht eingetragen (KREISAGENDA_DATABASES).")
    if names[name] == DEFAULT_DB_ALIAS:
        yield
        return
    before = database_name_active()
    default_before = connections[DEFAULT_DB_ALIAS]
    # Per thread (Django keeps connections in thread-local storage), so other requests are unaffected.
    connections[before] = default_before
    connections[DEFAULT_DB_ALIAS] = connections[name]
    token = _active_database.set(name)
    try:
        yield
    finally:
        _active_database.reset(token)
        connections[DEFAULT_DB_ALIAS] = default_before
        if before == settings.KREISAGENDA_DATABASE_NAME and before not in connections.settings:
            del connections[before]
