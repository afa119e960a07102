import { z } from 'zod';
import { hex, keyRef, keyUsage, symmetricAlgorithm, type CommandSpec } from './common';

/** Key life cycle inside the HSM: generation and description. */
export const keyCommands = {
  status: {
    params: z.object({}),
    result: z.object({
      backend: z.enum(['software', 'pkcs11']),
      token: z.string(),
      keyCount: z.number().int().nonnegative(),
    }),
  },
  generateKey: {
    params: z.object({
      algorithm: symmetricAlgorithm,
      usage: keyUsage,
      label: z.string().min(1).max(64),
    }),
    result: z.object({
      keyRef,
      algorithm: symmetricAlgorithm,
      usage: keyUsage,
      kcv: hex(),
    }),
  },
  describeKey: {
    params: z.object({ keyRef }),
    result: z.object({
      keyRef,
      algorithm: z.union([symmetricAlgorithm, z.literal('RSA')]),
      usage: keyUsage,
      label: z.string(),
      kcv: hex(),
    }),
  },
} as const satisfies Record<string, CommandSpec>;
