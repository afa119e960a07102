import { z } from 'zod';
import { keyUsageNames } from '../../../emv/hsm-commands';
import { changeKeyStatus as change } from '../../../services/key-status';
import { roleProcedure } from '../../trpc';
import { keyOutput } from './list-keys';

export const changeKeyStatus = roleProcedure('security_officer')
  .input(
    z.object({
      keyId: z.uuid(),
      status: z.enum(['active', 'suspended', 'destroyed']),
      reason: z.string().trim().min(5, 'Say why in at least 5 characters').max(500),
    }),
  )
  .output(keyOutput.omit({ createdByName: true }))
  .mutation(async ({ ctx, input }) => {
    const key = await change(ctx.service, input);
    return { ...key, usageName: keyUsageNames[key.usage] };
  });
