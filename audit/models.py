from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change in a town's data.

    The actor is kept as id and name rather than a foreign key: accounts live in the public
    schema, and the history must outlive a deleted account.
    """

    occurred_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("Konto-Nr."), null=True, blank=True)
    actor_label = models.CharField(_("von"), max_length=254, blank=True)
    action = models.CharField(_("Aktion"), max_length=64)
    summary = models.CharField(_("Beschreibung"), max_length=500)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Eintrag im Änderungsverlauf")
        verbose_name_plural = _("Änderungsverlauf")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
