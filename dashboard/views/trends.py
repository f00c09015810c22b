"""Trends: complaints per lender over time, themes by lender, a lender's mix vs the market."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline.trends import FREQS

f = ui.page("Trends")
if f is None:
    st.stop()
labels = data.theme_labels()
measures = {"posts": "All complaints", "themed": "Complaints with the theme(s)", "share": "Share with the theme(s)"}

left, right = st.columns(2)
freq = left.radio("Period", FREQS, key=ui.param_choice("freq", FREQS, "month"), horizontal=True)
measure = right.radio("Measure", list(measures), key=ui.param_choice("measure", list(measures), "posts"),
                      format_func=measures.get, horizontal=True)
ui.sync_param("freq", freq, "month")
ui.sync_param("measure", measure, "posts")

st.plotly_chart(charts.over_time(data.over_time(f, freq), f, freq=freq, measure=measure, labels=labels),
                width="stretch", key="chart_over_time")
downloads.chart("over_time", f, "over_time", freq=freq, measure=measure)
if not f.lenders:
    st.caption("Showing the biggest lenders by volume; pick lenders in the sidebar to compare others.")

values = {"share": "Share of the lender's complaints", "posts": "Complaints"}
value = st.radio("Heatmap shows", list(values), key=ui.param_choice("heat", list(values), "share"),
                 format_func=values.get, horizontal=True)
ui.sync_param("heat", value, "share")
st.plotly_chart(charts.heatmap(data.heatmap(f), f, value=value, labels=labels), width="stretch", key="chart_heatmap")
downloads.chart("heatmap", f, "heatmap", value=value)

lenders = list(f.lenders) or list(data.options().lenders)
if lenders:
    lender = st.selectbox("Theme mix of", lenders, key=ui.param_choice("mix", lenders, lenders[0]))
    ui.sync_param("mix", lender, lenders[0])
    st.plotly_chart(charts.theme_mix(data.theme_mix(f, lender), f, lender=lender, labels=labels),
                    width="stretch", key="chart_theme_mix")
    downloads.chart("theme_mix", f, "theme_mix", lender=lender)
