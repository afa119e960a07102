import type { CommandHandlers } from '../handler';
import { encipherPinChange } from './encipher-pin-change';
import { macIssuerScript } from './mac-issuer-script';

export const issuerScriptHandlers: CommandHandlers<'macIssuerScript' | 'encipherPinChange'> = {
  macIssuerScript,
  encipherPinChange,
};
