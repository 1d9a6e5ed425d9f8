// Small typed lookups for the staff pages: an element the page must have, by id or selector.

/** The element with this id, of this type; throws when the page lacks it (a broken page, not input). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

/** The first element under `root` matching `selector`, of this type; throws when missing. */
export function within<T extends Element>(root: ParentNode, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`missing ${type.name} ${selector}`);
  return element;
}

/** Shows or hides an element through the hidden attribute (never through styles: the CSP). */
export function setShown(element: HTMLElement, shown: boolean): void {
  element.hidden = !shown;
}
