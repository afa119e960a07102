/**
 * Resolves the value of a placed data element from its source: a constant, a structured section of the
 * template, the card template, the cardholder row, or a value generated at preparation. Without card
 * data (in checks), per-card sources resolve to placeholders that say where the value will come from.
 */
import { fromHex } from '../bytes';
import { dataElement, tagLabel } from '../dictionary';
import type { ElementFamily } from '../dictionary/types';
import { encodeValue } from '../dictionary/value-format';
import type { CardData } from './card-data';
import { currencyByCode } from './data/codes';
import { effectiveDateOf, effectiveYymmdd, expiryDateOf, expiryYymmdd, yymm } from './dates';
import type { ApplicationTemplate } from './schema/application';
import type { CardTemplate } from './schema/card';
import { CARD_FIELDS, GENERATED_ITEMS, type CardField, type ValueSource } from './schema/common';
import { elementOverrideOf, serviceCodeOf } from './card-overrides';
import { cardholderColumnKey } from './joined-columns';
import { templateValue } from './template-values';
import { buildTrack1Discretionary, buildTrack2Equivalent, type TrackInputs } from './tracks';

export type ResolvedValue =
  | { state: 'value'; bytes: Buffer }
  | { state: 'placeholder'; text: string }
  | { state: 'error'; message: string };

export interface ResolveContext {
  app: ApplicationTemplate;
  card?: CardTemplate;
  cardData?: CardData;
}

export function familyOf(app: ApplicationTemplate): ElementFamily {
  return app.family === 'generic' ? 'emv' : app.family;
}

const error = (message: string): ResolvedValue => ({ state: 'error', message });
const placeholder = (text: string): ResolvedValue => ({ state: 'placeholder', text });
const value = (bytes: Buffer): ResolvedValue => ({ state: 'value', bytes });

function encodeFor(tag: string, family: ElementFamily, text: string): ResolvedValue {
  const element = dataElement(tag, family);
  try {
    return value(element ? encodeValue(element, text) : fromHex(text, `${tag} value`));
  } catch (problem) {
    return error((problem as Error).message);
  }
}

/** The column of the input layout that has `role`, if any. */
export function columnWithRole(card: CardTemplate | undefined, role: string): string | undefined {
  return card?.input.columns.find((column) => column.role === role)?.name;
}

export function trackInputs(card: CardTemplate, cardData: CardData): TrackInputs | undefined {
  const row = cardData.cardholder;
  const pan = row[columnWithRole(card, 'pan') ?? ''];
  if (!pan) return undefined;
  const nameColumn = columnWithRole(card, 'cardholder-name');
  return {
    pan,
    expiry: yymm(expiryDateOf(card, cardData.preparationDate, row)),
    serviceCode: serviceCodeOf(card, row),
    name: nameColumn ? row[nameColumn] : undefined,
    row,
    verificationValues: cardData.verificationValues,
  };
}

function cardFieldValue(field: CardField, tag: string, ctx: ResolveContext): ResolvedValue {
  const { card, cardData } = ctx;
  const family = familyOf(ctx.app);
  if (!card) return placeholder(`from the card template: ${field}`);
  switch (field) {
    case 'country-code':
      return encodeFor(tag, family, card.constants.country);
    case 'currency-code':
      return encodeFor(tag, family, card.constants.currency);
    case 'currency-exponent': {
      const currency = currencyByCode(card.constants.currency);
      return currency
        ? encodeFor(tag, family, String(currency.minorUnits))
        : error(`card currency ${card.constants.currency} is not an ISO 4217 code`);
    }
    case 'service-code':
      return encodeFor(
        tag,
        family,
        cardData ? serviceCodeOf(card, cardData.cardholder) : card.constants.serviceCode,
      );
    case 'issuer-identification-number':
      return encodeFor(tag, family, card.constants.issuerIdentificationNumber);
    case 'effective-date':
    case 'expiry-date': {
      if (!cardData) return placeholder(`from the card template: ${field} rule`);
      try {
        const row = cardData.cardholder;
        const text =
          field === 'effective-date'
            ? effectiveYymmdd(effectiveDateOf(card, cardData.preparationDate, row))
            : expiryYymmdd(expiryDateOf(card, cardData.preparationDate, row));
        return encodeFor(tag, family, text);
      } catch (problem) {
        return error((problem as Error).message);
      }
    }
  }
}

function generatedValue(item: keyof typeof GENERATED_ITEMS, ctx: ResolveContext): ResolvedValue {
  const { card, cardData } = ctx;
  const supplied = cardData?.generated?.[item];
  if (supplied !== undefined) {
    try {
      return value(fromHex(supplied, item));
    } catch (problem) {
      return error((problem as Error).message);
    }
  }
  const waiting = placeholder(
    `generated at preparation: ${tagLabel(GENERATED_ITEMS[item], familyOf(ctx.app))}`,
  );
  if (!card || !cardData) return waiting;
  if (item === 'track2-equivalent-data' || item === 'track1-discretionary-data') {
    try {
      const inputs = trackInputs(card, cardData);
      if (!inputs) return error('the cardholder row has no PAN column value');
      if (item === 'track2-equivalent-data') {
        const track = buildTrack2Equivalent(card, inputs);
        return track.complete
          ? value(fromHex(track.text, '57 Track 2 Equivalent Data'))
          : placeholder(`generated at preparation: 57 Track 2 Equivalent Data (${track.text})`);
      }
      const dd = buildTrack1Discretionary(card, inputs);
      return dd.complete
        ? value(Buffer.from(dd.text, 'latin1'))
        : placeholder(`generated at preparation: 9F1F Track 1 Discretionary Data (${dd.text})`);
    } catch (problem) {
      return error((problem as Error).message);
    }
  }
  return waiting;
}

/** The value of `tag` placed with `source`, for this application and (optionally) this card. */
export function resolveValue(tag: string, source: ValueSource, ctx: ResolveContext): ResolvedValue {
  const family = familyOf(ctx.app);
  if (ctx.card && ctx.cardData && source.from !== 'generated') {
    const override = elementOverrideOf(ctx.card, ctx.app.id, tag, ctx.cardData.cardholder);
    if (override !== undefined) return encodeFor(tag, family, override);
  }
  switch (source.from) {
    case 'constant':
      return encodeFor(tag, family, source.value);
    case 'template': {
      const { section, value: built } = templateValue(tag, ctx.app);
      if (!section)
        return error(
          `${tagLabel(tag, family)} is not built by any section of the template; give it another source`,
        );
      return built ? value(built) : error(`${tagLabel(tag, family)} comes from ${section}, which is empty`);
    }
    case 'card': {
      const allowed: readonly string[] = CARD_FIELDS[source.field];
      if (!allowed.includes(tag)) {
        return error(
          `${tagLabel(tag, family)} cannot take card template field ${source.field}, which fills ${allowed.join(', ')}`,
        );
      }
      return cardFieldValue(source.field, tag, ctx);
    }
    case 'cardholder': {
      const cardData = ctx.cardData;
      const column = cardholderColumnKey(source);
      const file = source.input ? `the ${source.input} file` : 'the cardholder file';
      if (!cardData) return placeholder(`from ${file}: column ${source.column}`);
      const text = cardData.cardholder[column];
      if (text === undefined) return error(`the cardholder row has no column ${column}`);
      return encodeFor(tag, family, text);
    }
    case 'generated': {
      const expected = GENERATED_ITEMS[source.item];
      if (expected !== tag) {
        return error(
          `${tagLabel(tag, family)} cannot take the generated ${source.item}, which fills ${expected}`,
        );
      }
      return generatedValue(source.item, ctx);
    }
  }
}

/** How a source reads in a diff or a review: "constant 0840", "from cardholder column pan". */
export function describeSource(source: ValueSource): string {
  switch (source.from) {
    case 'constant':
      return `constant "${source.value}"`;
    case 'template':
      return 'from the template';
    case 'card':
      return `from card template field ${source.field}`;
    case 'cardholder':
      return source.input
        ? `from column ${source.column} of input ${source.input}`
        : `from cardholder column ${source.column}`;
    case 'generated':
      return `generated at preparation (${source.item})`;
  }
}
