import { AppError } from '../errors';
import { HsmBridgeError } from '../hsm/bridge-client';

/** Turns a bridge failure into an error a person can act on. */
export async function withHsm<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof HsmBridgeError) {
      if (error.code === 'UNAVAILABLE') {
        throw new AppError(
          'HSM_UNAVAILABLE',
          `The HSM is not available (${error.message}). Try again, or ask an operator to check the HSM bridge.`,
        );
      }
      throw new AppError('HSM_REFUSED', `The HSM refused the operation: ${error.message}`);
    }
    throw error;
  }
}
