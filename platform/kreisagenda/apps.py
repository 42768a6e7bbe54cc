from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KreisagendaConfig(AppConfig):
    name = "kreisagenda"
    verbose_name = _("Kreisagenda")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from kreisagenda import pooling  # noqa: F401 - registers the session-pooling check (D108)
        from kreisagenda.connections import connection_opened, connections_close_wide

        # A kept connection's life is bounded by the schemas it worked in (D122).
        connection_created.connect(connection_opened, dispatch_uid="kreisagenda-connection-opened")
        request_finished.connect(connections_close_wide, dispatch_uid="kreisagenda-connections-close-wide")
