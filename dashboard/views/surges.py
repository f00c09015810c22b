"""Surges: episodes where a lender x theme jumps well above its own baseline, with the posts."""
from dataclasses import asdict

import pandas as pd
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline.surges import SurgeRule

f = ui.page(ui.T("page.surges"))
if f is None:
    st.stop()
lang = ui.lang()
labels = ui.ui_theme_labels()
rule = {**asdict(SurgeRule()), **data.meta().get("surge_rule", {})}
st.caption(ui.T("surges.caption", **rule)
           # (snapshots published before surges could go on have no z_continue in their rule)
           + (" " + ui.T("surges.caption_goes_on", **rule) if "z_continue" in data.meta().get("surge_rule", {}) else ""))
found = data.surges(f)
if found.empty:
    st.info(ui.T("surges.none"))
    st.stop()

episodes = data.surge_episodes(f)
table = episodes.assign(start=episodes["start"].dt.date, end=episodes["end"].dt.date, peak=episodes["peak"].dt.date,
                        theme=episodes["theme"].map(lambda v: labels.get(v, v)))
st.dataframe(table[["start", "end", "weeks", "lender", "theme", "posts", "peak", "peak_posts", "baseline", "z", "p"]],
             hide_index=True, width="stretch", key="surge_table",
             column_config={k: st.column_config.Column(ui.T(f"surges.col.{k}"))
                            for k in ("start", "end", "weeks", "lender", "theme", "posts", "peak", "peak_posts",
                                      "baseline", "z", "p")})
downloads.table(episodes, f, "surges", "surge_table", unit="posts")  # surges count all posts (the caption says so)

keys = [f"{r.start.date()} · {r.lender} · {r.theme}" for r in episodes.itertuples()]
picked = st.selectbox(ui.T("surges.show"), keys, key=ui.param_choice("surge", keys, keys[0]),
                      format_func=lambda k: k.rsplit(" · ", 1)[0] + " · " + labels.get(k.rsplit(" · ", 1)[1], k.rsplit(" · ", 1)[1]))
ui.sync_param("surge", picked, keys[0])
row = episodes.iloc[keys.index(picked)]
ui.plot(charts.surge(data.weekly_series(row.lender, row.theme), found, f, lender=row.lender, theme=row.theme,
                     labels=labels, lang=lang, last_day=data.options().last_day), "chart_surge")
downloads.chart("surge", f, "surge", lender=row.lender, theme=row.theme, week=str(pd.Timestamp(row.start).date()))
posts = data.surge_posts(row.lender, row.theme, row.start, row.end)
# The list shows near-duplicates too (marked), the table counts each group once: say both.
dup = int((~posts["counted"].astype(bool)).sum()) if "counted" in posts.columns else 0
st.subheader(ui.T("surges.posts_dup", n=len(posts), counted=len(posts) - dup, dup=dup) if dup
             else ui.T("surges.posts", n=len(posts)))
downloads.surge_posts(row.lender, row.theme, row.start, "surge_posts", last_week=row.end)
ui.show_posts(posts, labels)
ui.cite_block("surges", ui.T("page.surges"), {"surge": picked if picked != keys[0] else ""})
