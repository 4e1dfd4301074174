"""Edit: the edit panel (``iw.EditPanel``) and what an edit or a variation needs.

- ``panel.py``: :class:`EditPanel`, composing the images (``sources.py``), the mask painter
  (``mask_painter.py``), the controls (``ControlPanel(endpoint="edit")``), Expand canvas
  (``expand.py``), the buttons (``buttons.py``) and the runs;
- ``jobs.py``: an Edit press as an :class:`EditJob`: the painted PNG goes to the request as it
  is; the mask is decoded once, after the edit, for the fidelity report (``fidelity.py``);
- ``prepared.py``, ``support.py``: dall-e-2's rules, conforming copies and expanded canvases,
  and the lineage of results made from them;
- ``variations.py``: variations (edits with a variation prompt; dall-e-2's only on compatible
  servers), for the Studio, the panel and the gallery alike; ``variation_prompt.py``: the
  editable variation prompt.

Where a click goes next: Edit -> ``panel.py`` (``_start_edit``) -> ``jobs.py`` -> ``runs/`` ->
``ImagesClient.stream_edit`` -> ``imagewidgets/api/request.py`` (``edit_request``: the mask
becomes the ``mask`` part) -> ``runs/streaming.py`` -> ``fidelity.py``.
"""
