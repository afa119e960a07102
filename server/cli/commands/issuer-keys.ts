import { integer, parseOptions, required, serverOptions } from '../cli-args';
import { printResult, table, type CliCommand } from '../cli-command';
import { signedIn, type ApiInput } from '../workbench/workbench-client';

export const caCreateTest: CliCommand = {
  name: 'keys ca create-test',
  synopsis: '--rid RID --index INDEX --bits BITS',
  summary: 'make the workbench\u2019s TEST certification authority for a RID and index (test profiles only)',
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...serverOptions,
      rid: { type: 'string' },
      index: { type: 'string' },
      bits: { type: 'string' },
    });
    const input = {
      rid: required(values.rid, 'rid', 'the 5-byte RID in hex, e.g. F000000001'),
      index: required(values.index, 'index', 'the CA key index in hex, e.g. 92'),
      bits: integer(required(values.bits, 'bits', 'the CA key length, e.g. 1408'), 'bits')!,
    };
    const { workbench } = signedIn(io, values);
    const ca = await workbench.api.keys.caKeys.createTestCa.mutate(input);
    printResult(io, values.json, ca, () => [
      `TEST CA ${ca.rid} index ${ca.index} (${ca.bits} bits) created: CA key id ${ca.id}, checksum ${ca.checksum}.`,
    ]);
    return 0;
  },
};

export const caList: CliCommand = {
  name: 'keys ca list',
  synopsis: '',
  summary: 'the CA public keys of the live and test lists',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const keys = await workbench.api.keys.caKeys.list.query();
    printResult(io, values.json, keys, () =>
      keys.length === 0
        ? ['No CA public keys yet.']
        : table([
            ['ID', 'RID', 'INDEX', 'LIST', 'BITS', 'SOURCE'],
            ...keys.map((k) => [k.id, k.rid, k.index, k.environment, String(k.bits), k.source]),
          ]),
    );
    return 0;
  },
};

export const issuerGenerate: CliCommand = {
  name: 'keys issuer generate',
  synopsis:
    '--label LABEL --bits BITS --exponent 3|65537 --issuer-identifier DIGITS --expiry MMYY --serial HEX',
  summary: 'generate an issuer RSA key in the HSM, with the fields of the certificate to ask a CA for',
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...serverOptions,
      label: { type: 'string' },
      bits: { type: 'string' },
      exponent: { type: 'string' },
      'issuer-identifier': { type: 'string' },
      expiry: { type: 'string' },
      serial: { type: 'string' },
    });
    const input = {
      label: required(values.label, 'label', 'the issuer key\u2019s name in the inventory'),
      bits: integer(required(values.bits, 'bits', 'the key length, e.g. 1152'), 'bits')!,
      publicExponent: integer(required(values.exponent, 'exponent', '3 or 65537'), 'exponent')!,
      issuerIdentifier: required(
        values['issuer-identifier'],
        'issuer-identifier',
        'the leading 3 to 8 digits of the PANs, e.g. 999901',
      ),
      expiry: required(values.expiry, 'expiry', 'the certificate expiry month, MMYY'),
      serial: required(values.serial, 'serial', 'the certificate serial number, 3 bytes hex'),
    };
    const { workbench } = signedIn(io, values);
    const key = await workbench.api.keys.issuerKeys.generate.mutate(
      input as ApiInput['keys']['issuerKeys']['generate'],
    );
    printResult(io, values.json, key, () => [
      `Issuer key ${key.label} generated (${key.rsaBits} bits): issuer key id ${key.id}, fingerprint ${key.fingerprint}.`,
    ]);
    return 0;
  },
};

export const issuerCertifyTest: CliCommand = {
  name: 'keys issuer certify-test',
  synopsis: 'ISSUER_KEY_ID --ca CA_KEY_ID',
  summary: 'have the workbench\u2019s TEST CA sign the issuer key\u2019s certificate (test profiles only)',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...serverOptions, ca: { type: 'string' } }, [
      'ISSUER_KEY_ID',
    ]);
    const caPublicKeyId = required(values.ca, 'ca', 'the TEST CA\u2019s CA key id, from "keys ca list"');
    const { workbench } = signedIn(io, values);
    const certificate = await workbench.api.keys.issuerKeys.signWithTestCa.mutate({
      issuerKeyId: positionals[0]!,
      caPublicKeyId,
    });
    printResult(io, values.json, certificate, () => [
      `Issuer certificate ${certificate.id}: issuer ${certificate.issuerIdentifier}, expiry ${certificate.expiry}, signed by TEST CA ${certificate.ca.rid} index ${certificate.ca.index}.`,
      `Give it to a job as --issuer-certificate APPLICATION_ID=${certificate.id}`,
    ]);
    return 0;
  },
};

export const issuerList: CliCommand = {
  name: 'keys issuer list',
  synopsis: '',
  summary: 'issuer keys and the id of each of their certificates',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const issuerKeys = await Promise.all(
      (await workbench.api.keys.issuerKeys.list.query()).map((key) =>
        workbench.api.keys.issuerKeys.get.query({ issuerKeyId: key.id }),
      ),
    );
    printResult(io, values.json, issuerKeys, () =>
      issuerKeys.length === 0
        ? ['No issuer keys yet.']
        : issuerKeys.flatMap((key) => [
            `${key.label}  (issuer key ${key.id}, ${key.rsaBits ?? '?'} bits, issuer ${key.issuerIdentifier}, ${key.status})`,
            ...table(
              key.certificates.map((c) => [
                '  certificate',
                c.id,
                `${c.environment} CA ${c.ca.rid} ${c.ca.index}`,
                `expires ${c.expiry}`,
              ]),
            ),
          ]),
    );
    return 0;
  },
};
