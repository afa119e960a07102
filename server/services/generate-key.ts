import { insertKey } from '../../db/queries/keys';
import type { KeyUsage, SymmetricAlgorithm } from '../emv/hsm-commands';
import { recordAudit } from './audit-trail';
import { actorOf, requireRole, type ServiceContext } from './context';
import { withHsm } from './hsm-call';

export interface GenerateKeyParams {
  label: string;
  usage: KeyUsage;
  algorithm: SymmetricAlgorithm;
}

/** A new key generated inside the HSM; the inventory keeps its reference and KCV, never its value. */
export async function generateKey(ctx: ServiceContext, params: GenerateKeyParams) {
  requireRole(ctx, 'security_officer');
  const bridge = ctx.bridge();
  const [generated, status] = await withHsm(
    async () => [await bridge.call('generateKey', params), await bridge.call('status', {})] as const,
  );
  return ctx.db.transaction(async (tx) => {
    const key = await insertKey(tx, {
      label: params.label,
      usage: generated.usage,
      algorithm: generated.algorithm,
      kcv: generated.kcv,
      backend: `${status.backend}:${status.token}`,
      hsmKeyRef: generated.keyRef,
      createdBy: ctx.user.id,
    });
    await recordAudit(tx, actorOf(ctx), {
      category: 'management',
      action: 'key.generate',
      objectType: 'key',
      objectId: key.id,
      details: { label: key.label, usage: key.usage, algorithm: key.algorithm, kcv: key.kcv },
    });
    return key;
  });
}
