"""What people say: words that set a lender's complaints apart from everyone else's."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts

f = ui.page("What people say")
if f is None:
    st.stop()
lenders = list(f.lenders) or list(data.options().lenders)
if not lenders:
    st.info("No lender identified in these posts yet (run `complaints tag`).")
    st.stop()
lender = st.selectbox("Lender", lenders, key=ui.param_choice("lender", lenders, lenders[0]))
ui.sync_param("lender", lender, lenders[0])
st.caption(
    "Distinctive words: used more in this lender's complaints than in all complaints, within the filters "
    "(period, themes, sources, status). Score: weighted log-odds with an informative prior, as a z-score "
    f"(Monroe et al. 2008). Computed on a fixed sample of up to {data.TERMS_SAMPLE:,} of the lender's posts "
    f"and {data.TERMS_BACKGROUND:,} posts of all lenders."
)
terms = data.distinctive_terms(f, lender)
st.plotly_chart(charts.terms(terms, f, lender=lender), width="stretch", key="chart_terms")
if not terms.empty:
    st.dataframe(terms, hide_index=True, width="stretch", key="terms_table")
    downloads.table(terms, f, f"terms-{lender}", "terms_table")
