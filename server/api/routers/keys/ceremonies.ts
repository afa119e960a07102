import { z } from 'zod';
import {
  findKeyCeremony,
  listCeremonyComponents,
  listKeyCeremonies,
} from '../../../../db/queries/ceremonies';
import { AppError } from '../../../errors';
import {
  cancelKeyCeremony,
  startCeremonyInput,
  startKeyCeremony,
  submitComponentInput,
  submitKeyComponent,
} from '../../../services/key-ceremony';
import { roleProcedure } from '../../trpc';

const status = z.enum(['open', 'completed', 'cancelled']);
const ceremonySummary = z.object({
  id: z.string(),
  label: z.string(),
  usage: z.string(),
  algorithm: z.string(),
  components: z.number(),
  status,
  startedAt: z.date(),
  expiresAt: z.date(),
  finalKcv: z.string().nullable(),
  startedByName: z.string(),
});

export const listCeremonies = roleProcedure('security_officer')
  .output(z.array(ceremonySummary))
  .query(({ ctx }) => listKeyCeremonies(ctx.db));

/** What a custodian's browser needs: the public key to encrypt to, and who entered what (KCVs only). */
export const getCeremony = roleProcedure('security_officer')
  .input(z.object({ ceremonyId: z.uuid() }))
  .output(
    ceremonySummary.omit({ startedByName: true }).extend({
      publicKeySpki: z.string(),
      publicKeyFingerprint: z.string(),
      entered: z.array(
        z.object({
          componentIndex: z.number(),
          custodianName: z.string(),
          kcv: z.string(),
          enteredAt: z.date(),
          mine: z.boolean(),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const ceremony = await findKeyCeremony(ctx.db, { id: input.ceremonyId });
    if (!ceremony) throw new AppError('NOT_FOUND', 'This key ceremony does not exist.');
    const entered = await listCeremonyComponents(ctx.db, { ceremonyId: ceremony.id });
    return { ...ceremony, entered: entered.map((c) => ({ ...c, mine: c.custodianId === ctx.user.id })) };
  });

export const startCeremony = roleProcedure('security_officer')
  .input(startCeremonyInput)
  .output(z.object({ id: z.string() }))
  .mutation(async ({ ctx, input }) => ({ id: (await startKeyCeremony(ctx.service, input)).id }));

export const submitComponent = roleProcedure('security_officer')
  .input(submitComponentInput)
  .output(
    z.object({
      complete: z.boolean(),
      componentKcv: z.string(),
      keyId: z.string().optional(),
      kcv: z.string().optional(),
    }),
  )
  .mutation(({ ctx, input }) => submitKeyComponent(ctx.service, input));

export const cancelCeremony = roleProcedure('security_officer')
  .input(z.object({ ceremonyId: z.uuid() }))
  .output(z.object({ id: z.string(), status }))
  .mutation(async ({ ctx, input }) => {
    const ceremony = await cancelKeyCeremony(ctx.service, input.ceremonyId);
    return { id: ceremony.id, status: ceremony.status };
  });
