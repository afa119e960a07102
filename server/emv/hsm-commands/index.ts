/**
 * The command set of the HSM bridge, shaped for EMV the way a payment HSM's host commands are:
 * each command names keys by reference and says what it is for; there is no generic
 * encrypt / decrypt / sign call. Both the bridge and its client validate every message with
 * these schemas, so neither side trusts the other's bytes.
 *
 * It lives in the EMV core because it is the one module both the bridge (hsm-bridge -> server/emv)
 * and the server may import; it is pure data. Commands are grouped by file; this index joins them.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { bureauOutputCommands } from './bureau-output';
import { cardDataCommands } from './card-data';
import { hex } from './common';
import { iccKeyCommands } from './icc-keys';
import { issuerScriptCommands } from './issuer-scripts';
import { keyBlockCommands } from './key-blocks';
import { keyCommands } from './keys';
import { publicKeyCommands } from './public-keys';
import { secureChannelCommands } from './secure-channel';
import { validationCommands } from './validation';

export * from './common';

export const bridgeCommands = {
  ...keyCommands,
  ...iccKeyCommands,
  ...cardDataCommands,
  ...issuerScriptCommands,
  ...secureChannelCommands,
  ...publicKeyCommands,
  ...keyBlockCommands,
  ...validationCommands,
  ...bureauOutputCommands,
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
