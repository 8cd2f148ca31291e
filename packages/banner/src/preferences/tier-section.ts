/**
 * One section of the preferences dialog: a tier with its switch, and its
 * services with their cookies behind a native disclosure (`<details>`).
 * Switches are `<button role="switch">`: named by the tier or service heading,
 * described by its text, Space and Enter toggle them (WAI-ARIA switch pattern).
 */
import type { Choices, ServiceConfig, TierId } from '@consentry/core';
import { isGranted, isSafeLink } from '@consentry/core/start-up';
import { html, nothing } from 'lit/html.js';
import { format, type Messages } from '../i18n/messages.js';

const TIER_TEXTS = {
  essential: ['tierEssential', 'tierEssentialText'],
  audience: ['tierAudience', 'tierAudienceText'],
  advertising: ['tierAdvertising', 'tierAdvertisingText'],
} as const;

export interface TierSectionInput {
  tier: TierId;
  services: readonly ServiceConfig[];
  draft: Choices;
  messages: Messages;
  onTier: () => void;
  onService: (service: ServiceConfig) => void;
}

const toggle = (id: string, checked: boolean, disabled: boolean, onClick: () => void, describedBy?: string) =>
  html`<button
    class="switch"
    part="switch"
    role="switch"
    aria-checked=${checked ? 'true' : 'false'}
    aria-labelledby=${id}
    aria-describedby=${describedBy ?? nothing}
    ?disabled=${disabled}
    @click=${onClick}
  ></button>`;

export function tierSection({ tier, services, draft, messages: m, onTier, onService }: TierSectionInput) {
  const [label, text] = TIER_TEXTS[tier];
  const essential = tier === 'essential';
  const own = services.filter((s) => s.tier === tier);
  return html`<section class="tier" part="tier ${tier}" aria-labelledby="tier-${tier}">
    <div class="row">
      <h3 id="tier-${tier}">${m[label]}</h3>
      ${toggle(`tier-${tier}`, essential || draft[tier], essential, onTier, `text-${tier}`)}
    </div>
    <p id="text-${tier}" class="note">${m[text]}</p>
    <details part="services">
      <summary>${format(m.services, { count: own.length })}</summary>
      ${own.length ? own.map((service) => serviceBlock(service, draft, m, onService)) : html`<p>${m.noServices}</p>`}
    </details>
  </section>`;
}

function serviceBlock(service: ServiceConfig, draft: Choices, m: Messages, onService: (s: ServiceConfig) => void) {
  const id = `service-${service.id}`;
  const essential = service.tier === 'essential';
  const policy = service.privacyPolicyUrl && isSafeLink(service.privacyPolicyUrl) ? service.privacyPolicyUrl : '';
  return html`<div class="service" part="service">
    <div class="row">
      <h4 id=${id}>${service.name}${service.provider ? html` <span class="note">(${service.provider})</span>` : nothing}</h4>
      ${toggle(id, isGranted(draft, service.tier, service.id), essential, () => onService(service))}
    </div>
    ${service.description ? html`<p>${service.description}</p>` : nothing}
    ${policy ? html`<p><a href=${policy}>${format(m.servicePolicy, { name: service.name })}</a></p>` : nothing}
    ${service.cookies.map(
      (cookie) => html`<dl class="cookie" part="cookie">
        <dt>${m.cookieName}</dt><dd><code>${cookie.name}</code></dd>
        <dt>${m.cookieProvider}</dt><dd>${cookie.provider ?? service.provider ?? service.name}</dd>
        <dt>${m.cookieDuration}</dt><dd>${cookie.duration}</dd>
        <dt>${m.cookiePurpose}</dt><dd>${cookie.purpose}</dd>
      </dl>`,
    )}
  </div>`;
}
