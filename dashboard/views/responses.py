"""Lender responses: who replies, who resolves, how fast; ranked next to volume."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts

f = ui.page("Lender responses")
if f is None:
    st.stop()
st.caption(
    "Only platform complaints (黑猫投诉, 聚投诉) have a status. Replied: the lender answered at some point "
    "(a merchant step, or 已回复/已完成 now or in the status history). Completed: the complaint reached 已完成. "
    "Time to first reply: from the post to the first merchant reply step. Lenders with fewer than 5 complaints "
    "are left out."
)
df = data.responses(f)
st.plotly_chart(charts.responses(df, f), width="stretch", key="chart_responses")
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
