"""The reports' charts as SVG: vector graphics in the PDF, drawn without a browser.

plotly can only export static images through a browser (kaleido), which the reports must not need
(decision D50). The report's charts are simple, so they are drawn here: a dot plot (scores on a
0–100 axis per field of action, with the district's quartile band and median) and a heatmap (towns ×
fields, coloured by the distance from the field's median, the score written in each cell). Each
chart carries a title and a description for screen readers and is followed by its table in the
report; colour is never the only channel (shapes, ▲/▼, written numbers).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The same purple–orange diverging scale as the dashboards' heatmap (readable with the common
# colour-vision deficiencies): orange below the median, white at it, purple-blue above.
DIVERGING = [
    (0.0, (0xB3, 0x58, 0x06)),
    (0.25, (0xF1, 0xA3, 0x40)),
    (0.5, (0xF7, 0xF7, 0xF7)),
    (0.75, (0x99, 0x8E, 0xC3)),
    (1.0, (0x2D, 0x00, 0x4B)),
]
SPREAD = 30  # points from the median at which the colour is full
INK = "#1a1a1a"
MUTED = "#595959"
BAND = "#d9d9d9"
WIDTH = 680  # user units; the SVG scales to the text width
LABEL_WIDTH = 210
ROW_HEIGHT = 22
FONT = 'font-family="DejaVu Sans, sans-serif"'


class MarkStyle(StrEnum):
    CURRENT = "current"  # filled circle
    TARGET = "target"  # open circle
    MEDIAN = "median"  # vertical tick
    EARLIER = "earlier"  # open grey diamond (an earlier year)
    LATEST = "latest"  # filled diamond (the latest year)


@dataclass(frozen=True)
class Mark:
    value: Decimal
    style: MarkStyle


@dataclass(frozen=True)
class DotRow:
    label: str
    marks: list[Mark] = field(default_factory=list)
    band: tuple[Decimal, Decimal] | None = None  # lower and upper quartile


def _text(value: object) -> str:
    return str(escape(str(value)))


def _clip(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def _mark(style: MarkStyle, x: float, y: float) -> str:
    if style == MarkStyle.CURRENT:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1f4e79" stroke="#1f4e79"/>'
    if style == MarkStyle.TARGET:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="white" stroke="#1f4e79" stroke-width="1.6"/>'
    if style == MarkStyle.MEDIAN:
        return f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 8:.1f}" y2="{y + 8:.1f}" stroke="{INK}" stroke-width="2"/>'
    points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
    if style == MarkStyle.EARLIER:
        return f'<polygon points="{points}" fill="white" stroke="{MUTED}" stroke-width="1.4"/>'
    return f'<polygon points="{points}" fill="#1f4e79" stroke="#1f4e79"/>'


def _open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT} font-size="11">',
        f'<title id="{chart_id}-title">{_text(title)}</title><desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]


def dot_plot(
    rows: Sequence[DotRow],
    *,
    chart_id: str,
    title: str,
    description: str,
    legend: Sequence[tuple[MarkStyle | str, str]],
) -> SafeString:
    """One row per field of action on a 0–100 axis; ``legend`` pairs a style (or "band") with its label."""
    left, right = LABEL_WIDTH, WIDTH - 20
    top = 24
    height = top + ROW_HEIGHT * len(rows) + 56

    def x_of(value: Decimal) -> float:
        return left + float(value) / 100 * (right - left)

    parts = _open(chart_id, title, description, height)
    for tick in range(0, 101, 25):
        x = x_of(Decimal(tick))
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{top + ROW_HEIGHT * len(rows)}" '
            f'stroke="#bfbfbf" stroke-width="0.6"/><text x="{x:.1f}" y="{top - 10}" text-anchor="middle" '
            f'fill="{MUTED}">{tick}</text>'
        )
    for index, row in enumerate(rows):
        y = top + ROW_HEIGHT * index + ROW_HEIGHT / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{_text(_clip(row.label, 34))}</text>'
        )
        if row.band is not None:
            x1, x2 = x_of(row.band[0]), x_of(row.band[1])
            parts.append(
                f'<rect x="{x1:.1f}" y="{y - 6:.1f}" width="{max(x2 - x1, 1):.1f}" height="12" fill="{BAND}"/>'
            )
        values = [float(mark.value) for mark in row.marks if mark.style in (MarkStyle.EARLIER, MarkStyle.LATEST)]
        if len(values) > 1:  # the years of one field joined, so the change reads as a line
            x1, x2 = x_of(Decimal(str(min(values)))), x_of(Decimal(str(max(values))))
            parts.append(
                f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{MUTED}" stroke-width="1.4"/>'
            )
        parts.extend(_mark(mark.style, x_of(mark.value), y) for mark in row.marks)
    legend_y = top + ROW_HEIGHT * len(rows) + 30
    x = float(left)
    for style, label in legend:
        if style == "band":
            parts.append(f'<rect x="{x - 6:.1f}" y="{legend_y - 6}" width="14" height="12" fill="{BAND}"/>')
        else:
            parts.append(_mark(MarkStyle(style), x, legend_y))
        parts.append(f'<text x="{x + 12:.1f}" y="{legend_y + 4}" fill="{INK}">{_text(label)}</text>')
        x += 24 + 6.2 * len(label)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


def diverging_colour(distance: float) -> str:
    """The colour of a score ``distance`` points from the median (clamped at ±SPREAD)."""
    position = min(max(distance / SPREAD, -1.0), 1.0) / 2 + 0.5
    for (start, low), (end, high) in itertools.pairwise(DIVERGING):
        if position <= end:
            share = (position - start) / (end - start)
            red, green, blue = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
            return f"#{red:02x}{green:02x}{blue:02x}"
    return "#2d004b"


@dataclass(frozen=True)
class HeatCell:
    text: str  # the score as written, with ▲/▼ for strength/weakness
    distance: float | None  # points from the field's median; None: no score


def heatmap(
    *,
    chart_id: str,
    columns: Sequence[str],
    rows: Sequence[tuple[str, Sequence[HeatCell]]],
    title: str,
    description: str,
) -> SafeString:
    """Towns (rows) × fields of action (columns, names written at an angle); the cell's text is its score."""
    left = 150
    cell_width = min(48.0, (WIDTH - left - 10) / max(len(columns), 1))
    header = 130
    cell_height = 18
    height = header + cell_height * len(rows) + 10
    parts = _open(chart_id, title, description, height)
    for index, name in enumerate(columns):
        x = left + cell_width * index + cell_width / 2
        parts.append(
            f'<text transform="translate({x + 3:.1f},{header - 6}) rotate(-55)" fill="{INK}" font-size="10">'
            f"{_text(_clip(name, 26))}</text>"
        )
    for row_index, (label, cells) in enumerate(rows):
        y = header + cell_height * row_index
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end" fill="{INK}">{_text(_clip(label, 24))}</text>'
        )
        for column_index, cell in enumerate(cells):
            x = left + cell_width * column_index
            fill = diverging_colour(cell.distance) if cell.distance is not None else "#ffffff"
            dark = cell.distance is not None and abs(cell.distance) > SPREAD * 0.55
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell_width:.1f}" height="{cell_height}" fill="{fill}" '
                f'stroke="white" stroke-width="1"/><text x="{x + cell_width / 2:.1f}" y="{y + 13}" '
                f'text-anchor="middle" font-size="9.5" fill="{"white" if dark else INK}">{_text(cell.text)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
