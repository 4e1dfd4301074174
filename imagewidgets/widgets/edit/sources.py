"""``SourceStrip``: the images an edit sends, as removable thumbnails, with uploads.

The first image is the source: the mask applies to it, and the mask painter shows it. Up to 15
more are references (GPT image models take 16 images in all). Images stay as they were given
(a ``GeneratedImage`` keeps its lineage); the browser gets small thumbnails only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import MODELS
from imagewidgets.imaging.inputs import to_source
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.widgets.theme import note_html

__all__ = ["MAX_IMAGES", "EditImage", "SourceStrip"]

MAX_IMAGES = max(rules.max_images for rules in MODELS.values())
"""The most images one edit takes (16, GPT image models)."""
THUMB_SIDE = 112

EditImage = GeneratedImage | SourceImage
"""An image of an edit: a result (keeps its lineage) or any other image as a SourceImage."""


def as_edit_image(image: Any) -> EditImage:
    """Keep results as they are; turn anything else into a :class:`SourceImage`."""
    return image if isinstance(image, GeneratedImage) else to_source(image)


class SourceStrip(w.VBox):  # type: ignore[misc]
    """The edit's images: thumbnails with Remove and Make-first buttons, and two uploads.

    ``images[0]`` is the source. ``on_change(callback)`` hears every change.
    """

    def __init__(self) -> None:
        self.images: list[EditImage] = []
        self.upload_source = w.FileUpload(
            accept="image/png,image/jpeg,image/webp",
            multiple=False,
            description="Upload image",
            tooltip="Upload the image to edit (it becomes the first image, the one masked)",
        )
        self.upload_references = w.FileUpload(
            accept="image/png,image/jpeg,image/webp",
            multiple=True,
            description="Add references",
            tooltip=f"Upload reference images (up to {MAX_IMAGES} images in all)",
        )
        self.thumbnails = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.caption = w.HTML()
        self.problem = w.HTML()
        self._callbacks: list[Callable[[], object]] = []
        buttons = w.HBox([self.upload_source, self.upload_references, self.caption])
        super().__init__(children=[buttons, self.problem, self.thumbnails])
        self.add_class("iw-edit-sources")
        self.upload_source.observe(self._uploaded_source, "value")
        self.upload_references.observe(self._uploaded_references, "value")
        self._redraw()

    @property
    def source(self) -> EditImage | None:
        """The first image (the one the mask applies to), if any."""
        return self.images[0] if self.images else None

    def on_change(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` after every change of the images."""
        self._callbacks.append(callback)

    def set_source(self, image: Any) -> EditImage:
        """Make ``image`` the first image (replacing the current one); references stay."""
        item = as_edit_image(image)
        self.images[:1] = [item]
        self._changed()
        return item

    def add(self, image: Any) -> EditImage:
        """Add a reference image (the source, if there is none yet)."""
        if len(self.images) >= MAX_IMAGES:
            raise ValueError(f"an edit takes at most {MAX_IMAGES} images; remove one first.")
        item = as_edit_image(image)
        self.images.append(item)
        self._changed()
        return item

    def remove(self, index: int) -> None:
        """Remove image ``index`` (0 is the source; the next image then becomes the source)."""
        self._check_index(index)
        del self.images[index]
        self._changed()

    def make_first(self, index: int) -> None:
        """Make image ``index`` the source (the one the mask applies to)."""
        self._check_index(index)
        self.images.insert(0, self.images.pop(index))
        self._changed()

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.images):
            raise IndexError(f"there is no image {index}; the edit has {len(self.images)}.")

    def _changed(self) -> None:
        self._redraw()
        for callback in list(self._callbacks):
            callback()

    def _redraw(self) -> None:
        self.thumbnails.children = [self._card(i, image) for i, image in enumerate(self.images)]
        count = len(self.images)
        self.caption.value = note_html(
            f"{count} of {MAX_IMAGES} images; the mask applies to the first"
            if count
            else "No image yet: upload one, or open a result with Edit",
            "plain",
        )

    def _card(self, index: int, image: EditImage) -> w.Widget:
        shown = display_image(image.data, max_side=THUMB_SIDE)
        picture = w.Image(value=shown.data, format=shown.format, width=shown.width)
        role = "Source (masked)" if index == 0 else f"Reference {index}"
        label = w.HTML(f"<small>{role} · {image.width}x{image.height} {image.format}</small>")
        remove = w.Button(
            description=f"Remove image {index + 1}",
            tooltip=f"Remove image {index + 1} from the edit",
            layout=w.Layout(width="auto"),
        )
        remove.on_click(lambda _: self.remove(index))
        parts = [picture, label, remove]
        if index:
            first = w.Button(
                description=f"Make image {index + 1} first",
                tooltip="Make this the source: the mask applies to the first image",
                layout=w.Layout(width="auto"),
            )
            first.on_click(lambda _: self.make_first(index))
            parts.append(first)
        return w.VBox(parts, layout=w.Layout(align_items="flex-start", margin="0 8px 8px 0"))

    def _uploaded_source(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self._take_upload(self.upload_source, change["new"], replace=True)

    def _uploaded_references(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self._take_upload(self.upload_references, change["new"], replace=False)

    def _take_upload(self, upload: w.FileUpload, value: Any, *, replace: bool) -> None:
        """Read uploaded files into the strip; say what went wrong instead of raising (this
        runs in a widget callback, where an exception would be lost)."""
        self.problem.value = ""
        try:
            files = [_read_upload(entry) for entry in value]
            room = MAX_IMAGES - len(self.images) + (1 if replace and self.images else 0)
            if replace:
                self.images[:1] = files[:1]
            else:
                self.images += files[:room]
            if len(files) > room:
                self.problem.value = _warning(
                    f"An edit takes at most {MAX_IMAGES} images: {len(files) - room} left out."
                )
        except (ValueError, TypeError) as exc:
            self.problem.value = _warning(f"Could not use the upload: {exc}")
        finally:
            upload.value = ()
        self._changed()


def _read_upload(entry: Any) -> SourceImage:
    """An uploaded file as an image, keeping its name."""
    file = io.BytesIO(bytes(entry["content"]))
    file.name = str(entry.get("name") or "upload")
    return to_source(file)


def _warning(text: str) -> str:
    return note_html(text, "warn", role="alert")
