from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "benchmarking"
    verbose_name = _("Vergleich und Doppelstrukturen")

    def ready(self) -> None:
        from benchmarking.selectors import similar_published_for_form
        from benchmarking.services import (
            duplicate_flags_refresh_on_project_change,
            duplicate_flags_refresh_on_publish,
            size_class_figures_refresh_on_publish,
        )
        from publishing.hooks import assessment_published, items_published, similar_published
        from roadmap.hooks import joint_project_items_changed

        items_published.register(duplicate_flags_refresh_on_publish)
        assessment_published.register(size_class_figures_refresh_on_publish)
        similar_published.register(similar_published_for_form)
        joint_project_items_changed.register(duplicate_flags_refresh_on_project_change)
