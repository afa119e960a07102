/**
 * Keys in and out of the HSM: TR-31 key blocks, and key ceremonies from clear components.
 *
 * ## TR-31 / ASC X9.143 key blocks (exportKeyBlock, importKeyBlock)
 *
 * The KBPK is a key of usage K1. Version B needs a TDES KBPK (TDES keys only inside), version D an
 * AES KBPK (TDES or AES keys inside, no longer than the KBPK). The header carries the key's usage,
 * its algorithm (T or A) and a mode of use fixed per usage: E0-E6 X (derivation), K0/K1/P0/D0 B
 * (encrypt and decrypt), C0, V2 and M0-M6 C (MAC or PVV generate and verify).
 *
 * Export: only a key created exportable can leave (one imported from a key block whose header says E
 * or S); keys generated in the HSM or entered in a ceremony never leave. S0 (the issuer RSA private
 * key) and M7 (the audit chain's HMAC key) are never exchanged in either direction. The exported
 * header says E (the receiver may pass it on only in a trusted key block) or N (not at all);
 * S is refused.
 *
 * Import: the header's usage must be the expected one and a usage the workbench knows, the MAC must
 * verify, the key version must not mark a key component ("c1"...), and the mode of use must allow what
 * the workbench does with a key of that usage (N always does). The key is stored with exactly the
 * header's usage, exportable when the header's exportability is E or S.
 *
 * ## Key ceremony: what the custodian's browser sends
 *
 * A key is entered as 2 or 3 clear components, each by a different custodian (the server enforces
 * who; the bridge only sees components). The components are combined only inside the bridge.
 *
 * 1. startKeyCeremony gives a ceremonyId, an RSA-2048 public key (exponent 65537) as the hex of its
 *    DER SubjectPublicKeyInfo (`publicKey.spki`), and `publicKey.fingerprint`, the hex of SHA-256 over
 *    those DER bytes, for custodians to compare with what the officer sees. The private key never
 *    leaves the HSM. The ceremony expires 30 minutes after it starts (`expiresAt`); expired,
 *    cancelled or completed, every component it held is wiped and its key pair destroyed.
 *
 * 2. For one component (16 bytes for TDES2, 24 for TDES3, 16/24/32 for AES128/192/256), the browser:
 *    a. computes the component's KCV locally and shows it to the custodian:
 *       - TDES: the first 3 bytes of the TDES encryption of 8 zero bytes with the component as the
 *         key (ANSI X9.24-1 A.2). With webcrypto-liner: a TDES2 component K1||K2 is used as the
 *         24-byte key K1||K2||K1; DES-EDE3-CBC with a zero IV over 8 zero bytes; the first 3 bytes
 *         of the output (the padding block the cipher appends comes after them).
 *       - AES: the first 5 bytes of AES-CMAC over 16 zero bytes (ANSI X9.24-1 A.3). With
 *         WebCrypto AES-CBC and a zero IV: L = the first 16 bytes of AES-CBC(16 zero bytes);
 *         K1 = L shifted left one bit, with the last byte XOR 0x87 when L's first bit was 1;
 *         KCV = the first 5 bytes of AES-CBC(K1).
 *       Published examples: TDES2 3F419E1CB7079442AA37474C2EFBF8B8 -> 57C409; the same bytes as an
 *       AES-128 component -> 08793E25AB.
 *    b. encrypts the raw component bytes (not hex text) with RSA-OAEP, SHA-256, no label:
 *       `subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt'])`,
 *       then `subtle.encrypt({ name: 'RSA-OAEP' }, key, component)`, giving 256 bytes.
 *    c. sends submitKeyComponent with the ceremonyId, componentIndex (1 to n), encryptedComponent
 *       (the 256 bytes as upper-case hex) and componentKcv (the KCV it showed, upper-case hex:
 *       6 digits for TDES, 10 for AES).
 *
 *    The bridge decrypts, recomputes the KCV, and refuses a mismatch ("component 2: the KCV you saw
 *    (ABC123) is not the component's (DEF456): re-enter it"; the index stays open for a new try). It
 *    also refuses an index already entered, the same encrypted component twice, and a component equal
 *    to one already entered. A component never appears in a result, an error or a log.
 *
 * 3. When the last component arrives, the bridge XORs them (TDES: then sets odd parity), stores the
 *    key with the ceremony's usage and label, forgets the components and returns keyRef and the final
 *    KCV (TDES 3 bytes, AES 5 bytes, as above). Until then it returns which indexes it has received.
 *
 * cancelKeyCeremony ends a ceremony at once. Ceremonies live in the bridge's memory only: a bridge
 * restart ends them all.
 */
import { z } from 'zod';
import { hex, keyRef, keyUsage, symmetricAlgorithm, type CommandSpec } from './common';

const keyBlockText = z
  .string()
  .min(16)
  .max(9999)
  .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

export const ceremonyAlgorithm = z.enum(['TDES2', 'TDES3', 'AES128', 'AES192', 'AES256']);
export const ceremonyId = z.uuid('ceremony ID is malformed');
const componentIndex = z.number().int().min(1).max(3);

const componentReceipt = {
  ceremonyId,
  componentIndex,
  /** The KCV the bridge recomputed, equal to the one the custodian saw. */
  componentKcv: hex(),
};

export const keyBlockCommands = {
  /** A key out of the HSM as a TR-31 key block under a K1 KBPK. */
  exportKeyBlock: {
    params: z.object({
      keyRef,
      kbpkRef: keyRef,
      version: z.enum(['B', 'D']),
      exportability: z.enum(['E', 'N']),
    }),
    result: z.object({
      keyBlock: keyBlockText,
      key: z.object({ keyRef, usage: keyUsage, algorithm: symmetricAlgorithm, kcv: hex() }),
      kbpk: z.object({ keyRef, kcv: hex() }),
    }),
  },
  /** A key into the HSM from a TR-31 key block under a K1 KBPK, with the header's usage. */
  importKeyBlock: {
    params: z.object({
      kbpkRef: keyRef,
      keyBlock: keyBlockText,
      expectedUsage: keyUsage,
      label: z.string().min(1).max(64),
    }),
    result: z.object({
      keyRef,
      usage: keyUsage,
      algorithm: symmetricAlgorithm,
      kcv: hex(),
      exportable: z.boolean(),
      kbpk: z.object({ keyRef, kcv: hex() }),
    }),
  },
  startKeyCeremony: {
    params: z.object({
      usage: keyUsage,
      algorithm: ceremonyAlgorithm,
      label: z.string().min(1).max(64),
      components: z.union([z.literal(2), z.literal(3)]),
    }),
    result: z.object({
      ceremonyId,
      usage: keyUsage,
      algorithm: ceremonyAlgorithm,
      components: z.number().int(),
      expiresAt: z.iso.datetime(),
      publicKey: z.object({ spki: hex(), fingerprint: hex(32) }),
    }),
  },
  submitKeyComponent: {
    params: z.object({
      ceremonyId,
      componentIndex,
      encryptedComponent: hex(256),
      componentKcv: hex(),
    }),
    result: z.discriminatedUnion('complete', [
      z.object({
        complete: z.literal(false),
        ...componentReceipt,
        received: z.array(componentIndex),
        remaining: z.array(componentIndex),
      }),
      z.object({
        complete: z.literal(true),
        ...componentReceipt,
        keyRef,
        usage: keyUsage,
        algorithm: ceremonyAlgorithm,
        kcv: hex(),
      }),
    ]),
  },
  cancelKeyCeremony: {
    params: z.object({ ceremonyId }),
    result: z.object({ ceremonyId, cancelled: z.literal(true) }),
  },
} as const satisfies Record<string, CommandSpec>;
