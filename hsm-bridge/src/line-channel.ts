import type { Socket } from 'node:net';
import { JsonLineDecoder } from '../../server/emv/hsm-commands';

/**
 * Newline-delimited JSON over a stream socket. A malformed or over-long line ends the connection,
 * so a caller cannot make the bridge buffer without bound.
 */
export function onJsonLines(
  socket: Socket,
  maxLineBytes: number,
  onMessage: (message: unknown) => void,
): void {
  const decoder = new JsonLineDecoder(maxLineBytes);
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    let messages: unknown[];
    try {
      messages = decoder.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const message of messages) onMessage(message);
  });
}

export function sendJson(socket: Socket, message: unknown): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}
