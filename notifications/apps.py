from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from benchmarking.hooks import duplicate_flags_raised
        from notifications import events
        from publishing.hooks import assessment_published
        from quickcheck.answers.hooks import assessment_released, assessment_reopened
        from quickcheck.hooks import campaign_opened
        from roadmap.hooks import joint_project_changed

        campaign_opened.register(events.on_campaign_opened)
        assessment_released.register(events.on_assessment_released)
        assessment_reopened.register(events.on_assessment_reopened)
        duplicate_flags_raised.register(events.on_duplicate_flags_raised)
        assessment_published.register(events.on_assessment_published)
        joint_project_changed.register(events.on_joint_project_changed)
