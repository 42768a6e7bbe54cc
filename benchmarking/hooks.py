"""Events and page parts of the duplicate check that apps above it react to or add to (they register
in ``ready()``).

``flag_sections`` is asked by the flags page (``/kreise/<kreis>/doppelstrukturen/``) with the flags
it shows, once per page: each receiver returns a piece of HTML per flag id (the comments' link and
count, D88), shown with the flag. The page has checked access (the district's coordinators).

``duplicate_flags_raised`` fires inside ``benchmarking.services.duplicate_flags_refresh`` (the publish
transaction in the worker, or a decision's), with the district and the flags the refresh created:
new open flags, also those raised again because one of their items changed. Receivers read the towns
and items from each flag's ``evidence`` (notifications tells the coordinators and the towns involved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kreisagenda.hooks import Hook

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from benchmarking.models import DuplicateFlag
    from tenants.models import District

flag_sections: Hook[[HttpRequest, District, Sequence[DuplicateFlag]], dict[int, SafeString]] = Hook("flag_sections")
duplicate_flags_raised: Hook[[District, list[DuplicateFlag]], None] = Hook("duplicate_flags_raised")
