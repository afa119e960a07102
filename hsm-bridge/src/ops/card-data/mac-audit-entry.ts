import { fromHex, toHex } from '../../../../server/emv/bytes';
import type { CommandParams, CommandResult } from '../../../../server/emv/hsm-commands';
import type { HsmBackend } from '../../backends/backend';
import { BridgeError } from '../../bridge-error';
import { requireKeyForPurpose } from '../../key-usage';

/**
 * HMAC-SHA256 (RFC 2104, FIPS 198-1) of one audit entry under the audit chain's M7 key: the key
 * only signs inside the HSM, so whoever can write the database cannot forge the chain.
 */
export async function macAuditEntry(
  backend: HsmBackend,
  params: CommandParams<'macAuditEntry'>,
): Promise<CommandResult<'macAuditEntry'>> {
  const key = await requireKeyForPurpose(backend, params.hmacKeyRef, ['M7'], 'the audit chain MAC');
  if (key.algorithm !== 'HMAC256') {
    throw new BridgeError('BAD_REQUEST', 'the audit chain key must be an HMAC-SHA256 key');
  }
  return { mac: toHex(await backend.hmacSha256(key.keyRef, fromHex(params.data, 'data'))) };
}
