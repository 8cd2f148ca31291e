/**
 * Reduces a User-Agent header to browser family and major version, the most
 * a proof keeps (GDPR 5(1)(c), data minimisation; RULES.md 13).
 */
const BROWSERS: readonly [string, RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\bOPR\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//],
];

/**
 * @example
 * browserFamily('Mozilla/5.0 … Chrome/131.0.6778.85 Safari/537.36') // 'Chrome 131'
 */
export function browserFamily(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  for (const [family, pattern] of BROWSERS) {
    const major = pattern.exec(userAgent)?.[1];
    if (major) return `${family} ${major}`;
  }
  return undefined;
}
