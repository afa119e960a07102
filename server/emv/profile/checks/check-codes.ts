/**
 * Codes and dates: currency codes are ISO 4217 and their exponent matches the currency's minor units;
 * country codes are ISO 3166; dates typed as constants are real YYMMDD dates with the effective date
 * before the expiry date; the identity's label and preferred name fit their formats (Book 3 Annex A).
 */
import { dataElement } from '../../dictionary';
import { checkFormat } from '../../dictionary/value-format';
import { countryByCode, currencyByCode } from '../data/codes';
import { isValidYymmdd } from '../dates';
import type { ApplicationTemplate } from '../schema/application';
import type { CardTemplate } from '../schema/card';
import type { IssueList } from './issue';

export function checkCurrency(code: string, path: string, issues: IssueList, tag?: string): boolean {
  if (currencyByCode(code)) return true;
  issues.error('currency-code', path, `currency ${code} is not an ISO 4217 numeric code`, tag);
  return false;
}

export function checkCountry(code: string, path: string, issues: IssueList, tag?: string): boolean {
  if (countryByCode(code)) return true;
  issues.error('country-code', path, `country ${code} is not an ISO 3166 numeric code`, tag);
  return false;
}

export function checkApplicationCodes(
  app: ApplicationTemplate,
  appPath: string,
  card: CardTemplate | undefined,
  issues: IssueList,
): void {
  const risk = app.risk;
  if (checkCurrency(risk.currency, `${appPath}.risk.currency`, issues, '9F42')) {
    const currency = currencyByCode(risk.currency)!;
    if (currency.minorUnits !== risk.currencyExponent) {
      issues.warning(
        'currency-exponent',
        `${appPath}.risk.currencyExponent`,
        `${currency.alpha} has ${currency.minorUnits} minor units, but 9F44 Application Currency Exponent is ${risk.currencyExponent}`,
        '9F44',
      );
    }
  }
  checkCountry(risk.country, `${appPath}.risk.country`, issues, '5F28');
  if (card && card.applications.includes(app.id)) {
    if (risk.currency !== card.constants.currency) {
      issues.warning(
        'currency-mismatch',
        `${appPath}.risk.currency`,
        `the application currency ${risk.currency} differs from the card's ${card.constants.currency}`,
        '9F42',
      );
    }
    if (risk.country !== card.constants.country) {
      issues.warning(
        'country-mismatch',
        `${appPath}.risk.country`,
        `the issuer country ${risk.country} differs from the card's ${card.constants.country}`,
        '5F28',
      );
    }
  }
  const { lowerConsecutiveOfflineLimit: lower, upperConsecutiveOfflineLimit: upper } = risk;
  if (lower !== undefined && upper !== undefined && lower > upper) {
    issues.error(
      'offline-limits',
      `${appPath}.risk.lowerConsecutiveOfflineLimit`,
      `the lower consecutive offline limit (${lower}) is above the upper one (${upper})`,
      '9F14',
    );
  }
  const { cumulativeOfflineLowerLimit: low, cumulativeOfflineUpperLimit: high } = risk;
  if (low !== undefined && high !== undefined && low > high) {
    issues.error(
      'offline-limits',
      `${appPath}.risk.cumulativeOfflineLowerLimit`,
      `the lower cumulative offline amount (${low}) is above the upper one (${high})`,
    );
  }

  for (const [field, tag] of [
    ['label', '50'],
    ['preferredName', '9F12'],
  ] as const) {
    const text = app.identity[field];
    if (text === undefined) continue;
    const problem = checkFormat(dataElement(tag)!, Buffer.from(text, 'latin1'));
    if (problem) issues.error('value-format', `${appPath}.identity.${field}`, problem, tag);
  }

  const dates = new Map<string, { value: string; path: string }>();
  app.records.forEach((record, i) =>
    record.tlvs.forEach((tlv, j) => {
      if ((tlv.tag === '5F24' || tlv.tag === '5F25') && tlv.source?.from === 'constant') {
        const path = `${appPath}.records[${i}].tlvs[${j}].source.value`;
        if (!isValidYymmdd(tlv.source.value)) {
          issues.error(
            'date-invalid',
            path,
            `${tlv.tag === '5F24' ? '5F24 Application Expiration Date' : '5F25 Application Effective Date'} must be a date YYMMDD, got "${tlv.source.value}"`,
            tlv.tag,
          );
        } else {
          dates.set(tlv.tag, { value: tlv.source.value, path });
        }
      }
    }),
  );
  const effective = dates.get('5F25');
  const expiry = dates.get('5F24');
  if (effective && expiry && effective.value >= expiry.value) {
    issues.error(
      'date-order',
      expiry.path,
      `5F24 Application Expiration Date ${expiry.value} is not after 5F25 Application Effective Date ${effective.value}`,
      '5F24',
    );
  }
}
