"""The Pillow bridge: coerce inputs, convert masks, make thumbnails, read and write metadata.

The bottom layer with :mod:`imagewidgets.capabilities`: it imports nothing else of the package.
"""
