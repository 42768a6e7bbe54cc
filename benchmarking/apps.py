from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Vergleich und Doppelstrukturen")
