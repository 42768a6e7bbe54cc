"""The first view of a chart page transfers at most 500 KB (issue 17, D115): the page's HTML as sent
(the app does not compress HTML) and every script, style sheet and icon it names, each as WhiteNoise
serves it to a browser that accepts brotli (D80: the collected files' .br copies)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

BUDGET = 500_000
YEAR = timezone.localdate().year
STATIC = re.compile(r'(?:src|href)="/static/([^"?#]+)"')
_compressed: dict[str, int] = {}


def _brotli_size(name: str) -> int:
    if name not in _compressed:
        found = finders.find(name)
        assert found, name
        _compressed[name] = len(brotli.compress(Path(str(found)).read_bytes()))
    return _compressed[name]


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("coordinator", "/kreise/kreis-hoexter/"),  # the Lagebild's heatmap
        ("officer_hoexter", "/kreise/kreis-hoexter/kommunen/hoexter/"),  # standing and timeline
        ("conference", "/kreise/kreis-hoexter/konferenz/praesentation/"),  # trend and heatmap
        ("conference", "/kreise/kreis-hoexter/konferenz/"),
        # The other chart pages; the roadmaps draw theirs only with measures, which this world lacks, and
        # name the same files.
        ("coordinator", f"/kreise/kreis-hoexter/vergleich/{YEAR}/"),
        ("officer_hoexter", f"/kreise/kreis-hoexter/kommunen/hoexter/vergleich/{YEAR}/"),
        ("coordinator", "/kreise/kreis-hoexter/beschaffungskalender/"),
    ],
)
def test_a_chart_page_first_view_stays_within_500_kb(client_as: Callable[[str], Client], label: str, url: str) -> None:
    response = client_as(label).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-chart-for" in html, "not a chart page"
    assert "vendor/plotly/" in html
    assert "Content-Encoding" not in response.headers
    names = sorted(set(STATIC.findall(html)))
    total = len(response.content) + sum(_brotli_size(name) for name in names)
    assert total <= BUDGET, f"{total} bytes: {names}"
