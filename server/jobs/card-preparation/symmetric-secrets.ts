/**
 * The symmetric per-card values of a batch, each in one HSM call for the whole batch: ICC master keys
 * (EMV 4.4 Book 2 A1.4) under the transport KEK with their KCVs, card verification values (CVV on the
 * stripe, iCVV on the chip), the Visa PVV of the tracks, and the offline PIN block (ISO 9564 format 2)
 * under the transport KEK.
 */
import type { ApplicationTemplate, CardTemplate, MasterKeyUsage } from '../../emv/profile';
import { serviceCodeOf } from '../../emv/profile/card-overrides';
import { expiryDateOf, yymm } from '../../emv/profile/dates';
import { profilePvki, tracksPlacePvv } from '../../emv/profile/tracks';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import type { CardToPrepare, PreparationContext } from './types';

/** The bridge's names for the ICC master keys (hsm-bridge derive-card-master-keys.ts). */
const ICC_KEY_NAME: Partial<Record<MasterKeyUsage, string>> = {
  E0: 'MK-AC',
  E1: 'MK-SMC',
  E2: 'MK-SMI',
  E4: 'MK-DN',
  E6: 'MK-E6',
};

export interface CardMasterKeys {
  /** Per usage: the key under the KEK and its KCV. */
  byUsage: Map<MasterKeyUsage, { cryptogram: string; kcv: string }>;
}

/** Every derived master key the application names, per card, in the order of `cards`. */
export async function deriveMasterKeys(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  app: ApplicationTemplate,
  cards: readonly CardToPrepare[],
): Promise<CardMasterKeys[]> {
  const result = cards.map(() => ({ byUsage: new Map() }) as CardMasterKeys);
  const derived = app.keys.masterKeys.filter((key) => key.derivation !== 'none' && ICC_KEY_NAME[key.usage]);
  for (const method of ['option-a', 'option-b'] as const) {
    const keys = derived.filter((key) => key.derivation === method);
    if (keys.length === 0) continue;
    const answer = await bridge.call('deriveCardMasterKeys', {
      kekRef: ctx.keys.kek.hsmKeyRef,
      method: method === 'option-a' ? 'A' : 'B',
      masterKeys: keys.map((key) => ({
        name: ICC_KEY_NAME[key.usage]!,
        issuerMasterKeyRef: ctx.keys.masterKeys.get(key.usage)!.hsmKeyRef,
      })),
      cards: cards.map((card) => ({ pan: card.record.pan, psn: card.record.psn })),
    });
    answer.cards.forEach((card, i) =>
      card.keys.forEach((key, k) =>
        result[i]!.byUsage.set(keys[k]!.usage, { cryptogram: key.cryptogram, kcv: key.kcv }),
      ),
    );
  }
  return result;
}

type TrackValue = 'cvv' | 'icvv';

function valuesOnTracks(card: CardTemplate): TrackValue[] {
  const { track1, track2, chipTrack2 } = card.surface;
  const wanted = new Set<TrackValue>();
  for (const field of [...track1.discretionary, ...track2.discretionary]) {
    if (field.field === 'cvv') wanted.add('cvv');
  }
  for (const field of chipTrack2.discretionary) {
    if (field.field === 'icvv' || field.field === 'cvv') wanted.add(field.field);
  }
  return [...wanted];
}

export type VerificationValues = { cvv?: string; icvv?: string };

/**
 * CVV and iCVV where the card template's tracks place them, from the CVK (usage C0) an application
 * of the card names. Without a CVK, a track that wants one is a problem reported for the card.
 */
export async function computeVerificationValues(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  cards: readonly CardToPrepare[],
): Promise<{ values: VerificationValues[]; problem?: string }> {
  const wanted = valuesOnTracks(ctx.document.card);
  if (wanted.length === 0) return { values: cards.map(() => ({})) };
  const cvk = ctx.keys.masterKeys.get('C0');
  if (!cvk) {
    return {
      values: cards.map(() => ({})),
      problem: `the tracks carry ${wanted.join(' and ').toUpperCase()} but no application of the profile names a CVK (usage C0)`,
    };
  }
  const card = ctx.document.card;
  const answer = await bridge.call('computeCardVerificationValues', {
    cvkRef: cvk.hsmKeyRef,
    values: wanted,
    cards: cards.map(({ record }) => ({
      pan: record.pan,
      expiry: yymm(expiryDateOf(card, ctx.preparationDate, record.columns)),
      serviceCode: serviceCodeOf(card, record.columns),
    })),
  });
  return { values: answer.cards };
}

/**
 * A card's PVKI, as the tracks show it and the PVV is computed with: the file's PVKI column when the row
 * fills it, else the value the profile's `pvki` field fixes, else 0 (the check `pvki-missing` warns).
 */
export function pvkiOf(ctx: PreparationContext, card: CardToPrepare): string {
  const column = ctx.document.card.input.columns.find((c) => c.role === 'pvki')?.name;
  return (column && card.record.columns[column]) || profilePvki(ctx.document.card) || '0';
}

/**
 * The Visa PVV of each card where the tracks place one (tracks.ts tracksPlacePvv), from the file's
 * PIN block, the card's PVKI and the PVK (usage V2), computed in the HSM (computePinVerificationValues):
 * the PIN never leaves the bridge. Without a PVK, PIN key or PIN block column (job creation refuses
 * those first), every card gets a problem and no PVV, never a made-up one.
 */
export async function computePinVerificationValues(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  cards: readonly CardToPrepare[],
): Promise<{ pvvs: (string | undefined)[]; problem?: string }> {
  if (!tracksPlacePvv(ctx.document.card)) return { pvvs: cards.map(() => undefined) };
  const pvk = ctx.keys.masterKeys.get('V2');
  const column = ctx.document.card.input.columns.find((c) => c.role === 'pin-block')?.name;
  const { pinKey, pinBlockFormat } = ctx.keys;
  if (!pvk || !column || !pinKey || pinBlockFormat === undefined) {
    return {
      pvvs: cards.map(() => undefined),
      problem: `the tracks carry a PVV but the job has no ${!pvk ? 'PVK (usage V2)' : !column ? 'PIN block column' : 'PIN key (usage P0) and PIN block format'}`,
    };
  }
  const answer = await bridge.call('computePinVerificationValues', {
    pvkRef: pvk.hsmKeyRef,
    pinKeyRef: pinKey.hsmKeyRef,
    pinBlockFormat,
    cards: cards.map((card) => ({
      pan: card.record.pan,
      pvki: pvkiOf(ctx, card),
      pinBlock: card.record.columns[column]!,
    })),
  });
  return { pvvs: answer.cards.map((card) => card.pvv) };
}

/** The cardholder's PIN from the file's PIN block into the card's offline PIN block, under the KEK. */
export async function translatePins(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  cards: readonly CardToPrepare[],
): Promise<string[]> {
  const column = ctx.document.card.input.columns.find((c) => c.role === 'pin-block')!.name;
  const answer = await bridge.call('translatePinForCard', {
    pinKeyRef: ctx.keys.pinKey!.hsmKeyRef,
    kekRef: ctx.keys.kek.hsmKeyRef,
    inputFormat: ctx.keys.pinBlockFormat!,
    outputFormat: 2,
    cards: cards.map(({ record }) => ({ pan: record.pan, pinBlock: record.columns[column]! })),
  });
  return answer.cards.map((card) => card.cryptogram);
}
