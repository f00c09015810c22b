"""Lender responses: who replies, who resolves, how fast; ranked next to volume."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts

f = ui.page(ui.T("page.responses"))
if f is None:
    st.stop()
st.caption(ui.T("responses.caption"))
df = data.responses(f)
ui.plot(charts.responses(df, f, lang=ui.lang()), "chart_responses")
downloads.chart("responses", f, "responses")
if not df.empty:
    st.dataframe(
        df[["lender", "posts", "volume_rank", "replied_share", "replied_rank", "completed_share", "completed_rank",
            "hours_to_reply"]],
        hide_index=True, width="stretch", key="responses_table",
        column_config={
            "replied_share": st.column_config.NumberColumn("replied", format="percent"),
            "completed_share": st.column_config.NumberColumn("completed", format="percent"),
            "hours_to_reply": st.column_config.NumberColumn("median hours to reply", format="%.0f"),
        },
    )
ui.cite_block("responses", ui.T("page.responses"))
