"""Accessible bar charts drawn as SVG on the server.

Each chart is an image with a title and a description (``role="img"``), every bar carries its
number as text beside it, and the series of a stacked bar differ by pattern as well as colour,
named in a legend. The numbers are always also in a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 210
BAR_SPACE = 340
ROW_HEIGHT = 22
BAR_HEIGHT = 14
LEGEND_HEIGHT = 26

#: One pattern per series: solid, diagonal hatching, dots, cross-hatching.
PATTERNS = (
    "",
    '<path d="M0,6 L6,0" stroke="#0b0c0c" stroke-width="1.5"/>',
    '<circle cx="3" cy="3" r="1.4" fill="#0b0c0c"/>',
    '<path d="M0,3 L6,3 M3,0 L3,6" stroke="#0b0c0c" stroke-width="1.2"/>',
)
FILLS = ("#1d70b8", "#ffffff", "#ffffff", "#ffffff")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


def _fill(chart_id: str, series: int) -> str:
    if not PATTERNS[series % len(PATTERNS)]:
        return FILLS[0]
    return f"url(#{chart_id}-p{series})"


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], series: Sequence[str]
) -> SafeString:
    """A horizontal bar chart; with more than one series the bars are stacked."""
    legend = len(series) > 1
    top = LEGEND_HEIGHT if legend else 4
    height = top + max(len(bars), 1) * ROW_HEIGHT + 6
    biggest = max((b.total for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        "<defs>",
    ]
    for i, pattern in enumerate(PATTERNS):
        if pattern:
            parts.append(
                f'<pattern id="{chart_id}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{FILLS[i]}"/>{pattern}</pattern>'
            )
    parts.append("</defs>")
    if legend:
        lx = 0
        for i, name in enumerate(series):
            parts.append(
                f'<rect x="{lx}" y="4" width="14" height="14" fill="{_fill(chart_id, i)}" '
                f'stroke="#0b0c0c"/><text x="{lx + 20}" y="16" font-size="13">{escape(name)}</text>'
            )
            lx += 26 + 8 * len(name)
    if not bars:
        parts.append(f'<text x="0" y="{top + 15}" font-size="13">Nothing to show.</text>')
    for row, bar in enumerate(bars):
        y = top + row * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" font-size="13" text-anchor="end">'
            f"{escape(bar.label[:30])}</text>"
        )
        x = float(LABEL_WIDTH)
        for i, value in enumerate(bar.values):
            if value <= 0:
                continue
            width = max(BAR_SPACE * value / biggest, 1.0)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{_fill(chart_id, i)}" stroke="#0b0c0c" stroke-width="0.8"/>'
            )
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}" font-size="13">{bar.total:,}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


TIMELINE_HEIGHT = 200
TIMELINE_TOP = 24
TIMELINE_LEFT = 56
TIMELINE_BOTTOM = 36


@dataclass(frozen=True)
class Point:
    """One day of a running total: its label, and the total (None for a day still to come)."""

    label: str
    value: int | None


def timeline_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    most: int,
    marker: int | None = None,
    marker_label: str = "",
) -> SafeString:
    """A running total as columns, one a day, on a scale up to ``most`` (the whole), with one
    day marked by a dashed line and its label (a deadline). The first, the last counted and the
    marked day carry their numbers as text; days still to come are left empty."""
    plot_width = WIDTH - TIMELINE_LEFT - 8
    plot_height = TIMELINE_HEIGHT - TIMELINE_TOP - TIMELINE_BOTTOM
    base = TIMELINE_TOP + plot_height
    top = max(most, max((p.value or 0 for p in points), default=0), 1)
    step = plot_width / max(len(points), 1)
    width = max(step - 1, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {TIMELINE_HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{TIMELINE_LEFT}" y1="{base}" x2="{WIDTH - 8}" y2="{base}" stroke="#0b0c0c"/>',
        f'<line x1="{TIMELINE_LEFT}" y1="{TIMELINE_TOP}" x2="{TIMELINE_LEFT}" y2="{base}" '
        'stroke="#0b0c0c"/>',
        f'<text x="{TIMELINE_LEFT - 6}" y="{TIMELINE_TOP + 5}" font-size="13" '
        f'text-anchor="end">{top:,}</text>',
        f'<text x="{TIMELINE_LEFT - 6}" y="{base}" font-size="13" text-anchor="end">0</text>',
    ]
    if not points:
        parts.append(
            f'<text x="{TIMELINE_LEFT + 8}" y="{base - 8}" font-size="13">Nothing to show.</text>'
        )
    counted = [i for i, p in enumerate(points) if p.value is not None]
    labelled = {i for i in (counted[:1] + counted[-1:]) if i is not None}
    if marker is not None and marker in counted:
        labelled.add(marker)
    for i, point in enumerate(points):
        if point.value is None or point.value <= 0:
            continue
        height = max(plot_height * point.value / top, 1.0)
        x = TIMELINE_LEFT + 1 + i * step
        parts.append(
            f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{width:.1f}" '
            f'height="{height:.1f}" fill="{FILLS[0]}"/>'
        )
    for i in sorted(labelled):
        value = points[i].value or 0
        x = TIMELINE_LEFT + 1 + i * step + width / 2
        y = base - max(plot_height * value / top, 0) - 4
        parts.append(
            f'<text x="{x:.1f}" y="{max(y, TIMELINE_TOP - 8):.1f}" font-size="12" '
            f'text-anchor="middle">{value:,}</text>'
        )
    if points:
        parts.append(
            f'<text x="{TIMELINE_LEFT}" y="{base + 16}" font-size="12">{escape(points[0].label)}</text>'
        )
        parts.append(
            f'<text x="{WIDTH - 8}" y="{base + 16}" font-size="12" text-anchor="end">'
            f"{escape(points[-1].label)}</text>"
        )
    if marker is not None and 0 <= marker < len(points):
        x = TIMELINE_LEFT + 1 + marker * step + width / 2
        parts.append(
            f'<line x1="{x:.1f}" y1="{TIMELINE_TOP - 10}" x2="{x:.1f}" y2="{base}" '
            'stroke="#d4351c" stroke-width="2" stroke-dasharray="5,3"/>'
        )
        anchor = "end" if x > WIDTH / 2 else "start"
        shift = -4 if anchor == "end" else 4
        parts.append(
            f'<text x="{x + shift:.1f}" y="{base + 32}" font-size="12" font-weight="bold" '
            f'text-anchor="{anchor}">{escape(marker_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
