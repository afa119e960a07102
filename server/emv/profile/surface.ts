/**
 * The surface of the card: embossing (or laser) lines from templates with placeholders, and the
 * magnetic stripe tracks (ISO/IEC 7813).
 */
import type { CardData } from './card-data';
import { effectiveDateOf, expiryDateOf, type YearMonth } from './dates';
import type { CardTemplate } from './schema/card';
import { buildTrack1, buildTrack2, type RenderedTrack } from './tracks';
import { columnWithRole, trackInputs } from './values';

export const EMBOSSING_PLACEHOLDERS = ['pan', 'pan4', 'expiry', 'effective', 'name'] as const;
const PLACEHOLDER = /\{(pan|pan4|expiry|effective|name|column:[A-Za-z][A-Za-z0-9_]*)\}/g;

/** Placeholders that are not known, e.g. "{pann}". */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{[^}]*\}/g)]
    .map((m) => m[0])
    .filter((p) => !p.match(new RegExp(`^${PLACEHOLDER.source}$`)));
}

const mmyy = (date: YearMonth) =>
  `${String(date.month).padStart(2, '0')}/${String(date.year % 100).padStart(2, '0')}`;

/** The longest text a line can take: a 19-digit PAN grouped by four is 23 characters, a name 26. */
export function longestRendering(template: string, panLength: number): number {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (name === 'pan') return 'x'.repeat(panLength);
    if (name === 'pan4') return 'x'.repeat(panLength + Math.ceil(panLength / 4) - 1);
    if (name === 'expiry' || name === 'effective') return 'xx/xx';
    if (name === 'name') return 'x'.repeat(26);
    return 'x'.repeat(26);
  }).length;
}

export function renderEmbossing(
  card: CardTemplate,
  cardData: CardData,
): Array<{ name: string; text: string }> {
  const row = cardData.cardholder;
  const pan = row[columnWithRole(card, 'pan') ?? ''] ?? '';
  const name = row[columnWithRole(card, 'cardholder-name') ?? ''] ?? '';
  return card.surface.embossing.map((line) => ({
    name: line.name,
    text: line.template.replace(PLACEHOLDER, (_, key: string) => {
      if (key === 'pan') return pan;
      if (key === 'pan4') return pan.replace(/(.{4})(?=.)/g, '$1 ');
      if (key === 'expiry') return mmyy(expiryDateOf(card, cardData.preparationDate, row));
      if (key === 'effective') return mmyy(effectiveDateOf(card, cardData.preparationDate, row));
      if (key === 'name') return name.toUpperCase();
      return row[key.slice('column:'.length)] ?? '';
    }),
  }));
}

export interface SurfacePreview {
  embossing: Array<{ name: string; text: string }>;
  track1?: RenderedTrack;
  track2?: RenderedTrack;
  /** Why the surface could not be drawn, e.g. a date column that is not YYMM. */
  problems?: string[];
}

export function previewSurface(card: CardTemplate, cardData: CardData): SurfacePreview {
  try {
    const inputs = trackInputs(card, cardData);
    return {
      embossing: renderEmbossing(card, cardData),
      ...(inputs ? { track1: buildTrack1(card, inputs), track2: buildTrack2(card, inputs) } : {}),
    };
  } catch (problem) {
    return { embossing: [], problems: [(problem as Error).message] };
  }
}
