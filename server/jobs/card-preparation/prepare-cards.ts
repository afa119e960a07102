/**
 * Prepares a batch of cards from an approved profile: per application the DGIs of the CPS mapping in
 * send order, with every secret made and encrypted in the HSM (ICC master keys, the offline PIN block,
 * the ICC private key, the PVV) and every signature made there (SDA, ICC certificates); the surface (embossing,
 * tracks); and the checks of each record. A batch costs a handful of bridge calls per application,
 * whatever its size. Nothing here sees a clear key or PIN.
 */
import {
  buildDgis,
  cardApplications,
  ppseDgis,
  previewSurface,
  pseDgis,
  PPSE_NAME,
  PSE_NAME,
  type ApplicationTemplate,
  type BuiltDgi,
  type CardData,
} from '../../emv/profile';
import { expiryDateOf } from '../../emv/profile/dates';
import { checkPreparedApplication } from '../../emv/profile/prepared-checks';
import { staticDataToSign } from '../../emv/profile/static-data';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { prepareIccKeys, signStaticData, type SignInput } from './card-signatures';
import {
  computePinVerificationValues,
  computeVerificationValues,
  deriveMasterKeys,
  pvkiOf,
  translatePins,
} from './symmetric-secrets';
import type {
  CardToPrepare,
  PreparationContext,
  PreparedApplication,
  PreparedCard,
  PreparedDgi,
} from './types';

const SECRET_DESCRIPTOR = 'encrypted under the transport KEK';

const hexName = (name: string) => Buffer.from(name).toString('hex').toUpperCase();

function bureauDgis(dgis: readonly BuiltDgi[]): PreparedDgi[] {
  return dgis.map((d) => ({ dgi: d.dgi, data: d.data ?? '', encrypted: d.encrypted }));
}

const placesTag = (app: ApplicationTemplate, tag: string) =>
  app.records.some((record) => record.tlvs.some((tlv) => tlv.tag === tag));

/** MMYY of the card's expiry, as certificates carry dates (Book 2 Table 14). */
function expiryMmyy(ctx: PreparationContext, card: CardToPrepare): string {
  const { year, month } = expiryDateOf(ctx.document.card, ctx.preparationDate, card.record.columns);
  return `${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
}

export async function prepareCards(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  cards: readonly CardToPrepare[],
): Promise<PreparedCard[]> {
  const { document, keys } = ctx;
  const apps = cardApplications(document);
  const kek = { id: keys.kek.id, kcv: keys.kek.kcv };
  const problems = cards.map(() => [] as string[]);
  const verification = await computeVerificationValues(bridge, ctx, cards);
  if (verification.problem) problems.forEach((list) => list.push(verification.problem!));
  const pinVerification = await computePinVerificationValues(bridge, ctx, cards);
  if (pinVerification.problem) problems.forEach((list) => list.push(pinVerification.problem!));
  const needsPin = apps.some((app) => app.cps.dgis.some((dgi) => dgi.content.kind === 'offline-pin-block'));
  const pins = needsPin ? await translatePins(bridge, ctx, cards) : [];
  const base: CardData[] = cards.map((card, i) => ({
    preparationDate: ctx.preparationDate,
    cardholder: card.record.columns,
    verificationValues: {
      ...verification.values[i],
      ...(pinVerification.pvvs[i] ? { pvv: pinVerification.pvvs[i] } : {}),
      pvki: pvkiOf(ctx, card),
    },
  }));

  const directories: PreparedApplication[] = [];
  if (document.card.directories.pse) {
    directories.push({ aid: hexName(PSE_NAME), name: 'PSE', kek, dgis: bureauDgis(pseDgis(apps)) });
  }
  if (document.card.directories.ppse) {
    directories.push({ aid: hexName(PPSE_NAME), name: 'PPSE', kek, dgis: bureauDgis(ppseDgis(apps)) });
  }

  const perApp: PreparedApplication[][] = cards.map(() => []);
  for (const app of apps) {
    const built = await prepareApplication(bridge, ctx, app, cards, base, pins);
    built.forEach((dgis, i) => {
      problems[i]!.push(...checkPreparedApplication(app, dgis).map((p) => `${app.name}: ${p}`));
      perApp[i]!.push({ aid: app.identity.aid, name: app.name, kek, dgis: bureauDgis(dgis) });
    });
  }

  return cards.map((card, i) => {
    const surface = previewSurface(document.card, base[i]!);
    for (const problem of surface.problems ?? []) problems[i]!.push(`surface: ${problem}`);
    for (const [name, track] of [
      ['track 1', surface.track1],
      ['track 2', surface.track2],
    ] as const) {
      if (track && !track.complete) problems[i]!.push(`${name}: a value the layout places is missing`);
    }
    return {
      row: card.row,
      content: {
        surface: { embossing: surface.embossing, track1: surface.track1?.text, track2: surface.track2?.text },
        applications: [...directories, ...perApp[i]!],
      },
      problems: problems[i]!,
    };
  });
}

/** One application of every card in the batch: keys, PIN, certificates, then the DGIs. */
async function prepareApplication(
  bridge: HsmBridgeClient,
  ctx: PreparationContext,
  app: ApplicationTemplate,
  cards: readonly CardToPrepare[],
  base: readonly CardData[],
  pins: readonly string[],
): Promise<BuiltDgi[][]> {
  const masterKeys = await deriveMasterKeys(bridge, ctx, app, cards);
  const keySpec = app.cps.dgis.find((d) => d.content.kind === 'card-master-keys')?.content;
  const kcvSpec = app.cps.dgis.find((d) => d.content.kind === 'key-check-values')?.content;
  const issuer = ctx.keys.issuers.get(app.id);
  const cardData: CardData[] = base.map((data, i) => {
    const keys = masterKeys[i]!.byUsage;
    const inOrder = (usages: readonly string[] | undefined, part: 'cryptogram' | 'kcv') =>
      usages?.every((usage) => keys.has(usage as never))
        ? usages.map((usage) => keys.get(usage as never)![part]).join('')
        : undefined;
    const master = keySpec?.kind === 'card-master-keys' ? inOrder(keySpec.usages, 'cryptogram') : undefined;
    const kcvs = kcvSpec?.kind === 'key-check-values' ? inOrder(kcvSpec.usages, 'kcv') : undefined;
    return {
      ...data,
      generated: {
        'application-transaction-counter': '0000',
        ...(kcvs ? { 'key-check-values': kcvs } : {}),
        ...(issuer
          ? {
              'issuer-public-key-certificate': issuer.certificate,
              'issuer-public-key-remainder': issuer.remainder,
              'issuer-public-key-exponent': issuer.exponent,
            }
          : {}),
      },
      secrets: {
        ...(master ? { 'card-master-keys': { descriptor: SECRET_DESCRIPTOR, ciphertext: master } } : {}),
        ...(pins[i] ? { 'offline-pin-block': { descriptor: SECRET_DESCRIPTOR, ciphertext: pins[i] } } : {}),
      },
    };
  });

  const sda = placesTag(app, '93');
  const icc = app.keys.iccKey !== undefined;
  if (issuer && (sda || icc)) {
    const signable: SignInput[] = [];
    const signableIndex: number[] = [];
    cardData.forEach((data, i) => {
      try {
        const signed = staticDataToSign(buildDgis(app, data, { card: ctx.document.card }));
        const card = cards[i]!;
        signable.push({
          row: card.row,
          pan: card.record.pan,
          expiry: expiryMmyy(ctx, card),
          staticData: signed.bytes,
        });
        signableIndex.push(i);
      } catch {
        // The DGIs of this card cannot be complete; the record checks below say why.
      }
    });
    if (signable.length > 0) {
      if (sda) {
        const signatures = await signStaticData(bridge, issuer, ctx, signable);
        signableIndex.forEach((at, k) => {
          cardData[at] = {
            ...cardData[at]!,
            generated: { ...cardData[at]!.generated, 'signed-static-application-data': signatures[k]! },
          };
        });
      }
      if (icc) {
        const iccKeys = await prepareIccKeys(bridge, issuer, app, ctx, signable);
        signableIndex.forEach((at, k) => {
          const key = iccKeys[k]!;
          cardData[at] = {
            ...cardData[at]!,
            generated: {
              ...cardData[at]!.generated,
              'icc-public-key-certificate': key.certificate,
              'icc-public-key-remainder': key.remainder,
            },
            secrets: {
              ...cardData[at]!.secrets,
              'icc-private-key': { descriptor: SECRET_DESCRIPTOR, components: key.components },
            },
          };
        });
      }
    }
  }
  return cardData.map((data) => buildDgis(app, data, { card: ctx.document.card }));
}
