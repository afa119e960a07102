/**
 * npm run bench:bridge — operations per second of the HSM bridge's operations on both backends
 * (software, and SoftHSM2 through PKCS#11 when installed), beside the raw node:crypto rate for the
 * same RSA work, measured in the same run. It prints figures; it asserts nothing.
 */
import { constants, generateKeyPairSync, privateEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HsmBackend } from '../hsm-bridge/src/backends/backend';
import { Pkcs11Backend } from '../hsm-bridge/src/backends/pkcs11/pkcs11-backend';
import { SoftwareBackend } from '../hsm-bridge/src/backends/software/software-backend';
import { runCommand } from '../hsm-bridge/src/ops';
import { softHsmToken } from '../hsm-bridge/test/softhsm-token';
import { withLuhnDigit } from '../server/emv/pan';

const pans = (n: number) =>
  Array.from({ length: n }, (_, i) => withLuhnDigit(`476173900${String(i).padStart(6, '0')}`));

async function rate(work: () => Promise<number>, seconds = 3): Promise<number> {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < seconds * 1000) done += await work();
  return done / ((performance.now() - started) / 1000);
}

async function benchBackend(name: string, backend: HsmBackend) {
  const call = (command: Parameters<typeof runCommand>[1], params: unknown) =>
    runCommand(backend, command, params) as Promise<{ keyRef: string }>;
  const gen = (usage: string, label: string) => call('generateKey', { usage, algorithm: 'TDES2', label });
  const [ac, smi, smc, kek] = await Promise.all([
    gen('E0', 'bench MK-AC'),
    gen('E2', 'bench MK-SMI'),
    gen('E1', 'bench MK-SMC'),
    gen('K0', 'bench KEK'),
  ]);
  const cards = pans(500).map((pan) => ({ pan, psn: '00' }));
  const derivation = await rate(async () => {
    await call('deriveCardMasterKeys', {
      kekRef: kek.keyRef,
      method: 'A',
      masterKeys: [
        { name: 'MK-AC', issuerMasterKeyRef: ac.keyRef },
        { name: 'MK-SMI', issuerMasterKeyRef: smi.keyRef },
        { name: 'MK-SMC', issuerMasterKeyRef: smc.keyRef },
      ],
      cards,
    });
    return cards.length;
  });
  const issuer = await call('generateIssuerKeyPair', {
    label: `bench issuer ${name}`,
    bits: 1408,
    publicExponent: 3,
  });
  const staticData = randomBytes(200).toString('hex').toUpperCase();
  const ssad = await rate(async () => {
    const batch = Array.from({ length: 100 }, () => ({ dataAuthenticationCode: 'DAC1', staticData }));
    await call('signStaticApplicationData', { issuerKeyRef: issuer.keyRef, cards: batch });
    return batch.length;
  });
  const icc = async (bits: number, seconds: number) =>
    rate(async () => {
      const batch = pans(20).map((pan) => ({ pan, expiry: '1230', serial: '000001', staticData }));
      await call('prepareIccKeys', {
        issuerKeyRef: issuer.keyRef,
        kekRef: kek.keyRef,
        issuerIdentifier: '476173',
        issuerCertificateExpiry: '1249',
        iccBits: bits,
        iccExponent: 3,
        cards: batch,
      });
      return batch.length;
    }, seconds);
  return { derivation, ssad, icc1024: await icc(1024, 6), icc1408: await icc(1408, 8) };
}

function rawNodeRates() {
  const out: Record<string, number> = {};
  for (const bits of [1024, 1408]) {
    const started = performance.now();
    let n = 0;
    let key = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 }).privateKey;
    while (performance.now() - started < 4000) {
      key = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 3 }).privateKey;
      n++;
    }
    out[`keygen${bits}`] = n / ((performance.now() - started) / 1000);
    const block = Buffer.concat([Buffer.from([0x6a]), randomBytes(bits / 8 - 2), Buffer.from([0xbc])]);
    const s2 = performance.now();
    let m = 0;
    while (performance.now() - s2 < 2000) {
      privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
      m++;
    }
    out[`sign${bits}`] = m / ((performance.now() - s2) / 1000);
  }
  return out;
}

const f = (n: number) => n.toFixed(1).padStart(10);
const backends: [string, HsmBackend][] = [
  ['software', new SoftwareBackend(mkdtempSync(path.join(os.tmpdir(), 'bench-sw-')))],
];
try {
  backends.push(['pkcs11 (SoftHSM2)', new Pkcs11Backend(softHsmToken())]);
} catch (error) {
  console.log(`PKCS#11 backend not measured: ${(error as Error).message}`);
}
console.log(
  `HSM bridge benchmark (${os.cpus().length} CPUs, Node ${process.version}); operations per second`,
);
const raw = rawNodeRates();
console.log(
  `raw node:crypto: RSA-1024 keygen ${f(raw.keygen1024!)}  RSA-1408 keygen ${f(raw.keygen1408!)}  RSA-1024 private op ${f(raw.sign1024!)}  RSA-1408 private op ${f(raw.sign1408!)}`,
);
console.log(
  'backend              | Option A, 3 keys/card | SSAD (1408) | ICC key+cert 1024 | ICC key+cert 1408',
);
for (const [name, backend] of backends) {
  const r = await benchBackend(name, backend);
  console.log(
    `${name.padEnd(20)} | ${f(r.derivation)} cards/s | ${f(r.ssad)} | ${f(r.icc1024)} | ${f(r.icc1408)}`,
  );
  console.log(
    `${''.padEnd(20)}   ICC 1024 vs raw keygen: ${(r.icc1024 / raw.keygen1024!).toFixed(2)}x; ICC 1408 vs raw keygen: ${(r.icc1408 / raw.keygen1408!).toFixed(2)}x (the key pool pre-generates in the background)`,
  );
  await backend.close();
}
process.exit(0);
