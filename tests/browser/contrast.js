// The contrast ratio (WCAG 2) of every visible piece of text inside `root` against the background
// it is drawn on (the nearest ancestor with an opaque-enough background), including the values of
// form fields. Disabled controls are left out, as WCAG exempts them.
(root) => {
  const parse = (css) => {
    const match = css.match(/rgba?\(([^)]+)\)/);
    if (!match) return null;
    const parts = match[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a >= 0.99) break;
    }
    return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const ratio = (element) => {
    const bg = background(element);
    const fg = over(parse(getComputedStyle(element).color), bg);
    const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const visible = (element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const results = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element || !visible(element) || element.closest(":disabled, option")) continue;
    results.push({ text: text.slice(0, 50), ratio: ratio(element), tag: element.tagName });
  }
  for (const field of root.querySelectorAll("input, textarea, select")) {
    if (!visible(field) || field.disabled || field.type === "range" || field.type === "radio") continue;
    if (field.type === "checkbox" || !String(field.value || "").trim()) continue;
    results.push({ text: String(field.value).slice(0, 50), ratio: ratio(field), tag: field.tagName });
  }
  return results;
}
