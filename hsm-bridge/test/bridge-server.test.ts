import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HsmBridgeClient, HsmBridgeError } from '../../server/hsm/bridge-client';
import { BridgeAuditLog } from '../src/audit-log';
import { SoftwareBackend } from '../src/backends/software/software-backend';
import { startBridgeServer } from '../src/server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dataprep-bridge-'));
const socketPath = path.join(dir, 'bridge.sock');
const keyFile = path.join(dir, 'bridge.key');
const wrongKeyFile = path.join(dir, 'wrong.key');
let server: net.Server;

beforeAll(async () => {
  const sharedKey = randomBytes(32);
  writeFileSync(keyFile, sharedKey.toString('hex'));
  writeFileSync(wrongKeyFile, randomBytes(32).toString('hex'));
  server = await startBridgeServer({
    socketPath,
    sharedKey,
    backend: new SoftwareBackend(path.join(dir, 'hsm')),
    audit: new BridgeAuditLog(path.join(dir, 'audit.log')),
  });
});
afterAll(() => server.close());

function readLines(socket: net.Socket): Promise<string[]> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text.split('\n').filter(Boolean)));
  });
}

describe('HSM bridge listener', () => {
  it('answers a client that holds the shared key (positive control)', async () => {
    const client = new HsmBridgeClient(socketPath, keyFile);
    const key = await client.call('generateKey', { algorithm: 'TDES2', usage: 'E0', label: 'imk' });
    expect(key.kcv).toMatch(/^[0-9A-F]{6}$/);
    expect(await client.call('status', {})).toMatchObject({ backend: 'software', keyCount: 1 });
    client.close();
  });

  it('gives a client with the wrong key nothing but a closed connection', async () => {
    const client = new HsmBridgeClient(socketPath, wrongKeyFile);
    await expect(client.call('status', {})).rejects.toThrow(
      new HsmBridgeError('UNAVAILABLE', 'the HSM bridge refused the connection'),
    );
  });

  it('ignores commands sent before authentication and closes the connection', async () => {
    const socket = net.createConnection(socketPath);
    const lines = readLines(socket);
    socket.write(`${JSON.stringify({ id: 1, command: 'status', params: {} })}\n`);
    const received = await lines;
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toMatchObject({ type: 'hello' });
  });

  it('reports invalid parameters with the field at fault', async () => {
    const client = new HsmBridgeClient(socketPath, keyFile);
    await expect(
      client.call('deriveCardMasterKeys', {
        kekRef: 'bbbbbbbb-0000',
        method: 'A',
        masterKeys: [{ name: 'MK-AC', issuerMasterKeyRef: 'aaaaaaaa-0000' }],
        cards: [{ pan: '12345', psn: '00' }],
      }),
    ).rejects.toThrow('PAN must be 12 to 19 digits');
    client.close();
  });
});

describe('HSM bridge client', () => {
  it('refuses an impostor that cannot prove it holds the shared key', async () => {
    const impostorPath = path.join(dir, 'impostor.sock');
    const impostor = net.createServer((socket) => {
      socket.write(
        `${JSON.stringify({ type: 'hello', nonce: randomBytes(32).toString('hex').toUpperCase() })}\n`,
      );
      socket.on('data', () =>
        socket.write(
          `${JSON.stringify({ type: 'auth-ok', proof: randomBytes(32).toString('hex').toUpperCase() })}\n`,
        ),
      );
    });
    await new Promise<void>((resolve) => impostor.listen(impostorPath, resolve));
    const client = new HsmBridgeClient(impostorPath, keyFile);
    await expect(client.call('status', {})).rejects.toThrow('the HSM bridge could not prove its identity');
    impostor.close();
  });
});

describe('the bridge audit line', () => {
  it('names every key a command touches, at any depth, and never a value', async () => {
    const { keyRefsOf } = await import('../src/ops');
    expect(
      keyRefsOf({
        kekRef: 'kek-0001',
        masterKeys: [
          { name: 'MK-AC', issuerMasterKeyRef: 'imk-0001' },
          { name: 'MK-SMI', issuerMasterKeyRef: 'imk-0002' },
        ],
        cards: [{ pan: '4761739001010010', psn: '00' }],
      }),
    ).toEqual(['kek-0001', 'imk-0001', 'imk-0002']);
  });
});
