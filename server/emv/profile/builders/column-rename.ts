/**
 * Renaming a column of an input layout carries every reference to it along, so the profile keeps
 * meaning what it meant: value sources of the applications' data elements, the date rules, track
 * fields, embossing placeholders {column:NAME}, overrides and the join columns of additional inputs.
 */
import { placedElements } from '../checks/issue';
import type { ApplicationTemplate } from '../schema/application';
import type { CardTemplate } from '../schema/card';

export interface ProfileParts {
  applications: ApplicationTemplate[];
  card: CardTemplate;
}

/**
 * Renames column `from` to `to` in the cardholder file (`input` undefined) or in the additional input
 * named `input`, and every reference to it.
 */
export function renameInputColumn(
  profile: ProfileParts,
  input: string | undefined,
  from: string,
  to: string,
): void {
  if (from === to) return;
  const { card } = profile;
  const additional = input === undefined ? undefined : card.additionalInputs?.find((i) => i.name === input);
  const layout = input === undefined ? card.input : additional?.layout;
  if (!layout) return;
  for (const column of layout.columns) if (column.name === from) column.name = to;
  for (const app of profile.applications) {
    for (const { tlv } of placedElements(app, '', [])) {
      const source = tlv.source;
      if (source?.from === 'cardholder' && source.input === input && source.column === from)
        source.column = to;
    }
  }
  if (additional) {
    if (additional.joinColumn === from) additional.joinColumn = to;
    return;
  }
  const { constants, surface } = card;
  if (constants.effectiveDate.rule === 'from-file' && constants.effectiveDate.column === from)
    constants.effectiveDate.column = to;
  if (constants.expiryDate.rule === 'from-file' && constants.expiryDate.column === from)
    constants.expiryDate.column = to;
  for (const track of [surface.track1, surface.track2, surface.chipTrack2]) {
    for (const field of track.discretionary) if (field.column === from) field.column = to;
  }
  for (const line of surface.embossing)
    line.template = line.template.split(`{column:${from}}`).join(`{column:${to}}`);
  for (const override of card.overrides ?? []) if (override.column === from) override.column = to;
  for (const other of card.additionalInputs ?? []) if (other.joinsTo === from) other.joinsTo = to;
}
