"""History: what the gallery shows of the store, and the Studio's history and spend line.

- ``items.py``: a stored image as a gallery item, its details and lineage (pure data);
- ``sheet.py``: the static image of the newest thumbnails beside the widget (for readers
  without a kernel);
- ``studio_history.py``: the Studio's gallery panel and its spend line.

Where a click goes next: a button in the gallery view (``gallery.py``, the anywidget) reaches
``Gallery.on_action`` callbacks; the Studio's (``studio.py``) opens the image in the edit panel,
asks for variations or restores its settings, as on a fresh result.
"""
