"""Ids written into pages are digits, never German-grouped numbers.

With ``USE_THOUSAND_SEPARATOR`` a template shows the whole number 1234 as "1.234". Right for a
population, wrong for an id or a version in a form value, a link or a data attribute: sent back, it
names nothing. Every table in the test database counts its ids from a million on (``tests/conftest``),
so the pages' own tests meet this; this test finds such a place before any test visits it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.template import engines
from django.template.base import Node, Template, VariableNode
from kreisagenda.warmup import project_templates

# Names ending in "id" that hold text: form field ids, chart and table anchors, a licence's SPDX id.
_TEXT_IDS = {"auto_id", "chart_id", "table_id", "box_id", "level_id", "licence.id"}
_AS_DIGITS = {"unlocalize", "stringformat"}


def _is_an_id(lookups: tuple[str, ...]) -> bool:
    last = lookups[-1]
    if last in _TEXT_IDS or ".".join(lookups[-2:]) in _TEXT_IDS:
        return False
    return last in {"pk", "id", "version"} or last.endswith(("_id", "page_number"))  # ?seite=1.000 is page 1


def _variables(nodes: list[Node]) -> Iterator[VariableNode]:
    for node in nodes:
        if isinstance(node, VariableNode):
            yield node
        for attribute in node.child_nodelists:  # inside {% if %}, {% for %}, {% block %} …
            yield from _variables(getattr(node, attribute, None) or [])


def _grouped_ids(template: Template) -> list[str]:
    """The ids the template writes through the locale's number format."""
    found = []
    for node in _variables(list(template.nodelist)):
        expression = node.filter_expression
        lookups = getattr(expression.var, "lookups", None)  # None for a literal
        if not lookups or not _is_an_id(lookups):
            continue
        if {function.__name__ for function, _arguments in expression.filters} & _AS_DIGITS:
            continue
        found.append(expression.token)
    return found


def test_no_template_writes_an_id_with_the_thousands_separator() -> None:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    found = [f"{name}: {token}" for name in project_templates() for token in _grouped_ids(engine.get_template(name))]
    assert found == [], "Mit |unlocalize schreiben:\n" + "\n".join(found)


def test_the_check_finds_an_id_written_as_a_number() -> None:
    template = engines["django"].engine.from_string(  # type: ignore[attr-defined]
        '{% load l10n %}{% if flag %}<li data-flag="{{ flag.pk }}">{% endif %}{{ town_id }}'
        ' {{ row.version|unlocalize }} {{ field.auto_id }} {{ data.licence.id }} {{ year|stringformat:"d" }}'
        " ?seite={{ page.next_page_number }}"
    )
    assert _grouped_ids(template) == ["flag.pk", "town_id", "page.next_page_number"]
