"""Where a district's and a town's pages and API answers live: the prefixes every app's urls.py uses."""

from __future__ import annotations

DISTRICT_PAGE = "kreise/<slug:district_slug>"
TOWN_PAGE = f"{DISTRICT_PAGE}/kommunen/<slug:town_slug>"

# Below /api/v1/.
DISTRICT_API = "districts/<slug:district_slug>"
TOWN_API = f"{DISTRICT_API}/towns/<slug:town_slug>"
