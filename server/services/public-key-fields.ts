import { z } from 'zod';

/**
 * The fields an officer types or pastes for CA keys, issuer keys and issuer certificates, with the
 * messages the forms show. Only zod here, so the browser validates with the very same rules.
 */

/** Pasted hex: spaces and line breaks are dropped and letters upper-cased before the checks. */
function pastedHex(name: string, check: { bytes?: number; min?: number; max?: number; empty?: boolean }) {
  return z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .pipe(
      z
        .string()
        .refine((s) => s.length > 0 || check.empty === true, `${name} is required`)
        .refine((s) => /^[0-9A-F]*$/.test(s), `${name} must be hexadecimal digits (0-9, A-F)`)
        .refine((s) => s.length % 2 === 0, `${name} must be whole bytes (an even number of hex digits)`)
        .refine(
          (s) => s.length === 0 || check.bytes === undefined || s.length === check.bytes * 2,
          `${name} must be ${check.bytes} bytes (${(check.bytes ?? 0) * 2} hex digits)`,
        )
        .refine(
          (s) =>
            s.length === 0 ||
            ((check.min === undefined || s.length >= check.min * 2) &&
              (check.max === undefined || s.length <= check.max * 2)),
          `${name} must be ${check.min} to ${check.max} bytes (${(check.min ?? 0) * 2} to ${(check.max ?? 0) * 2} hex digits)`,
        ),
    );
}

export const ridField = pastedHex('RID', { bytes: 5 });
export const caIndexField = pastedHex('CA key index', { bytes: 1 });
export const caEnvironmentField = z.enum(['live', 'test'], { message: 'Choose the live or the test list' });

/** EMV 4.4 Book 2 11.2.2: CA keys of 768 (old test lists) to 1984 bits. */
export const caModulusField = pastedHex('Modulus', { min: 96, max: 248 }).refine(
  (s) => !s.startsWith('00'),
  'Modulus must not start with a 00 byte',
);

/** Tags 9F32 / 9F22 exponents are 3 or 2^16 + 1; "3" and "10001" are accepted as written in some lists. */
export const exponentField = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .transform((s) => (s === '3' ? '03' : s === '10001' ? '010001' : s))
  .pipe(z.enum(['03', '010001'], { message: 'Exponent must be 03 or 010001' }));

export const caChecksumField = pastedHex('Checksum', { bytes: 20 });

/** EMV 4.4 Book 2 5.1: an issuer key of at most 1984 bits; the workbench makes none below 1024. */
export const rsaBitsField = z
  .number({ message: 'Key length must be a number of bits' })
  .int('Key length must be a whole number of bits')
  .min(1024, 'Key length must be at least 1024 bits')
  .max(1984, 'Key length must be at most 1984 bits (EMV 4.4 Book 2 5.1)')
  .refine((bits) => bits % 8 === 0, 'Key length must be a multiple of 8 bits');

export const publicExponentField = z.union([z.literal(3), z.literal(65537)], {
  message: 'Public exponent must be 3 or 65537',
});

export const issuerKeyLabelField = z
  .string()
  .trim()
  .min(3, 'Label must be at least 3 characters')
  .max(64, 'Label is at most 64 characters')
  .regex(/^[A-Za-z0-9 ._-]+$/, 'Label may hold letters, digits, space, dot, dash and underscore')
  .refine(
    (label) => !label.toUpperCase().startsWith('TEST CA'),
    'Label must not start with "TEST CA": that marks the workbench\'s test certification authority',
  );

/** Book 2 Table 6 field 3: the leftmost 3 to 8 digits of the PANs the key will sign for. */
export const issuerIdentifierField = z
  .string()
  .trim()
  .regex(/^\d{3,8}$/, 'Issuer identifier must be the 3 to 8 leading digits of the PAN');

/** Book 2 Table 6 field 4. */
export const certificateExpiryField = z
  .string()
  .trim()
  .regex(/^(0[1-9]|1[0-2])\d{2}$/, 'Expiry must be MMYY with a month from 01 to 12');

/** Book 2 Table 6 field 5: 3 bytes, unique per certificate of one CA key. */
export const certificateSerialField = pastedHex('Serial number', { bytes: 3 });

/** Tag 90 as the scheme sends it; its length is that of the CA key, checked by recovery. */
export const issuerCertificateField = pastedHex('Certificate', { min: 96, max: 248 });
/** Tag 92; empty when the whole issuer modulus fits in the certificate. */
export const issuerRemainderField = pastedHex('Remainder', { empty: true, max: 248, min: 0 });
