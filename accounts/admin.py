from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from kreisagenda.admin import OperatorModelAdmin, operator_admin_site
from kreisagenda.permissions import Action, can

from accounts.models import Membership, User
from accounts.services import user_staff_sync


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0

    def _allowed(self, request: HttpRequest) -> bool:
        return can(request.user, Action.USE_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)


class UserCreationForm(AdminUserCreationForm):
    """The admin's add form stores the address as ``user_create`` does, so one person stays one account."""

    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])


class UserAdmin(OperatorModelAdmin, DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active"]
    search_fields = ["full_name", "email"]
    list_filter = ["is_active"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "is_active")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()
    inlines = [MembershipInline]
    add_form = UserCreationForm

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        user_staff_sync(user=form.instance)  # roles may have changed in the inline


operator_admin_site.register(User, UserAdmin)
