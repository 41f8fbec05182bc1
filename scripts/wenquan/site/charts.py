"""Static SVG charts of a dossier's monitoring series: no script, no external font or library."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 80, 20, 40, 50
COLOURS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f")
FAMILY = 'font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif"'
FONT = f'{FAMILY} font-size="12"'


def _scale(lo: float, hi: float) -> tuple[float, float]:
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    return lo - pad, hi + pad


def _frame(title: str, unit: str, lo: float, hi: float) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             f'role="img" aria-label="{escape(title)}">',
             f'<text x="{LEFT}" y="22" {FAMILY} font-size="15" font-weight="bold">{escape(title)}（{escape(unit)}）</text>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
             f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>']
    for i in range(5):
        value = lo + (hi - lo) * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{_tick(value)}</text>')
    return parts


def _tick(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value / 10000:.1f}万"
    return f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"


def _y(value: float, lo: float, hi: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - (value - lo) / (hi - lo) * plot_h


def bars(title: str, unit: str, years: list[int], groups: dict[str, list[float | None]]) -> str:
    """Grouped bars: one group per year, one bar per named series (e.g. 开采量, 回灌量)."""
    values = [v for vs in groups.values() for v in vs if v is not None]
    if not years or not values:
        return ""
    lo, hi = 0.0, max(values) * 1.1 or 1.0
    parts = _frame(title, unit, lo, hi)
    slot = (WIDTH - LEFT - RIGHT) / len(years)
    width = slot * 0.7 / len(groups)
    for g, (name, vs) in enumerate(groups.items()):
        colour = COLOURS[g % len(COLOURS)]
        for i, value in enumerate(vs):
            if value is None:
                continue
            x = LEFT + slot * i + slot * 0.15 + width * g
            y = _y(value, lo, hi)
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{HEIGHT - BOTTOM - y:.1f}" fill="{colour}">'
                         f'<title>{years[i]} 年{escape(name)}：{value:.0f} {escape(unit)}</title></rect>')
        parts.append(f'<rect x="{LEFT + 130 * g}" y="{HEIGHT - 18}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{LEFT + 130 * g + 16}" y="{HEIGHT - 8}" {FONT}>{escape(name)}</text>')
    for i, year in enumerate(years):
        parts.append(f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" {FONT}>{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def lines(title: str, unit: str, series: dict[str, list[tuple[dt.date, float]]]) -> str:
    """One line per well over time."""
    points = [p for ps in series.values() for p in ps]
    if not points:
        return ""
    lo, hi = _scale(min(v for _, v in points), max(v for _, v in points))
    first, last = min(d for d, _ in points), max(d for d, _ in points)
    span = max((last - first).days, 1)
    parts = _frame(title, unit, lo, hi)

    def x(day: dt.date) -> float:
        return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)

    for g, (name, ps) in enumerate(series.items()):
        colour = COLOURS[g % len(COLOURS)]
        path = " ".join(f"{x(d):.1f},{_y(v, lo, hi):.1f}" for d, v in ps)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"><title>{escape(name)}</title></polyline>')
        parts.append(f'<rect x="{LEFT + 110 * g}" y="{HEIGHT - 18}" width="12" height="3" fill="{colour}"/>'
                     f'<text x="{LEFT + 110 * g + 16}" y="{HEIGHT - 8}" {FONT}>{escape(name)}</text>')
    for year in range(first.year, last.year + 1):
        day = max(dt.date(year, 1, 1), first)
        parts.append(f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" {FONT}>{year}</text>')
    parts.append("</svg>")
    return "".join(parts)
