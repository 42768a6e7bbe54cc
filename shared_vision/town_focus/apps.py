from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownFocusConfig(AppConfig):
    name = "shared_vision.town_focus"
    label = "town_focus"
    verbose_name = _("Schwerpunkte der Kommune")
