// Puts the page's words into the static HTML: every element with data-text="key" gets that
// string, data-aria-label="key" its aria-label. The HTML carries the Swedish text already, so a
// key the strings lack leaves it as it is (test/staff_strings.test.ts checks there is none).
import type { ConsoleText } from './console_strings';

/** Fills a subtree (the document, or a cloned template) with the strings of `text`. */
export function applyPageText(root: ParentNode, text: ConsoleText): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text ?? '';
    if (text.has(key)) element.textContent = text.t(key);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-aria-label]')) {
    const key = element.dataset.ariaLabel ?? '';
    if (text.has(key)) element.setAttribute('aria-label', text.t(key));
  }
}

/** Sets <html lang>, the title and every data-text of the document. */
export function applyDocumentText(text: ConsoleText, titleKey: Parameters<ConsoleText['t']>[0]): void {
  document.documentElement.lang = text.language;
  document.documentElement.dir = 'ltr';
  document.title = text.t(titleKey);
  applyPageText(document, text);
}

/** A clone of <template id="…">'s first element, with its strings filled in. */
export function cloneTemplate(id: string, text: ConsoleText): HTMLElement {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) throw new Error(`the page has no <template id="${id}">`);
  const element = template.content.firstElementChild?.cloneNode(true);
  if (!(element instanceof HTMLElement)) throw new Error(`<template id="${id}"> is empty`);
  applyPageText(element, text);
  return element;
}
