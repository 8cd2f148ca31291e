/**
 * The demo shop: a single-page app that uses Consentry as an ES module
 * (`import { consentry } from '@consentry/banner'`) instead of the script tag.
 * It reads the choice with `get()`, follows it with `on('change')` (and the
 * `consentry-change` DOM event), opens the preferences with `open()`, and
 * starts its own analytics and ads tags only once their tier is granted.
 */
import { type ChangeDetail, consentry } from '@consentry/banner';
import { type Product, renderShop } from './view.js';

const PRODUCTS: Product[] = [
  { id: 'huila', name: 'Huila, Colombia', price: 14 },
  { id: 'guji', name: 'Guji, Ethiopia', price: 16 },
  { id: 'cerrado', name: 'Cerrado, Brazil', price: 12 },
];

const root = document.getElementById('shop')!;
const cart: string[] = [];
const events: string[] = [];
const started = new Set<string>();

// Reads the page's #consentry-config; shows the banner when the visitor must be asked.
consentry.start();

/** An SPA gates its own tags: each starts once, when its tier is granted. */
function startTags(choices: ChangeDetail['choices'] | null) {
  const tags = { audience: '/trackers/analytics.js', advertising: '/trackers/ads.js' } as const;
  for (const [tier, src] of Object.entries(tags)) {
    if (!choices?.[tier as keyof typeof tags] || started.has(src)) continue;
    started.add(src);
    const script = document.createElement('script');
    script.src = src;
    document.head.append(script);
  }
}

function render() {
  const choices = consentry.get();
  renderShop(root, {
    products: PRODUCTS,
    cart,
    choices,
    events,
    route: location.hash === '#/cart' ? 'cart' : 'catalog',
    onAdd: (id) => {
      cart.push(id);
      render();
    },
    onSettings: () => consentry.open(),
  });
}

consentry.on('change', ({ choices }) => {
  startTags(choices);
  render();
});
document.addEventListener('consentry-change', (event) => {
  const { action } = (event as CustomEvent<ChangeDetail>).detail;
  events.unshift(`${new Date().toLocaleTimeString()} · consentry-change · ${action}`);
  render();
});
consentry.ready().then((state) => {
  startTags(state.choices);
  render();
}, render);
addEventListener('hashchange', render);
render();
