from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedVisionConfig(AppConfig):
    name = "shared_vision"
    verbose_name = _("Leitbild")
