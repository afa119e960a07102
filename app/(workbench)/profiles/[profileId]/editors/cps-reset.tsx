'use client';

import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../../../_components/ui/button';
import { cpsDefaultChanges, resetCpsMapping } from '../../../../../server/emv/profile/builders/cps-mapping';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import type { ApplicationTemplate } from '../../../../../server/emv/profile/schema/application';
import type { SectionProps } from './section-props';

/** "Reset to CPS defaults", after a confirmation that lists what the reset changes. */
export function CpsReset({ app, edit }: { app: ApplicationTemplate; edit: SectionProps['edit'] }) {
  const [asking, setAsking] = useState(false);
  const changes = asking ? cpsDefaultChanges(app) : [];
  if (!asking)
    return (
      <Button type="button" variant="secondary" onClick={() => setAsking(true)}>
        <RotateCcw className="size-4" aria-hidden />
        Reset to CPS defaults
      </Button>
    );
  return (
    <section
      aria-label="Reset to CPS defaults"
      data-testid="cps-reset"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      {changes.length === 0 ? (
        <p className="text-slate-700">The mapping is the CPS default already: a reset changes nothing.</p>
      ) : (
        <>
          <p className="font-medium text-amber-900">Resetting to the CPS defaults changes:</p>
          <ul className="list-disc space-y-0.5 pl-5 text-amber-900" data-testid="cps-reset-changes">
            {changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </>
      )}
      <div className="flex gap-2">
        <Button
          type="button"
          variant="danger"
          disabled={changes.length === 0}
          onClick={() => {
            edit((a) => resetCpsMapping(asTemplate(a)));
            setAsking(false);
          }}
        >
          Reset the mapping
        </Button>
        <Button type="button" variant="ghost" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
