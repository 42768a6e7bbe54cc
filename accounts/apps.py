from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konten und Rollen")

    def ready(self) -> None:
        import accounts.schema  # noqa: F401 -- registers the token sign-in with the OpenAPI schema
