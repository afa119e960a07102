/**
 * Offline data authentication data of a batch, signed in the HSM with the issuer's private key:
 * Signed Static Application Data (EMV 4.4 Book 2 5.4, tag 93) and, for DDA/CDA, an ICC key pair per
 * card with its ICC Public Key Certificate over the static data (Book 2 6.3) and the private key under
 * the transport KEK in the form the template asks (keys.iccKey.privateKeyForm, EMV CPS v1.1 Annex A):
 * CRT components, one per DGI 8201–8205, or modulus and private exponent (8103, 8101 by default).
 */
import { createHash } from 'node:crypto';
import { type ApplicationTemplate, type IccKeyComponent, iccPrivateKeyFormOf } from '../../emv/profile';
import type { IssuerForJob } from '../../services/jobs/job-parameters';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import type { PreparationContext } from './types';

export interface SignInput {
  row: number;
  pan: string;
  /**
   * MMYY of the card's expiry: the ICC certificate expires with the card. The bridge refuses a card
   * expiring after the issuer certificate (EMV 4.4 Book 2 6.3): a BAD_REQUEST, so the job fails with
   * the bridge's reason rather than issue cards whose offline data authentication fails early.
   */
  expiry: string;
  staticData: Buffer;
}

/**
 * The Data Authentication Code (Book 3 Annex A, tag 9F45) is the issuer's to choose: the workbench
 * takes two bytes of SHA-256 over the job reference and the row, so each card of a job has its own.
 */
export function dataAuthenticationCode(jobReference: string, row: number): string {
  return createHash('sha256').update(`${jobReference}/${row}`).digest('hex').slice(0, 4).toUpperCase();
}

/** Book 2 Table 14 field 6: a 3-byte serial per certificate; the row number, unique within the job. */
function certificateSerial(row: number): string {
  return (row & 0xffffff).toString(16).padStart(6, '0').toUpperCase();
}

export async function signStaticData(
  bridge: HsmBridgeClient,
  issuer: IssuerForJob,
  ctx: PreparationContext,
  cards: readonly SignInput[],
): Promise<string[]> {
  const answer = await bridge.call('signStaticApplicationData', {
    issuerKeyRef: issuer.key.hsmKeyRef,
    cards: cards.map((card) => ({
      dataAuthenticationCode: dataAuthenticationCode(ctx.jobReference, card.row),
      staticData: card.staticData.toString('hex').toUpperCase(),
    })),
  });
  return answer.cards.map((card) => card.signedStaticApplicationData);
}

export interface IccKeyData {
  certificate: string;
  remainder: string;
  exponent: string;
  /** The components of the template's form, each encrypted under the KEK. */
  components: Partial<Record<IccKeyComponent, string>>;
}

export async function prepareIccKeys(
  bridge: HsmBridgeClient,
  issuer: IssuerForJob,
  app: ApplicationTemplate,
  ctx: PreparationContext,
  cards: readonly SignInput[],
): Promise<IccKeyData[]> {
  const spec = app.keys.iccKey!;
  const answer = await bridge.call('prepareIccKeys', {
    issuerKeyRef: issuer.key.hsmKeyRef,
    kekRef: ctx.keys.kek.hsmKeyRef,
    issuerIdentifier: issuer.issuerIdentifier,
    issuerCertificateExpiry: issuer.expiry,
    iccBits: spec.modulusBits,
    iccExponent: spec.exponent,
    privateKeyForm: iccPrivateKeyFormOf(spec),
    cards: cards.map((card) => ({
      pan: card.pan,
      expiry: card.expiry,
      serial: certificateSerial(card.row),
      staticData: card.staticData.toString('hex').toUpperCase(),
    })),
  });
  return answer.cards.map(({ icc }) => {
    const key = icc.privateKeyUnderKek;
    const components: Partial<Record<IccKeyComponent, string>> =
      'qInv' in key
        ? { 'q-inverse-mod-p': key.qInv, 'd-mod-q-1': key.dq, 'd-mod-p-1': key.dp, q: key.q, p: key.p }
        : { modulus: key.modulus, 'private-exponent': key.privateExponent };
    if (('qInv' in key ? 'crt' : 'modulus-exponent') !== iccPrivateKeyFormOf(spec)) {
      throw new Error('the HSM bridge returned the ICC private key in another form than the template asks');
    }
    return { certificate: icc.certificate, remainder: icc.remainder, exponent: icc.exponent, components };
  });
}
