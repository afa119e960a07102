'use client';

import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { TlvTree } from '../../../../_components/emv/dgi-item';
import { TextInput } from '../../../../_components/ui/form-field';
import { tagName } from '../../../../../server/emv/dictionary';
import {
  INTERFACE_PARTS,
  interfaceDataViews,
  partElements,
  partPath,
  placeInterfaceElement,
  removeInterfaceElement,
  setInterfaceConstant,
  setOwn,
  type InterfaceDataView,
  type InterfacePart,
} from '../../../../../server/emv/profile/builders/interface-data';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import { cardTemplate } from '../../../../../server/emv/profile/schema/card';
import type { InterfaceName } from '../../../../../server/emv/profile/schema/common';
import { describeSource, familyOf } from '../../../../../server/emv/profile/values';
import { IconButton } from './icon-button';
import { InlineChecks, issuesFor } from './inline-checks';
import { PlaceElement } from './place-element';
import type { SectionProps } from './section-props';

const TITLE: Record<InterfaceName, string> = { contact: 'Contact', contactless: 'Contactless' };

/** The FCI and GPO views, or why they cannot be built from the text as it is. */
function views(props: SectionProps): InterfaceDataView[] | string {
  const card = cardTemplate.safeParse(props.profile.card);
  try {
    return interfaceDataViews(asTemplate(props.app), card.success ? card.data : undefined);
  } catch (problem) {
    return `The responses cannot be built yet: ${(problem as Error).message}`;
  }
}

/**
 * What each interface answers to SELECT (the FCI, decoded with names as the Preview shows it) and to
 * GET PROCESSING OPTIONS, side by side, with the data elements the template sets per interface: other
 * A5 data objects, the BF0C content and the GPO response data. An interface can use the other's data
 * or have its own; changing a shared interface's element gives it its own copy first.
 */
export function InterfaceDataEditor(props: SectionProps) {
  const { app, appPath, disabled, edit, groups, checking } = props;
  const template = asTemplate(app);
  const family = familyOf(template);
  const built = views(props);
  const [refusal, setRefusal] = useState<string | undefined>();
  const names = typeof built === 'string' ? [] : built.map((view) => view.name);
  const targets = names.flatMap((name, n) =>
    INTERFACE_PARTS.map(({ label }, p) => ({
      index: n * INTERFACE_PARTS.length + p,
      label: `${TITLE[name]}: ${label}`,
    })),
  );
  const change = (run: (a: ReturnType<typeof asTemplate>) => string | undefined | void) => {
    let problem: string | undefined;
    edit((a) => {
      problem = run(asTemplate(a)) ?? undefined;
    });
    setRefusal(problem);
  };
  const elementList = (name: InterfaceName, part: InterfacePart, label: string) => {
    const elements = partElements(template, name, part);
    return (
      <div key={part}>
        <p className="text-xs font-medium text-slate-600">{label}</p>
        <ul className="divide-y divide-slate-100" data-testid={`interface-part-${name}-${part}`}>
          {elements.length === 0 ? <li className="py-1 text-xs text-slate-500">None.</li> : null}
          {elements.map((tlv, t) => (
            <li key={`${tlv.tag}-${t}`} className="flex flex-wrap items-center gap-2 py-1">
              <span className="font-mono text-sm text-slate-900">{tlv.tag}</span>
              <span className="text-sm text-slate-700">{tagName(tlv.tag, family)}</span>
              {tlv.source?.from === 'constant' ? (
                <TextInput
                  aria-label={`${TITLE[name]} ${tlv.tag} value`}
                  className="h-8 w-36 py-1 font-mono text-xs"
                  value={tlv.source.value}
                  disabled={disabled}
                  onChange={(e) => change((a) => setInterfaceConstant(a, name, part, t, e.target.value))}
                />
              ) : (
                <span className="text-xs text-slate-500">
                  {tlv.source ? describeSource(tlv.source) : `${tlv.children?.length ?? 0} nested elements`}
                </span>
              )}
              {disabled ? null : (
                <IconButton
                  label={`Remove ${tlv.tag} from ${TITLE[name].toLowerCase()} ${label}`}
                  disabled={false}
                  onClick={() => change((a) => removeInterfaceElement(a, name, part, t))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              )}
            </li>
          ))}
        </ul>
      </div>
    );
  };
  const ownToggle = (view: InterfaceDataView, which: 'selection' | 'processing') => {
    if (app.interfaces !== 'both') return null;
    const own = which === 'selection' ? view.ownSelection : view.ownProcessing;
    return (
      <label className="flex items-center gap-1 text-xs text-slate-700">
        <input
          type="checkbox"
          checked={own}
          disabled={disabled}
          onChange={(e) => change((a) => setOwn(a, view.name, which, e.target.checked))}
        />
        {which === 'selection' ? 'Own FCI data' : 'Own GPO data'}
        {own ? null : (
          <span className="text-slate-500">
            {' '}
            (uses the {view.name === 'contact' ? 'contactless' : 'contact'} interface’s)
          </span>
        )}
      </label>
    );
  };

  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500">
        50, 87, 5F2D, 9F11 and 9F12 come from the Identity editor and are the same on every interface; the
        PDOL (9F38) is set per interface in DOLs; AIP and AFL follow the Records editor.
      </p>
      {typeof built === 'string' ? (
        <p role="alert" className="text-sm text-red-700">
          {built}
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {built.map((view) => (
            <section
              key={view.name}
              aria-label={`${TITLE[view.name]} interface`}
              data-testid={`interface-${view.name}`}
              className="space-y-3 rounded-md border border-slate-200 p-3"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-900">{TITLE[view.name]}</h3>
                <div className="flex flex-wrap gap-3">
                  {ownToggle(view, 'selection')}
                  {ownToggle(view, 'processing')}
                </div>
              </div>
              <div>
                <p className="text-xs font-medium text-slate-600">SELECT response (FCI)</p>
                <div data-testid={`fci-${view.name}`}>
                  <TlvTree nodes={view.fci} />
                </div>
              </div>
              {INTERFACE_PARTS.slice(0, 2).map(({ part, label }) => elementList(view.name, part, label))}
              <div>
                <p className="text-xs font-medium text-slate-600">GET PROCESSING OPTIONS response</p>
                <div data-testid={`gpo-${view.name}`}>
                  <TlvTree nodes={view.gpo} />
                </div>
              </div>
              {elementList(view.name, 'gpo', INTERFACE_PARTS[2]!.label)}
            </section>
          ))}
        </div>
      )}
      {refusal ? (
        <p role="alert" className="text-xs text-red-600">
          {refusal}
        </p>
      ) : null}
      {disabled || targets.length === 0 ? null : (
        <PlaceElement
          {...props}
          targets={{ label: 'Into', options: targets, empty: 'No interface' }}
          onPlace={(target, tag, source) => {
            const name = names[Math.floor(target / INTERFACE_PARTS.length)]!;
            const part = INTERFACE_PARTS[target % INTERFACE_PARTS.length]!.part;
            change((a) => placeInterfaceElement(a, name, part, tag, source));
          }}
        />
      )}
      <InlineChecks
        checking={checking}
        issues={issuesFor(
          groups,
          names.flatMap((name) =>
            INTERFACE_PARTS.map(({ part }) => partPath(appPath, name, part)).concat(
              `${appPath}.${name}.selection.pdol`,
            ),
          ),
        )}
      />
    </div>
  );
}
