"""Events of the roadmap that apps above it react to (they register in ``ready()``).

``joint_project_items_changed`` fires when items join or leave a joint project, inside the
transaction: the duplicate check refreshes its flags (items of one project are no duplicates).

``measure_page_sections`` and ``joint_project_page_sections`` are asked by the measure's and the joint
project's page for what apps above add to the page (the comments, D88): each receiver returns a piece
of HTML, shown below the item in registration order. The page has checked access to the item; a
measure's page asks inside the town's schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from roadmap.measures.models import Measure
    from roadmap.models import JointProject
    from tenants.models import District, Town

joint_project_items_changed: Hook[[District], None] = Hook("joint_project_items_changed")
measure_page_sections: Hook[[HttpRequest, Town, Measure], SafeString] = Hook("measure_page_sections")
joint_project_page_sections: Hook[[HttpRequest, JointProject], SafeString] = Hook("joint_project_page_sections")
