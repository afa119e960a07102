import { constants, createHash, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ceremonyKeyFingerprint, componentKcv, encryptComponent, parseComponent } from './ceremony-component';

/** The published examples of server/emv/hsm-commands/key-blocks.ts, the browser's contract. */
const example = '3F419E1CB7079442AA37474C2EFBF8B8';

describe('a custodian\u2019s component, as the browser handles it', () => {
  it('has the KCV of the published examples: TDES 3 bytes of E(0), AES 5 bytes of CMAC(0)', () => {
    const component = parseComponent(` ${example.slice(0, 16)}\n${example.slice(16)}\n`, 'TDES2') as Buffer;
    expect(componentKcv(component, 'TDES2')).toBe('57C409');
    expect(componentKcv(parseComponent(example, 'AES128') as Buffer, 'AES128')).toBe('08793E25AB');
  });

  it('says what is wrong with a mistyped component', () => {
    expect(parseComponent('3F41 9E1C', 'TDES2')).toBe('A TDES2 component is 32 hex digits; this one has 8.');
    expect(parseComponent(`${example.slice(0, 31)}G`, 'TDES2')).toBe(
      'A component is hexadecimal: 0-9 and A-F only.',
    );
    expect(parseComponent(example, 'AES256')).toBe('A AES256 component is 64 hex digits; this one has 32.');
  });

  it('is encrypted with RSA-OAEP SHA-256 to the ceremony key, which only its private key opens', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('hex').toUpperCase();
    const encrypted = encryptComponent(spki, Buffer.from(example, 'hex'));
    expect(encrypted).toMatch(/^[0-9A-F]{512}$/);
    const opened = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(encrypted, 'hex'),
    );
    expect(opened.toString('hex').toUpperCase()).toBe(example);
    expect(ceremonyKeyFingerprint(spki)).toBe(
      createHash('sha256').update(Buffer.from(spki, 'hex')).digest('hex').toUpperCase(),
    );
  });
});
