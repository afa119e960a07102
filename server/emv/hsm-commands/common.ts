/** Types and field schemas every group of bridge commands shares. */
import { z } from 'zod';

/** TR-31 (ANSI X9.143) key usages the workbench uses; one per key. */
export const keyUsages = [
  'E0',
  'E1',
  'E2',
  'E4',
  'E5',
  'E6',
  'K0',
  'K1',
  'P0',
  'C0',
  'V2',
  'M0',
  'M1',
  'M3',
  'M6',
  'M7',
  'S0',
  'D0',
] as const;
export const keyUsage = z.enum(keyUsages);
export type KeyUsage = z.infer<typeof keyUsage>;

export const keyUsageNames: Record<KeyUsage, string> = {
  E0: 'EMV issuer master key for application cryptograms (MK-AC)',
  E1: 'EMV issuer master key for secure messaging confidentiality (MK-SMC)',
  E2: 'EMV issuer master key for secure messaging integrity (MK-SMI)',
  E4: 'EMV issuer master key for dynamic numbers (MK-DN)',
  E5: 'EMV issuer master key for card personalization (KMC)',
  E6: 'EMV issuer master key, other',
  K0: 'Key encryption / transport key (KEK)',
  K1: 'TR-31 key block protection key (KBPK)',
  P0: 'PIN encryption key',
  C0: 'Card verification key (CVK)',
  V2: 'PIN verification key, Visa PVV (PVK)',
  M0: 'MAC key, ISO 16609',
  M1: 'MAC key, ISO 9797-1 algorithm 1',
  M3: 'MAC key, ISO 9797-1 algorithm 3 (retail MAC)',
  M6: 'MAC key, CMAC',
  M7: 'HMAC key',
  S0: 'Asymmetric signing key (issuer RSA private key)',
  D0: 'Data encryption key',
};

export const symmetricAlgorithm = z.enum(['TDES2', 'TDES3', 'AES128', 'AES192', 'AES256', 'HMAC256']);
export type SymmetricAlgorithm = z.infer<typeof symmetricAlgorithm>;

export const keyRef = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'key reference is malformed');
export const hex = (bytes?: number) =>
  z
    .string()
    .regex(/^[0-9A-F]*$/, 'must be upper-case hexadecimal')
    .refine((s) => s.length % 2 === 0 && (bytes === undefined || s.length === bytes * 2), {
      message: bytes === undefined ? 'must be whole bytes' : `must be ${bytes} bytes`,
    });

export const pan = z.string().regex(/^\d{12,19}$/, 'PAN must be 12 to 19 digits');
export const psn = z.string().regex(/^\d{2}$/, 'PSN must be 2 digits');

export const maxCardsPerCall = 1000;

/** One command: its parameters and its result. */
export interface CommandSpec {
  params: z.ZodType;
  result: z.ZodType;
}
