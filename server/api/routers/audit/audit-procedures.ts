import { z } from 'zod';
import { listAuditEvents as listRows } from '../../../../db/queries/audit';
import { verifyAuditChain } from '../../../services/audit-trail';
import { verifyAuditCheckpoints } from '../../../services/audit-checkpoint';
import { withHsm } from '../../../services/hsm-call';
import { roleProcedure } from '../../trpc';

export const listAuditEvents = roleProcedure('auditor')
  .input(
    z.object({
      category: z.enum(['management', 'security', 'alert', 'personalization']).optional(),
      actorName: z.string().trim().min(1).optional(),
      object: z.string().trim().min(1).optional(),
      since: z.date().optional(),
      until: z.date().optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
    }),
  )
  .output(
    z.object({
      total: z.number(),
      events: z.array(
        z.object({
          seq: z.number(),
          at: z.date(),
          actorName: z.string(),
          actorRole: z.string(),
          category: z.string(),
          action: z.string(),
          objectType: z.string().nullable(),
          objectId: z.string().nullable(),
          result: z.string(),
          origin: z.string(),
          details: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const { rows, total } = await listRows(ctx.db, {
      category: input.category,
      actorName: input.actorName,
      object: input.object,
      since: input.since,
      until: input.until,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    });
    return { total, events: rows.map(({ prevHash: _p, hash: _h, actorId: _a, ...event }) => event) };
  });

const verification = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBrokenSeq: z.number().nullable(),
  reason: z.string().nullable(),
});

/** The chain link by link, then the HSM-signed checkpoints (which catch a rewritten, re-hashed trail). */
export const verifyAudit = roleProcedure('auditor')
  .output(verification.extend({ checkpoints: verification.extend({ lastSeq: z.number().nullable() }) }))
  .query(async ({ ctx }) => {
    const chain = await verifyAuditChain(ctx.db);
    const checkpoints = await withHsm(() => verifyAuditCheckpoints(ctx.db, ctx.service.bridge()));
    return { ...chain, ok: chain.ok && checkpoints.ok, checkpoints };
  });
