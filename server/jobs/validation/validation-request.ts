/**
 * The bridge's virtual-card validation request for prepared cards (hsm-commands/validation.ts): the
 * bureau data exactly as the output carries it, what to install on the card, and the terminal's
 * settings (the CA keys of the job's issuer certificates, a 1.00 purchase in the card's currency today).
 */
import { cardApplications, interfacesOf } from '../../emv/profile';
import type { CommandParams, CommandResult } from '../../emv/hsm-commands';
import type { PreparationContext, PreparedCardContent } from '../card-preparation/types';

type Request = CommandParams<'validateOnVirtualCard'>;

export function validationRequest(
  ctx: PreparationContext,
  cards: readonly { reference: string; pan: string; content: PreparedCardContent }[],
  today = new Date(),
): Request {
  const apps = cardApplications(ctx.document);
  const imk = ctx.keys.masterKeys.get('E0');
  if (!imk) throw new Error('the profile names no MK-AC issuer master key (E0): there is no ARQC to verify');
  const derivation = apps.flatMap((app) => app.keys.masterKeys).find((key) => key.usage === 'E0')?.derivation;
  const issuers = [...ctx.keys.issuers.values()];
  const caKeys = [
    ...new Map(issuers.map((i) => [`${i.ca.rid}${i.ca.index}${i.ca.environment}`, i.ca])).values(),
  ];
  const interfaces = [...new Set(apps.flatMap((app) => interfacesOf(app)))];
  const yymmdd = today.toISOString().slice(2, 10).replace(/-/g, '');
  return {
    kekRef: ctx.keys.kek.hsmKeyRef,
    issuerMasterKey: { keyRef: imk.hsmKeyRef, method: derivation === 'option-b' ? 'B' : 'A' },
    protocol: 'SCP02',
    environment: issuers.some((i) => i.ca.environment === 'live') ? 'live' : 'test',
    caKeys: caKeys.map((ca) => ({ ...ca, exponent: ca.exponent as '03' | '010001' })),
    transaction: {
      amount: 100,
      currency: ctx.document.card.constants.currency,
      country: ctx.document.card.constants.country,
      date: yymmdd,
    },
    cards: cards.map((card) => ({
      reference: card.reference,
      pan: card.pan,
      applications: card.content.applications.map((app) => ({
        aid: app.aid,
        name: app.name,
        dgis: app.dgis.map((dgi) => ({ dgi: dgi.dgi, data: dgi.data, encrypted: dgi.encrypted })),
      })),
      payment: apps.map((app) => ({
        aid: app.identity.aid,
        family: app.family,
        cvn: app.cryptogram.cvn,
        ...(app.keys.pin.offline !== 'none' ? { expectations: { pinTryLimit: app.keys.pin.tryLimit } } : {}),
      })),
      interfaces,
    })),
  } as Request;
}

/** The first reason a card did not pass, in words (as a job's validation records it). */
export function firstFailure(report: CommandResult<'validateOnVirtualCard'>['cards'][number]): string | null {
  if (report.ok) return null;
  if (!report.personalization.ok) {
    const failure = report.personalization.failure;
    return failure
      ? `Personalization of ${failure.application}: ${failure.reason}`
      : 'Personalization failed';
  }
  return report.transactions.find((t) => !t.ok)?.failure ?? 'The card did not pass';
}
