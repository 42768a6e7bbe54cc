"""Events of the duplicate check that apps above ``benchmarking`` react to (they register in ``ready()``).

``duplicate_flags_raised`` fires inside ``benchmarking.services.duplicate_flags_refresh`` (the publish
transaction in the worker, or a decision's), with the district and the flags the refresh created:
new open flags, also those raised again because one of their items changed. Receivers read the towns
and items from each flag's ``evidence`` (notifications tells the coordinators and the towns involved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from benchmarking.models import DuplicateFlag
    from tenants.models import District

duplicate_flags_raised: Hook[[District, list[DuplicateFlag]], None] = Hook("duplicate_flags_raised")
