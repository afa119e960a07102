/**
 * The shape of each JSON Lines line (docs/formats.md): types and keys only, no unknown key allowed.
 * Lengths, hex and the other content rules are checked by content-rules.ts, as for the CPS file.
 */
import { z } from 'zod';

const kek = z.strictObject({ id: z.string(), kcv: z.string() });
const count = z.number().int();

export const headerLineSchema = z.strictObject({
  type: z.literal('header'),
  format: z.string(),
  version: z.number(),
  job: z.string(),
  profile: z.strictObject({ name: z.string(), version: count }),
  createdAt: z.string(),
  kek,
  macKey: z.strictObject({ cryptogram: z.string(), kcv: z.string() }),
});

const partSchema = z.discriminatedUnion('module', [
  z.strictObject({
    module: z.literal('embossing'),
    lines: z.array(z.strictObject({ name: z.string(), text: z.string() })),
  }),
  z.strictObject({ module: z.literal('track1'), data: z.string() }),
  z.strictObject({ module: z.literal('track2'), data: z.string() }),
  z.strictObject({
    module: z.literal('chip'),
    applications: z.array(
      z.strictObject({
        aid: z.string(),
        name: z.string(),
        kek,
        dgis: z.array(z.strictObject({ dgi: z.string(), encrypted: z.boolean(), data: z.string() })),
        mac: z.string(),
      }),
    ),
  }),
  z.strictObject({
    module: z.literal('graphics'),
    items: z.array(z.strictObject({ name: z.string(), reference: z.string() })),
  }),
]);

export const cardLineSchema = z.strictObject({
  type: z.literal('card'),
  sequence: count,
  row: count,
  parts: z.array(partSchema),
});

export const trailerLineSchema = z.strictObject({ type: z.literal('trailer'), records: count });

/** "parts.2.applications.0.mac" as parts[2].applications[0].mac. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
