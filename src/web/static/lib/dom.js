// Building and updating the page: elements from data (text is never parsed as markup), the status
// line, tables, and keeping the keyboard focus where the user was.

/** `h('a', { href }, 'text', child)`: text children are text nodes, never markup. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'hidden') element.hidden = Boolean(value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * A copy of a server-rendered `<template>`'s element: the server builds the markup once, and each copy
 * gets its ids (and the attributes that refer to them) suffixed with `-key`, so copies can coexist.
 */
export function fromTemplate(templateId, key) {
  const element = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  const suffix = (ids) =>
    ids
      .split(' ')
      .map((id) => `${id}-${key}`)
      .join(' ');
  for (const node of [element, ...element.querySelectorAll('*')]) {
    if (node.id !== '') node.id = suffix(node.id);
    for (const name of ['for', 'aria-describedby', 'aria-controls', 'aria-labelledby']) {
      const value = node.getAttribute(name);
      if (value !== null) node.setAttribute(name, suffix(value));
    }
  }
  return element;
}

/** Moves the focus to the page's main heading (after an action replaced the part the user was in). */
export function focusHeading() {
  const heading = $('main h1:not([hidden])');
  if (heading === null) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
}

export function setStatus(text) {
  const status = $('#page-status');
  if (status !== null) status.textContent = text;
}

export function fillTable(table, rows, emptyElement) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows);
  table.hidden = rows.length === 0;
  if (emptyElement) emptyElement.hidden = rows.length !== 0;
}

/**
 * Rebuilds part of the page without losing the keyboard focus: elements carrying `data-focus-key`
 * get the focus back after `rebuild` when the focused one was replaced.
 */
export async function keepingFocus(rebuild) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement ? active.dataset.focusKey : undefined;
  await rebuild();
  if (key === undefined || (document.activeElement === active && active.isConnected)) return;
  const again = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (again instanceof HTMLElement && !again.disabled) again.focus();
}

export function onReady(start) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
}

/** A value the server put on the page for its script (`data-<name>` on the body). */
export const pageData = (name) => document.body.dataset[name];
