"""Tests of imagewidgets.store."""
