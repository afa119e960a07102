/**
 * The Application Interchange Profile (EMV 4.4 Book 3 Annex C1, tag 82), computed from what the
 * analyst chose: offline data authentication methods, whether the CVM list has rules, terminal risk
 * management, issuer authentication, and on-device CVM for contactless.
 */
import { AIP_BITS, encodeBits } from './bits';
import type { OdaMethod } from './schema/application';

export interface AipOptions {
  oda: readonly OdaMethod[];
  /** The CVM list has at least one rule (Book 3 10.5: cardholder verification is then supported). */
  cardholderVerification: boolean;
  terminalRiskManagement: boolean;
  issuerAuthentication: boolean;
  onDeviceCvm?: boolean;
}

export function aipBitIds(options: AipOptions): string[] {
  const ids: string[] = [...options.oda];
  if (options.cardholderVerification) ids.push('cardholder-verification');
  if (options.terminalRiskManagement) ids.push('terminal-risk-management');
  if (options.issuerAuthentication) ids.push('issuer-authentication');
  if (options.onDeviceCvm) ids.push('on-device-cvm');
  return ids;
}

/** computeAip(options): the two AIP bytes. */
export function computeAip(options: AipOptions): Buffer {
  return encodeBits(AIP_BITS, 2, aipBitIds(options));
}
