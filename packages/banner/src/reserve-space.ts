/**
 * Keeps the first layer from hiding what has focus (WCAG 2.2 SC 2.4.11, RULES.md 17):
 * while the banner shows, the page gets a bottom scroll padding equal to the
 * banner's height (focus and scrollIntoView keep targets above it) and the same
 * padding at its end (the last element can scroll above it). Nothing visible
 * moves: the padding only extends the end of the document. What has focus when
 * the banner shows or grows, and what the browser leaves underneath on a later
 * focus, is scrolled above it.
 * The rule lives in an adopted constructable stylesheet: CSP-safe, no style attribute.
 */
export function reserveSpace(doc: Document, panel: HTMLElement, host: Element): () => void {
  const sheet = new doc.defaultView!.CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const uncover = (target: Element | null) => {
    // Skipped: the body (nothing in particular has focus) and our own elements (fixed or in the
    // top layer: scrolling would not move them).
    if (
      !target?.getBoundingClientRect ||
      target === host ||
      target === doc.body ||
      target.localName.startsWith('consentry-')
    )
      return;
    const overlap = target.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
    if (overlap > 0) doc.defaultView!.scrollBy({ top: overlap + 8, behavior: 'instant' });
  };
  const measure = () => {
    const height = Math.ceil(panel.getBoundingClientRect().height);
    sheet.replaceSync(`html{scroll-padding-bottom:${height + 8}px;padding-bottom:${height}px}`);
    uncover(doc.activeElement);
  };
  // Measured by the observer's first call, after the frame's layout and before its paint: the space
  // is there when the banner first shows, without forcing a layout of its own while the page starts.
  const observer = new ResizeObserver(measure);
  observer.observe(panel);
  const onFocus = (event: FocusEvent) => uncover(event.target as Element | null);
  doc.addEventListener('focusin', onFocus);
  return () => {
    observer.disconnect();
    doc.removeEventListener('focusin', onFocus);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
