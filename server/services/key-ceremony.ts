import { z } from 'zod';
import {
  closeKeyCeremony,
  findKeyCeremony,
  insertCeremonyComponent,
  insertKeyCeremony,
  listCeremonyComponents,
} from '../../db/queries/ceremonies';
import { insertKey } from '../../db/queries/keys';
import { keyUsage } from '../emv/hsm-commands';
import { AppError } from '../errors';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';
import { withHsm } from './hsm-call';

export const startCeremonyInput = z.object({
  label: z
    .string()
    .trim()
    .min(3, 'Label must be at least 3 characters')
    .max(64)
    .regex(/^[A-Za-z0-9 ._-]+$/, 'Label may hold letters, digits, space, dot, dash and underscore'),
  usage: keyUsage.refine((u) => u !== 'S0' && u !== 'M7', 'S0 and M7 keys are not entered from components'),
  algorithm: z.enum(['TDES2', 'TDES3', 'AES128', 'AES192', 'AES256']),
  components: z.union([z.literal(2), z.literal(3)]),
});

export const submitComponentInput = z.object({
  ceremonyId: z.uuid(),
  componentIndex: z.number().int().min(1).max(3),
  /** RSA-OAEP (SHA-256) of the component under the ceremony key: only the HSM can read it. */
  encryptedComponent: z.string().regex(/^[0-9A-F]{512}$/, 'the encrypted component must be 256 bytes of hex'),
  componentKcv: z
    .string()
    .regex(/^([0-9A-F]{6}|[0-9A-F]{10})$/, 'the KCV must be 6 (TDES) or 10 (AES) hex digits'),
});

/** A security officer opens a ceremony; the HSM makes a one-time key pair the components travel under. */
export async function startKeyCeremony(ctx: ServiceContext, input: z.infer<typeof startCeremonyInput>) {
  requireRole(ctx, 'security_officer');
  const started = await withHsm(() => ctx.bridge().call('startKeyCeremony', input));
  return ctx.db.transaction(async (tx) => {
    const ceremony = await insertKeyCeremony(tx, {
      id: started.ceremonyId,
      label: input.label,
      usage: input.usage,
      algorithm: input.algorithm,
      components: input.components,
      publicKeySpki: started.publicKey.spki,
      publicKeyFingerprint: started.publicKey.fingerprint,
      startedBy: ctx.user.id,
      expiresAt: new Date(started.expiresAt),
    });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'key-ceremony.start',
      objectType: 'key-ceremony',
      objectId: ceremony.id,
      details: {
        label: input.label,
        usage: input.usage,
        algorithm: input.algorithm,
        components: input.components,
      },
    });
    return ceremony;
  });
}

/**
 * One custodian's component: split knowledge is enforced here (one component per custodian, each
 * index once), the HSM checks the KCV the custodian saw against the component it decrypts, and the
 * server only ever relays ciphertext. The last component creates the key in the inventory.
 */
export async function submitKeyComponent(ctx: ServiceContext, input: z.infer<typeof submitComponentInput>) {
  requireRole(ctx, 'security_officer');
  const ceremony = await findKeyCeremony(ctx.db, { id: input.ceremonyId });
  if (!ceremony) throw new AppError('NOT_FOUND', 'This key ceremony does not exist.');
  if (ceremony.status !== 'open') throw new AppError('CONFLICT', `This key ceremony is ${ceremony.status}.`);
  if (ceremony.expiresAt < new Date()) {
    throw new AppError('CONFLICT', 'This key ceremony has expired (30 minutes); start a new one.');
  }
  if (input.componentIndex > ceremony.components) {
    throw new AppError('INVALID_INPUT', `This ceremony has ${ceremony.components} components.`);
  }
  const entered = await listCeremonyComponents(ctx.db, { ceremonyId: ceremony.id });
  if (entered.some((c) => c.custodianId === ctx.user.id)) {
    await recordAudit(ctx.db, actorOf(ctx), {
      category: 'security',
      action: 'key-ceremony.component',
      objectType: 'key-ceremony',
      objectId: ceremony.id,
      result: 'refused',
      details: { reason: 'second component by the same custodian', componentIndex: input.componentIndex },
    });
    throw new AppError(
      'FORBIDDEN',
      'You have already entered a component of this key: each component needs a different custodian.',
    );
  }
  if (entered.some((c) => c.componentIndex === input.componentIndex)) {
    throw new AppError('CONFLICT', `Component ${input.componentIndex} has already been entered.`);
  }
  const receipt = await withHsm(() => ctx.bridge().call('submitKeyComponent', input));
  const status = await withHsm(() => ctx.bridge().call('status', {}));
  return ctx.db.transaction(async (tx) => {
    await insertCeremonyComponent(tx, {
      ceremonyId: ceremony.id,
      componentIndex: input.componentIndex,
      custodianId: ctx.user.id,
      kcv: receipt.componentKcv,
    });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'key-ceremony.component',
      objectType: 'key-ceremony',
      objectId: ceremony.id,
      details: {
        label: ceremony.label,
        componentIndex: input.componentIndex,
        componentKcv: receipt.componentKcv,
      },
    });
    if (!receipt.complete) return { complete: false as const, componentKcv: receipt.componentKcv };
    const key = await insertKey(tx, {
      label: ceremony.label,
      usage: receipt.usage,
      algorithm: receipt.algorithm,
      kcv: receipt.kcv,
      backend: `${status.backend}:${status.token}`,
      hsmKeyRef: receipt.keyRef,
      createdBy: ceremony.startedBy,
    });
    await closeKeyCeremony(tx, {
      id: ceremony.id,
      status: 'completed',
      keyId: key.id,
      finalKcv: receipt.kcv,
    });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'key-ceremony.complete',
      objectType: 'key',
      objectId: key.id,
      details: {
        ceremonyId: ceremony.id,
        label: key.label,
        usage: key.usage,
        algorithm: key.algorithm,
        kcv: key.kcv,
      },
    });
    return { complete: true as const, componentKcv: receipt.componentKcv, keyId: key.id, kcv: receipt.kcv };
  });
}

export async function cancelKeyCeremony(ctx: ServiceContext, ceremonyId: string) {
  requireRole(ctx, 'security_officer');
  const ceremony = await findKeyCeremony(ctx.db, { id: ceremonyId });
  if (!ceremony) throw new AppError('NOT_FOUND', 'This key ceremony does not exist.');
  if (ceremony.status !== 'open') throw new AppError('CONFLICT', `This key ceremony is ${ceremony.status}.`);
  // A bridge that restarted has forgotten the ceremony already; the record is closed either way.
  await withHsm(() => ctx.bridge().call('cancelKeyCeremony', { ceremonyId })).catch(() => undefined);
  return ctx.db.transaction(async (tx) => {
    const closed = await closeKeyCeremony(tx, { id: ceremonyId, status: 'cancelled' });
    await recordAudit(tx, actorOf(ctx), {
      category: 'security',
      action: 'key-ceremony.cancel',
      objectType: 'key-ceremony',
      objectId: ceremonyId,
      details: { label: ceremony.label },
    });
    return closed!;
  });
}
