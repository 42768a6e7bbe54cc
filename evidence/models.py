"""Evidence files (Nachweise) of a town: PDFs, images and office documents on an answer or a measure.

Town schema, bytes in the row (``bytea``, decision D91): stored, changed and removed in the same
transaction as the town's other data, in a one-town ``pg_dump`` and in the town's JSON export.
The item a file belongs to lives in a higher app (an answer of the Quick Check, a measure of the
roadmap); it is named by kind and id, not by foreign key, as the audit app names what it records.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    ANSWER = "answer", _("Antwort im Quick Check")  # owner_id: the grid question's id (one per campaign year)
    MEASURE = "measure", _("Maßnahme")  # owner_id: the measure's id


class EvidenceFile(models.Model):
    owner_kind = models.CharField(_("gehört zu"), max_length=16, choices=OwnerKind.choices)
    owner_id = models.BigIntegerField(_("Nummer des Eintrags"))
    name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=120)  # as sniffed from the content, never as sent
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    content = models.BinaryField(_("Inhalt"))
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    uploaded_by_id = models.BigIntegerField(_("hochgeladen von (Konto)"), null=True, blank=True)
    uploaded_by_label = models.CharField(_("hochgeladen von"), max_length=254, blank=True)
    is_sample_data = models.BooleanField(_("Beispieldaten"), default=False)

    class Meta:
        verbose_name = _("Nachweisdatei")
        verbose_name_plural = _("Nachweisdateien")
        ordering = ["owner_kind", "owner_id", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["owner_kind", "owner_id"], name="evidence_owner")]
        constraints = [models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_not_empty")]

    def __str__(self) -> str:
        return self.name
