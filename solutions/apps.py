from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "solutions"
    verbose_name = _("Lösungsregister der Kommune")

    def ready(self) -> None:
        from publishing.hooks import category_labels, town_items
        from solutions.selectors import solution_category_labels, solutions_publishable

        town_items.register(solutions_publishable)
        category_labels.register(solution_category_labels)
