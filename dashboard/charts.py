"""Plotly figure builders for the pages: they live in pipeline/charts.py.

Moved there so that exports (pipeline/export.py, `complaints export --format png|pack`)
draw exactly the dashboard's charts while pipeline never imports dashboard (dependencies
point one way: dashboard -> pipeline). Edit pipeline/charts.py; this module re-exports it.
"""
from pipeline.charts import *  # noqa: F401,F403
from pipeline.charts import FIGURES, FONT, PERIOD_LABEL, SOURCE_LINE, _layout, _plain, figure, series  # noqa: F401
