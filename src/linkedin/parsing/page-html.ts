/**
 * Runs in the browser (`page.evaluate(pageHtmlWithShadowRoots)`): the page's HTML with its open
 * shadow roots written as declarative `<template shadowrootmode="open">`, so the new layout's
 * dialogs in `#interop-outlet` reach the parser. `page.content()` leaves shadow roots out.
 * Kept free of imports and helpers because Playwright sends only this function's source.
 */
export function pageHtmlWithShadowRoots(): string {
  const root = document.documentElement;
  const shadowRoots: ShadowRoot[] = [];
  const all = root.querySelectorAll('*');
  for (let index = 0; index < all.length; index++) {
    const shadowRoot = all[index].shadowRoot;
    if (shadowRoot !== null) shadowRoots.push(shadowRoot);
  }
  const withShadow = root as unknown as {
    getHTML?: (options: { serializableShadowRoots: boolean; shadowRoots: ShadowRoot[] }) => string;
  };
  if (typeof withShadow.getHTML !== 'function') return root.outerHTML;

  let attributes = '';
  for (let index = 0; index < root.attributes.length; index++) {
    const attribute = root.attributes[index];
    attributes += ` ${attribute.name}="${attribute.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  }
  const inner = withShadow.getHTML.call(root, { serializableShadowRoots: true, shadowRoots });
  return `<!DOCTYPE html><html${attributes}>${inner}</html>`;
}
