import { z } from 'zod';

export const bureauOutput = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.date(),
});
