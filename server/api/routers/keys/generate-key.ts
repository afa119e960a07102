import { z } from 'zod';
import { keyUsage, keyUsageNames, symmetricAlgorithm } from '../../../emv/hsm-commands';
import { generateKey as generate } from '../../../services/generate-key';
import { roleProcedure } from '../../trpc';
import { keyOutput } from './list-keys';

export const generateKeyInput = z.object({
  label: z
    .string()
    .trim()
    .min(3, 'Label must be at least 3 characters')
    .max(64, 'Label is at most 64 characters')
    .regex(/^[A-Za-z0-9 ._-]+$/, 'Label may hold letters, digits, space, dot, dash and underscore'),
  usage: keyUsage,
  algorithm: symmetricAlgorithm,
});

export const generateKey = roleProcedure('security_officer')
  .input(generateKeyInput)
  .output(keyOutput)
  .mutation(async ({ ctx, input }) => {
    const key = await generate(ctx.service, input);
    return { ...key, usageName: keyUsageNames[key.usage], createdByName: ctx.user.displayName };
  });
