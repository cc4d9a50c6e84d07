"""Charts drawn on the server as SVG markup: the same string goes in the page and the PDF.

No script and no ``style`` attribute (CSP ``style-src 'self'``): colours are SVG
presentation attributes. Every chart carries a ``<title>`` and sits beside a table with the
same numbers (the templates do that), so it is readable without seeing the picture.
Geometry is plain arithmetic, tested in ``tests/insight/test_svg.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kinerja.core.formatting import angka

PALETTE = ("#0b5cad", "#9aa5b1", "#1d7a3a", "#9a6200", "#b3261e", "#6a3d9a")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="11"'


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _label(value: float, unit: str) -> str:
    return f"{angka(value, 1, ringkas=True)}{unit}"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str = ""


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str = "",
    max_value: float | None = None,
    width: int = 560,
    bar: int = 18,
    gap: int = 6,
    label_width: int = 170,
    marker: float | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value); ``marker`` draws a vertical reference line
    (e.g. a curve limit). Bar length = value / max × plot width."""
    top = max_value if max_value is not None else max([v for _l, v in items] + [marker or 0, 0])
    top = top or 1
    plot = width - label_width - 60
    height = max(1, len(items)) * (bar + gap) + gap + 4
    parts = [_open(width, height, title)]
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar + gap)
        length = max(0.0, min(value, top)) / top * plot
        parts.append(
            f'<text x="{label_width - 6}" y="{_n(y + bar * 0.7)}" text-anchor="end" {FONT} '
            f'fill="#1c2430">{escape(_short(label))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{_n(length)}" height="{bar}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {_label(value, unit)}</title></rect>'
            f'<text x="{_n(label_width + length + 4)}" y="{_n(y + bar * 0.7)}" {FONT} '
            f'fill="#1c2430">{_label(value, unit)}</text>'
        )
    if marker is not None:
        x = label_width + min(marker, top) / top * plot
        parts.append(
            f'<line x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{height}" stroke="{PALETTE[4]}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "%",
    max_value: float | None = None,
    width: int = 560,
    height: int = 220,
) -> SafeString:
    """Vertical bars grouped per category, one colour per series, with a legend below."""
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value is not None else max(values + [0])
    top = top or 1
    left, bottom, legend = 36, 34, 18
    plot_h = height - bottom - legend - 8
    plot_w = width - left - 8
    group_w = plot_w / max(1, len(categories))
    bar_w = group_w * 0.8 / max(1, len(series))
    parts = [_open(width, height, title)]
    for tick in (0, 0.5, 1):
        y = 8 + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - 8}" y2="{_n(y)}" stroke="#d9dee5"/>'
            f'<text x="{left - 4}" y="{_n(y + 4)}" text-anchor="end" {FONT} fill="#5b6675">'
            f"{_label(top * tick, unit)}</text>"
        )
    for ci, category in enumerate(categories):
        x0 = left + ci * group_w + group_w * 0.1
        for si, s in enumerate(series):
            value = s.values[ci] if ci < len(s.values) else None
            if value is None:
                continue
            h = max(0.0, min(value, top)) / top * plot_h
            color = s.color or PALETTE[si % len(PALETTE)]
            parts.append(
                f'<rect x="{_n(x0 + si * bar_w)}" y="{_n(8 + plot_h - h)}" width="{_n(bar_w)}" '
                f'height="{_n(h)}" fill="{color}"><title>{escape(category)} · {escape(s.name)}: '
                f"{_label(value, unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{_n(left + ci * group_w + group_w / 2)}" y="{_n(8 + plot_h + 16)}" '
            f'text-anchor="middle" {FONT} fill="#1c2430">{escape(_short(category, 16))}</text>'
        )
    x = left
    for si, s in enumerate(series):
        color = s.color or PALETTE[si % len(PALETTE)]
        parts.append(
            f'<rect x="{_n(x)}" y="{height - legend}" width="10" height="10" fill="{color}"/>'
            f'<text x="{_n(x + 14)}" y="{height - legend + 9}" {FONT} fill="#1c2430">'
            f"{escape(s.name)}</text>"
        )
        x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "",
    low: float = 0,
    high: float = 100,
    width: int = 560,
    height: int = 200,
) -> SafeString:
    """A line through the points (missing values break the line), labelled under the axis;
    y = low … high."""
    left, bottom = 40, 28
    plot_h, plot_w = height - bottom - 8, width - left - 12
    step = plot_w / max(1, len(points) - 1)
    span = (high - low) or 1
    parts = [_open(width, height, title)]
    parts += _y_grid(left, width, plot_h, low, high, unit)
    path: list[str] = []
    every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        x = left + i * step if len(points) > 1 else left + plot_w / 2
        if i % every == 0 or i == len(points) - 1:
            anchor = _anchor(i, len(points))
            parts.append(
                f'<text x="{_n(x)}" y="{height - 8}" text-anchor="{anchor}" {FONT} '
                f'fill="#1c2430">{escape(label)}</text>'
            )
        if value is None:
            if len(path) > 1:
                parts.append(_polyline(path))
            path = []
            continue
        y = 8 + plot_h * (1 - (min(max(value, low), high) - low) / span)
        path.append(f"{_n(x)},{_n(y)}")
        parts.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {_label(value, unit)}</title></circle>"
        )
    if len(path) > 1:
        parts.append(_polyline(path))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def lines_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    low: float = 0,
    high: float = 100,
    width: int = 560,
    height: int = 220,
) -> SafeString:
    """One line per series over the same labels (missing values break a line), with a
    legend below; y = low … high. Used where two lines are compared (a service against
    the agency, an employee's quarters against 100%)."""
    left, bottom, legend = 40, 46, 18
    plot_h, plot_w = height - bottom - 8, width - left - 12
    step = plot_w / max(1, len(labels) - 1)
    span = (high - low) or 1
    parts = [_open(width, height, title)]
    parts += _y_grid(left, width, plot_h, low, high, unit)
    every = max(1, len(labels) // 8)

    def x_of(i: int) -> float:
        return left + i * step if len(labels) > 1 else left + plot_w / 2

    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{_n(x_of(i))}" y="{8 + plot_h + 16}" '
                f'text-anchor="{_anchor(i, len(labels))}" {FONT} '
                f'fill="#1c2430">{escape(label)}</text>'
            )
    for si, s in enumerate(series):
        color = s.color or PALETTE[si % len(PALETTE)]
        path: list[str] = []
        for i, label in enumerate(labels):
            value = s.values[i] if i < len(s.values) else None
            if value is None:
                if len(path) > 1:
                    parts.append(_polyline(path, color))
                path = []
                continue
            x = x_of(i)
            y = 8 + plot_h * (1 - (min(max(value, low), high) - low) / span)
            path.append(f"{_n(x)},{_n(y)}")
            parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{color}">'
                f"<title>{escape(s.name)} · {escape(label)}: {_label(value, unit)}</title>"
                "</circle>"
            )
        if len(path) > 1:
            parts.append(_polyline(path, color))
    x = left
    for si, s in enumerate(series):
        color = s.color or PALETTE[si % len(PALETTE)]
        parts.append(
            f'<rect x="{_n(x)}" y="{height - legend}" width="10" height="10" fill="{color}"/>'
            f'<text x="{_n(x + 14)}" y="{height - legend + 9}" {FONT} fill="#1c2430">'
            f"{escape(_short(s.name, 40))}</text>"
        )
        x += 24 + 7 * len(_short(s.name, 40))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def _anchor(i: int, count: int) -> str:
    """The first axis label starts at its point and the last ends at it: centred, they ran
    past the chart's edges ("12/202", "(1 Jan–31 Mar)" cut on the left)."""
    if count > 1 and i == 0:
        return "start"
    return "end" if count > 1 and i == count - 1 else "middle"


def _polyline(points: list[str], color: str = PALETTE[0]) -> str:
    joined = " ".join(points)
    return f'<polyline points="{joined}" fill="none" stroke="{color}" stroke-width="2"/>'


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img"><title>{escape(title)}</title>'
    )


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _y_grid(left, width, plot_h, low, high, unit) -> list[str]:
    """Three horizontal grid lines (low, middle, high) with their labels, for the line charts."""
    span = (high - low) or 1
    lines = []
    for tick in (low, (low + high) / 2, high):
        y = 8 + plot_h * (1 - (tick - low) / span)
        lines.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - 12}" y2="{_n(y)}" stroke="#d9dee5"/>'
            f'<text x="{left - 4}" y="{_n(y + 4)}" text-anchor="end" {FONT} fill="#5b6675">'
            f"{_label(tick, unit)}</text>"
        )
    return lines
