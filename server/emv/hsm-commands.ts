/**
 * The command set of the HSM bridge, shaped for EMV the way a payment HSM's host commands are:
 * each command names keys by reference and says what it is for; there is no generic
 * encrypt / decrypt / sign call. Both the bridge and its client validate every message with
 * these schemas, so neither side trusts the other's bytes.
 *
 * It lives in the EMV core because it is the one module both the bridge (hsm-bridge -> server/emv)
 * and the server may import; it is pure data.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export const keyUsages = ['E0', 'E1', 'E2', 'K0', 'P0', 'C0', 'M0', 'S0'] as const;
export const keyUsage = z.enum(keyUsages);
export type KeyUsage = z.infer<typeof keyUsage>;

export const keyUsageNames: Record<KeyUsage, string> = {
  E0: 'EMV card master key for application cryptograms (MK-AC)',
  E1: 'EMV card master key for secure messaging confidentiality (MK-SMC)',
  E2: 'EMV card master key for secure messaging integrity (MK-SMI)',
  K0: 'Key encryption / transport key (KEK)',
  P0: 'PIN encryption key',
  C0: 'Card verification key (CVK)',
  M0: 'MAC key',
  S0: 'Signing key',
};

export const symmetricAlgorithm = z.enum(['TDES2', 'TDES3', 'AES128', 'AES192', 'AES256']);
export type SymmetricAlgorithm = z.infer<typeof symmetricAlgorithm>;

export const keyRef = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'key reference is malformed');
const hex = (bytes?: number) =>
  z
    .string()
    .regex(/^[0-9A-F]*$/, 'must be upper-case hexadecimal')
    .refine((s) => s.length % 2 === 0 && (bytes === undefined || s.length === bytes * 2), {
      message: bytes === undefined ? 'must be whole bytes' : `must be ${bytes} bytes`,
    });

export const pan = z.string().regex(/^\d{12,19}$/, 'PAN must be 12 to 19 digits');
export const psn = z.string().regex(/^\d{2}$/, 'PSN must be 2 digits');

export const maxCardsPerCall = 1000;

export const bridgeCommands = {
  status: {
    params: z.object({}),
    result: z.object({
      backend: z.enum(['software', 'pkcs11']),
      token: z.string(),
      keyCount: z.number().int().nonnegative(),
    }),
  },
  generateKey: {
    params: z.object({
      algorithm: z.enum(['TDES2', 'TDES3']),
      usage: keyUsage,
      label: z.string().min(1).max(64),
    }),
    result: z.object({
      keyRef,
      algorithm: symmetricAlgorithm,
      usage: keyUsage,
      kcv: hex(),
    }),
  },
  describeKey: {
    params: z.object({ keyRef }),
    result: z.object({
      keyRef,
      algorithm: symmetricAlgorithm,
      usage: keyUsage,
      label: z.string(),
      kcv: hex(),
    }),
  },
  /** EMV 4.4 Book 2 A1.4: ICC master keys for a batch of cards, each returned under a transport KEK. */
  deriveIccMasterKeys: {
    params: z.object({
      issuerMasterKeyRef: keyRef,
      kekRef: keyRef,
      method: z.enum(['A', 'B']),
      cards: z.array(z.object({ pan, psn })).min(1).max(maxCardsPerCall),
    }),
    result: z.object({
      kek: z.object({ keyRef, kcv: hex(3) }),
      keys: z.array(z.object({ cryptogram: hex(16), kcv: hex(3) })),
    }),
  },
} as const;

export type BridgeCommand = keyof typeof bridgeCommands;
export type CommandParams<C extends BridgeCommand> = z.infer<(typeof bridgeCommands)[C]['params']>;
export type CommandResult<C extends BridgeCommand> = z.infer<(typeof bridgeCommands)[C]['result']>;

export const bridgeRequest = z.object({
  id: z.number().int().nonnegative(),
  command: z.enum(Object.keys(bridgeCommands) as [BridgeCommand, ...BridgeCommand[]]),
  params: z.unknown(),
});
export type BridgeRequest = z.infer<typeof bridgeRequest>;

export const bridgeErrorCode = z.enum(['BAD_REQUEST', 'KEY_NOT_FOUND', 'KEY_USAGE_REFUSED', 'HSM_ERROR']);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCode>;

export const bridgeResponse = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({ code: bridgeErrorCode, message: z.string() }),
  }),
]);
export type BridgeResponse = z.infer<typeof bridgeResponse>;

/** Mutual authentication: each side proves knowledge of the shared key over both nonces. */
export const bridgeHello = z.object({ type: z.literal('hello'), nonce: hex(32) });
export const bridgeAuth = z.object({ type: z.literal('auth'), nonce: hex(32), proof: hex(32) });
export const bridgeAuthOk = z.object({ type: z.literal('auth-ok'), proof: hex(32) });
export const handshakeLabels = { client: 'dataprep-client', bridge: 'dataprep-bridge' } as const;

export function handshakeProof(
  sharedKey: Buffer,
  label: (typeof handshakeLabels)[keyof typeof handshakeLabels],
  firstNonce: string,
  secondNonce: string,
): string {
  return createHmac('sha256', sharedKey)
    .update(`${label}|${firstNonce}|${secondNonce}`)
    .digest('hex')
    .toUpperCase();
}

/**
 * The framing both sides speak: newline-delimited JSON. Returns the complete messages in a chunk and
 * keeps the rest; a line that is not JSON, or longer than the limit, is a protocol error.
 */
export class JsonLineDecoder {
  private buffered = '';

  constructor(private readonly maxLineLength = 4 * 1024 * 1024) {}

  push(chunk: string): unknown[] {
    this.buffered += chunk;
    const lines = this.buffered.split('\n');
    this.buffered = lines.pop() ?? '';
    if (this.buffered.length > this.maxLineLength) throw new Error('message too long');
    return lines.map((line) => JSON.parse(line) as unknown);
  }
}
