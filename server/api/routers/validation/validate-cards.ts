import { z } from 'zod';
import { validationCommands } from '../../../emv/hsm-commands/validation';
import { validateCards as validate, validateCardsInput } from '../../../services/validation/validate-cards';
import { roleProcedure } from '../../trpc';

/** The bridge's report of a card: steps and an APDU transcript with secrets redacted and PANs masked. */
const cardReport = validationCommands.validateOnVirtualCard.result.shape.cards.element;

/** Up to 10 cards of a bureau file on the virtual card (`npx dataprep validate`); audited. */
export const validateCards = roleProcedure('security_officer')
  .input(validateCardsInput)
  .output(
    z.object({
      cards: z.array(
        z.object({ row: z.number(), ok: z.boolean(), failure: z.string().nullable(), report: cardReport }),
      ),
    }),
  )
  .mutation(({ ctx, input }) => validate(ctx.service, input));
