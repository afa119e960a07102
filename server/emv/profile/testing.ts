/**
 * Fixtures for the profile tests: fresh copies of the demo profiles to mutate, a made-up cardholder,
 * and a helper that keeps the issues of one check.
 */
import type { BlankProfileInput } from './builders/blank';
import type { CardData } from './card-data';
import { checks, type ProfileIssue } from './checks';
import { demoProfiles } from './demo-profiles';
import type { ProfileDocument } from './schema/document';

export function demo(which: 'credit' | 'debit' | 'cpa'): ProfileDocument {
  const index = { credit: 0, debit: 1, cpa: 2 }[which];
  return structuredClone(demoProfiles()[index]!);
}

export function issuesOf(profile: ProfileDocument, code: string): ProfileIssue[] {
  return checks(profile).filter((issue) => issue.code === code);
}

/** A made-up cardholder; the PAN passes the Luhn check and sits in the demo BIN ranges' IIN 999901. */
export const MADE_UP_CARDHOLDER: CardData = {
  preparationDate: '2026-03-15',
  cardholder: {
    pan: '9999010000000011',
    psn: '01',
    name: 'DOE/JANE',
    expiry: '2903',
    pin_block: '0412AC89ABCDEF67',
  },
  verificationValues: { cvv: '123', icvv: '456', pvv: '7890', pvki: '1' },
  secrets: {
    'card-master-keys': { descriptor: 'encrypted (KCV 1A2B3C)' },
    'offline-pin-block': { descriptor: 'encrypted (KCV 4D5E6F)' },
    'icc-private-key': { descriptor: 'encrypted (KCV 778899)' },
  },
};

/** What an analyst types to start a profile from scratch: a contact application with no data yet. */
export const SCRATCH: BlankProfileInput = {
  name: 'Scratch card',
  bin: '99990100',
  currency: '978',
  country: '276',
  application: { name: 'Scratch credit', aid: 'F0000000011010', family: 'generic', interfaces: 'contact' },
};
