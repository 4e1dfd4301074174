"""Tests of imagewidgets.emulator."""
