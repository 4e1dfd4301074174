"""Tests of imagewidgets.widgets.runs."""
