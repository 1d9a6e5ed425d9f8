// The one set of DOM helpers of the three pages: finding the elements a page must have, making
// new ones (text through textContent, never HTML), showing and hiding them, and cloning a template.
import { applyText, type Text } from './i18n/i18n';

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

/** A new element with classes and text (text through textContent, never HTML). */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== '') element.className = className;
  if (text !== '') element.textContent = text;
  return element;
}

/** Shows or hides an element through the hidden attribute (never through styles: the CSP). */
export function setShown(element: HTMLElement, shown: boolean): void {
  element.hidden = !shown;
}

/** A clone of <template id="…">'s first element, with its strings filled in. */
export function cloneTemplate<S extends object>(id: string, text: Text<S>): HTMLElement {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) throw new Error(`the page has no <template id="${id}">`);
  const element = template.content.firstElementChild?.cloneNode(true);
  if (!(element instanceof HTMLElement)) throw new Error(`<template id="${id}"> is empty`);
  applyText(element, text);
  return element;
}
