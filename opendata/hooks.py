"""Events of open data that apps above it may react to (they register in ``ready()``).

``open_data_changed`` fires when a district's coordinator switches the district's open data on or
off or changes its licence (``opendata.services.open_data_set``), inside the transaction, after the
setting is saved, and only when something changed. Positional arguments: ``district`` (the District),
``enabled`` (the new state), ``licence`` (the licence id, ``opendata.licences.LicenceId``),
``actor`` (the coordinator's account). A receiver may tell the district's people (coordinators,
conference, the towns' officers) that the district's aggregated data is (no longer) public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import District

open_data_changed: Hook[[District, bool, str, User], None] = Hook("open_data_changed")
