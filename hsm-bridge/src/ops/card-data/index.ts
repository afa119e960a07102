import type { CommandHandlers } from '../handler';
import { computeCardVerificationValues } from './compute-card-verification-values';
import { computePinVerificationValues } from './compute-pin-verification-values';
import { deriveCardStaticKeys } from './derive-card-static-keys';
import { macAuditEntry } from './mac-audit-entry';
import { translatePinForCard } from './translate-pin-for-card';
import { verifyArqc } from './verify-arqc';

export const cardDataHandlers: CommandHandlers<
  | 'deriveCardStaticKeys'
  | 'translatePinForCard'
  | 'verifyArqc'
  | 'computeCardVerificationValues'
  | 'computePinVerificationValues'
  | 'macAuditEntry'
> = {
  deriveCardStaticKeys,
  translatePinForCard,
  verifyArqc,
  computeCardVerificationValues,
  computePinVerificationValues,
  macAuditEntry,
};
