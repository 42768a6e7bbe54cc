from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kreisagenda.permissions import Action, can


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"can_use_admin": can(user, Action.USE_ADMIN)}
