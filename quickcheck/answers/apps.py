from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnswersConfig(AppConfig):
    name = "quickcheck.answers"
    label = "quickcheck_answers"
    verbose_name = _("Quick Check (Antworten der Kommune)")

    def ready(self) -> None:
        from audit.visibility import draft_actions_register
        from quickcheck.answers.selectors import AUDIT_PREFIX

        # Answers before release: the release and the reopening are not drafts.
        draft_actions_register(
            f"{AUDIT_PREFIX}answer_changed",
            f"{AUDIT_PREFIX}carried_over",
            f"{AUDIT_PREFIX}sample_data",
            f"{AUDIT_PREFIX}evidence_added",  # an answer's files, like its other fields (D93)
            f"{AUDIT_PREFIX}evidence_removed",
        )
