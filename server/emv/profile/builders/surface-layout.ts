/**
 * The surface editor's pictures: each track as its parts left to right, with where each part starts
 * and how long it is (ISO/IEC 7813: track 1 format B "B" PAN "^" NAME "^" YYMM service code
 * discretionary, at most 76 characters between the sentinels; track 2 PAN "=" YYMM service code
 * discretionary, at most 37; Track 2 Equivalent Data (57, EMV 4.4 Book 3 Annex A) with "D" as the
 * separator and "F" padding, at most 19 bytes), and the surface of a made-up card.
 */
import type { CardData } from '../card-data';
import type { CardTemplate, TrackField } from '../schema/card';
import { previewSurface, type SurfacePreview } from '../surface';
import {
  discretionaryLength,
  NAME_MAX_CHARACTERS,
  TRACK1_MAX_CHARACTERS,
  TRACK2_EQUIVALENT_MAX_BYTES,
  TRACK2_MAX_CHARACTERS,
} from '../tracks';
import { madeUpCardholder } from './made-up-card';

export type TrackName = 'track1' | 'track2' | 'chipTrack2';

export const TRACK_NAMES: ReadonlyArray<[TrackName, string]> = [
  ['track1', 'Track 1'],
  ['track2', 'Track 2'],
  ['chipTrack2', '57 Track 2 Equivalent Data (chip)'],
];

export const TRACK_FIELD_LABELS: Record<TrackField['field'], string> = {
  pvki: 'PVKI',
  pvv: 'PVV',
  cvv: 'CVV',
  icvv: 'iCVV',
  constant: 'Constant',
  column: 'Column',
};

export interface TrackPart {
  label: string;
  /** 1-based position of its first character. */
  start: number;
  length: number;
  /** A fixed part of the format (separators, the format code) rather than data. */
  fixed?: boolean;
  /** The part is discretionary data (where CVV, PVV and the issuer's data go). */
  discretionary?: boolean;
}

export interface TrackLayout {
  parts: TrackPart[];
  /** Characters at the longest PAN and name (track 2 equivalent: nibbles before padding). */
  length: number;
  max: number;
  /** "characters", or "bytes" for the chip's track 2. */
  unit: string;
  /** The length in `unit`. */
  size: number;
}

function fieldLabel(field: TrackField): string {
  if (field.field === 'constant') return `Constant ${field.value ?? ''}`.trim();
  if (field.field === 'column') return `Column ${field.column ?? '?'}`;
  return TRACK_FIELD_LABELS[field.field];
}

/** The parts of `track` at the card's longest PAN and a 26-character name. */
export function trackLayout(card: CardTemplate, track: TrackName): TrackLayout {
  const pan = card.constants.panLength;
  const head: Array<Omit<TrackPart, 'start'>> =
    track === 'track1'
      ? [
          { label: 'B', length: 1, fixed: true },
          { label: 'PAN', length: pan },
          { label: '^', length: 1, fixed: true },
          { label: 'Name', length: NAME_MAX_CHARACTERS },
          { label: '^', length: 1, fixed: true },
        ]
      : [
          { label: 'PAN', length: pan },
          { label: track === 'track2' ? '=' : 'D', length: 1, fixed: true },
        ];
  const parts: Array<Omit<TrackPart, 'start'>> = [
    ...head,
    { label: 'Expiry YYMM', length: 4 },
    { label: 'Service code', length: 3 },
    ...card.surface[track].discretionary.map((field) => ({
      label: fieldLabel(field),
      length: field.length,
      discretionary: true,
    })),
  ];
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  if (track === 'chipTrack2' && length % 2 === 1) parts.push({ label: 'F', length: 1, fixed: true });
  let start = 1;
  const placed = parts.map((part) => {
    const at = { ...part, start };
    start += part.length;
    return at;
  });
  const chip = track === 'chipTrack2';
  return {
    parts: placed,
    length,
    max: chip
      ? TRACK2_EQUIVALENT_MAX_BYTES
      : track === 'track1'
        ? TRACK1_MAX_CHARACTERS
        : TRACK2_MAX_CHARACTERS,
    unit: chip ? 'bytes' : 'characters',
    size: chip ? Math.ceil(length / 2) : length,
  };
}

/** Discretionary characters left on `track` at the card's longest PAN. */
export function discretionaryRoom(card: CardTemplate, track: TrackName): number {
  const layout = trackLayout(card, track);
  const used = discretionaryLength(card.surface[track].discretionary);
  const fixed = layout.length - used;
  return track === 'chipTrack2' ? layout.max * 2 - fixed : layout.max - fixed;
}

/** The surface of a made-up card (builders/made-up-card.ts) as the preview would draw it. */
export function sampleSurface(
  card: CardTemplate,
  today = new Date(),
): { card: CardData; surface: SurfacePreview } {
  const data = madeUpCardholder(card, today);
  return { card: data, surface: previewSurface(card, data) };
}
