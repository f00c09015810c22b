"""Trends: complaints per lender over time, themes by lender, a lender's mix vs the market."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts, i18n
from pipeline.trends import FREQS

f = ui.page(ui.T("page.trends"))
if f is None:
    st.stop()
lang = ui.lang()
labels = ui.ui_theme_labels()
measures = ["posts", "themed", "share"]

# Every chart on the page counts distinct stories (default) or all posts; the caption says which.
unit = ui.unit_choice()
st.caption(ui.T(f"trends.unit_caption.{unit}"))
by_unit = {"unit": unit} if unit != "stories" else {}

left, right = st.columns(2)
freq = left.radio(ui.T("trends.period"), FREQS, key=ui.param_choice("freq", FREQS, "month"), horizontal=True,
                  format_func={v: ui.T(f"freq.{v}") for v in FREQS}.get)
measure = right.radio(ui.T("trends.measure"), measures, key=ui.param_choice("measure", measures, "posts"),
                      format_func={v: ui.T(f"measure.{v}") for v in measures}.get, horizontal=True)
ui.sync_param("freq", freq, "month")
ui.sync_param("measure", measure, "posts")

styles = ["lines", "small"]
lenders_all = list(f.lenders) or list(data.options().lenders)
left, right = st.columns(2)
style = left.radio(ui.T("trends.style"), styles, key=ui.param_choice("style", styles, "lines"), horizontal=True,
                   format_func={v: ui.T(f"style.{v}") for v in styles}.get)
ui.sync_param("style", style, "lines")
highlight = right.selectbox(ui.T("ranking.highlight"), [""] + lenders_all, key=ui.param_choice("hl", [""] + lenders_all, ""),
                         format_func=lambda v, none=ui.T("ranking.none"): v or none)
ui.sync_param("hl", highlight, "")

series = data.over_time(f, freq, unit)
ui.plot(charts.over_time(series, f, freq=freq, measure=measure, labels=labels, lang=lang, highlight=highlight,
                         style=style), "chart_over_time")
if "complete" in series.columns and not series.empty and not series["complete"].all():
    last = series.loc[series["complete"], "period"].max() if series["complete"].any() else series["period"].min()
    st.caption(ui.T("trends.incomplete", last=i18n.fmt_day(data.options().last_day or last, lang)))
downloads.chart("over_time", f, "over_time", series=series, freq=freq, measure=measure, **by_unit,
                **({"highlight": highlight} if highlight else {}), **({"style": style} if style != "lines" else {}))
if not f.lenders:
    st.caption(ui.T("trends.biggest"))

values = ["share", "posts"]
value = st.radio(ui.T("heat.label"), values, key=ui.param_choice("heat", values, "share"),
                 format_func={v: ui.T(f"heat.{v}") for v in values}.get, horizontal=True)
ui.sync_param("heat", value, "share")
heat = data.heatmap(f, unit)
ui.plot(charts.heatmap(heat, f, value=value, labels=labels, lang=lang), "chart_heatmap")
downloads.chart("heatmap", f, "heatmap", series=heat, value=value, **by_unit)

lenders = list(f.lenders) or list(data.options().lenders)
if lenders:
    lender = st.selectbox(ui.T("mix.label"), lenders, key=ui.param_choice("mix", lenders, lenders[0]))
    ui.sync_param("mix", lender, lenders[0])
    ui.plot(charts.theme_mix(data.theme_mix(f, lender, unit), f, lender=lender, labels=labels, lang=lang),
            "chart_theme_mix")
    downloads.chart("theme_mix", f, "theme_mix", lender=lender, **by_unit)
ui.cite_block("trends", ui.T("page.trends"), {"unit": unit if unit != "stories" else "",
                                              "freq": freq if freq != "month" else "",
                                              "measure": measure if measure != "posts" else "",
                                              "style": style if style != "lines" else "", "hl": highlight})
