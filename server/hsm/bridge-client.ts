import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import {
  bridgeAuthOk,
  bridgeCommands,
  bridgeHello,
  bridgeResponse,
  handshakeLabels,
  handshakeProof,
  JsonLineDecoder,
  type BridgeCommand,
  type BridgeErrorCode,
  type CommandParams,
  type CommandResult,
} from '../emv/hsm-commands';

export class HsmBridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode | 'UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The server's side of the bridge: one authenticated connection, requests matched to responses by id,
 * both validated with the shared command schemas. The bridge must prove it holds the shared key too,
 * so the server never sends card data to an impostor listening on the socket path.
 */
export class HsmBridgeClient {
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly socketPath: string,
    private readonly sharedKeyFile: string,
  ) {}

  async call<C extends BridgeCommand>(command: C, params: CommandParams<C>): Promise<CommandResult<C>> {
    const spec = bridgeCommands[command];
    const checked = spec.params.parse(params);
    const socket = await this.connection();
    const id = this.nextId++;
    const raw = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.write(`${JSON.stringify({ id, command, params: checked })}\n`);
    });
    return spec.result.parse(raw) as CommandResult<C>;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connection(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private connect(): Promise<net.Socket> {
    let sharedKey: Buffer;
    try {
      sharedKey = Buffer.from(readFileSync(this.sharedKeyFile, 'utf8').trim(), 'hex');
    } catch {
      return Promise.reject(
        new HsmBridgeError('UNAVAILABLE', 'the HSM bridge key file is missing: is the bridge running?'),
      );
    }
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(this.socketPath);
      const clientNonce = randomBytes(32).toString('hex').toUpperCase();
      let bridgeNonce = '';
      let state: 'hello' | 'auth' | 'ready' = 'hello';
      const fail = (message: string) => {
        socket.destroy();
        reject(new HsmBridgeError('UNAVAILABLE', message));
      };
      const timer = setTimeout(() => fail('the HSM bridge did not answer in time'), 5000);
      socket.setEncoding('utf8');
      socket.on('error', () => fail('the HSM bridge is not reachable: is it running?'));
      socket.on('close', () => {
        clearTimeout(timer);
        if (this.socket === socket) this.socket = null;
        for (const [id, waiting] of this.pending) {
          waiting.reject(new HsmBridgeError('UNAVAILABLE', 'the HSM bridge closed the connection'));
          this.pending.delete(id);
        }
        if (state !== 'ready') fail('the HSM bridge refused the connection');
      });
      const decoder = new JsonLineDecoder();
      socket.on('data', (chunk: string) => {
        let messages: unknown[];
        try {
          messages = decoder.push(chunk);
        } catch {
          fail('the HSM bridge sent a malformed message');
          return;
        }
        for (const message of messages) {
          if (state === 'hello') {
            const hello = bridgeHello.safeParse(message);
            if (!hello.success) return fail('the HSM bridge sent an unexpected greeting');
            bridgeNonce = hello.data.nonce;
            const proof = handshakeProof(sharedKey, handshakeLabels.client, bridgeNonce, clientNonce);
            socket.write(`${JSON.stringify({ type: 'auth', nonce: clientNonce, proof })}\n`);
            state = 'auth';
          } else if (state === 'auth') {
            const ok = bridgeAuthOk.safeParse(message);
            const expected = handshakeProof(sharedKey, handshakeLabels.bridge, clientNonce, bridgeNonce);
            if (!ok.success || !timingSafeEqual(Buffer.from(ok.data.proof), Buffer.from(expected))) {
              return fail('the HSM bridge could not prove its identity');
            }
            state = 'ready';
            clearTimeout(timer);
            this.socket = socket;
            resolve(socket);
          } else {
            this.settle(message);
          }
        }
      });
    });
  }

  private settle(message: unknown): void {
    const response = bridgeResponse.safeParse(message);
    if (!response.success) return;
    const waiting = this.pending.get(response.data.id);
    if (!waiting) return;
    this.pending.delete(response.data.id);
    if (response.data.ok) waiting.resolve(response.data.result);
    else waiting.reject(new HsmBridgeError(response.data.error.code, response.data.error.message));
  }
}
