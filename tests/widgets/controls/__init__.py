"""Tests of imagewidgets.widgets.controls."""
