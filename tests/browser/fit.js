// What sticks out of the output areas that hold imagewidgets panels, in JupyterLab, Notebook 7 and
// Voilà alike (their output areas are `.jp-OutputArea-output`). A control (a standard widget, a
// button, list, field, canvas or picture) sticks out when its box reaches past its output area or
// past an element between them that clips or scrolls; a page, panel or box that scrolls sideways
// counts too. The filmstrip and code listings are meant to scroll sideways: they are left out.
// Returns how many output areas were checked and a line per problem.
() => {
  const PANELS = ".iw-panel, .iw-gallery, .iw-preview, .iw-mask-painter, .iw-prompt, .iw-gridview";
  const CONTROLS = ".jupyter-widgets, button, select, input, textarea, canvas, img, [role='img']";
  const SCROLLERS = ".iw-strip-frames, pre";
  const EDGE = 0.5;

  const name = (el) => {
    const label = el.getAttribute("aria-label") || el.textContent.trim().slice(0, 24);
    const classes = [...el.classList].filter((c) => !c.startsWith("lm-")).slice(0, 3);
    return `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join("")} "${label}"`;
  };
  const clips = (el) => getComputedStyle(el).overflowX !== "visible";
  const scrollsSideways = (el) =>
    ["auto", "scroll"].includes(getComputedStyle(el).overflowX) &&
    el.scrollWidth > el.clientWidth + 1;
  const span = (rect) => `[${Math.round(rect.left)}, ${Math.round(rect.right)}]`;
  const outside = (inner, outer) =>
    inner.left < outer.left - EDGE || inner.right > outer.right + EDGE;

  const problems = [];
  const areas = [...document.querySelectorAll(".jp-OutputArea-output")].filter((area) =>
    area.querySelector(PANELS),
  );
  for (const area of areas) {
    const box = area.getBoundingClientRect();
    if (area.scrollWidth > area.clientWidth + 1) {
      problems.push(`an output area holds ${area.scrollWidth} px in ${area.clientWidth} px`);
    }
    for (let up = area.parentElement; up; up = up.parentElement) {
      if (scrollsSideways(up)) problems.push(`the page scrolls sideways at ${name(up)}`);
    }
    for (const el of area.querySelectorAll("*")) {
      if (!el.closest(SCROLLERS) && scrollsSideways(el)) {
        problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    for (const el of area.querySelectorAll(CONTROLS)) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || el.closest(SCROLLERS)) continue;
      if (outside(rect, box)) {
        problems.push(`${name(el)} ${span(rect)} past its output area ${span(box)}`);
        continue;
      }
      for (let up = el.parentElement; up && up !== area; up = up.parentElement) {
        const edge = up.getBoundingClientRect();
        if (clips(up) && outside(rect, edge)) {
          problems.push(`${name(el)} ${span(rect)} cut by ${name(up)} ${span(edge)}`);
          break;
        }
      }
    }
  }
  return { areas: areas.length, problems: [...new Set(problems)] };
}
