"""A town's own focus under the shared vision (stored in the town's schema).

Fields of action are referred to by their stable ``key`` (see shared_vision.models): a plain
string, not a foreign key into the public schema, so a town's schema has no constraints that
point across schemas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    HIGH = "high", _("hoch")
    MEDIUM = "medium", _("mittel")
    LOW = "low", _("niedrig")


class FieldPriority(models.Model):
    field_key = models.CharField(_("Handlungsfeld"), max_length=40, unique=True)
    priority = models.CharField(_("Priorität"), max_length=8, choices=Priority.choices)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    updated_by_label = models.CharField(_("geändert von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Priorität eines Handlungsfelds")
        verbose_name_plural = _("Prioritäten der Handlungsfelder")
        ordering = ["field_key"]

    def __str__(self) -> str:
        return f"{self.field_key}: {self.get_priority_display()}"


class LocalGoal(models.Model):
    field_key = models.CharField(_("Handlungsfeld"), max_length=40, db_index=True)
    text = models.CharField(_("Lokales Ziel"), max_length=500)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by_label = models.CharField(_("angelegt von"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("Lokales Ziel")
        verbose_name_plural = _("Lokale Ziele")
        ordering = ["field_key", "created_at", "id"]

    def __str__(self) -> str:
        return self.text
