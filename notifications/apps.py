from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from benchmarking.hooks import duplicate_flags_raised
        from comments.hooks import comment_posted
        from mentoring.hooks import interest_declared, mentor_requested, mentoring_changed, request_declined
        from notifications import events
        from partners.hooks import proposal_decided, proposal_submitted
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
        comment_posted.register(events.on_comment_posted)
        mentor_requested.register(events.on_mentor_requested)
        mentoring_changed.register(events.on_mentoring_changed)
        request_declined.register(events.on_mentor_request_declined)
        interest_declared.register(events.on_interest_declared)
        proposal_submitted.register(events.on_proposal_submitted)
        proposal_decided.register(events.on_proposal_decided)
