"""Streamlit dashboard over the published snapshot (see dashboard/app.py)."""
