// Demo only: the consent log is the server that serves these pages, whatever its port,
// so the endpoint is filled in here; a real site writes its endpoint in the JSON.
// A file rather than an inline script: the pages' CSP allows no inline script.
((el) => {
  const config = JSON.parse(el.textContent);
  config.endpoint = location.origin;
  el.textContent = JSON.stringify(config);
})(document.getElementById('consentry-config'));
