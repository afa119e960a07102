/**
 * The profile document: the JSON file exported for code review and imported into another workbench.
 * `parseProfile` reports problems at their JSON path ("$.applications[0].identity.aid").
 */
import { z } from 'zod';
import { applicationTemplate } from './application';
import { cardTemplate } from './card';

export const profileDocument = z.strictObject({
  format: z.literal('emv-dataprep-profile'),
  version: z.literal(1),
  name: z.string().min(1).max(120),
  description: z.string().max(2000).optional(),
  /**
   * A test profile may use the workbench's TEST CA and test keys; a production profile (also when this
   * is absent) needs a scheme's live issuer certificate.
   */
  environment: z.enum(['test', 'production']).optional(),
  applications: z.array(applicationTemplate).min(1).max(8),
  card: cardTemplate,
});
export type ProfileDocument = z.infer<typeof profileDocument>;

export interface SchemaProblem {
  /** JSON path, e.g. "$.applications[0].identity.aid". */
  path: string;
  message: string;
}

export function jsonPath(segments: ReadonlyArray<PropertyKey>): string {
  return segments.reduce<string>(
    (path, segment) =>
      typeof segment === 'number'
        ? `${path}[${segment}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(segment))
          ? `${path}.${String(segment)}`
          : `${path}[${JSON.stringify(String(segment))}]`,
    '$',
  );
}

export type ParseResult = { ok: true; profile: ProfileDocument } | { ok: false; problems: SchemaProblem[] };

/** Validates a parsed JSON value (or JSON text) against the profile format. */
export function parseProfile(input: unknown): ParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = profileDocument.safeParse(value);
  if (result.success) return { ok: true, profile: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })),
  };
}

/** The canonical JSON text of a profile: two-space indentation, keys in schema order, final newline. */
export function exportProfile(profile: ProfileDocument): string {
  return `${JSON.stringify(profileDocument.parse(profile), null, 2)}\n`;
}
