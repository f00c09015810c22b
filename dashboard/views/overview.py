"""Overview: what is in the data, how fresh it is, and how to read it."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline import trends
from pipeline.settings import now_cst  # snapshot times are CST; the server clock may be UTC

f = ui.page("Complaints radar", "Public complaint posts about consumer lenders, tagged for abusive debt collection.")
if f is None:
    st.stop()
meta = data.meta()
tot = data.totals(f)

cols = st.columns(4)
cols[0].metric("Complaints", f"{tot['posts']:,}", help="Near-duplicates (the same complaint posted twice) count once.")
cols[1].metric("Near-duplicates not counted", f"{tot['duplicates']:,}")
cols[2].metric("Lenders", f"{tot['lenders']:,}")
share = tot["themed"] / tot["posts"] if tot["posts"] else 0
cols[3].metric("With a collection theme", f"{share:.0%}")

first, last = tot["first"], tot["last"]
if first is not None and str(first) != "NaT":
    st.markdown(f"**Published between** {first:%Y-%m-%d} and {last:%Y-%m-%d} (China Standard Time).")
else:
    st.markdown("**No complaints match these filters.**")

st.markdown(
    f"**Sources:** {', '.join(ui.plain(s) for s in meta.get('sources') or []) or 'none'} · "
    f"**Last crawl:** {ui.plain(meta.get('last_crawl') or 'never')} · "
    f"**Snapshot:** {ui.plain(meta.get('generated_at'))} · "
    f"**Lexicon version:** {ui.plain(meta.get('lexicon_version') or 'untagged')}"
)
for warning in trends.freshness(meta, data.runs(), now_cst()):
    st.warning(ui.plain(warning, 400))

st.plotly_chart(charts.sources(tot["by_source"], f), width="stretch", key="chart_sources")
downloads.chart("sources", f, "sources")

st.subheader("Read with care")
st.markdown(
    "- These are **self-selected** posts: people who chose to complain in public, on platforms that "
    "moderate and sometimes remove posts. They are not a sample of borrowers.\n"
    "- A lender with more customers gets more complaints. Compare lenders by the **share** of their "
    "complaints that mention a theme, not by raw counts, and say so when you publish.\n"
    "- Themes are found by keyword rules with negation handling; each tagged post shows the words that "
    "triggered it. Check the posts before quoting a number.\n"
    "- Personal data (phones, ID and bank card numbers, names) is masked before storage."
)
