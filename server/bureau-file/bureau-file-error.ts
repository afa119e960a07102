/**
 * A file for the bureau that cannot be read or written as docs/formats.md specifies. The message
 * says which file, where (byte offset or line) and what is wrong; it never holds a DGI's data.
 */
export class BureauFileError extends Error {
  constructor(
    readonly file: 'CPS file' | 'JSON Lines file' | 'manifest',
    readonly position: { byte: number } | { line: number } | null,
    readonly detail: string,
  ) {
    super(`${file}${BureauFileError.where(position)}: ${detail}`);
    this.name = 'BureauFileError';
  }

  private static where(position: { byte: number } | { line: number } | null): string {
    if (!position) return '';
    return 'byte' in position ? `, byte ${position.byte}` : `, line ${position.line}`;
  }
}

/**
 * Where JSON.parse stopped, without its message: V8 quotes the text around the error, which here may
 * be a PAN or track data, and errors must not carry cardholder data into logs.
 */
export function jsonErrorPosition(error: unknown): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  return position ? ` (at character ${Number(position[1]) + 1})` : '';
}
