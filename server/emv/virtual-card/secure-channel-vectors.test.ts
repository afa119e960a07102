/**
 * The published SCP02 and SCP03 sessions (../shared/vectors, gp_scp02_session and gp_scp03_session)
 * replayed against the virtual card's card side: the card must give the very INITIALIZE UPDATE response
 * of the trace (its card cryptogram, and for SCP03 its pseudo-random card challenge), accept the
 * trace's EXTERNAL AUTHENTICATE, recover every wrapped command exactly, and R-MAC its responses as the
 * trace does.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes';
import { type CommandApdu, encodeCommandApdu } from '../crypto/command-apdu';
import { loadVectors } from '../vectors/load-vectors';
import { SW, VirtualCard, statusWordOf } from './index';

const vectors = loadVectors();
const hex = (value: unknown) => fromHex(String(value));

interface Recorder {
  commands: string[];
  respond: (command: CommandApdu) => { data: Buffer; sw: number };
}

function recorder(responses: ReadonlyMap<number, Buffer> = new Map()): Recorder {
  const commands: string[] = [];
  return {
    commands,
    respond: (command) => {
      const index = commands.length;
      commands.push(toHex(encodeCommandApdu(command)));
      const response = responses.get(index);
      return response
        ? { data: response.subarray(0, response.length - 2), sw: statusWordOf(response) }
        : { data: Buffer.alloc(0), sw: SW.ok };
    },
  };
}

describe('SCP02 sessions of the vector file, through the virtual card', () => {
  for (const vector of vectors.filter((v) => v.algorithm === 'gp_scp02_session')) {
    it(vector.name, () => {
      const { inputs, expected } = vector;
      const iu = hex(inputs.init_update_response);
      const isd = recorder();
      const card = new VirtualCard({
        secureChannel: {
          protocol: 'SCP02',
          keys: { enc: hex(inputs.enc), mac: hex(inputs.mac), dek: hex(inputs.dek) },
          keyDiversificationData: iu.subarray(0, 10),
          keyVersion: iu[10]!,
          iParameter: inputs.icv_encryption ? 0x15 : 0x05,
          sequenceCounter: iu.readUInt16BE(12),
        },
        applications: [],
        random: () => Buffer.from(iu.subarray(14, 20)),
        isdCommand: isd.respond,
      });
      card.powerOn('contact');
      const response = card.transmit(fromHex(`8050000008${String(inputs.host_challenge)}00`));
      expect(toHex(response)).toBe(`${toHex(iu)}9000`);
      expect(toHex(card.transmit(hex(expected.ext_auth_apdu)))).toBe('9000');
      const commands = inputs.commands as string[];
      commands.forEach((_, index) => {
        expect(toHex(card.transmit(hex(expected[`wrapped_${index}`])))).toBe('9000');
      });
      expect(isd.commands).toEqual(commands.map((command) => command.toUpperCase()));
    });
  }

  it('refuses a command whose C-MAC was altered with 6982 and closes the channel', () => {
    const vector = vectors.find((v) => v.algorithm === 'gp_scp02_session')!;
    const iu = hex(vector.inputs.init_update_response);
    const card = new VirtualCard({
      secureChannel: {
        protocol: 'SCP02',
        keys: { enc: hex(vector.inputs.enc), mac: hex(vector.inputs.mac), dek: hex(vector.inputs.dek) },
        keyDiversificationData: iu.subarray(0, 10),
        keyVersion: iu[10]!,
        iParameter: 0x15,
        sequenceCounter: iu.readUInt16BE(12),
      },
      applications: [],
      random: () => Buffer.from(iu.subarray(14, 20)),
    });
    card.powerOn();
    card.transmit(fromHex(`8050000008${String(vector.inputs.host_challenge)}00`));
    const ea = hex(vector.expected.ext_auth_apdu);
    const wrongHost = Buffer.from(ea);
    wrongHost[6]! ^= 0x01;
    expect(toHex(card.transmit(wrongHost))).toBe('6982');
    expect(card.explain()).toBe('EXTERNAL AUTHENTICATE refused: C-MAC does not verify');
    expect(toHex(card.transmit(ea))).toBe('6982');
    expect(card.explain()).toBe('no secure channel is open');
  });
});

describe('SCP03 sessions of the vector file, through the virtual card', () => {
  for (const vector of vectors.filter((v) => v.algorithm === 'gp_scp03_session')) {
    it(vector.name, () => {
      const { inputs, expected } = vector;
      const iu = hex(inputs.init_update_response);
      const rMac = (parseInt(String(inputs.security_level), 16) & 0x10) !== 0;
      const steps = (inputs.steps ?? []) as Array<{ command: string; response?: string }>;
      const responses = new Map<number, Buffer>();
      if (expected.unwrapped_0) responses.set(0, hex(expected.unwrapped_0));
      const isd = recorder(responses);
      const card = new VirtualCard({
        // The ISD AID is the context of the pseudo-random card challenge (Amendment D 6.2.2.1): the
        // GP default ISD for the kaoh traces, the eUICC ISD-R for pysim's.
        isdAid: vector.name.startsWith('pysim') ? 'A0000005591010FFFFFFFF8900000100' : 'A000000151000000',
        secureChannel: {
          protocol: 'SCP03',
          keys: { enc: hex(inputs.enc), mac: hex(inputs.mac), dek: hex(inputs.dek) },
          keyDiversificationData: iu.subarray(0, 10),
          keyVersion: iu[10]!,
          iParameter: iu[12]!,
          sequenceCounter: iu.readUIntBE(29, 3),
        },
        applications: [],
        isdCommand: isd.respond,
      });
      card.powerOn('contact');
      const response = card.transmit(fromHex(`8050000008${String(inputs.host_challenge)}00`));
      expect(toHex(response)).toBe(`${toHex(iu)}9000`);
      expect(toHex(card.transmit(hex(expected.ext_auth_apdu)))).toBe('9000');
      steps.forEach((step, index) => {
        const wrapped = expected[`wrapped_${index}`];
        if (wrapped === undefined) return;
        const answer = toHex(card.transmit(hex(wrapped)));
        if (step.response) expect(answer).toBe(step.response.toUpperCase());
        // With R-MAC (security level b5) every 9000 response carries an 8-byte R-MAC.
        else expect(answer).toMatch(rMac ? /^[0-9A-F]{16}9000$/ : /^9000$/);
        expect(isd.commands[index]).toBe(step.command.toUpperCase());
      });
    });
  }
});
