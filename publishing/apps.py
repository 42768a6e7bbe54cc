from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Veröffentlichung an den Kreis")

    def ready(self) -> None:
        # A release or reopening publishes once the town's transaction has committed; so do the
        # counts of answered questions (the campaign board) whenever answers change.
        from publishing.tasks import assessment_progress_publish_later, assessment_publish_later
        from quickcheck.answers.hooks import answers_changed, assessment_released, assessment_reopened

        assessment_released.register(assessment_publish_later)
        assessment_reopened.register(assessment_publish_later)
        answers_changed.register(assessment_progress_publish_later)
