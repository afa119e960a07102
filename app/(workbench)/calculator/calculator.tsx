'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Card, CardBody, CardHeader } from '../../_components/ui/card';
import { Field, Select, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice } from '../../_components/ui/states';
import { errorMessage, useTRPC } from '../../_trpc/client';

interface FieldSpec {
  name: string;
  label: string;
  placeholder?: string;
  options?: string[];
}

/** Each calculation: its fields (strings in the form; numbers where the API wants numbers). */
const operations: Record<string, { title: string; fields: FieldSpec[]; numeric?: string[] }> = {
  kcv: {
    title: 'Key check value',
    fields: [
      { name: 'key', label: 'Key (hex)' },
      { name: 'method', label: 'Method', options: ['tdes', 'aes-cmac', 'aes-gp'] },
    ],
  },
  'icc-master-key': {
    title: 'ICC master key (EMV Book 2 A1.4)',
    fields: [
      { name: 'imk', label: 'Issuer master key (hex)' },
      { name: 'pan', label: 'PAN', placeholder: '4761739001010010' },
      { name: 'psn', label: 'PSN', placeholder: '00' },
      { name: 'option', label: 'Option', options: ['A', 'B'] },
    ],
  },
  'session-key': {
    title: 'Session key',
    fields: [
      { name: 'iccMk', label: 'ICC master key (hex)' },
      { name: 'method', label: 'Method', options: ['emv-csk', 'mc-skd', 'common'] },
      { name: 'atc', label: 'ATC (hex, emv-csk / mc-skd)' },
      { name: 'un', label: 'Unpredictable number (hex, mc-skd)' },
      { name: 'r', label: 'R (hex, common)' },
    ],
  },
  arqc: {
    title: 'ARQC / application cryptogram',
    fields: [
      { name: 'key', label: 'Session key or ICC MK (hex)' },
      { name: 'data', label: 'Transaction data (hex)' },
      { name: 'padding', label: 'Padding method', options: ['2', '1'] },
    ],
    numeric: ['padding'],
  },
  arpc: {
    title: 'ARPC',
    fields: [
      { name: 'key', label: 'Key (hex)' },
      { name: 'arqc', label: 'ARQC (hex)' },
      { name: 'method', label: 'Method', options: ['1', '2'] },
      { name: 'arc', label: 'ARC (hex, method 1)' },
      { name: 'csu', label: 'CSU (hex, method 2)' },
    ],
    numeric: ['method'],
  },
  'pin-block': {
    title: 'PIN block (ISO 9564)',
    fields: [
      { name: 'format', label: 'Format', options: ['0', '1', '3'] },
      { name: 'pin', label: 'Test PIN' },
      { name: 'pan', label: 'PAN (formats 0, 3)' },
      { name: 'fill', label: 'Fill (hex, formats 1, 3)' },
    ],
    numeric: ['format'],
  },
  mac: {
    title: 'MAC (ISO 9797-1)',
    fields: [
      { name: 'key', label: 'Key (hex)' },
      { name: 'data', label: 'Data (hex)' },
      { name: 'algorithm', label: 'Algorithm', options: ['3', '1'] },
      { name: 'padding', label: 'Padding', options: ['2', '1', '3'] },
    ],
    numeric: ['algorithm', 'padding'],
  },
  tdes: {
    title: 'TDES',
    fields: [
      { name: 'key', label: 'Key (hex)' },
      { name: 'data', label: 'Data (hex)' },
      { name: 'mode', label: 'Mode', options: ['ecb', 'cbc'] },
      { name: 'direction', label: 'Direction', options: ['encrypt', 'decrypt'] },
      { name: 'iv', label: 'IV (hex, CBC)' },
    ],
  },
};

export function Calculator() {
  const trpc = useTRPC();
  const [operation, setOperation] = useState('kcv');
  const [values, setValues] = useState<Record<string, string>>({});
  const run = useMutation(trpc.calculator.run.mutationOptions());
  const spec = operations[operation]!;
  const value = (field: FieldSpec) => values[`${operation}.${field.name}`] ?? field.options?.[0] ?? '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, string | number> = { operation };
    for (const field of spec.fields) {
      const raw = value(field);
      if (raw === '') continue;
      input[field.name] = spec.numeric?.includes(field.name) ? Number(raw) : raw;
    }
    run.mutate(input as never);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title={spec.title} />
        <CardBody>
          <form onSubmit={submit} className="space-y-3" noValidate>
            <Field label="Calculation" htmlFor="calc-operation">
              <Select
                id="calc-operation"
                value={operation}
                onChange={(e) => {
                  setOperation(e.target.value);
                  run.reset();
                }}
              >
                {Object.entries(operations).map(([key, op]) => (
                  <option key={key} value={key}>
                    {op.title}
                  </option>
                ))}
              </Select>
            </Field>
            {spec.fields.map((field) => (
              <Field key={field.name} label={field.label} htmlFor={`calc-${field.name}`}>
                {field.options ? (
                  <Select
                    id={`calc-${field.name}`}
                    value={value(field)}
                    onChange={(e) => setValues({ ...values, [`${operation}.${field.name}`]: e.target.value })}
                  >
                    {field.options.map((option) => (
                      <option key={option}>{option}</option>
                    ))}
                  </Select>
                ) : (
                  <TextInput
                    id={`calc-${field.name}`}
                    className="font-mono"
                    autoComplete="off"
                    placeholder={field.placeholder}
                    value={value(field)}
                    onChange={(e) => setValues({ ...values, [`${operation}.${field.name}`]: e.target.value })}
                  />
                )}
              </Field>
            ))}
            <Button type="submit" busy={run.isPending}>
              Calculate
            </Button>
          </form>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Result" />
        <CardBody>
          {run.error ? <ErrorNotice message={errorMessage(run.error)} /> : null}
          {run.data ? (
            <dl className="space-y-2" data-testid="calc-result">
              {run.data.map((line) => (
                <div key={line.label}>
                  <dt className="text-xs text-slate-500">{line.label}</dt>
                  <dd className="break-all font-mono text-sm">{line.value}</dd>
                </div>
              ))}
            </dl>
          ) : !run.error ? (
            <p className="text-sm text-slate-500">Fill in the fields and calculate.</p>
          ) : null}
        </CardBody>
      </Card>
    </div>
  );
}
