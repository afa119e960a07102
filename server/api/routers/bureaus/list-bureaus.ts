import { z } from 'zod';
import { listBureaus as list } from '../../../services/bureaus/manage-bureaus';
import { roleProcedure } from '../../trpc';
import { bureauOutput } from './bureau-output-schema';

/** Every bureau for the administrator; the active ones for analysts and officers (the job form). */
export const listBureaus = roleProcedure('admin', 'analyst', 'security_officer')
  .output(z.array(bureauOutput.extend({ createdByName: z.string().nullable() })))
  .query(({ ctx }) => list(ctx.service));
