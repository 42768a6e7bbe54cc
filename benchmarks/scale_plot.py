"""The scale simulation's figures as small multiples: one SVG panel per figure, how it grows with the towns.

Hand-written SVG (no plotting package): ``svg(result)`` takes what ``benchmarks/migrate.py`` writes to
``.local/bench/scale-*.json``; ``python benchmarks/scale_plot.py FILE [SVG]`` redraws without a database.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

# (title, unit, [(key in a size's row, series label)]); a panel draws one line per series.
PANELS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Provisioning per town", "ms", [("prov_first", "first 100"), ("prov_last", "last 100")]),
    ("Catalogue (pg_class rows)", "rows", [("pg_class", "")]),
    ("Database size", "MB", [("db_mb", "")]),
    ("No-op migrate per town", "ms", [("noop_per_town", "Kreisagenda")]),
    (
        "Django's migrate per schema (sample)",
        "ms",
        [("baseline_per_town", "no-op"), ("column_baseline_per_town", "new column")],
    ),
    ("New column in every schema, per town", "ms", [("column_per_town_1", "1 proc"), ("column_per_town_2", "2 proc")]),
    ("One backend after every schema", "MB", [("backend_mb", "")]),
    ("pg_dump of one town", "ms", [("dump_ms", "")]),
    ("Lagebild (district of 30)", "ms", [("lagebild_ms", "median")]),
    ("Lagebild: queries", "queries", [("lagebild_queries", "")]),
    ("Comparison page (district of 30)", "ms", [("comparison_ms", "median")]),
    ("Comparison page: queries", "queries", [("comparison_queries", "")]),
]
COLUMNS = 3
PANEL_WIDTH, PANEL_HEIGHT = 320, 210
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 58, 22, 48, 38  # the axes' box inside a panel
HEADER = 64
SERIES_STYLE = [("#1f4e79", ""), ("#b34700", "6 4"), ("#3d6b35", "2 3")]  # colour and dash: lines differ without colour


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top at or above ``value`` and a tick step giving 2 to 5 intervals."""
    if value <= 0:
        return 1.0, 0.5
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if value / step <= 5:
            return math.ceil(value / step - 1e-9) * step, step
    return 10 * magnitude, 2 * magnitude


def _number(value: float) -> str:
    if value >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def _text(x: float, y: float, content: str, *, size: int = 11, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'


def _panel(x0: float, y0: float, title: str, unit: str, series: Sequence[tuple[str, str]], rows: list[dict]) -> str:
    towns = [row["towns"] for row in rows]
    values = [[row[key] for row in rows if key in row] for key, _label in series]
    parts = [
        f'<rect x="{x0 + 4}" y="{y0 + 4}" width="{PANEL_WIDTH - 8}" height="{PANEL_HEIGHT - 8}" '
        'fill="#fff" stroke="#ccc" rx="4"/>',
        _text(x0 + 14, y0 + 22, title, size=13, anchor="start", extra=' font-weight="bold"'),
    ]
    if not any(values):
        return "".join([*parts, _text(x0 + PANEL_WIDTH / 2, y0 + PANEL_HEIGHT / 2, "not measured")])
    left, right = x0 + PLOT_LEFT, x0 + PANEL_WIDTH - PLOT_RIGHT
    top, bottom = y0 + PLOT_TOP, y0 + PANEL_HEIGHT - PLOT_BOTTOM
    x_top = max(towns) * 1.05
    y_top, step = _nice_top(max(max(v) for v in values if v))
    if all(isinstance(v, int) for points in values for v in points) and not float(step).is_integer():
        step = math.ceil(step)  # counts: whole ticks
        y_top = math.ceil(y_top / step) * step

    def px(n: float) -> float:
        return left + (right - left) * n / x_top

    def py(v: float) -> float:
        return bottom - (bottom - top) * v / y_top

    parts.append(_text(x0 + 14, y0 + 37, unit, size=10, anchor="start", extra=' fill="#555"'))
    decimals = 0 if float(step).is_integer() else len(f"{step:g}".split(".")[1])  # one format per axis
    tick = 0.0
    while tick <= y_top + 1e-9:
        parts.append(f'<line x1="{left}" x2="{right}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#e5e5e5"/>')
        label = f"{tick:,.{decimals}f}"
        parts.append(_text(left - 6, py(tick) + 4, label, size=10, anchor="end", extra=' fill="#444"'))
        tick += step
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#888"/>')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#888"/>')
    for n in towns:
        parts.append(f'<line x1="{px(n):.1f}" x2="{px(n):.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#888"/>')
        parts.append(_text(px(n), bottom + 15, f"{n:,}", size=10, extra=' fill="#444"'))
    parts.append(_text((left + right) / 2, bottom + 30, "towns installed", size=10, extra=' fill="#555"'))
    legend_x = left + 8
    for index, ((_key, label), points) in enumerate(zip(series, values, strict=True)):
        colour, dash = SERIES_STYLE[index % len(SERIES_STYLE)]
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        coordinates = " ".join(f"{px(n):.1f},{py(v):.1f}" for n, v in zip(towns, points, strict=False))
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"{dashing}/>')
        for position, (n, v) in enumerate(zip(towns, points, strict=False)):
            parts.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
            # Of two lines, the lower value's label goes below its point, so the two do not overlap.
            others = [other[position] for other in values if other is not points and len(other) > position]
            below = bool(others) and (v < others[0] or (v == others[0] and index > 0))
            anchor = "end" if px(n) > right - 20 else "middle"
            parts.append(
                _text(
                    px(n), py(v) + (14 if below else -7), _number(v), size=10, anchor=anchor, extra=f' fill="{colour}"'
                )
            )
        if label and len(series) > 1:
            y = y0 + 34
            parts.append(
                f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="2"{dashing}/>'
            )
            parts.append(_text(legend_x + 22, y + 4, label, size=10, anchor="start", extra=f' fill="{colour}"'))
            legend_x += 34 + 6 * len(label)
    return "".join(parts)


def svg(result: dict[str, Any]) -> str:
    rows = result["sizes"]
    rows_count = math.ceil(len(PANELS) / COLUMNS)
    width, height = COLUMNS * PANEL_WIDTH + 16, HEADER + rows_count * PANEL_HEIGHT + 8
    machine = result.get("machine", {})
    subtitle = ", ".join(
        part
        for part in (
            f"districts of {result.get('district_size', 30)}",
            f"{machine.get('cores')} cores" if machine.get("cores") else "",
            machine.get("postgresql", ""),
            machine.get("date", ""),
        )
        if part
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="DejaVu Sans, Arial, sans-serif" role="img" aria-labelledby="scale-title">',
        f'<title id="scale-title">Kreisagenda scale simulation: {escape(subtitle)}</title>',
        f'<rect width="{width}" height="{height}" fill="#f7f7f7"/>',
        _text(
            16,
            28,
            "Kreisagenda scale simulation: how each figure grows with the towns",
            size=17,
            anchor="start",
            extra=' font-weight="bold"',
        ),
        _text(16, 48, subtitle, size=12, anchor="start", extra=' fill="#444"'),
    ]
    for index, (title, unit, series) in enumerate(PANELS):
        column, row = index % COLUMNS, index // COLUMNS
        parts.append(_panel(8 + column * PANEL_WIDTH, HEADER + row * PANEL_HEIGHT, title, unit, series, rows))
    parts.append("</svg>\n")
    return "\n".join(parts)


def svg_write(json_path: Path, svg_path: Path) -> None:
    svg_path.write_text(svg(json.loads(json_path.read_text())), encoding="utf-8")
    print(f"{svg_path} drawn from {json_path}")


if __name__ == "__main__":
    svg_write(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/scale.svg"))
