/** Number formats shared by the report and the chart. */

export const kb = (bytes) => (bytes / 1024).toFixed(2);
export const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
export const fixed = (x, digits = 0) => (x == null ? 'n/a' : x.toFixed(digits));
/** `median [min–max]` of a stats object. */
export const spread = (s, digits = 0) =>
  s ? `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]` : 'n/a';
export const ratio = (a, b) => (a != null && b ? (a / b).toFixed(2) : 'n/a');
export const thousands = (n) => n.toLocaleString('en-US');
/** "+12 %" / "−3 %": how far `value` is above (or below) `reference`. */
export const percent = (value, reference) => {
  const p = Math.round((value / reference - 1) * 100);
  return `${p >= 0 ? '+' : '−'}${Math.abs(p)} %`;
};
