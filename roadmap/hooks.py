"""Events of the roadmap that apps above it react to (they register in ``ready()``).

``joint_project_items_changed`` fires when items join or leave a joint project, inside the
transaction: the duplicate check refreshes its flags (items of one project are no duplicates).

``joint_project_changed`` fires, inside the transaction, when a joint project is created, its plan
is changed, its participants change, or items join it (``roadmap.services``), with the project,
what changed (one of ``ProjectChange``) and who changed it (None: a script or the system):
notifications tells the participant towns' digital officers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from roadmap.models import JointProject
    from tenants.models import District


class ProjectChange(models.TextChoices):
    CREATED = "created", _("neu angelegt")
    PLAN = "plan", _("Plan geändert")
    PARTICIPANTS = "participants", _("Beteiligte geändert")
    ITEMS = "items", _("Maßnahmen oder Lösungen verknüpft")


joint_project_items_changed: Hook[[District], None] = Hook("joint_project_items_changed")
joint_project_changed: Hook[[JointProject, ProjectChange, User | None], None] = Hook("joint_project_changed")
