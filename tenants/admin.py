from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from kreisagenda.admin import OperatorModelAdmin, operator_admin_site

from tenants.models import District, Town


class DistrictAdmin(OperatorModelAdmin):
    list_display = ["name", "key", "federal_state", "towns_see_peer_names"]
    search_fields = ["name", "key"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """Once the district exists, its coordinators decide on peer names on the district page (D78)."""
        if obj is None:
            return []
        return ["towns_see_peer_names", "peer_names_changed_at", "peer_names_changed_by_label"]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is not None else ["peer_names_changed_at", "peer_names_changed_by_label"]


class TownAdmin(OperatorModelAdmin):
    """Towns are created on their own page (schema in the background) and removed only by command."""

    list_display = ["name", "district", "ags", "kind", "population", "schema_status"]
    list_filter = ["district", "kind", "schema_status"]
    search_fields = ["name", "ags"]
    readonly_fields = ["district", "ags", "kind", "schema_name", "schema_status", "schema_status_message", "created_at"]
    fields = ["name", "slug", "population", *readonly_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


operator_admin_site.register(District, DistrictAdmin)
operator_admin_site.register(Town, TownAdmin)
