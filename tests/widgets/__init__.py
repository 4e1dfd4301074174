"""Tests of imagewidgets.widgets."""
