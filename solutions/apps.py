from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "solutions"
    verbose_name = _("Lösungsregister der Kommune")

    def ready(self) -> None:
        from publishing.hooks import town_items
        from solutions.selectors import solutions_publishable

        town_items.register(solutions_publishable)
