import { maskPan } from '../emv/pan';

/**
 * A PAN is shown masked (first 6 / last 4, PCI DSS 3.4) wherever it appears in a value for the browser: decoded tags, embossing
 * and track lines (also in groups of four), and the hex of records (tag 5A holds the PAN's digits).
 */
export function maskPanEverywhere<T>(value: T, pan: string | undefined): T {
  if (!pan) return value;
  const masked = maskPan(pan);
  const grouped = pan.replace(/(\d{4})(?=\d)/g, '$1 ');
  const mask = (text: string) => text.split(pan).join(masked).split(grouped).join(masked);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return mask(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object' && !(node instanceof Date)) {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  return walk(value) as T;
}
