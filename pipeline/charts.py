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

from typing import Any, Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from pipeline import trends
from pipeline.trends import Filters, Snapshot

# A CJK font first: without it kaleido (static export) draws Chinese as boxes.
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"
SOURCE_LINE = "Source: complaints-radar, public complaint posts (self-selected, not a sample)"
PERIOD_LABEL = {"day": "Day", "week": "Week (from Monday)", "month": "Month"}


def _layout(fig: go.Figure, title: str, filters: Filters | None, height: int = 420) -> go.Figure:
    subtitle = filters.describe() if filters is not None else ""
    for trace in fig.data:
        _plain_trace(trace)
    fig.update_layout(
        title={"text": _plain(title) + (f"<br><sup>{_plain(subtitle)}</sup>" if subtitle else "")},
        font={"family": FONT},
        height=height,
        margin={"l": 60, "r": 20, "t": 80, "b": 70},
        legend={"title": None},
        template="plotly_white",
    )
    fig.add_annotation(text=SOURCE_LINE, xref="paper", yref="paper", x=0, y=-0.2, showarrow=False,
                       font={"size": 10, "color": "#777"}, xanchor="left")
    return fig


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


def empty(title: str, filters: Filters | None = None, message: str = "No posts match these filters.") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, filters)


def label(theme: str, labels: Mapping[str, str] | None) -> str:
    return (labels or {}).get(theme, theme)


def over_time(df: pd.DataFrame, filters: Filters | None = None, *, freq: str = "month", measure: str = "posts",
              labels: Mapping[str, str] | None = None) -> go.Figure:
    """Complaints per lender over time: counts, or the share of posts with the theme(s)."""
    themes = ", ".join(label(t, labels) for t in (filters.themes if filters else ())) or "any theme"
    if measure == "share":
        title = f"Share of complaints mentioning {themes}"
    elif measure == "themed":
        title = f"Complaints mentioning {themes}"
    else:
        title = "Complaints per lender"
    if df.empty:
        return empty(title, filters)
    fig = go.Figure()
    for lender, part in df.groupby("lender", sort=False):
        fig.add_trace(go.Scatter(
            x=part["period"], y=part[measure], mode="lines+markers", name=lender or "(not identified)",
            hovertemplate="%{x|%Y-%m-%d}: %{y" + (":.0%" if measure == "share" else "") + "}<extra>" + (lender or "") + "</extra>",
        ))
    fig.update_layout(showlegend=True)  # plotly hides a one-line legend: say whose line it is
    fig.update_xaxes(title=PERIOD_LABEL.get(freq, freq))
    fig.update_yaxes(title="share of the lender's complaints" if measure == "share" else "complaints",
                     tickformat=".0%" if measure == "share" else None, rangemode="tozero")
    return _layout(fig, title, filters)


def heatmap(df: pd.DataFrame, filters: Filters | None = None, *, value: str = "share",
            labels: Mapping[str, str] | None = None) -> go.Figure:
    """Lender x theme: share of each lender's complaints with the theme (or counts)."""
    title = "Themes by lender" + (" (share of the lender's complaints)" if value == "share" else " (complaints)")
    if df.empty:
        return empty(title, filters)
    order = list(dict.fromkeys(df["lender"]))
    grid = df.pivot_table(index="lender", columns="theme", values=value, aggfunc="sum").reindex(order)
    counts = df.pivot_table(index="lender", columns="theme", values="posts", aggfunc="sum").reindex(order)
    counts = counts.reindex(columns=grid.columns)
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[label(t, labels) for t in grid.columns], y=list(grid.index), colorscale="Reds",
        customdata=counts.values, zmin=0,
        hovertemplate="%{y} · %{x}<br>%{z" + (":.1%" if value == "share" else "") + "} (%{customdata} posts)<extra></extra>",
        colorbar={"tickformat": ".0%" if value == "share" else None},
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, filters, height=max(360, 28 * len(order) + 160))


def theme_mix(df: pd.DataFrame, filters: Filters | None = None, *, lender: str = "",
              labels: Mapping[str, str] | None = None) -> go.Figure:
    """A lender's theme mix against the market's: share of complaints with each theme."""
    title = f"{lender or 'Lender'}: themes compared with all lenders"
    if df.empty:
        return empty(title, filters)
    x = [label(t, labels) for t in df["theme"]]
    fig = go.Figure([
        go.Bar(x=x, y=df["lender_share"], name=lender, hovertemplate="%{x}: %{y:.1%}<extra></extra>"),
        go.Bar(x=x, y=df["market_share"], name="all lenders", hovertemplate="%{x}: %{y:.1%}<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", title="share of complaints")
    return _layout(fig, title, filters)


def surge(series: pd.DataFrame, surges: pd.DataFrame, filters: Filters | None = None, *, lender: str = "",
          theme: str = "", labels: Mapping[str, str] | None = None) -> go.Figure:
    """Weekly counts of one lender x theme with its surge weeks marked."""
    title = f"{lender} · {label(theme, labels)}: complaints per week"
    if series.empty:
        return empty(title, filters)
    fig = go.Figure(go.Bar(x=series["week"], y=series["posts"], name="complaints per week", marker_color="#9ab"))
    mine = surges[(surges["lender"] == lender) & (surges["theme"] == theme)] if not surges.empty else surges
    if not mine.empty:
        fig.add_trace(go.Scatter(
            x=mine["week"], y=mine["posts"], mode="markers", name="surge", marker={"size": 14, "color": "#d33", "symbol": "triangle-up"},
            customdata=mine[["baseline", "z"]].values,
            hovertemplate="%{x|%Y-%m-%d}: %{y} posts (baseline %{customdata[0]}, z %{customdata[1]})<extra></extra>",
        ))
    fig.update_xaxes(title="Week (from Monday)")
    fig.update_yaxes(title="complaints", rangemode="tozero")
    return _layout(fig, title, filters)


def responses(df: pd.DataFrame, filters: Filters | None = None) -> go.Figure:
    """Share replied against complaint volume: big and silent lenders stand out bottom right."""
    title = "Lender responses: share of complaints replied to, by volume"
    if df.empty:
        return empty(title, filters, "Not enough complaints with a platform status.")
    fig = go.Figure(go.Scatter(
        x=df["posts"], y=df["replied_share"], mode="markers+text", text=df["lender"], textposition="top center",
        marker={"size": 10}, customdata=df[["completed_share", "hours_to_reply"]].values,
        hovertemplate="%{text}: %{x} complaints, %{y:.0%} replied, %{customdata[0]:.0%} completed, "
                      "median %{customdata[1]:.0f} h to reply<extra></extra>",
    ))
    fig.update_xaxes(title="complaints (volume)", type="log")
    fig.update_yaxes(title="share replied", tickformat=".0%", range=[0, 1.05])
    return _layout(fig, title, filters)


def sources(df: pd.DataFrame, filters: Filters | None = None) -> go.Figure:
    title = "Complaints by source"
    if df.empty:
        return empty(title, filters)
    fig = go.Figure(go.Bar(x=df["source"], y=df["posts"]))
    fig.update_yaxes(title="complaints")
    return _layout(fig, title, filters, height=320)


def terms(df: pd.DataFrame, filters: Filters | None = None, *, lender: str = "") -> go.Figure:
    title = f"What people say about {lender}: distinctive words"
    if df.empty or "term" not in df.columns:
        return empty(title, filters, "No distinctive terms for this selection.")
    score = "score" if "score" in df.columns else df.columns[1]
    part = df.head(25).iloc[::-1]
    fig = go.Figure(go.Bar(x=part[score], y=part["term"], orientation="h"))
    fig.update_xaxes(title=score)
    return _layout(fig, title, filters, height=max(360, 22 * len(part) + 160))


def rule_hits(df: pd.DataFrame, filters: Filters | None = None, *, unit: str = "stories") -> go.Figure:
    """Alleged breaches per lender: one bar segment per rule its posts may conflict with
    (pipeline/rules.py cell_table, by_month=False). Says which count it shows."""
    unit_label = {"stories": "不同事件 distinct stories", "posts": "帖子 posts"}.get(unit, unit)
    title = f"涉嫌违规：各机构的规则命中（{unit_label}）· Alleged breaches by lender"
    if df.empty:
        return empty(title, filters, "No post alleges a rule's behaviour for these filters.")
    fig = go.Figure()
    order = df.groupby("lender")["count"].sum().sort_values(ascending=False).index.tolist()
    for rule, part in df.groupby("rule"):
        part = part.set_index("lender").reindex(order).dropna(subset=["count"]).reset_index()
        fig.add_trace(go.Bar(x=part["lender"], y=part["count"], name=str(rule),
                             hovertemplate="%{x}: %{y} " + unit + " may conflict with " + str(rule) + "<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=unit_label, rangemode="tozero")
    fig.add_annotation(text="帖子所述，未经核实；规则条文未与官方文本核对 · Posts allege; unverified; rule wording not checked",
                       xref="paper", yref="paper", x=0, y=-0.22, showarrow=False, font={"size": 10})
    return _layout(fig, title, filters, height=460)


def _rule_hits_query(s: Snapshot, f: Filters, unit: str = "stories", **_: Any) -> pd.DataFrame:
    from pipeline import rules

    return rules.cell_table(s, f, unit=unit, status=rules.IN_SCOPE, by_month=False)


# --- one call per chart, for exports ---------------------------------------------------------

FIGURES: dict[str, tuple[Callable[..., Any], Callable[..., go.Figure]]] = {
    "over_time": (lambda s, f, freq="month", measure="posts", **_: trends.over_time(s, f, freq), over_time),
    "heatmap": (lambda s, f, **_: trends.heatmap(s, f), heatmap),
    "theme_mix": (lambda s, f, lender="", **_: trends.theme_mix(s, f, lender), theme_mix),
    "responses": (lambda s, f, **_: trends.responses(s, f), responses),
    "sources": (lambda s, f, **_: trends.totals(s, f)["by_source"], sources),
    "rule_hits": (_rule_hits_query, rule_hits),
}


def figure(name: str, snap: Snapshot, filters: Filters, **opts: Any) -> go.Figure:
    """Query and draw a named chart, exactly as the dashboard does (for exports)."""
    query, build = FIGURES[name]
    df = query(snap, filters, **opts)
    return build(df, filters, **opts)


def series(name: str, snap: Snapshot, filters: Filters, **opts: Any) -> pd.DataFrame:
    """The numbers behind a named chart (for CSV/XLSX exports)."""
    return FIGURES[name][0](snap, filters, **opts)
