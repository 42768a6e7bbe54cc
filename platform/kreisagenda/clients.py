"""Who is asking: the client's address behind the installation's reverse proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from: REMOTE_ADDR, or with ``NUM_PROXIES`` trusted proxies in
    front (settings.KREISAGENDA_NUM_PROXIES) the address the outermost of them saw, from
    X-Forwarded-For (entries a client wrote itself stand further left and are ignored)."""
    proxies: int = settings.KREISAGENDA_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address
