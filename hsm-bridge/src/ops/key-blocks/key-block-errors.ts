import { KeyBlockError } from '../../../../server/emv/key-blocks/header';
import { BridgeError } from '../../bridge-error';

/** Runs a step of the pure TR-31 code, reporting its errors (malformed block, MAC) as a bad request. */
export function keyBlockStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof KeyBlockError) throw new BridgeError('BAD_REQUEST', error.message);
    throw error;
  }
}
