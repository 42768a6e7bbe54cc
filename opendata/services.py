"""Switching a district's open data on or off, and choosing its licence (D100)."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import actor_label
from opendata.hooks import open_data_changed
from opendata.licences import LicenceId
from opendata.models import OpenDataSetting
from tenants.models import District

logger = logging.getLogger(__name__)


@transaction.atomic
def open_data_set(*, district: District, enabled: bool, licence: str, actor: User) -> OpenDataSetting:
    """Publish the district's open data (or stop at once) under ``licence``; records who changed it and when.

    Saving what the district already has writes nothing and fires nothing. The caller has checked that
    ``actor`` may decide this for the district (``Action.MANAGE_STRATEGY``: its coordinators).
    """
    if licence not in LicenceId.values:
        raise ValidationError({"licence": _("Bitte eine der angebotenen Lizenzen wählen.")})
    OpenDataSetting.objects.get_or_create(district=district)
    setting = OpenDataSetting.objects.select_for_update().get(district=district)
    if setting.enabled == enabled and setting.licence == licence:
        return setting
    setting.enabled = enabled
    setting.licence = licence
    setting.changed_at = timezone.now()
    setting.changed_by_label = actor_label(actor)
    setting.save()
    logger.info("district %s: open data set to %s (licence %s) by user %s", district.slug, enabled, licence, actor.pk)
    open_data_changed.fire(district, enabled, licence, actor)
    return setting
