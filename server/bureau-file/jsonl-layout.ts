/**
 * The JSON Lines file (docs/formats.md, "JSON Lines file"): the same content as the CPS file, one
 * JSON object per line. Objects are rebuilt here with their keys in the documented order, so what is
 * written never depends on how the caller built its objects.
 */
import type { BureauCard, BureauFileHeader, BureauPart } from './types';

export const jsonlFormat = 'dataprep-bureau-jsonl';
export const jsonlVersion = 1;

export function headerObject(header: BureauFileHeader) {
  return {
    type: 'header',
    format: jsonlFormat,
    version: jsonlVersion,
    job: header.job,
    profile: { name: header.profile.name, version: header.profile.version },
    createdAt: header.createdAt,
    kek: { id: header.kek.id, kcv: header.kek.kcv },
    macKey: { cryptogram: header.macKey.cryptogram, kcv: header.macKey.kcv },
  };
}

function partObject(part: BureauPart) {
  switch (part.module) {
    case 'embossing':
      return { module: part.module, lines: part.lines.map((l) => ({ name: l.name, text: l.text })) };
    case 'track1':
    case 'track2':
      return { module: part.module, data: part.data };
    case 'chip':
      return {
        module: part.module,
        applications: part.applications.map((app) => ({
          aid: app.aid,
          name: app.name,
          kek: { id: app.kek.id, kcv: app.kek.kcv },
          dgis: app.dgis.map((d) => ({ dgi: d.dgi, encrypted: d.encrypted, data: d.data })),
          mac: app.mac,
        })),
      };
    case 'graphics':
      return {
        module: part.module,
        items: part.items.map((item) => ({ name: item.name, reference: item.reference })),
      };
  }
}

export function cardObject(card: BureauCard) {
  return { type: 'card', sequence: card.sequence, row: card.row, parts: card.parts.map(partObject) };
}

export function trailerObject(records: number) {
  return { type: 'trailer', records };
}
