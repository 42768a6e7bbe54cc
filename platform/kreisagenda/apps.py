from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KreisagendaConfig(AppConfig):
    name = "kreisagenda"
    verbose_name = _("Kreisagenda")

    def ready(self) -> None:
        from kreisagenda import pooling  # noqa: F401 - registers the session-pooling check (D108)
