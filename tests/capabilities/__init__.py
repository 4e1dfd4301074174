"""Tests of imagewidgets.capabilities."""
