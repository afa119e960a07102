import type { BridgeErrorCode } from '../../server/emv/hsm-commands';

/** An error the bridge reports to its caller; the message is for people and holds no secret. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
