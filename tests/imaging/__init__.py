"""Tests of imagewidgets.imaging."""
