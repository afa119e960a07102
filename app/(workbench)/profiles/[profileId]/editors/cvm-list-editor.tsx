'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { Field, Select, TextInput } from '../../../../_components/ui/form-field';
import { CVM_CONDITION_NAMES, CVM_METHOD_NAMES } from '../../../../../server/emv/profile/cvm';
import { cvmListHex, moveItem, type EditableApplication } from '../../../../../server/emv/profile/editors';
import {
  CVM_CONDITIONS,
  CVM_METHODS,
  type CvmCondition,
  type CvmMethod,
  type CvmRule,
} from '../../../../../server/emv/profile/schema/application';
import { EncodedValue } from './encoded-value';
import { IconButton } from './icon-button';

type CvmList = EditableApplication['cvm'];

const code = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
const methods = Object.keys(CVM_METHODS) as CvmMethod[];
const conditions = Object.keys(CVM_CONDITIONS) as CvmCondition[];
const MAX_AMOUNT = 0xffffffff;
/** A rule a new row starts with; the analyst changes it in place. */
const NEW_RULE: CvmRule = { method: 'signature', condition: 'always', applyNextIfUnsuccessful: false };

/** Amount X or Y: kept as typed until it is a whole number the 4-byte field holds. */
function AmountInput({
  id,
  label,
  value,
  disabled,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  const valid = (text: string) => /^\d{1,10}$/.test(text) && Number(text) <= MAX_AMOUNT;
  const shown = typed ?? String(value);
  return (
    <Field
      label={label}
      htmlFor={id}
      error={
        typed !== null && !valid(typed)
          ? `${label} must be a whole number from 0 to ${MAX_AMOUNT}`
          : undefined
      }
      hint="In minor units of the application currency."
    >
      <TextInput
        id={id}
        inputMode="numeric"
        value={shown}
        disabled={disabled}
        invalid={typed !== null && !valid(typed)}
        onChange={(e) => {
          const text = e.target.value.trim();
          if (valid(text)) {
            setTyped(null);
            onChange(Number(text));
          } else setTyped(e.target.value);
        }}
        className="font-mono"
      />
    </Field>
  );
}

/** The CVM list (8E) as rows of method, condition and what happens when the method fails. */
export function CvmListEditor({
  cvm,
  disabled,
  onChange,
}: {
  cvm: CvmList;
  disabled: boolean;
  onChange: (cvm: CvmList) => void;
}) {
  const rules = cvm.rules;
  const setRules = (next: CvmRule[]) => onChange({ ...cvm, rules: next });
  const setRule = (index: number, change: Partial<CvmRule>) =>
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  const hex = cvmListHex(cvm);

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <AmountInput
          id="cvm-amount-x"
          label="Amount X"
          value={cvm.amountX}
          disabled={disabled}
          onChange={(amountX) => onChange({ ...cvm, amountX })}
        />
        <AmountInput
          id="cvm-amount-y"
          label="Amount Y"
          value={cvm.amountY}
          disabled={disabled}
          onChange={(amountY) => onChange({ ...cvm, amountY })}
        />
      </div>
      <EncodedValue
        tag="8E"
        name="CVM List: amounts X and Y, then one CV Rule (method, condition) per row"
        hex={[hex.slice(0, 8), hex.slice(8, 16), ...(hex.slice(16).match(/.{4}/g) ?? [])].join(' ')}
      />
      <div>
        <div className="hidden grid-cols-[1.5rem_minmax(0,1fr)_minmax(0,1fr)] gap-3 border-b border-slate-200 px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase sm:grid">
          <span>#</span>
          <span>Method (Book 3 Table 39)</span>
          <span>Condition (Table 40)</span>
        </div>
        <ol className="divide-y divide-slate-100" data-testid="cvm-rules">
          {rules.map((rule, i) => {
            const n = i + 1;
            return (
              <li
                key={i}
                data-testid="cvm-rule"
                className="grid grid-cols-[1.5rem_minmax(0,1fr)] gap-x-3 gap-y-2 px-3 py-3 sm:grid-cols-[1.5rem_minmax(0,1fr)_minmax(0,1fr)]"
              >
                <span className="row-span-3 pt-2 font-mono text-xs text-slate-500 sm:row-span-2">{n}</span>
                <Select
                  aria-label={`Rule ${n} method`}
                  value={rule.method}
                  disabled={disabled}
                  onChange={(e) => setRule(i, { method: e.target.value as CvmMethod })}
                >
                  {methods.map((method) => (
                    <option key={method} value={method}>
                      {code(CVM_METHODS[method])} {CVM_METHOD_NAMES[method]}
                    </option>
                  ))}
                </Select>
                <Select
                  aria-label={`Rule ${n} condition`}
                  value={rule.condition}
                  disabled={disabled}
                  onChange={(e) => setRule(i, { condition: e.target.value as CvmCondition })}
                >
                  {conditions.map((condition) => (
                    <option key={condition} value={condition}>
                      {code(CVM_CONDITIONS[condition])} {CVM_CONDITION_NAMES[condition]}
                    </option>
                  ))}
                </Select>
                <label className="flex items-center gap-2 text-sm text-slate-600">
                  <span className="shrink-0">If unsuccessful</span>
                  <Select
                    aria-label={`Rule ${n} if unsuccessful`}
                    value={rule.applyNextIfUnsuccessful ? 'next' : 'fail'}
                    disabled={disabled}
                    onChange={(e) => setRule(i, { applyNextIfUnsuccessful: e.target.value === 'next' })}
                  >
                    <option value="next">Apply next rule</option>
                    <option value="fail">Fail cardholder verification</option>
                  </Select>
                </label>
                <div className="flex justify-end gap-1">
                  <IconButton
                    label={`Move rule ${n} up`}
                    disabled={disabled || i === 0}
                    onClick={() => setRules(moveItem(rules, i, i - 1))}
                  >
                    <ArrowUp className="size-4" aria-hidden />
                  </IconButton>
                  <IconButton
                    label={`Move rule ${n} down`}
                    disabled={disabled || i === rules.length - 1}
                    onClick={() => setRules(moveItem(rules, i, i + 1))}
                  >
                    <ArrowDown className="size-4" aria-hidden />
                  </IconButton>
                  <IconButton
                    label={`Remove rule ${n}`}
                    disabled={disabled}
                    onClick={() => setRules(rules.filter((_, j) => j !== i))}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </IconButton>
                </div>
              </li>
            );
          })}
        </ol>
      </div>
      {rules.length === 0 ? (
        <p className="text-sm text-slate-500">No rule: the card carries no CVM list.</p>
      ) : null}
      {disabled ? null : (
        <Button
          type="button"
          variant="secondary"
          disabled={rules.length >= 121}
          onClick={() => setRules([...rules, NEW_RULE])}
        >
          <Plus className="size-4" aria-hidden />
          Add rule
        </Button>
      )}
    </div>
  );
}
