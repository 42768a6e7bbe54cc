from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownCommentsConfig(AppConfig):
    name = "comments.town"
    label = "town_comments"
    verbose_name = _("Kommentare zu Maßnahmen der Kommune")
