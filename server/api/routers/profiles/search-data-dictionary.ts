import { z } from 'zod';
import {
  searchDataDictionary,
  searchDataDictionaryInput,
} from '../../../services/profiles/search-data-dictionary';
import { roleProcedure } from '../../trpc';

export const searchDictionary = roleProcedure('analyst', 'security_officer')
  .input(searchDataDictionaryInput)
  .output(
    z.array(
      z.object({
        tag: z.string(),
        name: z.string(),
        format: z.string(),
        length: z.string(),
        constructed: z.boolean(),
        source: z.string(),
        family: z.string(),
        spec: z.string(),
        secret: z.boolean(),
      }),
    ),
  )
  .query(({ ctx, input }) => searchDataDictionary(ctx.service, input));
