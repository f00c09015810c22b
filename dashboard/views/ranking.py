"""Lender ranking: which lender's complaints most often mention a theme, with intervals and the posts."""
from urllib.parse import urlencode

import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline.trends import MIN_RANK_POSTS, ranking_filters

f = ui.page(ui.T("page.ranking"))
if f is None:
    st.stop()
lang = ui.lang()
labels = ui.ui_theme_labels()
themes = list(data.options().themes)
if not themes:
    st.info(ui.T("chart.empty"))
    st.stop()
default_theme = f.themes[0] if f.themes else themes[0]
# Numerator, denominator and the minimum in one unit: distinct stories (default) or all posts.
unit = ui.unit_choice()
left, right = st.columns([2, 1])
theme = left.selectbox(ui.T("ranking.theme"), themes, key=ui.param_choice("theme", themes, default_theme),
                       format_func=lambda v: labels.get(v, v))
ui.sync_param("theme", theme, default_theme)
minimum_key = ui.param_text("min", str(MIN_RANK_POSTS))
raw_min = str(st.session_state[minimum_key])
if not raw_min.isdigit():
    ui.notice(ui.T("notice.not_number", param="min", raw=raw_min, used=MIN_RANK_POSTS))
    st.session_state[minimum_key] = str(MIN_RANK_POSTS)
min_posts = int(right.number_input(ui.T("ranking.min_posts"), min_value=1, max_value=100_000, step=5,
                                   value=int(st.session_state[minimum_key]), key="p_min_number"))
ui.sync_param("min", min_posts, MIN_RANK_POSTS)
st.caption(ui.T(f"ranking.caption.{unit}", min=min_posts))

df = data.lender_ranking(f, theme, min_posts, unit)
ranked_lenders = df.loc[df["ranked"], "lender"].tolist() if not df.empty else []
highlight = st.selectbox(ui.T("ranking.highlight"), [""] + ranked_lenders,
                         key=ui.param_choice("hl", [""] + ranked_lenders, ""),
                         format_func=lambda v, none=ui.T("ranking.none"): v or none)
ui.sync_param("hl", highlight, "")
ui.plot(charts.ranking(df, f, theme=theme, highlight=highlight, labels=labels, lang=lang, unit=unit), "chart_ranking")
by_unit = {"unit": unit} if unit != "stories" else {}
downloads.chart("ranking", f, "ranking", series=df, theme=theme, min_posts=str(min_posts), **by_unit,
                **({"highlight": highlight} if highlight else {}))
# hl too: the highlighted lender is part of the chart a permalink or citation reproduces.
extra = {"theme": theme, "min": min_posts if min_posts != MIN_RANK_POSTS else "", **by_unit, "hl": highlight}

if not df.empty:
    # Each lender's posts one click away: the Posts page with exactly the filters that
    # make its numerator (ranking_filters), so the count on the page equals the table's.
    def posts_link(lender: str) -> str:
        return "./posts?" + urlencode(
            {**ranking_filters(f, theme, lender).to_params(), **({"lang": lang} if lang != "zh" else {})})

    table = df.assign(link=df["lender"].map(posts_link))
    st.dataframe(
        table, hide_index=True, width="stretch", key="ranking_table",
        column_order=["rank", "lender", "themed", "posts", "share", "low", "high", "ranked", "link"],
        column_config={
            "rank": st.column_config.NumberColumn(ui.T("ranking.col.rank"), format="%d"),
            "lender": st.column_config.TextColumn(ui.T("ranking.col.lender")),
            "themed": st.column_config.NumberColumn(ui.T(f"ranking.col.themed.{unit}"), format="localized"),
            "posts": st.column_config.NumberColumn(ui.T(f"ranking.col.total.{unit}"), format="localized"),
            "share": st.column_config.NumberColumn(ui.T("ranking.col.share"), format="percent"),
            "low": st.column_config.NumberColumn(ui.T("ranking.col.low"), format="percent"),
            "high": st.column_config.NumberColumn(ui.T("ranking.col.high"), format="percent"),
            "ranked": st.column_config.CheckboxColumn(ui.T("ranking.col.ranked")),
            "link": st.column_config.LinkColumn(ui.T("ranking.col.posts_link"), display_text=ui.T("ranking.open")),
        },
    )
    downloads.table(df, f, f"ranking-{theme}-{unit}", "ranking_table", unit=unit,
                    link=ui.view_permalink("ranking", extra))
ui.cite_block("ranking", ui.T("page.ranking"), extra)
