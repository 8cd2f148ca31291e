// Demo "analytics" tag, gated by Consentry (audience measurement). Like a real
// one it sets its cookies on the site's own domain, then "sends" a page view.
(() => {
  const year = 60 * 60 * 24 * 395;
  const now = Math.floor(Date.now() / 1000);
  const visitor = Math.floor(Math.random() * 1e9);
  // biome-ignore lint/suspicious/noDocumentCookie: a tracker sets its cookies the way real tags do.
  document.cookie = `_ga=GA1.1.${visitor}.${now}; path=/; max-age=${year}; SameSite=Lax`;
  // biome-ignore lint/suspicious/noDocumentCookie: as above.
  document.cookie = `_ga_DEMO=GS1.1.${now}.1.0; path=/; max-age=${year}; SameSite=Lax`;
  const run = { id: 'analytics', name: 'Lumière Analytics', what: `page view of ${location.pathname}`, at: new Date() };
  window.demoTrackers = window.demoTrackers || [];
  window.demoTrackers.push(run);
  document.dispatchEvent(new CustomEvent('demo-tracker', { detail: run }));
})();
