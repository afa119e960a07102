import type { CliIo } from '../cli-io';

/** A CliIo for tests: what the command prints, line by line, and what it is given on stdin. */
export function testIo(options: { stdin?: string; env?: Record<string, string | undefined> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(...line.split('\n')),
    err: (line) => err.push(...line.split('\n')),
    env: { ...options.env },
    readStdin: async () => options.stdin ?? '',
    // No terminal: a command that would ask must say which option or pipe to use instead.
    ask: async () => null,
    sleep: async () => undefined,
  };
  return { io, out, err };
}
