/**
 * Magnetic stripe tracks and their chip equivalent (ISO/IEC 7813, EMV 4.4 Book 3 Annex A tag 57).
 * Track 1 (format B): "B" PAN "^" NAME "^" YYMM service-code discretionary; at most 79 characters with
 * start sentinel, end sentinel and LRC, so 76 here. Track 2: PAN "=" YYMM service-code discretionary;
 * at most 40 characters with sentinels and LRC, so 37 here. Track 2 Equivalent Data: the same digits
 * with "D" as separator, padded with "F" to whole bytes, at most 19 bytes. Where CVV and PVV go is the
 * card template's discretionary layout; the chip layout carries the iCVV instead of the CVV.
 */
import type { CardTemplate, TrackField } from './schema/card';

export const TRACK1_MAX_CHARACTERS = 76;
export const TRACK2_MAX_CHARACTERS = 37;
export const TRACK2_EQUIVALENT_MAX_BYTES = 19;
export const NAME_MAX_CHARACTERS = 26;

export interface TrackInputs {
  pan: string;
  /** YYMM */
  expiry: string;
  serviceCode: string;
  name?: string;
  row: Readonly<Record<string, string>>;
  verificationValues?: Readonly<{ cvv?: string; icvv?: string; pvv?: string; pvki?: string }>;
}

export interface RenderedTrack {
  text: string;
  /** False when a value generated at preparation was not supplied and stands as '*'. */
  complete: boolean;
}

/**
 * Whether any track (magnetic track 1 or 2, or the chip's track 2 equivalent) places a PVV: then the
 * job needs the PVK (usage V2) and every row a PIN block, since the PVV is computed from the PIN.
 */
export function tracksPlacePvv(card: CardTemplate): boolean {
  const { track1, track2, chipTrack2 } = card.surface;
  return [track1, track2, chipTrack2].some((track) => track.discretionary.some((f) => f.field === 'pvv'));
}

/**
 * The PVK index the profile fixes: the value of a `pvki` field (the same on every track that has one), or
 * undefined when the tracks leave it to a file column of role "pvki" (or have none).
 */
export function profilePvki(card: CardTemplate): string | undefined {
  const { track1, track2, chipTrack2 } = card.surface;
  return [track1, track2, chipTrack2]
    .flatMap((track) => track.discretionary)
    .find((field) => field.field === 'pvki' && field.value !== undefined)?.value;
}

function fieldValue(field: TrackField, inputs: TrackInputs): string | undefined {
  switch (field.field) {
    case 'constant':
      return field.value;
    case 'column':
      return field.column ? inputs.row[field.column] : undefined;
    default:
      return inputs.verificationValues?.[field.field];
  }
}

export function renderDiscretionary(fields: readonly TrackField[], inputs: TrackInputs): RenderedTrack {
  let complete = true;
  const text = fields
    .map((field) => {
      const value = fieldValue(field, inputs);
      if (value === undefined || value.length !== field.length) {
        complete = false;
        return '*'.repeat(field.length);
      }
      return value;
    })
    .join('');
  return { text, complete };
}

export function discretionaryLength(fields: readonly TrackField[]): number {
  return fields.reduce((sum, field) => sum + field.length, 0);
}

export function buildTrack2(card: CardTemplate, inputs: TrackInputs): RenderedTrack {
  const dd = renderDiscretionary(card.surface.track2.discretionary, inputs);
  return { text: `${inputs.pan}=${inputs.expiry}${inputs.serviceCode}${dd.text}`, complete: dd.complete };
}

export function buildTrack1(card: CardTemplate, inputs: TrackInputs): RenderedTrack {
  const dd = renderDiscretionary(card.surface.track1.discretionary, inputs);
  const name = (inputs.name ?? '').toUpperCase();
  return {
    text: `B${inputs.pan}^${name}^${inputs.expiry}${inputs.serviceCode}${dd.text}`,
    complete: dd.complete,
  };
}

/** Track 2 Equivalent Data (tag 57) as hex, with the chip discretionary layout. */
export function buildTrack2Equivalent(card: CardTemplate, inputs: TrackInputs): RenderedTrack {
  const dd = renderDiscretionary(card.surface.chipTrack2.discretionary, inputs);
  const digits = `${inputs.pan}D${inputs.expiry}${inputs.serviceCode}${dd.text}`;
  return { text: digits.length % 2 === 0 ? digits : `${digits}F`, complete: dd.complete };
}

/** The Track 1 Discretionary Data on the chip (tag 9F1F): track 1's layout with the chip values. */
export function buildTrack1Discretionary(card: CardTemplate, inputs: TrackInputs): RenderedTrack {
  return renderDiscretionary(card.surface.track1.discretionary, inputs);
}

/** Problems of the layouts at the longest PAN the card template allows and the longest name. */
export function trackLayoutProblems(
  card: CardTemplate,
): Array<{ track: 'track1' | 'track2' | 'chipTrack2'; message: string }> {
  const pan = card.constants.panLength;
  const problems: Array<{ track: 'track1' | 'track2' | 'chipTrack2'; message: string }> = [];
  const track2 = pan + 1 + 4 + 3 + discretionaryLength(card.surface.track2.discretionary);
  if (track2 > TRACK2_MAX_CHARACTERS) {
    problems.push({
      track: 'track2',
      message: `Track 2 would be ${track2} characters with a ${pan}-digit PAN; ISO/IEC 7813 allows ${TRACK2_MAX_CHARACTERS}`,
    });
  }
  const track1 =
    1 + pan + 1 + NAME_MAX_CHARACTERS + 1 + 4 + 3 + discretionaryLength(card.surface.track1.discretionary);
  if (track1 > TRACK1_MAX_CHARACTERS) {
    problems.push({
      track: 'track1',
      message: `Track 1 would be ${track1} characters with a ${pan}-digit PAN and a 26-character name; ISO/IEC 7813 allows ${TRACK1_MAX_CHARACTERS}`,
    });
  }
  const chip = Math.ceil((pan + 1 + 4 + 3 + discretionaryLength(card.surface.chipTrack2.discretionary)) / 2);
  if (chip > TRACK2_EQUIVALENT_MAX_BYTES) {
    problems.push({
      track: 'chipTrack2',
      message: `57 Track 2 Equivalent Data would be ${chip} bytes with a ${pan}-digit PAN; EMV allows ${TRACK2_EQUIVALENT_MAX_BYTES}`,
    });
  }
  for (const [track, fields] of [
    ['track1', card.surface.track1.discretionary],
    ['track2', card.surface.track2.discretionary],
    ['chipTrack2', card.surface.chipTrack2.discretionary],
  ] as const) {
    fields.forEach((field, i) => {
      if (field.field === 'constant' && field.value?.length !== field.length) {
        problems.push({
          track,
          message: `discretionary field ${i + 1} is a constant of ${field.length} digits but its value has ${field.value?.length ?? 0}`,
        });
      }
      if (field.field === 'pvki' && field.value !== undefined && field.value.length !== field.length) {
        problems.push({
          track,
          message: `discretionary field ${i + 1} is a PVKI of ${field.length} digit(s) but its value has ${field.value.length}`,
        });
      }
      if (field.field === 'column' && !field.column) {
        problems.push({ track, message: `discretionary field ${i + 1} takes a column but names none` });
      }
    });
  }
  return problems;
}
