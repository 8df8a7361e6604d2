"""The Trade-offs page's three live charts, drawn on a given Figure (no Qt).

Each chart is a small class that creates its axes and artists once, in
``__init__(figure, theme)``, and afterwards only moves them in ``update(...)``
(``set_data``, ``set_height``, text, limits). A slider move therefore never
rebuilds a figure: it changes a few numbers and the canvas redraws once.

For speed on every move, each chart also lists its ``animated`` artists (the
data, markers and titles that move) and gives a :meth:`static_key` of
everything else (limits, legend). While the key stays the same, a host may
restore a saved background and redraw only the animated artists (blitting).
Limits are "sticky": they change only when the data leave the view or fill
too little of it, so most moves keep the background.
A :class:`Theme` holds sizes and colours; presentation mode builds the chart
again with :data:`PRESENTATION` (large fonts, thick lines, high contrast).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from wfm_desktop.core.staffing.tradeoffs import AgentCurves, PoolingResult, TargetCurve


@dataclass(frozen=True)
class Theme:
    """Sizes (points) and colours of one look."""

    name: str
    font_size: float
    title_size: float
    line_width: float
    marker_size: float
    grid_alpha: float
    text: str
    service: str
    occupancy: str
    abandon: str
    asa: str
    net: str
    gross: str
    highlight: str
    muted: str


NORMAL = Theme(
    name="normal", font_size=9.5, title_size=11.0, line_width=2.0, marker_size=4.0, grid_alpha=0.3,
    text="#222222", service="#1f6fb2", occupancy="#e07b00", abandon="#b8323a", asa="#6a3d9a",
    net="#2e8b57", gross="#333333", highlight="#e07b00", muted="#b5b5b5",
)
PRESENTATION = Theme(
    name="presentation", font_size=15.0, title_size=17.0, line_width=4.5, marker_size=6.5, grid_alpha=0.5,
    text="#000000", service="#0050c8", occupancy="#e66100", abandon="#c00000", asa="#5d00a8",
    net="#007a33", gross="#000000", highlight="#e66100", muted="#8c8c8c",
)


def _style_axes(ax, theme: Theme) -> None:
    ax.tick_params(labelsize=theme.font_size, colors=theme.text, width=max(1.0, theme.line_width / 3))
    for spine in ax.spines.values():
        spine.set_linewidth(max(0.8, theme.line_width / 3))
        spine.set_color(theme.text)
    ax.grid(True, alpha=theme.grid_alpha, linewidth=max(0.8, theme.line_width / 4))
    ax.xaxis.label.set_size(theme.font_size)
    ax.yaxis.label.set_size(theme.font_size)
    ax.xaxis.label.set_color(theme.text)
    ax.yaxis.label.set_color(theme.text)


def _legend(ax, theme: Theme, loc: str, handles=None):
    legend = ax.legend(handles=handles, loc=loc, fontsize=theme.font_size * 0.9, framealpha=0.92)
    legend.set_draggable(False)
    return legend


_THOUSANDS = FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _pct(value: float) -> str:
    return f"{value:.0%}" if value * 100 == round(value * 100) else f"{value:.1%}"


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def fit_title(title, figure: Figure, theme: Theme) -> None:
    """Shrink a figure title's font (down to 70 %) until it fits the figure's width.

    Measuring text is the costliest part of a chart update on a slider move, so the size found is
    kept while the title's length, the figure's width and the theme stay the same (a new number in
    the same words: "Workload 10.4 Erlangs" after "Workload 10.2 Erlangs").
    """
    width = figure.get_figwidth() * figure.dpi * 0.97
    key = (len(title.get_text()), round(width), theme.title_size)
    if getattr(title, "_wfm_fit_key", None) == key:
        return
    renderer = figure.canvas.get_renderer()
    size = theme.title_size
    title.set_fontsize(size)
    while size > theme.title_size * 0.7 and title.get_window_extent(renderer).width > width:
        size *= 0.92
        title.set_fontsize(size)
    title._wfm_fit_key = key


def sticky(current: tuple[float, float], wanted: tuple[float, float], *, fill: float = 0.6,
           pad: float = 0.1) -> tuple[float, float]:
    """Keep the `current` limits while they contain `wanted` and `wanted` fills at least `fill` of them.

    Otherwise return `wanted` widened by `pad` of its span each side (not below 0 when
    `wanted` starts at or above 0), so the next small moves fit without a change.
    """
    lo, hi = current
    w_lo, w_hi = wanted
    if lo <= w_lo and w_hi <= hi and (w_hi - w_lo) >= fill * (hi - lo):
        return current
    span = w_hi - w_lo
    new_lo = w_lo - pad * span
    return (max(0.0, new_lo) if w_lo >= 0 else new_lo), w_hi + pad * span


def _animate(artists) -> list:
    for artist in artists:
        artist.set_animated(True)
    return list(artists)


def _nice_top(value: float, floor: float = 1.0) -> float:
    """A little headroom above `value` (at least `floor`)."""
    return max(floor, float(value) * 1.12)


# --------------------------------------------------------------------------- service vs agents


class AgentCurvesChart:
    """Top: service level, occupancy and abandonment (%) against agents; bottom: ASA (s).

    The legend sits above the top axes, out of the curves' way.

    Dashed lines mark the SL target, the occupancy cap and the ASA target; a
    vertical line marks the required net agents.
    """

    title = "Service vs agents"

    def __init__(self, figure: Figure, theme: Theme = NORMAL) -> None:
        self.figure, self.theme = figure, theme
        figure.set_facecolor("white")
        self.ax, self.ax_asa = figure.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        lw, ms = theme.line_width, theme.marker_size
        self.sl_line, = self.ax.plot([], [], "o-", color=theme.service, lw=lw, ms=ms, label="Service level")
        self.occ_line, = self.ax.plot([], [], "s-", color=theme.occupancy, lw=lw, ms=ms, label="Occupancy")
        self.ab_line, = self.ax.plot([], [], "^-", color=theme.abandon, lw=lw, ms=ms, label="Abandoned")
        self.sl_target = self.ax.axhline(0.8, color=theme.service, ls="--", lw=lw * 0.6)
        self.occ_cap = self.ax.axhline(0.85, color=theme.occupancy, ls="--", lw=lw * 0.6)
        self.required = [ax.axvline(0, color=theme.net, lw=lw * 0.8, alpha=0.8) for ax in (self.ax, self.ax_asa)]
        self.required_text = self.ax_asa.text(
            0, 0.93, "", color=theme.net, fontsize=theme.font_size, fontweight="bold",
            transform=self.ax_asa.get_xaxis_transform(), ha="left", va="top",
        )
        self.asa_line, = self.ax_asa.plot([], [], "o-", color=theme.asa, lw=lw, ms=ms, label="ASA")
        self.asa_target = self.ax_asa.axhline(0, color=theme.asa, ls="--", lw=lw * 0.6)
        self.ax.set_ylim(0, 1.03)
        self.ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        self.title = figure.suptitle("", x=0.01, ha="left", fontsize=theme.title_size, color=theme.text)
        self.ax_asa.set_ylabel("ASA (s)")
        self.ax_asa.set_xlabel("Agents on the phones (net)")
        self.ax_asa.xaxis.set_major_locator(MaxNLocator(integer=True))
        for ax in (self.ax, self.ax_asa):
            _style_axes(ax, theme)
        self._legend_key: tuple | None = None
        self._handles = [self.sl_line, self.occ_line]
        self.animated = _animate([self.sl_line, self.occ_line, self.ab_line, self.sl_target, self.occ_cap,
                                  *self.required, self.required_text, self.asa_line, self.asa_target, self.title])

    def update(self, curves: AgentCurves, *, sl_target: float | None, answer_s: float,
               max_occupancy: float | None, asa_target_s: float | None) -> None:
        n = curves.agents
        self.sl_line.set_data(n, curves.service_level)
        self.sl_line.set_label(f"Service level ({answer_s:g} s)")
        self.occ_line.set_data(n, curves.occupancy)
        self.ab_line.set_data(n, curves.abandon_rate if curves.erlang_a else [])
        self.ab_line.set_visible(curves.erlang_a)
        self.sl_target.set_visible(sl_target is not None)
        if sl_target is not None:
            self.sl_target.set_ydata([sl_target, sl_target])
        self.occ_cap.set_visible(max_occupancy is not None)
        if max_occupancy is not None:
            self.occ_cap.set_ydata([max_occupancy, max_occupancy])
        net = curves.agents_net
        for line in self.required:
            line.set_xdata([net, net])
        self.required_text.set_position((net + 0.3, 0.93))
        self.required_text.set_text(f"required {net:,}")
        asa = np.where(np.isfinite(curves.asa_s), curves.asa_s, np.nan)
        self.asa_line.set_data(n, asa)
        self.asa_target.set_visible(asa_target_s is not None)
        if asa_target_s is not None:
            self.asa_target.set_ydata([asa_target_s, asa_target_s])
        # Just above the workload the ASA explodes; keep the readable part in view.
        at_net = asa[n == net]
        ref = float(at_net[0]) if at_net.size and math.isfinite(at_net[0]) else 0.0
        finite = asa[np.isfinite(asa)]
        top = max(ref * 4.0, (asa_target_s or 0.0) * 1.5, 10.0)
        if finite.size:
            top = min(top, _nice_top(finite.max(), 1.0))
        wanted_top = _nice_top(top, 1.0)
        current_top = self.ax_asa.get_ylim()[1]
        if not (wanted_top <= current_top <= 2.5 * wanted_top):
            self.ax_asa.set_ylim(0, 1.6 * wanted_top)
        self.ax.set_xlim(*self._x_view(curves))
        model = "Erlang A" if curves.erlang_a else "Erlang C"
        self.title.set_text(f"Workload {curves.workload_erlangs:,.1f} Erlangs ({model}): {net:,} agents needed")
        self._handles = [self.sl_line, self.occ_line] + ([self.ab_line] if curves.erlang_a else [])
        self.fit()

    def _x_view(self, curves: AgentCurves) -> tuple[float, float]:
        """The suggested view of N, or the current one while it still fits the data around the requirement."""
        wanted = (curves.view[0] - 0.5, curves.view[1] + 0.5)
        lo, hi = self.ax.get_xlim()
        span, wanted_span = hi - lo, wanted[1] - wanted[0]
        net = curves.agents_net
        # With Erlang C the data start just below the workload (nothing to draw further left), so
        # only the right edge must be covered; with Erlang A both.
        left_ok = curves.agents.min() - 0.5 <= lo or not curves.erlang_a
        keep = (left_ok and hi <= curves.agents.max() + 0.5
                and lo + 0.25 * span <= net <= hi - 0.25 * span and 0.75 * wanted_span <= span <= 1.34 * wanted_span)
        return (lo, hi) if keep else wanted

    def static_key(self) -> tuple:
        return (self.ax.get_xlim(), self.ax.get_ylim(), self.ax_asa.get_ylim(), id(self.ax.get_legend()))

    def fit(self) -> None:
        """Fit the title and the legend above the plot to the figure's width (after an update or a resize)."""
        fit_title(self.title, self.figure, self.theme)
        width = round(self.figure.get_figwidth() * self.figure.dpi)
        labels = tuple(h.get_label() for h in self._handles)
        if self._legend_key is not None and self._legend_key[0] == labels and abs(self._legend_key[1] - width) < 8:
            return  # a legend is costly to rebuild: only when its entries or the width change
        self._legend_key = (labels, width)
        renderer = self.figure.canvas.get_renderer()
        for ncol in range(len(self._handles), 0, -1):
            legend = self.ax.legend(handles=self._handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=ncol,
                                    fontsize=self.theme.font_size, frameon=False, borderaxespad=0.2,
                                    handlelength=1.6, columnspacing=1.2)
            room = width * (0.98 - self.ax.get_position().x0)  # the legend starts at the axes' left edge
            if legend.get_window_extent(renderer).width <= room:
                break


# --------------------------------------------------------------------------- agents vs target


class TargetChart:
    """Net and gross agents against the service-level target; the right axis reads cost per hour.

    Cost per hour = gross agents × hourly cost, so the right axis is the left
    axis scaled by the hourly cost and reads against the gross line.
    """

    title = "Agents & cost vs target"

    def __init__(self, figure: Figure, theme: Theme = NORMAL) -> None:
        self.figure, self.theme = figure, theme
        figure.set_facecolor("white")
        self.ax = figure.subplots()
        self.ax_cost = self.ax.twinx()
        lw, ms = theme.line_width, theme.marker_size
        self.gross_line, = self.ax.step([], [], where="mid", color=theme.gross, lw=lw, label="Gross (scheduled)")
        self.net_line, = self.ax.step([], [], where="mid", color=theme.net, lw=lw, label="Net (on the phones)")
        self.marker = self.ax.axvline(0.8, color=theme.highlight, lw=lw * 0.7, ls="--")
        self.points, = self.ax.plot([], [], "o", color=theme.highlight, ms=ms * 1.8, zorder=5)
        self.note = self.ax.text(
            0.02, 0.97, "", transform=self.ax.transAxes, ha="left", va="top", fontsize=theme.font_size,
            color=theme.text, bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": theme.muted, "alpha": 0.95},
        )
        self.ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        self.ax.set_xlabel("Service level target")
        self.ax.set_ylabel("Agents")
        self.ax_cost.set_ylabel("Cost per hour (gross × hourly cost)")
        self.ax_cost.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: _money(v)))
        self.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax.yaxis.set_major_formatter(_THOUSANDS)
        _style_axes(self.ax, theme)
        _style_axes(self.ax_cost, theme)
        self.ax_cost.grid(False)
        self.title = figure.suptitle("", x=0.01, ha="left", fontsize=theme.title_size, color=theme.text)
        _legend(self.ax, theme, "lower right")
        self.animated = _animate([self.gross_line, self.net_line, self.marker, self.points, self.note, self.title])

    def static_key(self) -> tuple:
        return (self.ax.get_xlim(), self.ax.get_ylim(), self.ax_cost.get_ylim(), self.ax_cost.get_visible())

    def fit(self) -> None:
        fit_title(self.title, self.figure, self.theme)

    def update(self, curve: TargetCurve, *, answer_s: float, hourly_cost: float) -> None:
        x = curve.sl_target
        self.net_line.set_data(x, curve.agents_net)
        self.gross_line.set_data(x, curve.agents_gross)
        low = float(min(curve.agents_net.min(), curve.agents_gross.min()))
        high = float(max(curve.agents_net.max(), curve.agents_gross.max()))
        pad = max(1.0, (high - low) * 0.12)
        y0, y1 = sticky(self.ax.get_ylim(), (max(0.0, low - pad), high + pad * 2.2))  # room for the note on top
        self.ax.set_ylim(y0, y1)
        self.ax.set_xlim(x.min() - 0.005, x.max() + 0.005)
        self.ax_cost.set_visible(hourly_cost > 0)
        if hourly_cost > 0:
            self.ax_cost.set_ylim(y0 * hourly_cost, y1 * hourly_cost)
        self.title.set_text(f"Agents and cost for each service-level target (answer within {answer_s:g} s)")
        self.fit()
        current = curve.current_sl
        self.marker.set_visible(current is not None)
        self.points.set_visible(current is not None)
        self.note.set_visible(current is not None)
        if current is not None:
            i = int(np.argmin(np.abs(x - current)))
            net, gross = int(curve.agents_net[i]), int(curve.agents_gross[i])
            self.marker.set_xdata([current, current])
            self.points.set_data([current, current], [net, gross])
            cost = f", cost {_money(gross * hourly_cost)}/h" if hourly_cost > 0 else ""
            last = f"{_pct(float(x[-1]))}: {int(curve.agents_net[-1]):,} net, {int(curve.agents_gross[-1]):,} gross"
            self.note.set_text(f"Target {_pct(current)}: {net:,} net, {gross:,} gross{cost}\n{last}")


# --------------------------------------------------------------------------- pooling


class PoolingChart:
    """Top: total net agents when the same contacts are split into k equal pools; bottom: occupancy."""

    title = "Pooling"

    def __init__(self, figure: Figure, theme: Theme = NORMAL, max_bars: int = 12) -> None:
        self.figure, self.theme = figure, theme
        figure.set_facecolor("white")
        self.ax, self.ax_occ = figure.subplots(2, 1, sharex=True, height_ratios=[3, 1.2])
        self.bars = self.ax.bar(np.arange(1, max_bars + 1), np.zeros(max_bars), width=0.7, color=theme.muted,
                                edgecolor=theme.text, linewidth=max(0.5, theme.line_width / 4))
        self.labels = [
            self.ax.text(i + 1, 0, "", ha="center", va="bottom", fontsize=theme.font_size, color=theme.text)
            for i in range(max_bars)
        ]
        self.occ_line, = self.ax_occ.plot([], [], "o-", color=theme.occupancy, lw=theme.line_width,
                                          ms=theme.marker_size)
        self.title = figure.suptitle("", x=0.01, ha="left", fontsize=theme.title_size, color=theme.text)
        self.ax_occ.set_xlabel("Number of pools the same contacts are split into")
        self.ax.set_ylabel("Net agents, all pools")
        self.ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        self.ax.yaxis.set_major_formatter(_THOUSANDS)
        self.ax_occ.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_occ.set_ylabel("Occupancy")
        self.ax_occ.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        self.ax_occ.yaxis.set_major_locator(MaxNLocator(nbins=3))
        _style_axes(self.ax, theme)
        _style_axes(self.ax_occ, theme)
        self.ax.grid(False, axis="x")
        self.animated = _animate([*self.bars, *self.labels, self.occ_line, self.title])

    def static_key(self) -> tuple:
        return (self.ax.get_xlim(), self.ax.get_ylim(), self.ax_occ.get_ylim())

    def update(self, result: PoolingResult) -> None:
        shown = len(result.pools)
        top = _nice_top(float(result.agents_net.max()) * 1.08, 1.0)
        for i, (bar, label) in enumerate(zip(self.bars, self.labels)):
            visible = i < shown
            bar.set_visible(visible)
            label.set_visible(visible and (i == 0 or i + 1 == result.chosen or shown <= 8))
            if not visible:
                continue
            height = float(result.agents_net[i])
            bar.set_height(height)
            k = i + 1
            bar.set_facecolor(self.theme.net if k == 1 else self.theme.highlight if k == result.chosen
                              else self.theme.muted)
            label.set_position((k, height))
            label.set_text(f"{int(height):,}")
            label.set_fontweight("bold" if k in (1, result.chosen) else "normal")
        self.occ_line.set_data(result.pools, result.occupancy)
        self.ax.set_xlim(0.4, shown + 0.6)
        self.ax.set_ylim(*sticky(self.ax.get_ylim(), (0.0, top), fill=0.7))
        low = float(np.min(result.occupancy)) if len(result.occupancy) else 0.0
        self.ax_occ.set_ylim(*sticky(self.ax_occ.get_ylim(), (max(0.0, np.floor(low * 10 - 1) / 10), 1.0), fill=0.8))
        k = result.chosen
        one = int(result.agents_net[0])
        split = int(result.agents_net[k - 1])
        extra = split - one
        share = f" ({extra / one:+.0%})" if one > 0 else ""
        self.title.set_text(f"One pool: {one:,} agents · {k} pools: {split:,} agents, {extra:+,d}{share}")
        self.fit()

    def fit(self) -> None:
        fit_title(self.title, self.figure, self.theme)


CHARTS = {"curves": AgentCurvesChart, "target": TargetChart, "pooling": PoolingChart}
"""Chart classes by the view names of :data:`wfm_desktop.core.staffing.tradeoffs.VIEWS`."""
