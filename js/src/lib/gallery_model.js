// Pure helpers of the gallery view: paging words, the comparison pair, the lineage tree.

/**
 * "Page 2 of 5" (or "" when everything fits on one page).
 * @param {number} page  0-based
 * @param {number} total  images matching the search
 * @param {number} size  images per page
 * @returns {string}
 */
export function pageText(page, total, size) {
  const pages = pageCount(total, size);
  return pages <= 1 ? "" : `Page ${page + 1} of ${pages}`;
}

/**
 * How many pages `total` images fill.
 * @param {number} total @param {number} size
 * @returns {number}
 */
export function pageCount(total, size) {
  return Math.max(1, Math.ceil(total / Math.max(1, size)));
}

/**
 * "24 of 130 images" / "1 image" / "No images match": the count line.
 * @param {number} shown @param {number} total @param {boolean} filtered
 * @returns {string}
 */
export function countText(shown, total, filtered) {
  if (total === 0) return filtered ? "No images match" : "No images yet";
  const noun = total === 1 ? "image" : "images";
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}

/**
 * The comparison pair after toggling `sha`: added as the newer of at most two, or removed.
 * @param {string[]} pair @param {string} sha
 * @returns {string[]}
 */
export function toggleCompare(pair, sha) {
  if (pair.includes(sha)) return pair.filter((item) => item !== sha);
  return [...pair, sha].slice(-2);
}

/**
 * @typedef {{sha: string, depth: number, label: string, current?: boolean, selectable?: boolean}} Node
 * @typedef {{node: Node, children: Branch[]}} Branch
 */

/**
 * Rebuild the tree from nodes listed depth first with their depth.
 * @param {Node[]} nodes
 * @returns {Branch[]}
 */
export function nest(nodes) {
  /** @type {Branch[]} */
  const roots = [];
  /** @type {Branch[]} */
  const path = [];
  for (const node of nodes) {
    const branch = { node, children: [] };
    path.length = Math.min(path.length, Math.max(0, node.depth));
    const parent = path[path.length - 1];
    (parent ? parent.children : roots).push(branch);
    path.push(branch);
  }
  return roots;
}

/**
 * The CSS clip that shows the left `percent` of the top image in slider mode.
 * @param {number} percent 0..100
 * @returns {string}
 */
export function sliderClip(percent) {
  const kept = Math.min(100, Math.max(0, percent));
  return `inset(0 ${100 - kept}% 0 0)`;
}
