"""What people say: words that set a lender's complaints apart from everyone else's."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts

f = ui.page(ui.T("page.terms"))
if f is None:
    st.stop()
lenders = list(f.lenders) or list(data.options().lenders)
if not lenders:
    st.info(ui.T("terms.none"))
    st.stop()
lender = st.selectbox(ui.T("terms.lender"), lenders, key=ui.param_choice("lender", lenders, lenders[0]))
ui.sync_param("lender", lender, lenders[0])
st.caption(ui.T("terms.caption", sample=data.TERMS_SAMPLE, background=data.TERMS_BACKGROUND))
with st.spinner(ui.T("terms.spinner")):  # jieba over the samples: a few seconds the first time
    terms = data.distinctive_terms(f, lender)
ui.plot(charts.terms(terms, f, lender=lender, lang=ui.lang()), "chart_terms")
if not terms.empty:
    st.dataframe(terms, hide_index=True, width="stretch", key="terms_table",
                 column_config={c: st.column_config.Column(ui.T(f"terms.col.{c}")) for c in ("term", "score", "count")})
    downloads.table(terms, f, f"terms-{lender}", "terms_table")
ui.cite_block("terms", ui.T("page.terms"), {"lender": lender if lender != lenders[0] else ""})
