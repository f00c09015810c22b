"""Crawl health: every crawl run, its counts against the usual, and why it was flagged."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline.health import health_frame

f = ui.page(
    "Crawl health",
    "Each crawl run of each source (newest first). `complaints update` compares a run with the median of the "
    "previous healthy runs of its source and flags far fewer entries than usual, empty pages, a login wall, "
    "many failed requests or retries, and crawls that did not finish. Trends skip the weeks of flagged runs, "
    "so a short crawl never shows as a drop or raises a surge.",
)
if f is None:
    st.stop()
runs = health_frame(data.runs())
if runs.empty:
    st.info("No crawl run is recorded in this snapshot: the data was imported or generated, not crawled.")
    st.stop()

latest = runs.drop_duplicates("source")
for col, (_, run) in zip(st.columns(len(latest)), latest.iterrows()):
    state = {True: "healthy", False: "flagged"}.get(run["healthy"], "not judged")
    col.metric(f"{ui.plain(run['source'])}: last run {state}", f"{run['items']} entries",
               help=ui.plain(run["reasons"], 400) or None)
    if run["healthy"] is False:
        col.error(ui.plain(run["reasons"] or run["flags"], 400), icon="🚩")

st.subheader("Entries per run")
series = runs.dropna(subset=["started_at"]).pivot_table(index="started_at", columns="source", values="items",
                                                         aggfunc="sum")
st.line_chart(series)

st.subheader("Runs")
only_flagged = st.toggle("Only flagged runs", key="health_only_flagged")
table = runs[runs["healthy"].map(lambda h: h is False)] if only_flagged else runs
st.dataframe(table, hide_index=True, width="stretch", key="health_runs",
             column_config={"healthy": st.column_config.CheckboxColumn("healthy"),
                            "reasons": st.column_config.TextColumn("why flagged", width="large")})
downloads.table(table, f, "crawl-runs", "health_runs")
