"""Crawl health: every crawl run, its counts against the usual, and why it was flagged."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts, i18n
from pipeline.health import health_frame

f = ui.page(ui.T("page.health"), ui.T("health.caption"))
if f is None:
    st.stop()
runs = health_frame(data.runs())
if runs.empty:
    st.info(ui.T("health.none"))
    st.stop()

latest = runs.drop_duplicates("source")
for col, (_, run) in zip(st.columns(len(latest)), latest.iterrows()):
    state = {True: "healthy", False: "flagged"}.get(run["healthy"], "unknown")
    col.metric(ui.T("health.last_run", source=ui.plain(i18n.source_label(run["source"], ui.lang())),
                    state=ui.T(f"health.state.{state}")),
               ui.T("health.entries", n=run["items"]), help=ui.plain(run["reasons"], 400) or None)
    if run["healthy"] is False:
        col.error(ui.plain(run["reasons"] or run["flags"], 400), icon="🚩")

st.subheader(ui.T("health.per_run"))
# Markers, not only lines: a source crawled once is one point, which a line chart leaves blank.
ui.plot(charts.runs(runs, f, lang=ui.lang()), "chart_runs")

st.subheader(ui.T("health.runs"))
only_flagged = st.toggle(ui.T("health.only_flagged"), key="health_only_flagged")
table = runs[runs["healthy"].map(lambda h: h is False)] if only_flagged else runs
st.dataframe(table, hide_index=True, width="stretch", key="health_runs",
             column_config={**{c: st.column_config.Column(ui.T(f"health.col.{c}")) for c in table.columns},
                            "healthy": st.column_config.CheckboxColumn(ui.T("health.col.healthy")),
                            "reasons": st.column_config.TextColumn(ui.T("health.col.reasons"), width="large")})
downloads.table(table, f, "crawl-runs", "health_runs")
