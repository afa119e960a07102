import { z } from 'zod';
import {
  findCaPublicKeyByIdentity,
  insertCaPublicKey,
  type CaEnvironment,
} from '../../db/queries/ca-public-keys';
import { fromHex, toHex } from '../emv/bytes';
import { caPublicKeyChecksum } from '../emv/certificates/capk';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';
import {
  caChecksumField,
  caEnvironmentField,
  caIndexField,
  caModulusField,
  exponentField,
  ridField,
} from './public-key-fields';
import { refuse } from './refusal';

export const addCaPublicKeyInput = z.object({
  rid: ridField,
  index: caIndexField,
  environment: caEnvironmentField,
  modulus: caModulusField,
  exponent: exponentField,
  checksum: caChecksumField,
});
export type AddCaPublicKeyInput = z.output<typeof addCaPublicKeyInput>;

/** How people name a CA key: its RID, index and list. */
export function caKeyName(key: { rid: string; index: string; environment: CaEnvironment }): string {
  return `CA key ${key.rid} index ${key.index} (${key.environment} list)`;
}

/** CA Public Key Check Sum over RID, index, modulus and exponent (EMV 4.4 Book 2 11.2.2). */
export function caChecksumOf(key: { rid: string; index: string; modulus: string; exponent: string }): string {
  return toHex(
    caPublicKeyChecksum({
      rid: fromHex(key.rid),
      index: fromHex(key.index),
      modulus: fromHex(key.modulus),
      exponent: fromHex(key.exponent),
    }),
  );
}

/**
 * A scheme's CA public key, typed or pasted from its published list. The checksum proves it was
 * copied without error, so a key that does not match it is refused; one RID and index per list.
 */
export async function addCaPublicKey(ctx: ServiceContext, input: AddCaPublicKeyInput) {
  requireRole(ctx, 'security_officer');
  const identity = { rid: input.rid, index: input.index, environment: input.environment };
  const audit = { category: 'security', action: 'ca-key.add', details: identity } as const;
  const computed = caChecksumOf(input);
  if (computed !== input.checksum) {
    return refuse(
      ctx,
      audit,
      'INVALID_INPUT',
      `The checksum does not match ${caKeyName(input)}: you entered ${input.checksum}, but SHA-1 over its RID, index, modulus and exponent is ${computed}. Copy the key again from the scheme's list.`,
    );
  }
  if (await findCaPublicKeyByIdentity(ctx.db, identity)) {
    return refuse(
      ctx,
      audit,
      'CONFLICT',
      `The ${input.environment} list already has CA key ${input.rid} index ${input.index}.`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const key = await insertCaPublicKey(tx, {
      ...input,
      source: 'scheme',
      addedBy: ctx.user.id,
    });
    await recordAudit(tx, actorOf(ctx), {
      ...audit,
      objectType: 'ca-public-key',
      objectId: key.id,
      details: { ...identity, checksum: key.checksum, bits: (key.modulus.length / 2) * 8 },
    });
    return key;
  });
}
