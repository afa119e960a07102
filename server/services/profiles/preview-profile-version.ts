import { madeUpCardholder } from '../../emv/profile/builders/made-up-card';
import type { z } from 'zod';
import { maskPan } from '../../emv/pan';
import { maskPanEverywhere } from '../mask-pan-everywhere';
import { previewCard, type CardData, type ProfileDocument } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { documentOf, requireVersion } from './profile-versions';
import type { profileVersionIdInput } from './submit-profile-version';

/** What a preview shows instead of a secret: the workbench never has a clear key or PIN to show. */
export const SECRET_DESCRIPTOR = 'encrypted (KCV …)';

/**
 * The made-up cardholder of the card template (builders/made-up-card.ts) with what a preview shows
 * instead of each secret.
 */
export function madeUpCardData(document: ProfileDocument, today = new Date()): CardData {
  return {
    ...madeUpCardholder(document.card, today),
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
