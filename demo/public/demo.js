// The demo's panel (an essential script: it reads, never sets, cookies): which
// trackers ran on this page, which cookies exist right now, and the choice in force.
(() => {
  const fr = document.documentElement.lang === 'fr';
  const L = fr
    ? {
        ran: 'a tourné',
        blocked: 'bloqué (pas de consentement)',
        cookies: 'Cookies présents maintenant',
        none: 'aucun',
        choice: 'Choix en vigueur',
        undecided: 'pas encore décidé',
        granted: 'accepté',
        denied: 'refusé',
        audience: "mesure d'audience",
        advertising: 'publicité',
        trackers: 'Traceurs',
        video: 'Vidéo VidéoTube',
        loaded: 'chargée',
        notLoaded: 'non chargée',
      }
    : {
        ran: 'ran',
        blocked: 'blocked (no consent)',
        cookies: 'Cookies that exist right now',
        none: 'none',
        choice: 'Choice in force',
        undecided: 'not decided yet',
        granted: 'granted',
        denied: 'refused',
        audience: 'audience measurement',
        advertising: 'advertising',
        trackers: 'Trackers',
        video: 'VidéoTube video',
        loaded: 'loaded',
        notLoaded: 'not loaded',
      };
  const KNOWN = [
    { id: 'analytics', name: 'Lumière Analytics' },
    { id: 'ads-pixel', name: 'Pixel Ads' },
  ];
  let videoLoaded = false;
  const esc = (s) =>
    String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const state = (granted) => (granted ? L.granted : L.denied);

  function render() {
    const box = document.querySelector('#tracker-panel [data-panel]');
    if (!box) return;
    const runs = window.demoTrackers || [];
    const trackers = KNOWN.map((t) => {
      const run = runs.find((r) => r.id === t.id);
      const text = run ? `${L.ran} ${run.at.toLocaleTimeString()} — ${esc(run.what)}` : L.blocked;
      return `<li data-tracker="${t.id}" data-state="${run ? 'ran' : 'blocked'}">${esc(t.name)}: ${text}</li>`;
    });
    if (document.querySelector('iframe[data-consentry]')) {
      const text = videoLoaded ? L.loaded : L.notLoaded;
      trackers.push(
        `<li data-tracker="video" data-state="${videoLoaded ? 'ran' : 'blocked'}">${L.video}: ${text}</li>`,
      );
    }
    const names = document.cookie ? document.cookie.split('; ').map((c) => c.split('=')[0]) : [];
    const choices = window.consentry?.get();
    const cookies = names.length ? names.map((n) => `<code>${esc(n)}</code>`).join(' ') : L.none;
    const choice = choices
      ? `${L.audience}: ${state(choices.audience)} · ${L.advertising}: ${state(choices.advertising)}`
      : L.undecided;
    box.innerHTML = `<h3>${L.trackers}</h3><ul class="trackers">${trackers.join('')}</ul>
      <h3>${L.cookies}</h3><p data-cookies>${cookies}</p>
      <h3>${L.choice}</h3><p data-choice>${choice}</p>`;
  }

  addEventListener('message', (e) => {
    if (e.origin === location.origin && e.data?.demoTracker === 'video') {
      videoLoaded = true;
      render();
    }
  });
  document.addEventListener('demo-tracker', render);
  document.addEventListener('consentry-change', (e) => {
    // A refused or withdrawn tier unloads its iframes.
    if (!e.detail.choices.advertising) videoLoaded = false;
    setTimeout(render, 50);
  });
  // Cookies have no change event everywhere; a light poll keeps the list true.
  setInterval(render, 1000);
  render();
})();
