"""A full export of one town's data: its row in the register, its memberships and its schema.

Written before a town is removed, so that removal is never a silent loss. The file is JSON in
Django's serialisation format per model, so it can be read without Kreisagenda too.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from kreisagenda.tenancy import town_schema

from accounts.models import Membership
from tenants.models import Town

EXPORT_FORMAT = "kreisagenda-town-export"
EXPORT_VERSION = 1


def tenant_models(*, include_auto_created: bool = False) -> list[type[Any]]:
    """The models of the town schemas; ``include_auto_created`` adds many-to-many tables (exports
    carry those inside their models)."""
    # TENANT_APPS holds module paths; an app's label may differ (quickcheck.answers → quickcheck_answers).
    tenant_app_names = set(settings.TENANT_APPS)
    return [
        model
        for config in apps.get_app_configs()
        if config.name in tenant_app_names
        for model in config.get_models(include_auto_created=include_auto_created)
    ]


def town_export_data(*, town: Town) -> dict[str, Any]:
    memberships = Membership.objects.filter(town=town).select_related("user")
    schema_data: dict[str, list[dict[str, Any]]] = {}
    with town_schema(town):
        for model in tenant_models():
            # list(): evaluate inside the town's schema, not after leaving it
            schema_data[model._meta.label] = serializers.serialize("python", list(model.objects.all()))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "town": serializers.serialize("python", [town])[0],
        "district": {"key": town.district.key, "name": town.district.name},
        "memberships": [
            {"email": m.user.email, "name": m.user.full_name, "role": m.role, "since": m.created_at}
            for m in memberships
        ],
        "schema": schema_data,
    }


def town_export_write(*, town: Town, directory: Path) -> Path:
    """Write the export and make sure it is on disk before returning its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"{town.ags}-{town.slug}-{stamp}.json"
    payload = json.dumps(town_export_data(town=town), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
