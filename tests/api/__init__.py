"""Tests of imagewidgets.api."""
