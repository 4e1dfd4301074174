"""Tests of imagewidgets.notebooks."""
