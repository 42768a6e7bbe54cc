from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "roadmap.measures"
    label = "measures"
    verbose_name = _("Maßnahmen der Kommune")

    def ready(self) -> None:
        from publishing.hooks import measures_at_release, town_items
        from quickcheck.answers.hooks import assessment_released
        from roadmap.measures.selectors import measures_at_release as measures_as_released
        from roadmap.measures.selectors import measures_publishable
        from roadmap.measures.services import measure_statuses_record_at_release

        town_items.register(measures_publishable)
        measures_at_release.register(measures_as_released)
        # The roadmap as it stands at release: next year's review compares against it.
        assessment_released.register(measure_statuses_record_at_release)
