/** Resolves once `doc` is parsed (at once when it already is): the script tag runs in `<head>`. */
export const domReady = (doc: Document): Promise<unknown> =>
  doc.readyState === 'loading'
    ? new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
