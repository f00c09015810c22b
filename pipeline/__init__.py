"""Complaints radar: store, tag, publish and export complaint posts about consumer lenders."""

__version__ = "0.1.0"
PROJECT = "complaints-radar"
