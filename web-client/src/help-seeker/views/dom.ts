// Small typed DOM helpers for the help-seeker views: finding the elements of static/index.html.

/** The element with `id`, which must exist and be a `kind` (a wrong page is a bug: fail loudly). */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`help-seeker page: #${id} is missing or not a ${kind.name}`);
  return element;
}

/** A new element with classes and text (text through textContent, never HTML). */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== '') element.className = className;
  if (text !== '') element.textContent = text;
  return element;
}
