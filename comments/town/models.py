"""Comments on a town's measures: the town's data, in the town's schema (D88)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from comments.models import CommentBase
from roadmap.measures.models import Measure


class MeasureComment(CommentBase):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments")

    class Meta(CommentBase.Meta):
        verbose_name = _("Kommentar zu einer Maßnahme")
        verbose_name_plural = _("Kommentare zu Maßnahmen")
