'use client';

import { Field, Select } from '../../../../_components/ui/form-field';
import {
  binRangeProblem,
  decodeServiceCode,
  effectiveRule,
  expiryRule,
  serviceCodeProblem,
} from '../../../../../server/emv/profile/builders/card-constants';
import { madeUpCardholder } from '../../../../../server/emv/profile/builders/made-up-card';
import { effectiveDateOf, expiryDateOf, type YearMonth } from '../../../../../server/emv/profile/dates';
import type { CardSectionProps } from './card-section';
import { InlineChecks, issuesFor } from './inline-checks';
import { ValidatedInput } from './validated-input';

const mmyy = (date: YearMonth) =>
  `${String(date.month).padStart(2, '0')}/${String(date.year % 100).padStart(2, '0')}`;

/** The dates a card prepared today gets, or why the rules cannot give them. */
function sampleDates(card: CardSectionProps['card']): string {
  const today = new Date();
  const data = madeUpCardholder(card, today);
  try {
    const effective = effectiveDateOf(card, data.preparationDate, data.cardholder);
    const expiry = expiryDateOf(card, data.preparationDate, data.cardholder);
    return `A card prepared today is valid from ${mmyy(effective)} to ${mmyy(expiry)}${
      card.constants.effectiveDate.rule === 'from-file' || card.constants.expiryDate.rule === 'from-file'
        ? ' (with the made-up file values)'
        : ''
    }.`;
  } catch (problem) {
    return (problem as Error).message;
  }
}

/**
 * The card template's constants: PAN length, BIN range, issuer identification number (42), the
 * effective and expiry date rules (5F25, 5F24) and the service code (5F30), decoded digit by digit
 * (ISO/IEC 7813).
 */
export function CardConstantsEditor({ card, editCard, disabled, groups, checking }: CardSectionProps) {
  const c = card.constants;
  const columns = card.input.columns.map((column) => column.name);
  // A date rule that reads the file starts at the column with that role, else an "other" one.
  const dateColumn = (role: 'effective-date' | 'expiry-date') =>
    card.input.columns.find((column) => column.role === role)?.name ??
    card.input.columns.find((column) => column.role === 'other')?.name ??
    columns[0] ??
    'column';
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <ValidatedInput
          id="card-pan-length"
          label="PAN length"
          mono
          value={String(c.panLength)}
          disabled={disabled}
          hint="The longest PAN of the product, 12 to 19 digits."
          check={(text) =>
            /^\d{2}$/.test(text) && Number(text) >= 12 && Number(text) <= 19
              ? undefined
              : 'The PAN length must be a number from 12 to 19'
          }
          onCommit={(text) => editCard((k) => void (k.constants.panLength = Number(text)))}
        />
        <ValidatedInput
          id="card-bin-low"
          label="BIN range from"
          mono
          value={c.binRange.low}
          disabled={disabled}
          check={(text) => binRangeProblem(text, c.binRange.high)}
          onCommit={(text) => editCard((k) => void (k.constants.binRange.low = text))}
        />
        <ValidatedInput
          id="card-bin-high"
          label="BIN range to"
          mono
          value={c.binRange.high}
          disabled={disabled}
          check={(text) => binRangeProblem(c.binRange.low, text)}
          onCommit={(text) => editCard((k) => void (k.constants.binRange.high = text))}
        />
        <ValidatedInput
          id="card-iin"
          label="Issuer identification number (42)"
          mono
          value={c.issuerIdentificationNumber}
          disabled={disabled}
          hint="6 digits, the start of the BIN range."
          check={(text) =>
            /^\d{6}$/.test(text) ? undefined : 'The issuer identification number must be 6 digits'
          }
          onCommit={(text) => editCard((k) => void (k.constants.issuerIdentificationNumber = text))}
        />
        <Field label="Effective date (5F25)" htmlFor="card-effective-rule">
          <Select
            id="card-effective-rule"
            value={c.effectiveDate.rule}
            disabled={disabled}
            onChange={(e) =>
              editCard(
                (k) =>
                  void (k.constants.effectiveDate = effectiveRule(
                    e.target.value as 'preparation-month' | 'from-file',
                    dateColumn('effective-date'),
                  )),
              )
            }
          >
            <option value="preparation-month">The preparation month</option>
            <option value="from-file">From a file column (YYMM)</option>
          </Select>
        </Field>
        {c.effectiveDate.rule === 'from-file' ? (
          <Field label="Effective date column" htmlFor="card-effective-column">
            <Select
              id="card-effective-column"
              value={c.effectiveDate.column}
              disabled={disabled}
              onChange={(e) =>
                editCard((k) => void (k.constants.effectiveDate = effectiveRule('from-file', e.target.value)))
              }
            >
              {columns.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <div />
        )}
        <div />
        <Field label="Expiry date (5F24)" htmlFor="card-expiry-rule">
          <Select
            id="card-expiry-rule"
            value={c.expiryDate.rule}
            disabled={disabled}
            onChange={(e) =>
              editCard(
                (k) =>
                  void (k.constants.expiryDate = expiryRule(
                    e.target.value as 'months-after-effective' | 'from-file',
                    36,
                    dateColumn('expiry-date'),
                  )),
              )
            }
          >
            <option value="months-after-effective">Months after the effective month</option>
            <option value="from-file">From a file column (YYMM)</option>
          </Select>
        </Field>
        {c.expiryDate.rule === 'from-file' ? (
          <Field label="Expiry date column" htmlFor="card-expiry-column">
            <Select
              id="card-expiry-column"
              value={c.expiryDate.column}
              disabled={disabled}
              onChange={(e) =>
                editCard((k) => void (k.constants.expiryDate = expiryRule('from-file', 36, e.target.value)))
              }
            >
              {columns.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <ValidatedInput
            id="card-expiry-months"
            label="Months of validity"
            mono
            value={String(c.expiryDate.months)}
            disabled={disabled}
            check={(text) =>
              /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 240
                ? undefined
                : 'The validity must be a whole number of months from 1 to 240'
            }
            onCommit={(text) =>
              editCard(
                (k) => void (k.constants.expiryDate = expiryRule('months-after-effective', Number(text), '')),
              )
            }
          />
        )}
        <p className="self-end text-xs text-slate-600" data-testid="card-sample-dates">
          {sampleDates(card)}
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <ValidatedInput
          id="card-service-code"
          label="Service code (5F30)"
          mono
          value={c.serviceCode}
          disabled={disabled}
          hint="Three digits, ISO/IEC 7813; a chip card starts with 2 or 6."
          check={serviceCodeProblem}
          onCommit={(text) => editCard((k) => void (k.constants.serviceCode = text))}
        />
        <ol className="space-y-1 text-xs md:col-span-2" data-testid="service-code-digits">
          {decodeServiceCode(c.serviceCode).map((digit) => (
            <li key={digit.position}>
              <span className="font-mono font-semibold">{digit.digit}</span> {digit.what}:{' '}
              {digit.meaning ?? <span className="text-red-700">{digit.problem}</span>}
            </li>
          ))}
        </ol>
      </div>
      <InlineChecks checking={checking} issues={issuesFor(groups, ['$.card.constants'])} />
    </div>
  );
}
