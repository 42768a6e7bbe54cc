"""A web process gets ready before its first request (D116).

Django fills its URL lookups, loads a language's translations and compiles a template the first time a
request needs them. In a fresh gunicorn worker that made the first request about 300 ms slower than the
next, and the first of each page some 10–50 ms slower; production replaces every worker after about
1,000 requests (D104), so people met these costs all day. ``warm_up`` pays them while the worker boots,
before it accepts a request. It opens no database connection: the worker forks before any query.
The lookups include those ``reverse`` keeps per namespace (a page's first link into the API cost 40 ms)
and each URL pattern's compiled expression.

What the worker holds for its life, ``heap_freeze`` then hides from the garbage collector (D121): a full
collection walked all of it, some 200,000 objects, and added 120-150 ms to whichever request it fell into.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


# Apps whose templates few people open (Django's admin, the browsable API): about 100 templates that
# would cost every worker as long again as the project's own.
_NOT_WARMED = ("django.contrib.admin", "rest_framework")


def project_templates() -> list[str]:
    """The templates of the installed apps but the admin's and the browsable API's, by the name a view
    asks for."""
    names: set[str] = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if config.name in _NOT_WARMED or not folder.is_dir():
            continue
        names.update(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    return sorted(names)


def _lookups_fill(resolver: URLResolver, namespace: str = "") -> None:
    """The resolver's lookups, and those ``reverse`` builds for each namespace below it (``api:…``, 40 ms
    on a page's first link into the API): asking for a name no namespace has fills them, then fails."""
    resolver.reverse_dict  # noqa: B018 - reading it fills it
    if namespace:
        with contextlib.suppress(NoReverseMatch):
            reverse(f"{namespace}:-")
    for name, (_prefix, below) in resolver.namespace_dict.items():
        _lookups_fill(below, f"{namespace}:{name}" if namespace else name)


def _patterns_compile(resolver: URLResolver) -> None:
    """Each URL pattern's regular expression, which Django compiles when a request is first matched
    against it."""
    for pattern in resolver.url_patterns:
        pattern.pattern.regex  # noqa: B018 - reading it compiles it
        if isinstance(pattern, URLResolver):
            _patterns_compile(pattern)


def warm_up() -> None:
    """URL lookups, namespaces' included, and translations of every language, the URL patterns and every
    template of the project compiled."""
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # lookups and catalogues are kept per language
            _lookups_fill(resolver)
            _patterns_compile(resolver)
            translation.gettext("Anmelden")
    for name in project_templates():
        try:
            get_template(name)  # the cached loader keeps it for the worker's life
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # The page that needs it fails as it would have; the worker must still start.
            logger.exception("Vorlage %s ist fehlerhaft und wird erst bei Bedarf geladen", name)


def heap_freeze() -> int:
    """Everything alive now (modules, URL patterns, compiled templates, translations) moved out of the
    garbage collector's reach, after a last collection so that no garbage is kept with it; returns how many
    objects were frozen.

    A full collection walks every tracked object; in a warmed worker that took 120-150 ms (measured), and
    the caches a worker fills in its first minutes triggered one now and then inside a request. A frozen
    object is still freed when nothing refers to it any more; only a reference cycle among frozen objects
    is never collected, which costs nothing here: what warm-up built lives as long as the worker (gunicorn
    replaces it after about 1,000 requests, D104; the demo's server for its session).
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
