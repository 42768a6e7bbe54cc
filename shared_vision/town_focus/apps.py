from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownFocusConfig(AppConfig):
    name = "shared_vision.town_focus"
    label = "town_focus"
    verbose_name = _("Schwerpunkte der Kommune")

    def ready(self) -> None:
        from audit.visibility import draft_actions_register
        from shared_vision.town_focus.services import AUDIT_PREFIX

        # Priorities and local goals are the town's own, like its drafts (Action.VIEW_TOWN_DRAFTS).
        draft_actions_register(
            *(f"{AUDIT_PREFIX}{action}" for action in ("priority_set", "goal_added", "goal_changed", "goal_removed"))
        )
