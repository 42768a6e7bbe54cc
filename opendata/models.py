"""Whether a district publishes open data, and under which licence (D100).

Kept in this app, keyed by the district, so the ``tenants`` app (below every feature) stays untouched.
No row means: off, the default licence.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from opendata.licences import LicenceId
from tenants.models import District


class OpenDataSetting(models.Model):
    district = models.OneToOneField(
        District, on_delete=models.CASCADE, primary_key=True, related_name="open_data_setting"
    )
    enabled = models.BooleanField(_("Offene Daten veröffentlichen"), default=False)
    licence = models.CharField(_("Lizenz"), max_length=32, choices=LicenceId.choices, default=LicenceId.DL_BY)
    # Who last changed it (like the peer-names setting, D78): a name, not a foreign key (D9).
    changed_at = models.DateTimeField(_("geändert am"), null=True, blank=True)
    changed_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Offene Daten eines Kreises")
        verbose_name_plural = _("Offene Daten der Kreise")

    def __str__(self) -> str:
        return f"{self.district}: {'an' if self.enabled else 'aus'}"
