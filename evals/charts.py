"""Inline SVG charts for the HTML report, drawn in Python so the report needs no script or CDN."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_FONT = 'font-family="system-ui, sans-serif" font-size="12"'
_GREEN, _RED, _GREY = "#2e7d32", "#c62828", "#9e9e9e"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def success_bars(title: str, rows: Sequence[tuple[str, float, int]]) -> str:
    """Horizontal bars of success rates: one row per (label, rate 0..1, number of runs)."""
    bar_w, label_w, row_h = 320, 130, 24
    height = 30 + row_h * max(len(rows), 1)
    body = [f'<text x="0" y="16" {_FONT} font-weight="bold">{escape(title)}</text>']
    for i, (label, rate, runs) in enumerate(rows):
        y = 26 + i * row_h
        width = round(bar_w * max(0.0, min(rate, 1.0)))
        colour = _GREEN if rate >= 0.97 else _RED
        body += [
            f'<text x="0" y="{y + 15}" {_FONT}>{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="18" fill="#eeeeee"/>',
            f'<rect class="bar" x="{label_w}" y="{y}" width="{width}" height="18" '
            f'fill="{colour}"><title>{escape(label)}: {rate:.1%} of {runs}</title></rect>',
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" {_FONT}>{rate:.1%} ({runs})</text>',
        ]
    return _svg(label_w + bar_w + 90, height, title, body)


def confusion_matrix(title: str, matrix: dict[str, dict[str, int]]) -> str:
    """A heat map of expected (rows) against observed (columns) counts."""
    labels = list(matrix)
    cell, left, top = 64, 90, 50
    peak = max((v for row in matrix.values() for v in row.values()), default=0) or 1
    size = left + cell * len(labels) + 10
    body = [
        f'<text x="0" y="16" {_FONT} font-weight="bold">{escape(title)}</text>',
        f'<text x="{left}" y="34" {_FONT}>observed →</text>',
    ]
    for j, label in enumerate(labels):
        body.append(
            f'<text x="{left + j * cell + cell / 2}" y="{top - 4}" {_FONT} '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for i, expected in enumerate(labels):
        y = top + i * cell
        body.append(f'<text x="0" y="{y + cell / 2 + 4}" {_FONT}>{escape(expected)}</text>')
        for j, observed in enumerate(labels):
            count = matrix[expected].get(observed, 0)
            hue = _GREEN if i == j else _RED
            opacity = 0.08 + 0.8 * count / peak if count else 0.03
            body += [
                f'<rect class="cell" x="{left + j * cell}" y="{y}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{hue}" fill-opacity="{opacity:.2f}">'
                f"<title>expected {escape(expected)}, observed {escape(observed)}: "
                f"{count}</title></rect>",
                f'<text x="{left + j * cell + cell / 2}" y="{y + cell / 2 + 4}" {_FONT} '
                f'text-anchor="middle">{count}</text>',
            ]
    return _svg(size, top + cell * len(labels) + 20, title, body)


def _edges(values: Sequence[float], bins: int, integer: bool, cap: float | None) -> list[float]:
    """Bin edges: one bin per whole number for small counts, else equal widths up to ``cap``."""
    low = min(values)
    high = max(values) if cap is None else min(max(values), cap)
    if integer and high - low < 25:
        return [low + i for i in range(int(high - low) + 2)]
    span = (high - low) or 1.0
    return [low + span * i / bins for i in range(bins + 1)]


def histogram(
    title: str,
    values: Sequence[float],
    *,
    unit: str = "",
    bins: int = 12,
    integer: bool = False,
    cap: float | None = None,
) -> str:
    """A histogram of ``values``.

    Args:
        title: chart title.
        values: the data.
        unit: appended to axis labels, e.g. " ms".
        bins: number of equal-width bins (ignored for small whole numbers, one bin each).
        integer: the values are counts (turns): one bin per value when the range is small.
        cap: values above it go to the last bin, labelled "and more", so one slow outlier
            does not squash the chart.
    """
    width, height, left, bottom = 460, 200, 40, 30
    body = [f'<text x="0" y="16" {_FONT} font-weight="bold">{escape(title)}</text>']
    if not values:
        body.append(f'<text x="{left}" y="60" {_FONT} fill="{_GREY}">no data</text>')
        return _svg(width, 80, title, body)
    edges = _edges(values, bins, integer, cap)
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = sum(1 for edge in edges[1:-1] if value >= edge)
        counts[index] += 1
    peak = max(counts)
    plot_h, bar_w = height - bottom - 30, (width - left - 10) / len(counts)
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x, y = left + i * bar_w, 30 + plot_h - h
        upper = (
            "and more" if i == len(counts) - 1 and cap is not None else f"to {edges[i + 1]:g}{unit}"
        )
        body.append(
            f'<rect class="bin" x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{h:.1f}" fill="#1565c0"><title>{edges[i]:g}{escape(unit)} '
            f"{escape(upper)}: {count}</title></rect>"
        )
    axis_y = 30 + plot_h + 16
    one_per_value = integer and edges[1] - edges[0] == 1
    top = edges[-2] if one_per_value else edges[-1]
    last = f"{top:.0f}{escape(unit)}" + (" +" if cap is not None else "")
    body += [
        f'<text x="{left}" y="{axis_y}" {_FONT}>{edges[0]:.0f}{escape(unit)}</text>',
        f'<text x="{width - 10}" y="{axis_y}" {_FONT} text-anchor="end">{last}</text>',
        f'<text x="0" y="40" {_FONT}>{peak}</text>',
    ]
    return _svg(width, height, title, body)
