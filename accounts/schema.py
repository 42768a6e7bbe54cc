"""How the OpenAPI schema describes the API's token sign-in (drf-spectacular finds this on import)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "„Token <Schlüssel>“ – den Schlüssel legt jede Person selbst an (/konto/api-zugaenge/).",
        }
