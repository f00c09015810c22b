"""Surges: weeks where a lender x theme jumps well above its own baseline, with the posts."""
from dataclasses import asdict

import pandas as pd
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline.trends import SurgeRule

f = ui.page("Surges")
if f is None:
    st.stop()
labels = data.theme_labels()
rule = {**asdict(SurgeRule()), **data.meta().get("surge_rule", {})}
st.caption(
    f"A week is a surge when a lender x theme count is at least {rule['min_count']}, its robust z-score "
    f"against the previous {rule['window']} weeks (median and MAD) is at least {rule['z_min']:g}, "
    f"and a Poisson test puts the chance of so many posts at the baseline rate below {rule['p_max']:g}. "
    "Partial weeks at the ends of the data and weeks with a crawl flagged short are never flagged. "
    "A surge says: look here. Read the posts before calling it news (a campaign, a repost wave, a platform change)."
)
found = data.surges(f)
if found.empty:
    st.info("No surge weeks for these filters.")
    st.caption(f"A week needs at least {rule['min_count']} posts for one lender and theme, far above that "
               "series' own past weeks. Small collections (the demo corpus has ~5,600 posts over four years) "
               "seldom reach that: a jump from 1 to 3 posts is noise, not news.")
    st.stop()

table = found.assign(week=pd.to_datetime(found["week"]).dt.date, theme=found["theme"].map(lambda t: labels.get(t, t)))
st.dataframe(table[["week", "lender", "theme", "posts", "baseline", "ratio", "z", "p"]], hide_index=True,
             width="stretch", key="surge_table")
downloads.table(found, f, "surges", "surge_table")

keys = [f"{pd.Timestamp(r.week).date()} · {r.lender} · {r.theme}" for r in found.itertuples()]
picked = st.selectbox("Show the posts of", keys, key=ui.param_choice("surge", keys, keys[0]),
                      format_func=lambda k: k.rsplit(" · ", 1)[0] + " · " + labels.get(k.rsplit(" · ", 1)[1], k.rsplit(" · ", 1)[1]))
ui.sync_param("surge", picked, keys[0])
row = found.iloc[keys.index(picked)]
st.plotly_chart(charts.surge(data.weekly_series(row.lender, row.theme), found, f, lender=row.lender, theme=row.theme,
                             labels=labels), width="stretch", key="chart_surge")
downloads.chart("surge", f, "surge", lender=row.lender, theme=row.theme, week=str(pd.Timestamp(row.week).date()))
posts = data.surge_posts(row.lender, row.theme, row.week)
st.subheader(f"{len(posts)} posts in that week")
downloads.surge_posts(row.lender, row.theme, row.week, "surge_posts")
ui.show_posts(posts, labels)
