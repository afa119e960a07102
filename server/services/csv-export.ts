/**
 * CSV for people to open in a spreadsheet (RFC 4180), safe against formula injection (OWASP CSV
 * injection): a cell starting with = + - @, a tab or a carriage return is prefixed with a quote
 * so the spreadsheet shows it as text instead of running it.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
