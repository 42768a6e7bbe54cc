"""Events of the district's Quick-Check grid that apps above ``quickcheck`` react to (they register
in ``ready()``).

``campaign_opened`` fires when the coordinator opens a campaign (``quickcheck.services.grid_open``),
inside its transaction, on the public schema, with the grid now open and the person who opened it
(None: a script): notifications tells the district's towns and coordinators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from quickcheck.models import GridVersion

campaign_opened: Hook[[GridVersion, User | None], None] = Hook("campaign_opened")
