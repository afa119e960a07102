/**
 * The card template's additional inputs and per-card overrides: each additional input has a unique
 * name, a layout of its own with the join column, and joins to a column of the cardholder file; every
 * override names a column of the cardholder file and a value the template lets a row replace (never a
 * key, a PIN, a value made at preparation, or an element a card template field already fills).
 */
import { dataElement } from '../../dictionary';
import { NOT_OVERRIDABLE_TAGS } from '../card-overrides';
import { cardApplications } from '../preview';
import type { ProfileDocument } from '../schema/document';
import { familyOf } from '../values';
import { placedElements, type IssueList } from './issue';

/** Roles an additional input's column may have: its key may be a PAN; the rest is application data. */
const ADDITIONAL_ROLES = new Set(['pan', 'other']);

export function checkAdditionalInputs(profile: ProfileDocument, issues: IssueList): void {
  const card = profile.card;
  const mainColumns = new Set(card.input.columns.map((column) => column.name));
  const names = new Map<string, number>();
  (card.additionalInputs ?? []).forEach((input, i) => {
    const path = `$.card.additionalInputs[${i}]`;
    const first = names.get(input.name);
    if (first !== undefined) {
      issues.error(
        'input-name-duplicate',
        `${path}.name`,
        `additional input "${input.name}" is also the name of additionalInputs[${first}]`,
      );
    } else names.set(input.name, i);
    const columns = new Set<string>();
    input.layout.columns.forEach((column, k) => {
      if (columns.has(column.name)) {
        issues.error(
          'column-duplicate',
          `${path}.layout.columns[${k}].name`,
          `column "${column.name}" is defined twice`,
        );
      }
      columns.add(column.name);
      if (!ADDITIONAL_ROLES.has(column.role)) {
        issues.error(
          'input-column-role',
          `${path}.layout.columns[${k}].role`,
          `column "${column.name}" of additional input "${input.name}" has role "${column.role}": an additional input carries application data (role "other") and at most a PAN to join on`,
        );
      }
    });
    if (!columns.has(input.joinColumn)) {
      issues.error(
        'join-column-unknown',
        `${path}.joinColumn`,
        `join column "${input.joinColumn}" is not in the layout of additional input "${input.name}"`,
      );
    }
    if (!mainColumns.has(input.joinsTo)) {
      issues.error(
        'join-column-unknown',
        `${path}.joinsTo`,
        `additional input "${input.name}" joins to column "${input.joinsTo}", which the cardholder file's input layout does not have`,
      );
    }
  });
}

export function checkOverrides(profile: ProfileDocument, issues: IssueList): void {
  const card = profile.card;
  const columns = new Map(card.input.columns.map((column) => [column.name, column.role]));
  const apps = new Map(cardApplications(profile).map((app) => [app.id, app]));
  const targets = new Set<string>();
  (card.overrides ?? []).forEach((override, i) => {
    const path = `$.card.overrides[${i}]`;
    const role = columns.get(override.column);
    if (role === undefined) {
      issues.error(
        'column-unknown',
        `${path}.column`,
        `column "${override.column}" is not in the input layout`,
      );
    } else if (role !== 'other') {
      issues.error(
        'override-column-role',
        `${path}.column`,
        `column "${override.column}" has role "${role}"; an override column must have role "other"`,
      );
    }
    const { target } = override;
    const key = target.kind === 'card' ? target.field : `${target.application}/${target.tag}`;
    if (targets.has(key)) {
      issues.error('override-duplicate', `${path}.target`, `${key} is overridden twice`);
    }
    targets.add(key);
    if (target.kind === 'card') return;
    const app = apps.get(target.application);
    if (!app) {
      issues.error(
        'override-application',
        `${path}.target.application`,
        `the card carries no application "${target.application}"`,
      );
      return;
    }
    if (NOT_OVERRIDABLE_TAGS.has(target.tag)) {
      issues.error(
        'override-not-allowed',
        `${path}.target.tag`,
        `${target.tag} cannot be overridden per card: it is the PAN, PSN or name, comes from a card template field (override the field instead), or is made at preparation`,
        target.tag,
      );
      return;
    }
    const family = familyOf(app);
    if (!dataElement(target.tag, family)) {
      issues.error(
        'override-not-allowed',
        `${path}.target.tag`,
        `${target.tag} is not in the data dictionary, so an override could not be checked`,
        target.tag,
      );
      return;
    }
    const placed = placedElements(app, '', []).filter(({ tlv }) => tlv.tag === target.tag);
    if (placed.length === 0 || placed.some(({ tlv }) => !tlv.source || tlv.source.from === 'generated')) {
      issues.error(
        'override-not-allowed',
        `${path}.target.tag`,
        `application "${app.id}" does not place ${target.tag} with a value a row could replace`,
        target.tag,
      );
    }
  });
}
