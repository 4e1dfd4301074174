"""Tests of imagewidgets.widgets.history."""
