// Demo "ads pixel", gated by Consentry (advertising): sets its browser id cookie
// and "reports" the visit to the ad network.
(() => {
  const days90 = 60 * 60 * 24 * 90;
  const id = `fb.1.${Date.now()}.${Math.floor(Math.random() * 1e9)}`;
  // biome-ignore lint/suspicious/noDocumentCookie: a tracker sets its cookies the way real tags do.
  document.cookie = `_fbp=${id}; path=/; max-age=${days90}; SameSite=Lax`;
  const run = { id: 'ads-pixel', name: 'Pixel Ads', what: 'visit reported for ad measurement', at: new Date() };
  window.demoTrackers = window.demoTrackers || [];
  window.demoTrackers.push(run);
  document.dispatchEvent(new CustomEvent('demo-tracker', { detail: run }));
})();
