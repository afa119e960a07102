'use client';

import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { Field, TextInput } from '../../../../_components/ui/form-field';
import { addOwnDgi } from '../../../../../server/emv/profile/builders/cps-mapping';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import type { SectionProps } from './section-props';

/** Adds a DGI for the application's own data (sent last, in clear, until an element makes it secret). */
export function AddOwnDgi({ edit }: { edit: SectionProps['edit'] }) {
  const [number, setNumber] = useState('');
  const [refusal, setRefusal] = useState<string | undefined>();
  const add = () => {
    let problem: string | undefined;
    edit((a) => {
      problem = addOwnDgi(asTemplate(a), number);
    });
    setRefusal(problem);
    if (!problem) setNumber('');
  };
  return (
    <fieldset className="flex flex-wrap items-end gap-3 rounded-md border border-dashed border-slate-300 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">Add an own DGI</legend>
      <div className="w-40">
        <Field label="DGI number" htmlFor="new-dgi-number" hint="4 hex digits, e.g. A001">
          <TextInput
            id="new-dgi-number"
            className="font-mono"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            onKeyDown={(e) => {
              // The editors frame is a form: Enter here adds the DGI, it does not save the version.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              add();
            }}
          />
        </Field>
      </div>
      <Button type="button" variant="secondary" onClick={add}>
        <Plus className="size-4" aria-hidden />
        Add DGI
      </Button>
      {refusal ? (
        <p role="alert" className="w-full text-xs text-red-600">
          {refusal}
        </p>
      ) : null}
    </fieldset>
  );
}
