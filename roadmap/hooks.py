"""Events of the roadmap that apps above it react to (they register in ``ready()``).

``joint_project_items_changed`` fires when items join or leave a joint project, inside the
transaction: the duplicate check refreshes its flags (items of one project are no duplicates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from tenants.models import District

joint_project_items_changed: Hook[[District], None] = Hook("joint_project_items_changed")
