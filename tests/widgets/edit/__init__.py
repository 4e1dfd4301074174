"""Tests of imagewidgets.widgets.edit."""
