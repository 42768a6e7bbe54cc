"""Events of a town's Quick Check that apps above ``quickcheck`` react to (they register in ``ready()``).

All fire inside the release's (or reopening's) transaction, in the town's schema: publishing
sends its task once the transaction commits, the roadmap holds how its measures stood.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from quickcheck.models import GridVersion
    from tenants.models import Town

assessment_released: Hook[[Town, GridVersion], None] = Hook("assessment_released")
assessment_reopened: Hook[[Town, GridVersion], None] = Hook("assessment_reopened")
# Answers were written (saved, imported, or prefilled when a campaign opened): the progress changed.
answers_changed: Hook[[Town, GridVersion], None] = Hook("answers_changed")
