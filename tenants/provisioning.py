"""Creating town schemas fast and provably like migrations would.

Running a town's migrations costs Django's whole migration machinery per town. Instead, once per
set of migrations, a template schema is migrated the ordinary way and its DDL captured with
``pg_dump --schema-only`` (a *blueprint*). A town's schema is then created by replaying that DDL,
with the schema name substituted, plus the recorded migrations, in one statement batch inside the
caller's transaction. PostgreSQL's DDL is transactional, so a failure leaves nothing behind.

tests/tenants/test_provisioning.py proves the result equals a migrated schema, catalogue entry by
catalogue entry; benchmarks/provisioning.py measures it against the alternatives.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from kreisagenda.tenancy import migrations_expected, public_schema_activate, search_path_refresh
from psycopg import sql

from tenants.models import SchemaBlueprint

logger = logging.getLogger(__name__)

# Stands for the target schema in a stored blueprint (quoted identifier, so no clash is possible).
SCHEMA_PLACEHOLDER = '"__kreisagenda_schema__"'
# Serialises blueprint builds between web and worker processes.
_BLUEPRINT_LOCK_KEY = 7_762_000_001
_VALID_SCHEMA_NAME = re.compile(r"^(?!pg_)[a-z][a-z0-9_]{0,62}\Z")


class ProvisioningError(Exception):
    pass


@dataclass(frozen=True)
class Blueprint:
    fingerprint: str
    ddl: str
    migrations: tuple[tuple[str, str], ...]


@cache
def migrations_fingerprint() -> str:
    """Identifies the set of migrations in the code: a blueprint is valid for exactly one such set."""
    keys = sorted(f"{app}.{name}" for app, name in migrations_expected())
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def pg_dump_path() -> str:
    configured = settings.KREISAGENDA_PG_DUMP
    if configured:
        return str(configured)
    from kreisagenda.embedded import embedded_bin_dir

    embedded = embedded_bin_dir() / "pg_dump"
    if embedded.exists():
        return str(embedded)
    found = shutil.which("pg_dump")
    if not found:
        raise ProvisioningError("pg_dump wurde nicht gefunden; KREISAGENDA_PG_DUMP setzen.")
    return found


_blueprints: dict[str, Blueprint] = {}


def blueprint_get() -> Blueprint:
    """The blueprint for the migrations in the code, built on first use after a deployment."""
    fingerprint = migrations_fingerprint()
    if fingerprint in _blueprints:
        return _blueprints[fingerprint]
    stored = SchemaBlueprint.objects.filter(fingerprint=fingerprint).first()
    if stored is None:
        stored = _blueprint_build(fingerprint)
    blueprint = Blueprint(
        fingerprint=stored.fingerprint,
        ddl=stored.ddl,
        migrations=tuple((app, name) for app, name in stored.migrations),
    )
    _blueprints[fingerprint] = blueprint
    return blueprint


def _blueprint_build(fingerprint: str) -> SchemaBlueprint:
    if connection.in_atomic_block:
        # The template is migrated by Django's migration executor, which manages its own
        # transactions; building inside a caller's transaction would hide it from pg_dump.
        raise ProvisioningError("Die Vorlage kann nicht innerhalb einer Transaktion gebaut werden.")
    template = settings.KREISAGENDA_TEMPLATE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_BLUEPRINT_LOCK_KEY])
    try:
        existing = SchemaBlueprint.objects.filter(fingerprint=fingerprint).first()
        if existing is not None:  # built by another process while we waited
            return existing
        logger.info("Baue die Vorlage für Datenbereiche (%s) neu", fingerprint[:12])
        schema_drop(template)
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(template)))
        call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=0)
        public_schema_activate()
        ddl = _dump_schema_ddl(template)
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT app, name FROM {}.django_migrations ORDER BY id").format(sql.Identifier(template))
            )
            recorded = [[app, name] for app, name in cursor.fetchall()]
        return SchemaBlueprint.objects.create(fingerprint=fingerprint, ddl=ddl, migrations=recorded)
    finally:
        public_schema_activate()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_BLUEPRINT_LOCK_KEY])


def _libpq_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = {"PGDATABASE": db["NAME"], "PGUSER": db["USER"] or "", "PGHOST": db["HOST"] or "", "PGPORT": db["PORT"] or ""}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return {key: value for key, value in env.items() if value}


def _dump_schema_ddl(template: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [pg_dump_path(), "--schema-only", "--no-owner", "--no-privileges", "--no-comments", f"--schema={template}"],
        env={**_libpq_environment(), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        raise ProvisioningError(f"pg_dump ist fehlgeschlagen: {result.stderr.strip()}")
    return ddl_from_dump(result.stdout, template)


def ddl_from_dump(dump: str, template: str) -> str:
    """Keep the DDL statements of a plain pg_dump, with the template's name replaced by a placeholder.

    Dropped: comments, psql meta-commands (``\\restrict`` in newer pg_dump), session settings
    (``SET ...`` and ``set_config``: they would leak into the caller's connection) and the
    ``CREATE SCHEMA`` of the template itself. pg_dump qualifies every name, so the DDL needs no
    search_path.
    """
    kept: list[str] = []
    for line in dump.splitlines():
        if not line or line.startswith(("--", "\\", "SET ", "SELECT pg_catalog.set_config(")):
            continue
        kept.append(line)
    text = "\n".join(kept)
    quoted_template = re.escape(template)
    text = re.sub(rf"^CREATE SCHEMA {quoted_template};$", "", text, flags=re.MULTILINE)
    # Qualified names: template.table, "template".table
    text = re.sub(rf'(?<![\w"])"?{quoted_template}"?\.', SCHEMA_PLACEHOLDER + ".", text)
    if re.search(rf"\b{quoted_template}\b", text):
        raise ProvisioningError(f"Die Vorlage nennt {template} an einer Stelle, die nicht ersetzt werden kann.")
    return text.strip() + "\n"


def _check_schema_name(schema_name: str) -> None:
    if not _VALID_SCHEMA_NAME.match(schema_name):
        raise ProvisioningError(f"Ungültiger Schemaname: {schema_name!r}")


def schema_create(schema_name: str) -> None:
    """Create ``schema_name`` from the blueprint: one round trip, inside the caller's transaction."""
    _check_schema_name(schema_name)
    blueprint = blueprint_get()
    quoted = f'"{schema_name}"'
    migration_rows = ",".join(
        f"({_sql_literal(app)}, {_sql_literal(name)}, now())" for app, name in blueprint.migrations
    )
    script = "\n".join(
        [
            f"CREATE SCHEMA {quoted};",
            blueprint.ddl.replace(SCHEMA_PLACEHOLDER, quoted),
            # Values are quoted by _sql_literal; the schema name was checked above.
            f"INSERT INTO {quoted}.django_migrations (app, name, applied) VALUES {migration_rows};",  # noqa: S608
        ]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Several statements without parameters go as one simple query (psycopg 3).
        cursor.execute(script)
    # The DDL is meant to leave the session alone (ddl_from_dump drops SET and set_config), but a
    # stored blueprint is replayed as it is: the next statement sets the active schema's path again.
    search_path_refresh()


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def schema_drop(schema_name: str) -> None:
    _check_schema_name(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name)))


def schema_create_by_migrations(schema_name: str) -> None:
    """The slow reference path (django-tenants' own): CREATE SCHEMA and run every migration."""
    _check_schema_name(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))
    call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=0)
    public_schema_activate()
