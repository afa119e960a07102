import { z } from 'zod';
import { runCalculation } from '../../../services/crypto-calculator';
import { roleProcedure, router } from '../../trpc';
import { calculationInput } from './calculation-input';

/** Test keys are typed in by people; nothing is stored or audited with them. */
const run = roleProcedure('analyst', 'security_officer')
  .input(calculationInput)
  .output(z.array(z.object({ label: z.string(), value: z.string() })))
  .mutation(({ input }) => runCalculation(input));

export const calculatorRouter = router({ run });
