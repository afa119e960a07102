import { z } from 'zod';
import { HsmBridgeError } from '../../../hsm/bridge-client';
import { protectedProcedure, router } from '../../trpc';

const hsmStatus = protectedProcedure
  .output(
    z.object({
      available: z.boolean(),
      backend: z.string().nullable(),
      token: z.string().nullable(),
      message: z.string().nullable(),
    }),
  )
  .query(async ({ ctx }) => {
    try {
      const status = await ctx.service.bridge().call('status', {});
      return { available: true, backend: status.backend, token: status.token, message: null };
    } catch (error) {
      const message = error instanceof HsmBridgeError ? error.message : 'the HSM bridge did not answer';
      return { available: false, backend: null, token: null, message };
    }
  });

export const systemRouter = router({ hsmStatus });
