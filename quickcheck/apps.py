from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuickcheckConfig(AppConfig):
    name = "quickcheck"
    verbose_name = _("Quick Check (Raster)")
