import { toHex } from '../../../../server/emv/bytes';
import type { CommandParams } from '../../../../server/emv/hsm-commands';
import { cardDataCommands } from '../../../../server/emv/hsm-commands/card-data';
import type { SessionKeyMethod } from '../../../../server/emv/profile/cvn';
import type {
  AuthorisationResponse,
  CryptogramCheck,
  CryptogramRequest,
  IssuerHost,
} from '../../../../server/emv/terminal/issuer-host';
import { readCryptogramRequest } from '../../../../server/emv/terminal/issuer-host';
import {
  ARC_APPROVED,
  CSU_APPROVED,
  type ApplicationFamily,
  type CryptogramScheme,
  acTypeOf,
} from '../../../../server/emv/virtual-card/cryptogram-scheme';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { verifyArqc } from '../card-data/verify-arqc';

export interface HsmIssuerHostOptions {
  /** Usage E0; verifyArqc checks it on every call. */
  issuerMasterKeyRef: string;
  method: 'A' | 'B';
  /** The card product's family, which tells how to read the IAD. */
  family: ApplicationFamily;
}

const ARC_DECLINED = Buffer.from('3035', 'hex');

const SESSION_KEY_METHOD: Record<SessionKeyMethod, CommandParams<'verifyArqc'>['sessionKeyMethod']> = {
  none: 'none',
  'emv-csk': 'emv-csk',
  'mastercard-skd': 'mc-skd',
};

type Prepared =
  { error: string } | { scheme: CryptogramScheme; params: (arpc: boolean) => CommandParams<'verifyArqc'> };

/**
 * The verifyArqc parameters of a request (EMV 4.4 Book 2 8.1.1 data, A1.3 session key, 8.2 ARPC),
 * or why the issuer host cannot check it, in the words of the software issuer host (issuer-host.ts).
 */
function prepare(options: HsmIssuerHostOptions, request: CryptogramRequest): Prepared {
  const read = readCryptogramRequest(options.family, request);
  if ('error' in read) return { error: read.error };
  const { scheme, ac, atc, un, data } = read;
  const params = (arpc: boolean) => ({
    issuerMasterKeyRef: options.issuerMasterKeyRef,
    method: options.method,
    sessionKeyMethod: SESSION_KEY_METHOD[scheme.sessionKeys],
    padding: scheme.padding,
    ...(arpc
      ? {
          arpc:
            scheme.arpcMethod === 1
              ? { method: 1 as const, arc: toHex(ARC_APPROVED) }
              : { method: 2 as const, csu: toHex(CSU_APPROVED), proprietaryData: '' },
        }
      : {}),
    cards: [
      {
        pan: request.pan,
        psn: request.psn,
        atc: toHex(atc),
        unpredictableNumber: toHex(un),
        transactionData: toHex(data),
        arqc: toHex(ac),
      },
    ],
  });
  return { scheme, params };
}

/**
 * Runs verifyArqc as the bridge protocol would (its own schema first), so a card's odd PAN, PSN or
 * lengths come back as the issuer host's reason instead of stopping the whole validation.
 */
async function check(
  backend: HsmBackend,
  params: CommandParams<'verifyArqc'>,
): Promise<{ ok: boolean; arpc: string | null } | { error: string }> {
  const parsed = cardDataCommands.verifyArqc.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `the HSM cannot check this request: ${issue?.path.slice(2).join('.') || 'it'} ${issue?.message ?? 'is invalid'}`,
    };
  }
  try {
    return (await verifyArqc(backend, parsed.data)).cards[0]!;
  } catch (error) {
    if (error instanceof BridgeError && error.code === 'BAD_REQUEST') {
      return { error: `the HSM cannot check this request: ${error.message}` };
    }
    throw error;
  }
}

/**
 * The issuer host of a validation inside the bridge (EMV 4.4 Book 2 8.1, 8.2; Book 3 10.9): the ARQC
 * is checked, and the ARPC computed, by the verifyArqc operation with the issuer master key in the
 * HSM; the Issuer Authentication Data is ARPC || ARC (method 1) or ARPC || CSU (method 2), as the
 * software issuer host sends it.
 */
export function hsmIssuerHost(backend: HsmBackend, options: HsmIssuerHostOptions): IssuerHost {
  return {
    async authorise(request): Promise<AuthorisationResponse> {
      const declined = { ok: false, approved: false, arc: ARC_DECLINED };
      const prepared = prepare(options, request);
      if ('error' in prepared) return { ...declined, reason: prepared.error };
      const type = acTypeOf(request.iccData.get('9F27')?.[0] ?? 0xff);
      if (type !== 'ARQC') {
        return { ...declined, reason: `the card sent a ${type ?? 'malformed CID'}, not an ARQC` };
      }
      const { scheme } = prepared;
      const result = await check(backend, prepared.params(true));
      if ('error' in result) return { ...declined, scheme, reason: result.error };
      if (!result.ok || !result.arpc) {
        return {
          ...declined,
          scheme,
          reason: `ARQC does not verify at the issuer host: wrong MK-AC? The card's MK-AC is not the key that the issuer master key derives for this PAN and PSN (Option ${options.method}), or the card computes CVN ${scheme.cvn} differently`,
        };
      }
      const trailer = scheme.arpcMethod === 1 ? ARC_APPROVED : CSU_APPROVED;
      return {
        ok: true,
        approved: true,
        arc: ARC_APPROVED,
        scheme,
        issuerAuthenticationData: Buffer.concat([Buffer.from(result.arpc, 'hex'), trailer]),
        reason: `ARQC verifies with the issuer master key (CVN ${scheme.cvn}, ${scheme.description}); approved with ARPC method ${scheme.arpcMethod}`,
      };
    },
    async verifyCryptogram(request): Promise<CryptogramCheck> {
      const prepared = prepare(options, request);
      if ('error' in prepared) return { ok: false, reason: prepared.error };
      const { scheme } = prepared;
      const result = await check(backend, prepared.params(false));
      if ('error' in result) return { ok: false, scheme, reason: result.error };
      return result.ok
        ? { ok: true, scheme, reason: 'the cryptogram verifies with the issuer master key' }
        : { ok: false, scheme, reason: 'the cryptogram does not verify with the issuer master key' };
    },
  };
}
