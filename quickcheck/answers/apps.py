from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnswersConfig(AppConfig):
    name = "quickcheck.answers"
    label = "quickcheck_answers"
    verbose_name = _("Quick Check (Antworten der Kommune)")
