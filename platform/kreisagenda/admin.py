"""Django's admin, for platform operators only (decided by kreisagenda.permissions, not by flags)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kreisagenda.permissions import Action, can


class OperatorAdminSite(admin.AdminSite):
    site_header = _("Kreisagenda – Plattformbetrieb")
    site_title = _("Kreisagenda")
    index_title = _("Verwaltung")

    def has_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)


class OperatorModelAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.USE_ADMIN)


operator_admin_site = OperatorAdminSite(name="operator_admin")
