/** The shop's markup: catalog or cart, the consent box, and the events the page heard. */
import type { ChangeDetail } from '@consentry/banner';

type Choices = ChangeDetail['choices'];

export interface Product {
  id: string;
  name: string;
  price: number;
}

export interface ShopState {
  products: Product[];
  cart: string[];
  choices: Choices | null;
  events: string[];
  route: 'catalog' | 'cart';
  onAdd(id: string): void;
  onSettings(): void;
}

const yesNo = (granted: boolean | undefined) => (granted ? 'granted' : 'refused');

export function renderShop(root: HTMLElement, s: ShopState): void {
  const items = s.cart.map((id) => s.products.find((p) => p.id === id)!);
  const total = items.reduce((sum, p) => sum + p.price, 0);
  const body =
    s.route === 'cart'
      ? `<h1>Your cart</h1>${items.length ? `<ul>${items.map((p) => `<li>${p.name} — €${p.price}</li>`).join('')}</ul><p>Total: €${total}</p>` : '<p>Your cart is empty.</p>'}<p><a href="#/">Back to the coffees</a></p>`
      : `<h1>Shop</h1><div class="products">${s.products
          .map(
            (p) =>
              `<article><h2>${p.name}</h2><p class="price">€${p.price} · 250 g</p><button type="button" data-add="${p.id}">Add to cart</button></article>`,
          )
          .join('')}</div><p><a href="#/cart">Cart (${s.cart.length})</a></p>`;
  const recommendations = s.choices?.audience
    ? '<p data-recommendations>Recommended for you, from your visits: <strong>Guji, Ethiopia</strong>.</p>'
    : '<p data-recommendations hidden></p>';
  root.innerHTML = `${body}
    <section class="consent-box" aria-labelledby="consent-title">
      <h2 id="consent-title">Your cookie choice, as this app sees it</h2>
      <p data-consent-state>${
        s.choices
          ? `audience measurement: ${yesNo(s.choices.audience)} · advertising: ${yesNo(s.choices.advertising)}`
          : 'not decided yet'
      }</p>
      ${recommendations}
      <button type="button" data-settings>Cookie settings</button>
      <h3>Events heard (<code>consentry-change</code>)</h3>
      <ol data-events>${s.events.map((e) => `<li>${e}</li>`).join('')}</ol>
    </section>`;
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-add]')) {
    button.onclick = () => s.onAdd(button.dataset.add!);
  }
  root.querySelector<HTMLButtonElement>('[data-settings]')!.onclick = () => s.onSettings();
}
