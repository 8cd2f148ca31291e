/**
 * The three cookie tiers and their fixed rules (DESIGN.md, "The three tiers").
 *
 * `essential` holds only strictly necessary cookies and cannot be refused
 * (ePrivacy art. 5(3) exemption); `audience` and `advertising` need consent and
 * start denied (Planet49: no pre-ticked boxes).
 */
export const TIERS = ['essential', 'audience', 'advertising'] as const;

export type TierId = (typeof TIERS)[number];

/** The tiers a visitor may refuse, in display order. */
export const OPTIONAL_TIERS = ['audience', 'advertising'] as const;

export type OptionalTierId = (typeof OPTIONAL_TIERS)[number];

/**
 * The optional tiers the banner's first layer names (RULES.md 2), and so what
 * "Accept all" grants: those with a configured service, or both when the
 * config lists no service. A visitor never consents to a purpose unnamed.
 */
export function namedTiers(services: ReadonlyArray<{ tier: string }>): OptionalTierId[] {
  const used = OPTIONAL_TIERS.filter((tier) => services.some((s) => s.tier === tier));
  return used.length ? used : [...OPTIONAL_TIERS];
}

export function isTierId(value: unknown): value is TierId {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** A visitor's choices: per tier, and per service where the visitor decided one by one. */
export interface Choices {
  essential: true;
  audience: boolean;
  advertising: boolean;
  /** Per-service overrides, by service id. A service absent here follows its tier. */
  services: Record<string, boolean>;
}

/** Choices that refuse every optional tier: the default, and the meaning of a dismissal. */
export function refuseAll(): Choices {
  return { essential: true, audience: false, advertising: false, services: {} };
}

export function acceptAll(): Choices {
  return { essential: true, audience: true, advertising: true, services: {} };
}

/**
 * Whether a tier, or one service of it, may run under these choices.
 * A service runs only when its tier is granted and the visitor did not refuse
 * that service alone; a service granted alone in a refused tier runs too, since
 * the visitor chose it explicitly in the preferences dialog.
 */
export function isGranted(choices: Choices, tier: TierId, serviceId?: string): boolean {
  if (tier === 'essential') return true;
  const own = serviceId === undefined ? undefined : choices.services[serviceId];
  return own ?? choices[tier];
}
