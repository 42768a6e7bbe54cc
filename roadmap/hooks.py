"""Events of the roadmap that apps above it react to (they register in ``ready()``).

``joint_project_items_changed`` fires when items join or leave a joint project, inside the
transaction: the duplicate check refreshes its flags (items of one project are no duplicates).

``measure_page_sections`` and ``joint_project_page_sections`` are asked by the measure's and the joint
project's page for what apps above add to the page (the comments, D88): each receiver returns a piece
of HTML, shown below the item in registration order. The page has checked access to the item; a
measure's page asks inside the town's schema.

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
    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from accounts.models import User
    from roadmap.measures.models import Measure
    from roadmap.models import JointProject
    from tenants.models import District, Town


class ProjectChange(models.TextChoices):
    CREATED = "created", _("neu angelegt")
    PLAN = "plan", _("Plan geändert")
    PARTICIPANTS = "participants", _("Beteiligte geändert")
    ITEMS = "items", _("Maßnahmen oder Lösungen verknüpft")


joint_project_items_changed: Hook[[District], None] = Hook("joint_project_items_changed")
measure_page_sections: Hook[[HttpRequest, Town, Measure], SafeString] = Hook("measure_page_sections")
joint_project_page_sections: Hook[[HttpRequest, JointProject], SafeString] = Hook("joint_project_page_sections")
joint_project_changed: Hook[[JointProject, ProjectChange, User | None], None] = Hook("joint_project_changed")
