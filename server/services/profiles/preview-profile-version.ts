import { joinedColumnKey } from '../../emv/profile/joined-columns';
import type { z } from 'zod';
import { isLuhnValid, maskPan } from '../../emv/pan';
import { maskPanEverywhere } from '../mask-pan-everywhere';
import { previewCard, type CardData, type ProfileDocument } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion } from './profile-versions';
import type { profileVersionIdInput } from './submit-profile-version';

/** What a preview shows instead of a secret: the workbench never has a clear key or PIN to show. */
export const SECRET_DESCRIPTOR = 'encrypted (KCV …)';

/** The smallest PAN of the card's BIN range with its length, completed with a Luhn check digit. */
function madeUpPan(document: ProfileDocument): string {
  const { binRange, panLength } = document.card.constants;
  const body = `${binRange.low}${'0'.repeat(Math.max(0, panLength - binRange.low.length - 2))}1`.slice(
    0,
    panLength - 1,
  );
  const digit = [...'0123456789'].find((d) => isLuhnValid(`${body}${d}`)) ?? '0';
  return `${body}${digit}`;
}

const yymm = (date: Date, addYears = 0) =>
  `${String((date.getUTCFullYear() + addYears) % 100).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * A made-up cardholder row for the card template's input layout, by column role: a Luhn-valid PAN at the
 * start of the BIN range, a card valid from this month for three years, and a sample name. The PIN block
 * column holds zeroes: the offline PIN DGI shows only its descriptor.
 */
export function madeUpCardData(document: ProfileDocument, today = new Date()): CardData {
  const cardholder: Record<string, string> = {};
  for (const column of document.card.input.columns) {
    const width = 'length' in column ? column.length : 2;
    cardholder[column.name] = {
      pan: () => madeUpPan(document),
      'pan-sequence-number': () => '01',
      'cardholder-name': () => 'DOE/JANE',
      'expiry-date': () => yymm(today, 3),
      'effective-date': () => yymm(today),
      'pin-block': () => '0'.repeat(16),
      pvki: () => '1',
      other: () => '0'.repeat(width),
    }[column.role]();
  }
  // An override column left empty: the preview shows the template's values.
  for (const override of document.card.overrides ?? []) cardholder[override.column] = '';
  for (const input of document.card.additionalInputs ?? []) {
    for (const column of input.layout.columns) {
      const width = 'length' in column ? column.length : 2;
      cardholder[joinedColumnKey(input.name, column.name)] = '0'.repeat(width);
    }
  }
  return {
    preparationDate: today.toISOString().slice(0, 10),
    cardholder,
    secrets: {
      'card-master-keys': { descriptor: SECRET_DESCRIPTOR },
      'offline-pin-block': { descriptor: SECRET_DESCRIPTOR },
      'icc-private-key': { descriptor: SECRET_DESCRIPTOR },
    },
  };
}

/**
 * The card as a version would make it, for a made-up cardholder: the PSE, the PPSE and each application
 * with every DGI in send order as a TLV tree with names; secrets only as "encrypted (KCV …)"; the surface.
 */
export async function previewProfileVersion(
  ctx: ServiceContext,
  input: z.infer<typeof profileVersionIdInput>,
) {
  requireRole(ctx, 'analyst', 'security_officer');
  const { version } = await requireVersion(ctx, input.versionId);
  const document = documentOf(version);
  const cardData = madeUpCardData(document);
  const panColumns = new Set(
    document.card.input.columns.filter((column) => column.role === 'pan').map((column) => column.name),
  );
  const pan = Object.entries(cardData.cardholder).find(([column]) => panColumns.has(column))?.[1];
  return {
    ...maskPanEverywhere(previewCard(document, cardData), pan),
    preparationDate: cardData.preparationDate,
    cardholder: Object.entries(cardData.cardholder).map(([column, value]) => ({
      column,
      value: panColumns.has(column) ? maskPan(value) : value,
    })),
  };
}
