import { calculate, type Calculation, type CalculationResult } from '../emv/calculator';
import { AppError } from '../errors';

export function isProductionMode(): boolean {
  return process.env.DATAPREP_MODE === 'production';
}

/** The calculator on clear test keys: no HSM, no database, and never in production mode. */
export function runCalculation(calculation: Calculation): CalculationResult {
  if (isProductionMode()) {
    throw new AppError(
      'FORBIDDEN',
      'The crypto calculator works on clear test keys and is switched off in production mode.',
    );
  }
  try {
    return calculate(calculation);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError)
      throw new AppError('INVALID_INPUT', error.message);
    throw error;
  }
}
