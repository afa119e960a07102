import { z } from 'zod';
import { listKeys as listKeyRows } from '../../../../db/queries/keys';
import { keyUsage, keyUsageNames } from '../../../emv/hsm-commands';
import { roleProcedure } from '../../trpc';

/** The inventory as people see it: no key value, no HSM handle. */
export const keyOutput = z.object({
  id: z.string(),
  label: z.string(),
  usage: keyUsage,
  usageName: z.string(),
  algorithm: z.string(),
  kcv: z.string().regex(/^([0-9A-F]{6}|[0-9A-F]{10})$/),
  backend: z.string(),
  status: z.string(),
  createdAt: z.date(),
  createdByName: z.string(),
});

export const listKeys = roleProcedure('security_officer', 'analyst')
  .output(z.array(keyOutput))
  .query(async ({ ctx }) =>
    (await listKeyRows(ctx.db)).map((key) => ({ ...key, usageName: keyUsageNames[key.usage] })),
  );
