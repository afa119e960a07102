/**
 * Why a certificate or signature could not be recovered (EMV 4.4 Book 2 sections 5.3, 5.4, 6.3, 6.5,
 * 6.6). Each code matches one numbered check of those sections, so a caller can map it to the
 * offline data authentication result the terminal would set.
 */

export type CertificateErrorCode =
  | 'length'
  | 'value-range'
  | 'trailer'
  | 'header'
  | 'format'
  | 'hash-algorithm'
  | 'key-algorithm'
  | 'key-length'
  | 'remainder'
  | 'exponent'
  | 'dynamic-data';

export class CertificateError extends Error {
  readonly code: CertificateErrorCode;

  constructor(code: CertificateErrorCode, message: string) {
    super(message);
    this.name = 'CertificateError';
    this.code = code;
  }
}
