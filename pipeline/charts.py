"""Plotly figure builders: DataFrames in, figures out. No Streamlit here.

They live in pipeline/ (not dashboard/) so that exports (pipeline/export.py, `complaints
export --format png`) can draw any dashboard chart without pipeline importing dashboard;
The dashboard pages import this module directly (`from pipeline import charts`).

Each builder takes the DataFrame returned by the matching query in pipeline/trends.py
and the `Filters` it was computed with (for the subtitle), so exports can rebuild any
dashboard chart outside Streamlit with the same filters:

    from pipeline.trends import Snapshot, Filters
    from pipeline import charts
    fig = charts.figure("over_time", Snapshot("data/snapshot"), Filters(themes=("family_contact",)), freq="week")

`FIGURES` names every chart: its query and its builder.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from pipeline import i18n, trends
from pipeline.i18n import t
from pipeline.trends import Filters, Snapshot

# A CJK font first: without it kaleido (static export) draws Chinese as boxes.
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"
SOURCE_LINE = t("chart.source_line", "en")
PERIOD_LABEL = {f: t(f"freq.{f}", "en") for f in trends.FREQS}
FOOTER = "footer"  # the name of the source/credit annotations (re-placed when the size changes)
FOOTER_LINE_PX = 16
GREY = "#c4c4c4"
HIGHLIGHT = "#c0392b"
# One colour per theme, everywhere (charts, evidence marks, legends): Okabe-Ito and
# Tableau hues, told apart by readers with colour-vision deficiency for the first eight.
THEME_COLOURS = {
    "threat": "#d62728", "legal_threat": "#9467bd", "credit_threat": "#8c564b",
    "third_party_contact": "#e69f00", "call_harassment": "#0072b2", "sms_harassment": "#56b4e9",
    "social_platform": "#009e73", "app_popup": "#f0e442", "insult": "#cc79a7", "privacy": "#7f7f7f",
    "fees": "#bcbd22", "no_negotiation": "#17becf",
}


def theme_colour(theme: str) -> str:
    return THEME_COLOURS.get(theme, "#999999")


TEMPLATE = "plotly_white"


def _template(fig: go.Figure, name: str) -> None:
    """A registered plotly template, set the way plotly sets its default one on a new figure:
    without validating it again. `update_layout(template=name)` deep-copies the whole template
    and validates the copy (~15 ms, a third of building a chart: issue 14's filter changes);
    the figure's JSON is the same."""
    import plotly.io as pio

    layout = fig.layout
    layout._validate = False  # what plotly's own _initialize_layout_template does: already validated
    try:
        layout.template = pio.templates[name]
    finally:
        layout._validate = fig._validate


def _layout(fig: go.Figure, title: str, filters: Filters | None, height: int = 420, lang: str = "zh",
            bottom: int = 70, top: int = 80) -> go.Figure:
    subtitle = i18n.describe(filters, lang) if filters is not None else ""
    for trace in fig.data:
        _plain_trace(trace)
    fig.update_layout(
        title={"text": _plain(title) + (f"<br><sup>{_plain(subtitle)}</sup>" if subtitle else "")},
        font={"family": FONT},
        height=height,
        margin={"l": 60, "r": 20, "t": top, "b": bottom},
        legend={"title": None},
        separators=".,",
    )
    _template(fig, TEMPLATE)
    # The axes do not grow into the margin on their own (automargin), so the footer placed
    # below, in pixels from the bottom edge, never overprints tick labels.
    fig.update_xaxes(automargin=False)
    return set_footer(fig, [t("chart.source_line", lang)])


def set_footer(fig: go.Figure, lines: list[str]) -> go.Figure:
    """Source and credit lines at the bottom edge, inside the canvas, at any height.

    Annotations are placed in paper coordinates, which scale with the plot area: the lines
    are put at a pixel offset from the bottom edge computed from the final height and
    margins, and the bottom margin grows to hold them below the axis labels.
    """
    kept = [a for a in fig.layout.annotations if a.name != FOOTER]
    height = fig.layout.height or 450
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 80
    axis_room = getattr(fig.layout, "meta", None) or {}
    ticks = int(axis_room.get("tick_px", 60)) if isinstance(axis_room, dict) else 60
    bottom = ticks + FOOTER_LINE_PX * len(lines) + 8
    fig.layout.annotations = kept  # replace: update_layout(annotations=...) merges element-wise
    fig.update_layout(margin={"b": bottom})
    plot = max(height - top - bottom, 1)
    for i, line in enumerate(reversed(lines)):
        y_px = 4 + i * FOOTER_LINE_PX  # from the bottom edge of the canvas
        fig.add_annotation(text=_plain(line), name=FOOTER, xref="paper", yref="paper", x=0, xanchor="left",
                           y=-(bottom - y_px) / plot, yanchor="bottom", showarrow=False,
                           font={"size": 11, "color": "#666"})
    return fig


def _ticks(fig: go.Figure, px: int) -> None:
    """Room (pixels) the x-axis labels and title need below the plot area."""
    fig.update_layout(meta={"tick_px": px})


def _plain(text: str) -> str:
    """Plotly titles accept a little HTML; user-chosen filter values must not add tags."""
    return text.replace("<", "‹").replace(">", "›")


LABEL_CHARS = 60


def _plain_trace(trace: Any) -> None:
    """Names from the data (sources, lenders, theme labels) as plain, short text.

    Plotly renders <a href>, <b> etc. in axis labels, trace names and text, in the
    browser and in exported SVG: a source named `<a href=...>` would be a live link.
    """
    def clean(v: Any) -> Any:
        return _plain(v)[:LABEL_CHARS] if isinstance(v, str) else v

    for attr in ("x", "y", "text"):
        values = getattr(trace, attr, None)
        if values is not None and not isinstance(values, str) and any(isinstance(v, str) for v in values):
            setattr(trace, attr, [clean(v) for v in values])
        elif isinstance(values, str):
            setattr(trace, attr, clean(values))
    if isinstance(getattr(trace, "name", None), str):
        trace.name = clean(trace.name)
    template = getattr(trace, "hovertemplate", None)
    if isinstance(template, str) and "<extra>" in template:  # over_time puts the lender's name there
        head, _, rest = template.partition("<extra>")
        inner, _, tail = rest.partition("</extra>")
        trace.hovertemplate = f"{head}<extra>{clean(inner)}</extra>{tail}"


def empty(title: str, filters: Filters | None = None, message: str | None = None, lang: str = "zh") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message or t("chart.empty", lang), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, filters, lang=lang)


def label(theme: str, labels: Mapping[str, str] | None) -> str:
    return (labels or {}).get(theme, theme)


def _labels(labels: Mapping[str, str] | None, lang: str) -> Mapping[str, str]:
    return labels if labels is not None else i18n.theme_labels(lang)


def effective_measure(measure: str, filters: Filters | None) -> str:
    """The measure follows the filter: with themes chosen, "complaints" are the posts with
    them (what the caption says), never all the lenders' posts."""
    return "themed" if measure == "posts" and filters is not None and filters.themes else measure


def _unit_of(df: pd.DataFrame, unit: str | None) -> str | None:
    """The unit a series counts: given, or the query's `unit` column (pipeline/trends.py)."""
    if unit:
        return unit
    return str(df["unit"].iloc[0]) if "unit" in df.columns and len(df) else None


def _with_unit(title: str, unit: str | None, lang: str) -> str:
    """The title says what is counted: distinct stories or all posts. A title already ending
    in brackets takes the unit inside them ("各机构的主题（投诉数，按不同事件计）", not two brackets
    in a row)."""
    if not unit:
        return title
    said = t(f"chart.unit.{unit}", lang)
    if lang == "zh":
        return f"{title[:-1]}，{said}）" if title.endswith("）") else f"{title}（{said}）"
    return f"{title[:-1]}, {said})" if title.endswith(")") else f"{title} ({said})"


def over_time(df: pd.DataFrame, filters: Filters | None = None, *, freq: str = "month", measure: str = "posts",
              labels: Mapping[str, str] | None = None, lang: str = "zh", highlight: str = "",
              style: str = "lines", unit: str | None = None) -> go.Figure:
    """Complaints per lender over time: counts, or the share of posts with the theme(s), in
    distinct stories or all posts (the title says which).

    The last period, when the data ends before it does, is drawn dashed (an incomplete
    month is not a drop). `highlight`: one lender in colour, the others grey.
    """
    labels = _labels(labels, lang)
    measure = effective_measure(measure, filters)
    themes = ", ".join(label(x, labels) for x in (filters.themes if filters else ())) or t("chart.any_theme", lang)
    title = _with_unit(t(f"chart.over_time.{measure}", lang, themes=themes), _unit_of(df, unit), lang)
    if df.empty:
        return empty(title, filters, lang=lang)
    if style == "small":
        return _small_multiples(df, filters, title, freq=freq, measure=measure, lang=lang, highlight=highlight)
    fig = go.Figure()
    fmt = i18n.plotly_date_format(freq, lang)
    yfmt = ":.0%" if measure == "share" else ":,"
    for lender, part in df.groupby("lender", sort=False):
        name = lender or t("chart.not_identified", lang)
        style: dict[str, Any] = {}
        if highlight:
            style = {"line": {"color": HIGHLIGHT if lender == highlight else GREY,
                              "width": 3 if lender == highlight else 1.5}}
        complete = part["complete"] if "complete" in part.columns else pd.Series(True, index=part.index)
        solid = part[complete.to_numpy()]
        fig.add_trace(go.Scatter(
            x=solid["period"], y=solid[measure], mode="lines+markers", name=name, legendgroup=name, **style,
            hovertemplate="%{x|" + fmt + "}: %{y" + yfmt + "}<extra>" + _plain(name) + "</extra>",
        ))
        if not complete.all():
            # From the last complete period to the incomplete one, dashed and hollow.
            tail = part.iloc[max(0, int((~complete.to_numpy()).argmax()) - 1):]
            colour = (style.get("line") or {}).get("color")
            fig.add_trace(go.Scatter(
                x=tail["period"], y=tail[measure], mode="lines+markers", name=f"{name} ({t('chart.incomplete', lang)})",
                legendgroup=name, showlegend=False, line={"dash": "dot", **({"color": colour} if colour else {})},
                marker={"symbol": "circle-open"},
                hovertemplate="%{x|" + fmt + "}: %{y" + yfmt + "} (" + t("chart.incomplete", lang) + ")<extra>"
                              + _plain(name) + "</extra>",
            ))
    if highlight and fig.data:  # the highlighted line on top
        fig.data = tuple(sorted(fig.data, key=lambda tr: tr.legendgroup == highlight))
    fig.update_layout(showlegend=True)  # plotly hides a one-line legend: say whose line it is
    fig.update_xaxes(title=t(f"freq.{freq}", lang), tickformat=fmt)
    fig.update_yaxes(title=t("chart.axis.share" if measure == "share" else "chart.axis.complaints", lang),
                     tickformat=".0%" if measure == "share" else None, rangemode="tozero")
    _ticks(fig, 60)
    return _layout(fig, title, filters, lang=lang)


def _small_multiples(df: pd.DataFrame, filters: Filters | None, title: str, *, freq: str, measure: str, lang: str,
                     highlight: str = "") -> go.Figure:
    """One small panel per lender on a shared y scale (4 across): shapes compare, lines never tangle."""
    from plotly.subplots import make_subplots

    lenders = list(dict.fromkeys(df["lender"]))
    cols = min(4, len(lenders))
    rows = -(-len(lenders) // cols)
    names = [lender or t("chart.not_identified", lang) for lender in lenders]
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes=True, shared_xaxes=True, subplot_titles=names,
                        vertical_spacing=0.12 if rows > 1 else 0.05, horizontal_spacing=0.03)
    fmt = i18n.plotly_date_format(freq, lang)
    yfmt = ":.0%" if measure == "share" else ":,"
    for i, lender in enumerate(lenders):
        part = df[df["lender"] == lender]
        colour = (HIGHLIGHT if lender == highlight else GREY) if highlight else "#1f77b4"
        fig.add_trace(go.Scatter(x=part["period"], y=part[measure], mode="lines", name=names[i], legendgroup=lender,
                                 line={"color": colour, "width": 2}, showlegend=False,
                                 hovertemplate="%{x|" + fmt + "}: %{y" + yfmt + "}<extra>" + _plain(names[i]) + "</extra>"),
                      row=i // cols + 1, col=i % cols + 1)
    fig.update_yaxes(rangemode="tozero", tickformat=".0%" if measure == "share" else None)
    fig.update_xaxes(tickformat="%Y" if freq != "day" else fmt, nticks=4)
    _ticks(fig, 40)
    return _layout(fig, title, filters, height=max(380, 200 * rows + 190), lang=lang, top=110)


def heatmap(df: pd.DataFrame, filters: Filters | None = None, *, value: str = "share",
            labels: Mapping[str, str] | None = None, lang: str = "zh", unit: str | None = None) -> go.Figure:
    """Lender x theme: share of each lender's complaints with the theme (or counts), numbers in the cells."""
    labels = _labels(labels, lang)
    title = _with_unit(t(f"chart.heatmap.{value}", lang), _unit_of(df, unit), lang)
    if df.empty:
        return empty(title, filters, lang=lang)
    order = list(dict.fromkeys(df["lender"]))
    grid = df.pivot_table(index="lender", columns="theme", values=value, aggfunc="sum").reindex(order)
    counts = df.pivot_table(index="lender", columns="theme", values="posts", aggfunc="sum").reindex(order)
    counts = counts.reindex(columns=grid.columns)
    xs = [label(x, labels) for x in grid.columns]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=xs, y=list(grid.index), colorscale="Reds",
        customdata=counts.values, zmin=0, texttemplate="%{z" + (":.0%" if value == "share" else ":,") + "}",
        hovertemplate="%{y} · %{x}<br>%{z" + (":.1%" if value == "share" else "") + "} (%{customdata})<extra></extra>",
        colorbar={"tickformat": ".0%" if value == "share" else None},
    ))
    fig.update_yaxes(autorange="reversed")
    longest = max((len(x) for x in xs), default=4)
    fig.update_xaxes(tickangle=-40)
    _ticks(fig, min(40 + int(longest * 13 * 0.65), 200))  # CJK glyphs ~13 px at 12 pt, rotated 40°
    return _layout(fig, title, filters, height=max(400, 28 * len(order) + 200 + longest * 8), lang=lang)


def theme_mix(df: pd.DataFrame, filters: Filters | None = None, *, lender: str = "",
              labels: Mapping[str, str] | None = None, lang: str = "zh", unit: str | None = None) -> go.Figure:
    """A lender's theme mix against the market's: share of complaints with each theme."""
    labels = _labels(labels, lang)
    title = _with_unit(t("chart.theme_mix", lang, lender=lender or t("filters.lenders", lang)), _unit_of(df, unit), lang)
    if df.empty:
        return empty(title, filters, lang=lang)
    x = [label(v, labels) for v in df["theme"]]
    fig = go.Figure([
        go.Bar(x=x, y=df["lender_share"], name=lender, hovertemplate="%{x}: %{y:.1%}<extra></extra>",
               marker_color=[theme_colour(v) for v in df["theme"]]),
        go.Bar(x=x, y=df["market_share"], name=t("chart.all_lenders", lang), marker_color=GREY,
               hovertemplate="%{x}: %{y:.1%}<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", title=t("chart.axis.share_short", lang))
    longest = max((len(v) for v in x), default=4)
    fig.update_xaxes(tickangle=-40)
    _ticks(fig, min(40 + int(longest * 13 * 0.65), 200))
    return _layout(fig, title, filters, height=460 + longest * 6, lang=lang)


def surge(series: pd.DataFrame, surges: pd.DataFrame, filters: Filters | None = None, *, lender: str = "",
          theme: str = "", labels: Mapping[str, str] | None = None, lang: str = "zh",
          last_day: Any = None) -> go.Figure:
    """Weekly counts of one lender x theme with its surge weeks marked; a week the data
    does not cover to its Sunday (`last_day`) is hatched: its count is not final."""
    labels = _labels(labels, lang)
    title = t("chart.surge", lang, lender=lender, theme=label(theme, labels))
    if series.empty:
        return empty(title, filters, lang=lang)
    complete = (trends.period_complete(series["week"], "week", last_day) if last_day is not None
                else pd.Series(True, index=series.index))
    fig = go.Figure(go.Bar(x=series["week"], y=series["posts"], name=t("chart.surge.bars", lang),
                           marker_color=theme_colour(theme),
                           marker_pattern_shape=["" if c else "/" for c in complete],
                           marker_opacity=[1.0 if c else 0.45 for c in complete]))
    mine = surges[(surges["lender"] == lender) & (surges["theme"] == theme)] if not surges.empty else surges
    if not mine.empty:
        fig.add_trace(go.Scatter(
            x=mine["week"], y=mine["posts"], mode="markers", name=t("chart.surge.mark", lang),
            marker={"size": 14, "color": "#d33", "symbol": "triangle-up"},
            customdata=mine[["baseline", "z"]].values,
            hovertemplate="%{x|%Y-%m-%d}: %{y} (baseline %{customdata[0]}, z %{customdata[1]})<extra></extra>",
        ))
    fig.update_xaxes(title=t("freq.week", lang), tickformat=i18n.plotly_date_format("month", lang))
    fig.update_yaxes(title=t("chart.axis.complaints", lang), rangemode="tozero")
    _ticks(fig, 60)
    return _layout(fig, title, filters, lang=lang)


LABEL_GAP_LOG_X, LABEL_GAP_Y = 0.15, 0.08  # a label's room on the responses chart (log10 volume, share)


def _apart(biggest: pd.DataFrame) -> set[str]:
    """The lenders to label, biggest first, skipping one whose label would sit on a kept one's
    (lenders of similar volume and reply share: their names overprinted into a smear)."""
    import math

    kept: list[tuple[float, float]] = []
    names: set[str] = set()
    for r in biggest.itertuples():
        x, y = math.log10(max(float(r.posts), 1.0)), float(r.replied_share)
        if all(abs(x - kx) >= LABEL_GAP_LOG_X or abs(y - ky) >= LABEL_GAP_Y for kx, ky in kept):
            kept.append((x, y))
            names.add(str(r.lender))
    return names


def responses(df: pd.DataFrame, filters: Filters | None = None, lang: str = "zh", unit: str | None = None
              ) -> go.Figure:
    """Share replied against complaint volume: big and silent lenders stand out bottom right.

    Names are hover text, plus labels for the ten biggest only (thirty labels overprint).
    The title and the volume axis say the unit (distinct stories or all posts).
    """
    unit = _unit_of(df, unit)
    title = _with_unit(t("chart.responses", lang), unit, lang)
    if df.empty:
        msg = "Not enough complaints with a platform status." if lang == "en" else "有平台处理状态的投诉太少。"
        return empty(title, filters, msg, lang=lang)
    big = _apart(df.nlargest(10, "posts"))
    hover = t("chart.responses.hover", lang, replied="%{y:.0%}", completed="%{customdata[1]:.0%}",
              hours="%{customdata[2]:.0f}")
    fig = go.Figure(go.Scatter(
        x=df["posts"], y=df["replied_share"], mode="markers+text",
        text=[n if n in big else "" for n in df["lender"]], textposition="top center",
        marker={"size": 10}, customdata=df[["lender", "completed_share", "hours_to_reply"]].values,
        hovertemplate="%{customdata[0]}: %{x:,}, " + hover + "<extra></extra>",
    ))
    fig.update_xaxes(title=t(f"chart.responses.x.{unit or 'posts'}", lang), type="log",
                     tickvals=log_ticks(df["posts"].min(), df["posts"].max()), tickformat=",d")
    fig.update_yaxes(title=t("chart.responses.y", lang), tickformat=".0%", range=[0, 1.05])
    _ticks(fig, 60)
    return _layout(fig, title, filters, lang=lang)


def log_ticks(low: float, high: float, most: int = 8) -> list[int]:
    """Ticks of a log axis from `low` to `high`: 1-2-5 steps, or powers of ten over many
    decades (plotly's dtick=1 alone gave a single tick when the data spans one decade)."""
    low, high = max(float(low), 1.0), max(float(high), 1.0)
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    for steps in ((1, 2, 5), (1, 3), (1,)):
        ticks = [m * 10 ** e for e in range(first, last + 1) for m in steps if low / 1.5 <= m * 10 ** e <= high * 1.5]
        if len(ticks) <= most:
            return ticks
    return ticks


def sources(df: pd.DataFrame, filters: Filters | None = None, lang: str = "zh", unit: str | None = None
            ) -> go.Figure:
    title = _with_unit(t("chart.sources", lang), _unit_of(df, unit), lang)
    if df.empty:
        return empty(title, filters, lang=lang)
    fig = go.Figure(go.Bar(x=[i18n.source_label(s, lang) for s in df["source"]], y=df["posts"],
                           text=df["posts"], texttemplate="%{text:,}", textposition="auto"))
    fig.update_yaxes(title=t("chart.axis.complaints", lang))
    _ticks(fig, 40)
    return _layout(fig, title, filters, height=340, lang=lang)


def terms(df: pd.DataFrame, filters: Filters | None = None, *, lender: str = "", lang: str = "zh") -> go.Figure:
    title = t("chart.terms", lang, lender=lender)
    if df.empty or "term" not in df.columns:
        msg = "No distinctive terms for this selection." if lang == "en" else "没有特征词。"
        return empty(title, filters, msg, lang=lang)
    score = "score" if "score" in df.columns else df.columns[1]
    part = df.head(25).iloc[::-1]
    fig = go.Figure(go.Bar(x=part[score], y=part["term"], orientation="h"))
    fig.update_xaxes(title=t("chart.terms.x", lang) if score == "score" else score)
    _ticks(fig, 50)
    return _layout(fig, title, filters, height=max(360, 22 * len(part) + 180), lang=lang)


def ranking(df: pd.DataFrame, filters: Filters | None = None, *, theme: str = "", highlight: str = "",
            labels: Mapping[str, str] | None = None, lang: str = "zh", unit: str | None = None) -> go.Figure:
    """Ranked lenders: share of their posts with the theme, a Wilson 95% interval as error bars.

    Only ranked lenders (enough posts) are drawn; `highlight` one in colour, the rest grey.
    """
    labels = _labels(labels, lang)
    title = _with_unit(t("chart.ranking", lang, theme=label(theme, labels)), _unit_of(df, unit), lang)
    ranked = df[df["ranked"]] if not df.empty else df
    if ranked.empty:
        return empty(title, filters, lang=lang)
    part = ranked.sort_values("share").tail(25)
    colour = theme_colour(theme)
    colours = [(HIGHLIGHT if n == highlight else GREY) if highlight else colour for n in part["lender"]]
    fig = go.Figure(go.Bar(
        x=part["share"], y=part["lender"], orientation="h", marker_color=colours,
        error_x={"type": "data", "symmetric": False, "array": part["high"] - part["share"],
                 "arrayminus": part["share"] - part["low"], "color": "#444", "thickness": 1},
        customdata=part[["themed", "posts", "low", "high"]].values,
        hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,}/%{customdata[1]:,}; 95%: "
                      "%{customdata[2]:.1%}–%{customdata[3]:.1%})<extra></extra>",
    ))
    # The share's label sits right of the interval's upper whisker: as the bar's own
    # "outside" text it was drawn across the whisker (seen in QA).
    fig.add_trace(go.Scatter(x=part["high"], y=part["lender"], mode="text", text=[f" {s:.0%}" for s in part["share"]],
                             textposition="middle right", hoverinfo="skip", showlegend=False, cliponaxis=False))
    fig.update_layout(showlegend=False)  # two traces, one series: a legend would read "trace 0"
    fig.update_xaxes(title=t("chart.ranking.x", lang), tickformat=".0%", range=[0, float(part["high"].max()) * 1.12])
    _ticks(fig, 50)
    return _layout(fig, title, filters, height=max(380, 26 * len(part) + 180), lang=lang)


def runs(df: pd.DataFrame, filters: Filters | None = None, lang: str = "zh") -> go.Figure:
    """Entries per crawl run, one line with markers per source (a single run still shows)."""
    title = t("chart.runs", lang)
    part = df.dropna(subset=["started_at"]) if "started_at" in df.columns else df.iloc[0:0]
    if part.empty:
        return empty(title, None, lang=lang)
    fig = go.Figure()
    for source, rows in part.sort_values("started_at").groupby("source", sort=False):
        fig.add_trace(go.Scatter(x=rows["started_at"], y=rows["items"], mode="lines+markers",
                                 name=i18n.source_label(str(source), lang)))
    fig.update_layout(showlegend=True)
    # Plotly's own time ticks are English ("04:55 Dec 2, 2026"), also in the Chinese UI.
    # Stops by tick spacing: runs seconds apart (the demo) need seconds, days apart only the day.
    day, clock = i18n.plotly_date_format("day", lang), {"sec": "%H:%M:%S", "min": "%H:%M"}
    stops = [{"dtickrange": [None, 60_000], "value": f"{clock['sec']}<br>{day}"},
             {"dtickrange": [60_000, 86_400_000], "value": f"{clock['min']}<br>{day}"},
             {"dtickrange": [86_400_000, None], "value": day}]
    fig.update_xaxes(title=t("chart.runs.x", lang), tickformatstops=stops,
                     hoverformat=i18n.plotly_date_format("minute", lang))
    fig.update_yaxes(title=t("chart.axis.complaints", lang), rangemode="tozero")
    _ticks(fig, 60)
    return _layout(fig, title, None, height=340, lang=lang)


RULES_PER_LINE, NOTE_LINE_PX = 4, 14


def rule_hits(df: pd.DataFrame, filters: Filters | None = None, *, unit: str = "stories",
              lang: str = "zh") -> go.Figure:
    """Alleged breaches per lender: one bar segment per rule its posts may conflict with
    (pipeline/rules.py cell_table, by_month=False). Says which count it shows, in `lang`."""
    unit_label = t(f"chart.breaches.unit.{unit}", lang) if unit in ("stories", "posts") else unit
    title = t("chart.breaches.title", lang, unit=unit_label)
    if df.empty:
        return empty(title, filters, t("breach.none", lang), lang=lang)
    fig = go.Figure()
    order = df.groupby("lender")["count"].sum().sort_values(ascending=False).index.tolist()
    conflict = t("chart.breaches.may_conflict", lang)
    for rule, part in df.groupby("rule"):
        part = part.set_index("lender").reindex(order).dropna(subset=["count"]).reset_index()
        fig.add_trace(go.Bar(x=part["lender"], y=part["count"], name=str(rule),
                             hovertemplate=f"%{{x}}: %{{y}} {unit_label} {conflict} {rule}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=unit_label, rangemode="tozero")
    unchecked = (sorted(df.loc[~df["wording_checked"].astype(bool), "rule"].astype(str).unique())
                 if "wording_checked" in df.columns else sorted(df["rule"].astype(str).unique()))
    lines = [t("chart.breaches.note", lang)]
    if unchecked:  # data/rules.yaml wording_checked: false; a few ids a line, or the list runs off the canvas
        ids = [", ".join(unchecked[i:i + RULES_PER_LINE]) for i in range(0, len(unchecked), RULES_PER_LINE)]
        lines += [t("chart.breaches.unchecked", lang, rules=ids[0])] + ids[1:]
    # Above the plot, in pixels (yshift): below it, the note overprinted the vertical lender names.
    fig.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=1, yshift=4, yanchor="bottom",
                       showarrow=False, font={"size": 10}, align="left", xanchor="left")
    names_px = 12 * max(len(str(x)) for x in order) + 16  # vertical lender names, CJK ~12 px a character
    _ticks(fig, names_px)
    return _layout(fig, title, filters, height=460 + NOTE_LINE_PX * len(lines) + max(names_px - 60, 0), lang=lang,
                   top=80 + NOTE_LINE_PX * len(lines))


def _rule_hits_query(s: Snapshot, f: Filters, unit: str = "stories", **_: Any) -> pd.DataFrame:
    from pipeline import rules

    # A unit column, as every other chart's series has: the CSV alone says what `count` counts.
    return rules.cell_table(s, f, unit=unit, status=rules.IN_SCOPE, by_month=False).assign(unit=unit)


# --- one call per chart, for exports ---------------------------------------------------------

FIGURES: dict[str, tuple[Callable[..., Any], Callable[..., go.Figure]]] = {
    "over_time": (lambda s, f, freq="month", measure="posts", unit="stories", **_: trends.over_time(s, f, freq, unit),
                  over_time),
    "heatmap": (lambda s, f, unit="stories", **_: trends.heatmap(s, f, unit), heatmap),
    "theme_mix": (lambda s, f, lender="", unit="stories", **_: trends.theme_mix(s, f, lender, unit), theme_mix),
    "responses": (lambda s, f, unit="stories", **_: trends.responses(s, f, unit=unit), responses),
    "sources": (lambda s, f, unit="stories", **_: trends.totals(s, f, unit)["by_source"], sources),
    "rule_hits": (_rule_hits_query, rule_hits),
    "ranking": (lambda s, f, theme="", min_posts=trends.MIN_RANK_POSTS, unit="stories", **_: trends.lender_ranking(
        s, f, theme, int(min_posts), unit), ranking),
}


def figure(name: str, snap: Snapshot, filters: Filters, **opts: Any) -> go.Figure:
    """Query and draw a named chart, exactly as the dashboard does (for exports)."""
    import inspect

    query, build = FIGURES[name]
    df = query(snap, filters, **opts)
    accepted = inspect.signature(build).parameters
    return build(df, filters, **{k: v for k, v in opts.items() if k in accepted})


def series(name: str, snap: Snapshot, filters: Filters, **opts: Any) -> pd.DataFrame:
    """The numbers behind a named chart (for CSV/XLSX exports)."""
    return FIGURES[name][0](snap, filters, **opts)
