import type { Socket } from 'node:net';

/**
 * Newline-delimited JSON over a stream socket. A line longer than the limit ends the connection,
 * so a caller cannot make the bridge buffer without bound.
 */
export function onJsonLines(
  socket: Socket,
  maxLineBytes: number,
  onMessage: (message: unknown) => void,
): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      onMessage(message);
      newline = buffered.indexOf('\n');
    }
    if (buffered.length > maxLineBytes) socket.destroy();
  });
}

export function sendJson(socket: Socket, message: unknown): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}
