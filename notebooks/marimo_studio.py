import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="imagewidgets in marimo")


@app.cell
def _():
    import marimo as mo

    import imagewidgets as iw
    from imagewidgets.widgets.controls.marimo_ui import (
        model_picker,
        parameter_inputs,
        request_for,
    )

    return iw, mo, model_picker, parameter_inputs, request_for


@app.cell
def _(mo):
    mo.md(r"""
    # imagewidgets in marimo

    A studio composed in marimo: marimo's own inputs for the prompt and the parameters
    (built from the same rules table as the Studio's controls: choose another model and
    they follow it), and the anywidget views of imagewidgets through `mo.ui.anywidget`: the
    streaming preview, the mask painter and the gallery.

    **Offline by default.** With no `OPENAI_API_KEY`, the built-in emulator of the Images
    API answers: procedural pictures, real streaming, nothing leaves this machine. Every
    final image is kept in the store (`~/.imagewidgets`, or `$IMAGEWIDGETS_HOME`) before it
    is shown.

    Run it as an app with `marimo run notebooks/marimo_studio.py`, or edit it with
    `marimo edit notebooks/marimo_studio.py`.
    """)
    return


@app.cell
def _(iw):
    client = iw.ImagesClient()  # the offline emulator unless OPENAI_API_KEY is set
    store = iw.Store()  # every final image, with the prompt and settings that made it
    return client, store


@app.cell
def _(iw, store):
    async def stream_into(preview, events):
        """Show each frame as it arrives; keep each final image in the store before it shows."""
        images = []
        async for event in events:
            if isinstance(event, iw.CompletedImage):
                await store.add_async(event.image)
                images.append(event.image)
            if isinstance(event, (iw.PartialImage, iw.CompletedImage)):
                preview.show(event)
        return images

    return (stream_into,)


@app.cell
def _(mo, model_picker):
    prompt = mo.ui.text_area(
        value="a lighthouse on a cliff at dusk, watercolor", label="Prompt", full_width=True
    )
    model = model_picker("gpt-image-2")
    return model, prompt


@app.cell
def _(mo, model, parameter_inputs):
    # rebuilt when the model changes: the rows, options and ranges of that model
    inputs = mo.ui.dictionary(parameter_inputs(model.value, quality="low"))
    return (inputs,)


@app.cell
def _(inputs, mo, model, prompt, request_for):
    params, problem = request_for(prompt.value, model.value, inputs.value)
    generate = mo.ui.run_button(label="Generate", disabled=bool(problem))
    mo.vstack(
        [
            prompt,
            mo.hstack([model, *inputs.values()], wrap=True, justify="start"),
            mo.hstack([generate, mo.md(f"Cannot generate: {problem}" if problem else "")],
                      justify="start"),
        ]
    )
    return generate, params


@app.cell
def _(iw, mo):
    preview = iw.ImagePreview(label="Generation")
    mo.ui.anywidget(preview)
    return (preview,)


@app.cell
async def _(client, generate, mo, params, preview, prompt, store, stream_into):
    mo.stop(not generate.value, mo.md("Press **Generate**: the frames stream into the preview."))
    store.spend.check(params["model"], params)  # a budget in spend.json refuses the run here
    preview.reset(params.get("n", 1), size=params.get("size"), description=prompt.value)
    if "partial_images" in params:
        results = await stream_into(preview, client.stream_generate(prompt.value, **params))
    else:  # dall-e models do not stream: their images come whole
        results = await client.generate(prompt.value, **params)
        for _image in results:
            await store.add_async(_image)
            preview.show(_image)
    latest = results[-1]
    mo.md(f"Made {len(results)} image(s) with {latest.model}; the store holds {len(store)}.")
    return (latest,)


@app.cell
def _(iw, latest, mo):
    painter = iw.MaskPainter(latest)
    painter_view = mo.ui.anywidget(painter)
    mo.vstack([mo.md("## Paint where the picture may change"), painter_view])
    return painter, painter_view


@app.cell
def _(mo, painter, painter_view):
    _ = painter_view.value  # this cell runs again whenever a stroke reaches Python
    marked = painter.mask_array
    mo.md(f"**{int(marked.sum()):,}** of {marked.size:,} pixels marked for editing")
    return


@app.cell
def _(mo):
    edit_prompt = mo.ui.text(value="give it a golden crown", label="Edit prompt", full_width=True)
    edit_button = mo.ui.run_button(label="Edit")
    mo.hstack([edit_prompt, edit_button], justify="start")
    return edit_button, edit_prompt


@app.cell
def _(iw, mo):
    edit_preview = iw.ImagePreview(label="Edit")
    mo.ui.anywidget(edit_preview)
    return (edit_preview,)


@app.cell
async def _(
    edit_button,
    edit_preview,
    edit_prompt,
    latest,
    mo,
    painter,
    stream_into,
):
    mo.stop(not edit_button.value, mo.md("Paint a mask, describe the change, press **Edit**."))
    edit_preview.reset(1, size=f"{latest.width}x{latest.height}", description=edit_prompt.value)
    _events = latest.stream_edit(
        edit_prompt.value, mask=painter.mask, quality="low", partial_images=2
    )
    edited = await stream_into(edit_preview, _events)
    mo.md(f"Edited: {edited[0].width}x{edited[0].height}, its parent is the image above.")
    return


@app.cell
def _(iw, mo, store):
    gallery = iw.Gallery(store)
    mo.vstack([mo.md("## Every image in the store"), mo.ui.anywidget(gallery)])
    return


if __name__ == "__main__":
    app.run()
