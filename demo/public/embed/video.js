// A third-party-style player: it sets its own visitor cookie as soon as it loads.
// biome-ignore lint/suspicious/noDocumentCookie: a third-party player sets its cookie the way real ones do.
document.cookie = `_vt_visitor=vt.${Math.random().toString(36).slice(2)}; path=/; max-age=15552000; SameSite=Lax`;
document.getElementById('visitor').textContent = 'cookie set: _vt_visitor';
parent.postMessage({ demoTracker: 'video' }, location.origin);
