"""The notebook layer: the Studio, its controls, the streaming preview and the run machinery.

Built from standard ipywidgets where they suffice and anywidget views (``js/src/``, bundled into
``imagewidgets/static/``) where they fall short. The top layer: nothing below imports it.
"""
