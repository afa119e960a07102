/**
 * The rules every header and card obey in both files (docs/formats.md), so that anything one file
 * can carry the other can too. Writers refuse content that breaks them; parsers refuse files whose
 * content breaks them. Each function returns the first problem, saying where, or null.
 */
import type { BureauCard, BureauFileHeader, BureauModule, ChipApplication } from './types';

export const maxUint32 = 0xffffffff;
const maxShortField = 0xff;
const maxLongField = 0xffff;

/** ISO 8601 in UTC to the second or millisecond, as Date.prototype.toISOString writes it. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const upperHex = /^(?:[0-9A-F]{2})*$/;
const printableAscii = /^[\x20-\x7E]*$/;

export function cardLabel(card: Pick<BureauCard, 'sequence' | 'row'>): string {
  return `card ${card.sequence} (row ${card.row})`;
}

export function applicationLabel(index: number, aid: string): string {
  return `chip application ${index + 1} (${aid})`;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function counter(value: number, name: string): string | null {
  if (!Number.isInteger(value) || value < 1 || value > maxUint32) {
    return `${name} must be a whole number from 1 to ${maxUint32}, got ${value}`;
  }
  return null;
}

function text(value: string, name: string, min: number, max: number): string | null {
  const length = utf8Length(value);
  if (length < min || length > max) {
    return `${name} must be ${min} to ${max} bytes of UTF-8, got ${length}`;
  }
  return null;
}

function hexField(value: string, name: string, minBytes: number, maxBytes = minBytes): string | null {
  if (!upperHex.test(value)) return `${name} must be upper-case hexadecimal, whole bytes`;
  const bytes = value.length / 2;
  if (bytes < minBytes || bytes > maxBytes) {
    const expected = minBytes === maxBytes ? `${minBytes}` : `${minBytes} to ${maxBytes}`;
    return `${name} must be ${expected} bytes, got ${bytes}`;
  }
  return null;
}

function first(...problems: (string | null)[]): string | null {
  return problems.find((problem) => problem !== null) ?? null;
}

export function headerProblem(header: BureauFileHeader): string | null {
  return first(
    text(header.job, 'header job', 1, maxShortField),
    text(header.profile.name, 'header profile name', 1, maxLongField),
    Number.isInteger(header.profile.version) &&
      header.profile.version >= 0 &&
      header.profile.version <= maxUint32
      ? null
      : `header profile version must be a whole number from 0 to ${maxUint32}, got ${header.profile.version}`,
    isoInstant.test(header.createdAt)
      ? null
      : `header createdAt must be an ISO 8601 UTC time such as 2026-11-21T19:44:25.000Z, got "${header.createdAt}"`,
    text(header.kek.id, 'header KEK id', 1, maxShortField),
    hexField(header.kek.kcv, 'header KEK KCV', 3),
    hexField(header.macKey.cryptogram, 'header MAC key cryptogram', 16),
    hexField(header.macKey.kcv, 'header MAC key KCV', 3),
  );
}

function applicationProblem(app: ChipApplication, index: number): string | null {
  const where = applicationLabel(index, app.aid);
  const basic = first(
    hexField(app.aid, `chip application ${index + 1}: AID`, 5, 16),
    text(app.name, `${where}: name`, 0, maxShortField),
    text(app.kek.id, `${where}: KEK id`, 1, maxShortField),
    hexField(app.kek.kcv, `${where}: KEK KCV`, 3),
    hexField(app.mac, `${where}: MAC`, 8),
    app.dgis.length >= 1 && app.dgis.length <= maxLongField
      ? null
      : `${where}: must have 1 to ${maxLongField} DGIs, got ${app.dgis.length}`,
  );
  if (basic) return basic;
  const seen = new Set<string>();
  for (const [j, dgi] of app.dgis.entries()) {
    const at = `${where}, DGI ${j + 1} (${dgi.dgi})`;
    const problem = first(
      hexField(dgi.dgi, `${where}, DGI ${j + 1}: number`, 2),
      hexField(dgi.data, `${at}: data`, 0, maxLongField),
      dgi.encrypted && (dgi.data.length === 0 || dgi.data.length % 16 !== 0)
        ? `${at}: encrypted data must be whole 8-byte TDES blocks, got ${dgi.data.length / 2} bytes`
        : null,
      seen.has(dgi.dgi) ? `${at}: the application already has DGI ${dgi.dgi}` : null,
    );
    if (problem) return problem;
    seen.add(dgi.dgi);
  }
  return null;
}

function listProblem(count: number, what: string, where: string): string | null {
  return count >= 1 && count <= maxShortField
    ? null
    : `${where}: must have 1 to ${maxShortField} ${what}, got ${count}`;
}

/** The first problem with a card's content, prefixed with the card's label. */
export function cardProblem(card: BureauCard): string | null {
  const where = cardLabel(card);
  const numbers = first(counter(card.sequence, 'card sequence'), counter(card.row, `${where}: row`));
  if (numbers) return numbers;
  if (card.parts.length < 1) return `${where}: has no part`;
  const modules = new Set<BureauModule>();
  for (const part of card.parts) {
    if (modules.has(part.module)) return `${where}: has two ${part.module} parts`;
    modules.add(part.module);
    let problem: string | null = null;
    switch (part.module) {
      case 'embossing':
        problem =
          listProblem(part.lines.length, 'lines', 'embossing') ??
          first(
            ...part.lines.flatMap((line, i) => [
              text(line.name, `embossing line ${i + 1}: name`, 1, maxShortField),
              text(line.text, `embossing line ${i + 1} (${line.name}): text`, 0, maxLongField),
            ]),
          );
        break;
      case 'track1':
      case 'track2':
        problem =
          part.data.length >= 1 && part.data.length <= maxLongField && printableAscii.test(part.data)
            ? null
            : `${part.module}: data must be 1 to ${maxLongField} printable ASCII characters`;
        break;
      case 'chip':
        problem =
          listProblem(part.applications.length, 'applications', 'chip') ??
          first(...part.applications.map(applicationProblem));
        break;
      case 'graphics':
        problem =
          listProblem(part.items.length, 'items', 'graphics') ??
          first(
            ...part.items.flatMap((item, i) => [
              text(item.name, `graphics item ${i + 1}: name`, 1, maxShortField),
              text(item.reference, `graphics item ${i + 1} (${item.name}): reference`, 1, maxLongField),
            ]),
          );
        break;
    }
    if (problem) return `${where}, ${problem}`;
  }
  return null;
}

/** Cards are numbered 1, 2, 3... in file order: a gap or a repeat means a card was lost or duplicated. */
export function sequenceProblem(card: Pick<BureauCard, 'sequence'>, expected: number): string | null {
  return card.sequence === expected
    ? null
    : `card sequence ${card.sequence} is out of order: expected ${expected} (a card is missing, repeated or moved)`;
}
