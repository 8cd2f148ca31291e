/**
 * Keeps the first layer from hiding what has focus (WCAG 2.2 SC 2.4.11, RULES.md 17):
 * while the banner shows, the page gets a bottom scroll padding equal to the
 * banner's height (focus and scrollIntoView keep targets above it) and the same
 * padding at its end (the last element can scroll above it). Nothing visible
 * moves: the padding only extends the end of the document. A `focusin`
 * fallback scrolls a focused element the browser left underneath.
 * The rule lives in an adopted constructable stylesheet: CSP-safe, no style attribute.
 */
export function reserveSpace(doc: Document, panel: HTMLElement, host: Element): () => void {
  const sheet = new doc.defaultView!.CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const measure = () => {
    const height = Math.ceil(panel.getBoundingClientRect().height);
    sheet.replaceSync(`html{scroll-padding-bottom:${height + 8}px;padding-bottom:${height}px}`);
  };
  // Measured by the observer's first call, after the frame's layout and before its paint: the space
  // is there when the banner first shows, without forcing a layout of its own while the page starts.
  const observer = new ResizeObserver(measure);
  observer.observe(panel);
  const onFocus = (event: FocusEvent) => {
    const target = event.target as Element | null;
    // Our own elements are fixed or in the top layer: scrolling would not move them.
    if (!target?.getBoundingClientRect || target === host || target.localName.startsWith('consentry-')) return;
    const overlap = target.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
    if (overlap > 0) doc.defaultView!.scrollBy({ top: overlap + 8, behavior: 'instant' });
  };
  doc.addEventListener('focusin', onFocus);
  return () => {
    observer.disconnect();
    doc.removeEventListener('focusin', onFocus);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
