from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KreisagendaConfig(AppConfig):
    name = "kreisagenda"
    verbose_name = _("Kreisagenda")
