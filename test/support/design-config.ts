/**
 * The site config of DESIGN.md's contract, as a site writes it: the valid
 * starting point of the config, parity and check-config tests. Tests copy it
 * before changing it.
 */
export const DESIGN_CONFIG = {
  site: 'example',
  endpoint: 'https://consent.example.com',
  policyVersion: '2026-11-01',
  privacyPolicyUrl: '/privacy',
  services: [
    {
      id: 'matomo',
      tier: 'audience',
      name: 'Matomo',
      cookies: [{ name: '_pk_*', duration: '13 months', purpose: 'visit statistics' }],
    },
    {
      id: 'meta-pixel',
      tier: 'advertising',
      name: 'Meta Pixel',
      cookies: [{ name: '_fbp', duration: '3 months', purpose: 'ad measurement' }],
    },
  ],
};
