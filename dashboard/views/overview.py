"""Overview: what is in the data, how fresh it is, and how to read it."""
import streamlit as st

from dashboard import charts, data, downloads, ui
from pipeline import trends
from pipeline.store import now_cst  # snapshot times are CST; the server clock may be UTC

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
    f"**Sources:** {', '.join(meta.get('sources') or []) or 'none'} · "
    f"**Last crawl:** {meta.get('last_crawl') or 'never'} · "
    f"**Snapshot:** {meta.get('generated_at')} · **Lexicon version:** {meta.get('lexicon_version') or 'untagged'}"
)
for warning in trends.freshness(meta, data.runs(), now_cst()):
    st.warning(warning)

st.plotly_chart(charts.sources(tot["by_source"], f), width="stretch", key="chart_sources")
downloads.chart("sources", f, "sources")

changed = data.after_capture(f)
if not changed.empty:
    st.subheader("Edited or removed after we saw it")
    st.caption("Complaints changed or taken down after they were captured (re-visited 1, 3, 7, 30 and 90 days "
               "later). Counts use the text as first captured; the original captures are kept as evidence.")
    st.dataframe(changed.rename(columns={"lender": "Lender", "posts": "Complaints", "edited": "Edited",
                                         "removed": "Removed", "changed_share": "Share changed"}),
                 hide_index=True, column_config={"Share changed": st.column_config.NumberColumn(format="percent")},
                 key="after_capture")

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
