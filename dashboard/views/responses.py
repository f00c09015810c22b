"""Lender responses: who replies, who resolves, how fast; ranked next to volume."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts

f = ui.page(ui.T("page.responses"))
if f is None:
    st.stop()
# Volume, reply and completion rates and reply times in distinct stories (default: each story
# weighs one, pipeline/trends.responses) or all posts (?unit=posts); the caption says which.
unit = ui.unit_choice()
by_unit = {"unit": unit} if unit != "stories" else {}
st.caption(ui.T(f"responses.caption.{unit}"))
df = data.responses(f, unit)
ui.plot(charts.responses(df, f, lang=ui.lang()), "chart_responses")
downloads.chart("responses", f, "responses", series=df, **by_unit)
if not df.empty:
    st.dataframe(
        df[["lender", "posts", "volume_rank", "replied_share", "replied_rank", "completed_share", "completed_rank",
            "hours_to_reply"]],
        hide_index=True, width="stretch", key="responses_table",
        column_config={
            **{c: st.column_config.Column(ui.T(f"responses.col.{c}"))
               for c in ("lender", "volume_rank", "replied_rank", "completed_rank")},
            "posts": st.column_config.Column(ui.T(f"responses.col.posts.{unit}")),
            "replied_share": st.column_config.NumberColumn(ui.T("responses.col.replied_share"), format="percent"),
            "completed_share": st.column_config.NumberColumn(ui.T("responses.col.completed_share"), format="percent"),
            "hours_to_reply": st.column_config.NumberColumn(ui.T("responses.col.hours_to_reply"), format="%.0f"),
        },
    )
    downloads.table(df, f, f"responses-{unit}", "responses_table", unit=unit,
                    link=ui.view_permalink("responses", by_unit))
coverage = data.platform_coverage()
if not coverage.empty:
    st.subheader(ui.T("responses.platform"))
    st.caption(ui.T("responses.platform_caption"))
    shown = coverage.drop(columns=["source"])
    shown = shown.rename(columns={c: ui.T(f"responses.col.{c}") for c in shown.columns})
    percent = ("coverage", "platform_replied", "platform_completed", "our_replied", "our_completed")
    st.dataframe(shown, hide_index=True, width="stretch", key="platform_coverage",
                 column_config={ui.T(f"responses.col.{c}"): st.column_config.NumberColumn(format="percent")
                                for c in percent})
ui.cite_block("responses", ui.T("page.responses"), by_unit)
