// Puts a list element's children in a wanted order, moving only what is out of place: a chat log
// that inserts a late message at its place keeps the focus and the screen reader's position on
// every line that did not move (both the help-seeker's and the counsellor's chat use it).

/** Makes `wanted` the children of `parent`, in that order; children not in `wanted` are removed. */
export function arrangeChildren(parent: HTMLElement, wanted: readonly HTMLElement[]): void {
  const keep = new Set<Element>(wanted);
  for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
  let cursor = parent.firstElementChild;
  for (const item of wanted) {
    if (item === cursor) cursor = cursor.nextElementSibling;
    else parent.insertBefore(item, cursor);
  }
}
