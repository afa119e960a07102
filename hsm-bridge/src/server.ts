import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { bridgeAuth, bridgeRequest, handshakeLabels, handshakeProof } from '../../server/emv/hsm-commands';
import type { HsmBackend } from './backends/backend';
import { BridgeError } from './bridge-error';
import type { BridgeAuditLog } from './audit-log';
import { onJsonLines, sendJson } from './line-channel';
import { keyRefsOf, runCommand } from './ops';

const maxLineBytes = 4 * 1024 * 1024;

/**
 * The bridge's listener on a Unix domain socket (mode 0600). A connection must first prove it holds
 * the shared key (and the bridge proves it back); until then every message is ignored, and a wrong
 * proof closes the connection without a word.
 */
export function startBridgeServer(options: {
  socketPath: string;
  sharedKey: Buffer;
  backend: HsmBackend;
  audit: BridgeAuditLog;
}): Promise<net.Server> {
  const { socketPath, sharedKey, backend, audit } = options;
  if (existsSync(socketPath)) unlinkSync(socketPath);
  let connections = 0;
  // Commands run one at a time: a PKCS#11 session is single-threaded, and order keeps audit lines exact.
  let queue: Promise<unknown> = Promise.resolve();

  const server = net.createServer((socket) => {
    const caller = `connection-${++connections}`;
    const bridgeNonce = randomBytes(32).toString('hex').toUpperCase();
    let authenticated = false;
    const handshakeTimer = setTimeout(() => socket.destroy(), 5000);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clearTimeout(handshakeTimer));
    sendJson(socket, { type: 'hello', nonce: bridgeNonce });

    onJsonLines(socket, maxLineBytes, (message) => {
      if (!authenticated) {
        const auth = bridgeAuth.safeParse(message);
        const expected = auth.success
          ? handshakeProof(sharedKey, handshakeLabels.client, bridgeNonce, auth.data.nonce)
          : '';
        if (!auth.success || !timingSafeEqual(Buffer.from(expected), Buffer.from(auth.data.proof))) {
          audit.write({ caller, command: 'authenticate', result: 'refused' });
          socket.destroy();
          return;
        }
        authenticated = true;
        clearTimeout(handshakeTimer);
        sendJson(socket, {
          type: 'auth-ok',
          proof: handshakeProof(sharedKey, handshakeLabels.bridge, auth.data.nonce, bridgeNonce),
        });
        return;
      }
      const request = bridgeRequest.safeParse(message);
      if (!request.success) {
        socket.destroy();
        return;
      }
      const { id, command, params } = request.data;
      queue = queue.then(async () => {
        const cards = (params as { cards?: unknown[] } | undefined)?.cards;
        const entry = {
          caller,
          command,
          keyRefs: keyRefsOf(params),
          count: Array.isArray(cards) ? cards.length : 1,
        };
        try {
          const result = await runCommand(backend, command, params);
          audit.write({ ...entry, result: 'ok' });
          sendJson(socket, { id, ok: true, result });
        } catch (error) {
          const known = error instanceof BridgeError;
          const code = known ? error.code : 'HSM_ERROR';
          const text = known ? error.message : 'the HSM refused the operation; see the bridge log';
          audit.write({
            ...entry,
            result: code,
            error: error instanceof Error ? error.message : String(error),
          });
          sendJson(socket, { id, ok: false, error: { code, message: text } });
        }
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      chmodSync(socketPath, 0o600);
      resolve(server);
    });
  });
}
