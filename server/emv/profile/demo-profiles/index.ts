/**
 * The demo profiles that ship with the product, as exported JSON files. They are generic and
 * illustrative; no payment system has certified them.
 */
import { parseProfile, type ProfileDocument } from '../schema/document';
import cpa from './emv-cpa-contact-contactless.json';
import credit from './generic-credit-vsdc-style-dda.json';
import debit from './generic-debit-mchip-style-cda.json';

export const DEMO_PROFILE_FILES = {
  'generic-credit-vsdc-style-dda.json': credit as unknown,
  'generic-debit-mchip-style-cda.json': debit as unknown,
  'emv-cpa-contact-contactless.json': cpa as unknown,
} as const;

/** The demo profiles, validated. Throws if a file no longer matches the schema (a test catches it first). */
export function demoProfiles(): ProfileDocument[] {
  return Object.entries(DEMO_PROFILE_FILES).map(([file, json]) => {
    const parsed = parseProfile(json);
    if (!parsed.ok)
      throw new Error(`${file}: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    return parsed.profile;
  });
}
