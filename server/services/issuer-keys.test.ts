import { generateKeyPairSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCaPublicKey, type CaPublicKeyRow } from '../../db/queries/ca-public-keys';
import { findIssuerKey, listIssuerCertificates, listIssuerKeys } from '../../db/queries/issuer-keys';
import { findKey } from '../../db/queries/keys';
import { caPublicKeys } from '../../db/schema';
import { fromHex, toHex } from '../emv/bytes';
import { buildIssuerCertificate, recoverIssuerCertificate } from '../emv/certificates/issuer-certificate';
import { loadVectors } from '../emv/vectors/load-vectors';
import { startTestBridge, type TestBridge } from '../test-support/bridge';
import { databaseKinds, freshDatabase } from '../test-support/databases';
import {
  auditEventsFor,
  allAuditEvents,
  rejectionOf,
  seedWorkbench,
  type SeededWorkbench,
} from '../test-support/workbench';
import { addCaPublicKey, caChecksumOf, type AddCaPublicKeyInput } from './ca-public-keys';
import { importIssuerCertificate } from './issuer-certificate';
import { exportIssuerPublicKeyForCa, generateIssuerKey, type GenerateIssuerKeyInput } from './issuer-keys';
import { changeKeyStatus } from './key-status';
import { createTestCa, signIssuerCertificateWithTestCa } from './test-ca';

/** The published CA keys of the vectors file (emv_capk_checksum: RID, index, modulus, exponent, checksum). */
function publishedCaKey(name: string, environment: 'live' | 'test'): AddCaPublicKeyInput {
  const vector = loadVectors().find((v) => v.algorithm === 'emv_capk_checksum' && v.name === name);
  if (!vector) throw new Error(`vector "${name}" is missing`);
  const inputs = vector.inputs as Record<string, string>;
  const expected = vector.expected as Record<string, string>;
  return {
    rid: inputs.rid!,
    index: inputs.index!,
    environment,
    modulus: inputs.modulus!,
    exponent: inputs.exponent as '03' | '010001',
    checksum: expected.checksum!,
  };
}

/** A scheme certification authority outside the workbench: its private key signs as the scheme would. */
function schemeCa(rid: string, index: string, bits: number) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 });
  const jwk = privateKey.export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n!, 'base64url');
  const key = { rid, index, modulus: toHex(modulus), exponent: '03' as const };
  return {
    input: { ...key, environment: 'live' as const, checksum: caChecksumOf(key) },
    privateKey: { modulus, privateExponent: Buffer.from(jwk.d!, 'base64url') },
  };
}

const issuerKeyInput: GenerateIssuerKeyInput = {
  label: 'Issuer key 2030',
  bits: 1024,
  publicExponent: 3,
  issuerIdentifier: '476173',
  expiry: '1230',
  serial: '000001',
};

describe.each(databaseKinds)('issuer keys, CA keys and the TEST CA on %s', (kind) => {
  let bridge: TestBridge;
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let w: SeededWorkbench;
  const scheme = schemeCa('A000000003', '94', 1152);
  let schemeCaRow: CaPublicKeyRow;

  beforeAll(async () => {
    bridge = await startTestBridge(`issuer-keys-${kind}`);
    handle = await freshDatabase(kind);
    w = await seedWorkbench(handle.db, bridge.client);
    schemeCaRow = await addCaPublicKey(w.ctx.officer1, scheme.input);
  });
  afterAll(async () => {
    await handle.close();
    await bridge.close();
  });

  const newIssuerKey = (overrides: Partial<GenerateIssuerKeyInput> = {}) =>
    generateIssuerKey(w.ctx.officer1, { ...issuerKeyInput, ...overrides });

  describe('CA public keys', () => {
    it('adds published scheme keys to the live and the test list, apart, each audited', async () => {
      const live = await addCaPublicKey(w.ctx.officer1, publishedCaKey('capk visa 01 live 1024-bit', 'live'));
      const test = await addCaPublicKey(w.ctx.officer2, publishedCaKey('capk visa 01 live 1024-bit', 'test'));
      const mastercard = await addCaPublicKey(
        w.ctx.officer1,
        publishedCaKey('capk mastercard F5 test 1984-bit', 'test'),
      );
      expect(live).toMatchObject({
        rid: 'A000000003',
        index: '01',
        environment: 'live',
        checksum: 'D34A6A776011C7E7CE3AEC5F03AD2F8CFC5503CC',
        source: 'scheme',
        keyId: null,
      });
      expect(test).toMatchObject({ rid: 'A000000003', index: '01', environment: 'test' });
      expect(test.id).not.toBe(live.id);
      expect(mastercard).toMatchObject({ exponent: '010001', environment: 'test' });
      expect(await auditEventsFor(handle.db, live.id)).toMatchObject([
        {
          action: 'ca-key.add',
          result: 'success',
          category: 'security',
          details: {
            rid: 'A000000003',
            index: '01',
            environment: 'live',
            checksum: 'D34A6A776011C7E7CE3AEC5F03AD2F8CFC5503CC',
            bits: 1024,
          },
        },
      ]);
    });

    it('refuses a key whose checksum does not match, naming both checksums, audited', async () => {
      const key = publishedCaKey('capk visa 92 test 1408-bit', 'test');
      const refused = await rejectionOf(
        addCaPublicKey(w.ctx.officer1, { ...key, checksum: '00'.repeat(20) }),
      );
      expect([refused.code, refused.message]).toEqual([
        'INVALID_INPUT',
        `The checksum does not match CA key A000000003 index 92 (test list): you entered ${'00'.repeat(20)}, but SHA-1 over its RID, index, modulus and exponent is ${key.checksum}. Copy the key again from the scheme's list.`,
      ]);
      expect((await allAuditEvents(handle.db)).at(-1)).toMatchObject({
        action: 'ca-key.add',
        result: 'refused',
        actorName: 'Oscar Officer',
        details: { rid: 'A000000003', index: '92', environment: 'test', reason: refused.message },
      });
      const stored = await handle.db.select().from(caPublicKeys).where(eq(caPublicKeys.index, '92'));
      expect(stored).toEqual([]);
    });

    it('refuses the same RID and index twice on one list, audited', async () => {
      const key = publishedCaKey('capk amex 0F live 1408-bit', 'live');
      await addCaPublicKey(w.ctx.officer1, key);
      const refused = await rejectionOf(addCaPublicKey(w.ctx.officer2, key));
      expect([refused.code, refused.message]).toEqual([
        'CONFLICT',
        'The live list already has CA key A000000025 index 0F.',
      ]);
      expect((await allAuditEvents(handle.db)).at(-1)).toMatchObject({
        action: 'ca-key.add',
        result: 'refused',
        details: { reason: 'The live list already has CA key A000000025 index 0F.' },
      });
    });

    it('is for security officers only', async () => {
      const refused = await rejectionOf(
        addCaPublicKey(w.ctx.analyst, publishedCaKey('capk visa 07 live 1152-bit', 'live')),
      );
      expect([refused.code, refused.message]).toEqual(['FORBIDDEN', 'Your role does not allow this action.']);
    });

    it('never lets the database put a workbench TEST CA key on the live list', async () => {
      const key = await findKey(handle.db, {
        id: (await newIssuerKey({ label: 'Constraint probe' })).key.id,
      });
      await expect(
        insertCaPublicKey(handle.db, {
          ...publishedCaKey('capk visa 09 live 1984-bit', 'live'),
          source: 'workbench_test_ca',
          keyId: key!.id,
          addedBy: w.ctx.officer1.user.id,
        }),
      ).rejects.toThrow();
    });
  });

  describe('issuer keys', () => {
    it('generates an S0 RSA key pair in the HSM with its fingerprint, awaiting a certificate, audited', async () => {
      const { issuerKey, key } = await newIssuerKey();
      expect(key).toMatchObject({
        label: 'Issuer key 2030',
        usage: 'S0',
        algorithm: 'RSA',
        rsaBits: 1024,
        status: 'active',
        createdBy: w.ctx.officer1.user.id,
      });
      expect(key.kcv).toMatch(/^[0-9A-F]{6}$/);
      expect(key.backend).toMatch(/^software:/);
      expect(issuerKey).toMatchObject({
        keyId: key.id,
        issuerIdentifier: '476173',
        expiry: '1230',
        serial: '000001',
        exponent: '03',
        status: 'awaiting_certificate',
      });
      expect(await auditEventsFor(handle.db, issuerKey.id)).toMatchObject([
        {
          action: 'issuer-key.generate',
          category: 'management',
          result: 'success',
          details: { label: 'Issuer key 2030', bits: 1024, publicExponent: 3, fingerprint: key.kcv },
        },
      ]);
    });

    it('refuses an expiry that has passed, audited, and creates no key', async () => {
      const refused = await rejectionOf(newIssuerKey({ label: 'Expired issuer key', expiry: '0120' }));
      expect([refused.code, refused.message]).toEqual([
        'INVALID_INPUT',
        'Expiry 0120 has passed: a certificate is valid through the end of its expiry month.',
      ]);
      expect((await allAuditEvents(handle.db)).at(-1)).toMatchObject({
        action: 'issuer-key.generate',
        result: 'refused',
        details: { label: 'Expired issuer key', reason: refused.message },
      });
    });

    it('exports the public key and what the chosen CA needs, without the HSM reference, audited', async () => {
      const { issuerKey, key } = await newIssuerKey({ label: 'Export me' });
      const exported = await exportIssuerPublicKeyForCa(w.ctx.officer1, {
        issuerKeyId: issuerKey.id,
        caPublicKeyId: schemeCaRow.id,
      });
      expect(exported.fileName).toBe('issuer-key-Export-me-A000000003-94-live.json');
      expect(exported.document).toMatchObject({
        issuerKeyLabel: 'Export me',
        fingerprint: key.kcv,
        issuerIdentifier: '476173FF',
        expiry: '1230',
        serial: '000001',
        hashAlgorithm: '01',
        publicKeyAlgorithm: '01',
        modulusLength: 128,
        exponent: '03',
        certificateData: { ca: { rid: 'A000000003', index: '94', environment: 'live' } },
      });
      expect(exported.document.modulus).toHaveLength(256);
      // Book 2 Table 6: a 144-byte CA key leaves room for 108 bytes of the issuer modulus; 20 go in 92.
      expect(exported.document.certificateData!.remainder).toHaveLength(40);
      expect(exported.document.description).toContain(
        'for certification by CA key A000000003 index 94 (live list): issuer identifier 476173, expiry 1230 (MMYY), serial number 000001.',
      );
      expect(JSON.stringify(exported)).not.toContain(key.hsmKeyRef);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-key.export',
        result: 'success',
        details: { label: 'Export me', ca: { rid: 'A000000003', index: '94', environment: 'live' } },
      });
    });

    it('refuses to export for a CA key shorter than the issuer key, with the HSM reason, audited', async () => {
      const { issuerKey } = await newIssuerKey({ label: 'Too long for the CA', bits: 1152 });
      const shortCa = await addCaPublicKey(
        w.ctx.officer1,
        publishedCaKey('capk mastercard F8 test 1024-bit', 'test'),
      );
      const refused = await rejectionOf(
        exportIssuerPublicKeyForCa(w.ctx.officer1, { issuerKeyId: issuerKey.id, caPublicKeyId: shortCa.id }),
      );
      expect([refused.code, refused.message]).toEqual([
        'HSM_REFUSED',
        'The HSM refused the operation: issuer public key (144 bytes) must not be longer than the CA public key (128 bytes)',
      ]);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-key.export',
        result: 'refused',
        details: { reason: refused.message },
      });
    });
  });

  describe('scheme certificates', () => {
    /** What the scheme CA does with the exported file: sign the Table 6 fields with its private key. */
    async function schemeSigned(issuerKeyId: string) {
      const { document } = await exportIssuerPublicKeyForCa(w.ctx.officer1, {
        issuerKeyId,
        caPublicKeyId: schemeCaRow.id,
      });
      const certificate = buildIssuerCertificate(
        {
          issuerIdentifier: fromHex(document.issuerIdentifier),
          expiry: fromHex(document.expiry),
          serial: fromHex(document.serial),
          issuerPublicKey: { modulus: fromHex(document.modulus), exponent: fromHex(document.exponent) },
        },
        scheme.privateKey,
      );
      return {
        certificate: toHex(certificate.certificate),
        remainder: toHex(certificate.remainder),
        exponent: toHex(certificate.exponent) as '03' | '010001',
      };
    }

    it('imports a scheme-signed certificate: recovered, checked, stored with its list, key certified', async () => {
      const { issuerKey } = await newIssuerKey({ label: 'Certified by the scheme', serial: '0000A7' });
      const signed = await schemeSigned(issuerKey.id);
      const stored = await importIssuerCertificate(w.ctx.officer2, {
        issuerKeyId: issuerKey.id,
        caPublicKeyId: schemeCaRow.id,
        ...signed,
      });
      expect(stored).toMatchObject({
        environment: 'live',
        source: 'scheme_import',
        issuerIdentifier: '476173',
        expiry: '1230',
        serial: '0000A7',
        hashOk: true,
        certificate: signed.certificate,
        remainder: signed.remainder,
        exponent: '03',
        ca: { rid: 'A000000003', index: '94', environment: 'live', source: 'scheme' },
      });
      expect((await listIssuerKeys(handle.db)).find((row) => row.id === issuerKey.id)).toMatchObject({
        status: 'certified',
        certifiedLive: true,
        certifiedTest: false,
        certifiedByTestCa: false,
      });
      expect(await listIssuerCertificates(handle.db, { issuerKeyId: issuerKey.id })).toHaveLength(1);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.import',
        category: 'security',
        result: 'success',
        actorName: 'Olivia Officer',
        details: {
          label: 'Certified by the scheme',
          ca: { rid: 'A000000003', index: '94', environment: 'live' },
          environment: 'live',
          issuerIdentifier: '476173',
          expiry: '1230',
          serial: '0000A7',
        },
      });

      const again = await rejectionOf(
        importIssuerCertificate(w.ctx.officer2, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: schemeCaRow.id,
          ...signed,
        }),
      );
      expect([again.code, again.message]).toEqual([
        'CONFLICT',
        'Issuer key "Certified by the scheme" already has a certificate from CA key A000000003 index 94 (live list).',
      ]);
    });

    it('refuses an altered certificate with the HSM reason, audited, and stores nothing', async () => {
      const { issuerKey } = await newIssuerKey({ label: 'Altered certificate' });
      const signed = await schemeSigned(issuerKey.id);
      const refused = await rejectionOf(
        importIssuerCertificate(w.ctx.officer1, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: schemeCaRow.id,
          ...signed,
          remainder: `${signed.remainder.slice(0, -2)}00`,
        }),
      );
      expect([refused.code, refused.message]).toEqual([
        'HSM_REFUSED',
        'The HSM refused the operation: issuer certificate: the hash result does not match the certificate, remainder and exponent (EMV 4.4 Book 2 5.3 step 7): the certificate or its remainder was altered, or belongs to another key',
      ]);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.import',
        result: 'refused',
        details: { reason: refused.message, ca: { rid: 'A000000003', index: '94', environment: 'live' } },
      });
      expect(await listIssuerCertificates(handle.db, { issuerKeyId: issuerKey.id })).toEqual([]);
      expect((await findIssuerKey(handle.db, { id: issuerKey.id }))!.issuerKey.status).toBe(
        'awaiting_certificate',
      );
    });

    it('refuses a certificate for another issuer key, with the HSM reason', async () => {
      const { issuerKey: other } = await newIssuerKey({ label: 'Other issuer key' });
      const { issuerKey } = await newIssuerKey({ label: 'Wrong certificate' });
      const refused = await rejectionOf(
        importIssuerCertificate(w.ctx.officer1, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: schemeCaRow.id,
          ...(await schemeSigned(other.id)),
        }),
      );
      const { key } = (await findIssuerKey(handle.db, { id: issuerKey.id }))!;
      expect(refused.message).toBe(
        `The HSM refused the operation: issuer certificate: it certifies another issuer public key (128 bytes) than key ${key.hsmKeyRef} in the HSM (128 bytes)`,
      );
    });

    it('refuses a certificate checked with another CA key, with the HSM reason, audited', async () => {
      const { issuerKey } = await newIssuerKey({ label: 'Checked with the wrong CA' });
      const otherCa = await addCaPublicKey(
        w.ctx.officer1,
        publishedCaKey('capk mastercard 05 live 1408-bit', 'live'),
      );
      const refused = await rejectionOf(
        importIssuerCertificate(w.ctx.officer1, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: otherCa.id,
          ...(await schemeSigned(issuerKey.id)),
        }),
      );
      expect([refused.code, refused.message]).toEqual([
        'HSM_REFUSED',
        'The HSM refused the operation: issuer certificate is 144 bytes, but the CA public key modulus is 176 bytes',
      ]);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.import',
        result: 'refused',
        details: { ca: { rid: 'A000000004', index: '05', environment: 'live' }, reason: refused.message },
      });
    });

    it('refuses an issuer key that has been suspended', async () => {
      const { issuerKey, key } = await newIssuerKey({ label: 'Suspended issuer key' });
      await changeKeyStatus(w.ctx.officer1, {
        keyId: key.id,
        status: 'suspended',
        reason: 'compromise drill',
      });
      const refused = await rejectionOf(
        exportIssuerPublicKeyForCa(w.ctx.officer1, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: schemeCaRow.id,
        }),
      );
      expect([refused.code, refused.message]).toEqual([
        'CONFLICT',
        'Issuer key "Suspended issuer key" is suspended: reactivate it in the key inventory first.',
      ]);
    });
  });

  describe('the workbench TEST CA', () => {
    it('creates an S0 key labelled TEST CA and puts its public key on the test list, audited', async () => {
      const { ca, key } = await createTestCa(w.ctx.officer1, { rid: 'A000000003', index: 'F1', bits: 1152 });
      expect(key).toMatchObject({
        label: 'TEST CA A000000003 F1',
        usage: 'S0',
        algorithm: 'RSA',
        rsaBits: 1152,
      });
      expect(ca).toMatchObject({
        rid: 'A000000003',
        index: 'F1',
        environment: 'test',
        source: 'workbench_test_ca',
        keyId: key.id,
        exponent: '03',
      });
      expect(ca.modulus).toHaveLength(288);
      expect(ca.checksum).toBe(caChecksumOf(ca));
      expect(await auditEventsFor(handle.db, ca.id)).toMatchObject([
        {
          action: 'test-ca.create',
          category: 'security',
          result: 'success',
          details: { rid: 'A000000003', index: 'F1', environment: 'test', label: 'TEST CA A000000003 F1' },
        },
      ]);

      const again = await rejectionOf(
        createTestCa(w.ctx.officer2, { rid: 'A000000003', index: 'F1', bits: 1024 }),
      );
      expect([again.code, again.message]).toEqual([
        'CONFLICT',
        'The test list already has CA key A000000003 index F1: choose another index for the TEST CA.',
      ]);
      expect((await allAuditEvents(handle.db)).at(-1)).toMatchObject({
        action: 'test-ca.create',
        result: 'refused',
        details: { reason: again.message },
      });
    });

    it('signs an issuer certificate for a test program, checked by recovery and stored as test', async () => {
      const { ca } = await createTestCa(w.ctx.officer1, { rid: 'A000000004', index: 'F2', bits: 1152 });
      const { issuerKey } = await newIssuerKey({ label: 'Test program issuer key', serial: '123456' });
      const stored = await signIssuerCertificateWithTestCa(w.ctx.officer2, {
        issuerKeyId: issuerKey.id,
        caPublicKeyId: ca.id,
      });
      expect(stored).toMatchObject({
        environment: 'test',
        source: 'workbench_test_ca',
        issuerIdentifier: '476173',
        expiry: '1230',
        serial: '123456',
        hashOk: true,
        exponent: '03',
        ca: { rid: 'A000000004', index: 'F2', environment: 'test', source: 'workbench_test_ca' },
      });
      // A terminal holding the test list's key recovers it: EMV 4.4 Book 2 5.3.
      const recovered = recoverIssuerCertificate(
        fromHex(stored.certificate),
        { modulus: fromHex(ca.modulus), exponent: fromHex(ca.exponent) },
        fromHex(stored.remainder),
        fromHex(stored.exponent),
      );
      expect(recovered.hashOk).toBe(true);
      expect(toHex(recovered.issuerIdentifier)).toBe('476173FF');
      expect((await listIssuerKeys(handle.db)).find((row) => row.id === issuerKey.id)).toMatchObject({
        status: 'certified',
        certifiedLive: false,
        certifiedTest: true,
        certifiedByTestCa: true,
      });
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.sign-test-ca',
        result: 'success',
        details: { ca: { rid: 'A000000004', index: 'F2', environment: 'test' }, environment: 'test' },
      });
    });

    it('refuses to sign with a scheme CA key, audited', async () => {
      const { issuerKey } = await newIssuerKey({ label: 'Not for a scheme key' });
      const refused = await rejectionOf(
        signIssuerCertificateWithTestCa(w.ctx.officer1, {
          issuerKeyId: issuerKey.id,
          caPublicKeyId: schemeCaRow.id,
        }),
      );
      expect([refused.code, refused.message]).toEqual([
        'INVALID_INPUT',
        "CA key A000000003 index 94 (live list) is a scheme's key: only the workbench's TEST CA signs here. Import the certificate the scheme sends instead.",
      ]);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.sign-test-ca',
        result: 'refused',
        details: { reason: refused.message },
      });
    });

    it('refuses to sign with a suspended TEST CA key, and an issuer key longer than the TEST CA key', async () => {
      const { ca, key } = await createTestCa(w.ctx.officer1, { rid: 'A000000004', index: 'F3', bits: 1024 });
      const { issuerKey: longer } = await newIssuerKey({ label: 'Longer than the CA', bits: 1152 });
      const tooLong = await rejectionOf(
        signIssuerCertificateWithTestCa(w.ctx.officer1, { issuerKeyId: longer.id, caPublicKeyId: ca.id }),
      );
      expect([tooLong.code, tooLong.message]).toEqual([
        'HSM_REFUSED',
        'The HSM refused the operation: issuer public key (144 bytes) must not be longer than the CA public key (128 bytes)',
      ]);
      await changeKeyStatus(w.ctx.officer1, { keyId: key.id, status: 'suspended', reason: 'end of test' });
      const { issuerKey } = await newIssuerKey({ label: 'After the TEST CA was suspended' });
      const suspended = await rejectionOf(
        signIssuerCertificateWithTestCa(w.ctx.officer1, { issuerKeyId: issuerKey.id, caPublicKeyId: ca.id }),
      );
      expect([suspended.code, suspended.message]).toEqual([
        'CONFLICT',
        'The TEST CA key "TEST CA A000000004 F3" is suspended: reactivate it in the key inventory first.',
      ]);
      expect((await auditEventsFor(handle.db, issuerKey.id)).at(-1)).toMatchObject({
        action: 'issuer-certificate.sign-test-ca',
        result: 'refused',
      });
    });
  });
});
