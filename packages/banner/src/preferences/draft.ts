/**
 * The choices being edited in the preferences dialog, before "Save my choices".
 * A tier switch sets the tier and clears its per-service overrides; a service
 * switch records an override only when it differs from its tier, so the saved
 * `services` map holds the visitor's explicit exceptions and nothing else.
 */
import type { Choices, OptionalTierId, ServiceConfig } from '@consentry/core';
import { isGranted } from '@consentry/core/start-up';

export function toggleTier(draft: Choices, tier: OptionalTierId, services: readonly ServiceConfig[]): Choices {
  const next: Choices = { ...draft, [tier]: !draft[tier], services: { ...draft.services } };
  for (const service of services) if (service.tier === tier) delete next.services[service.id];
  return next;
}

export function toggleService(draft: Choices, service: ServiceConfig): Choices {
  if (service.tier === 'essential') return draft;
  const granted = !isGranted(draft, service.tier, service.id);
  const services = { ...draft.services };
  if (granted === draft[service.tier]) delete services[service.id];
  else services[service.id] = granted;
  return { ...draft, services };
}
