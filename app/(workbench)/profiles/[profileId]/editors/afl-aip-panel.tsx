'use client';

import {
  describeAflEntry,
  interfaceSummaries,
  setOdaMethods,
} from '../../../../../server/emv/profile/builders/summary';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import type { OdaMethod } from '../../../../../server/emv/profile/schema/application';
import type { SectionProps } from './section-props';

const METHODS: ReadonlyArray<[OdaMethod, string]> = [
  ['sda', 'SDA'],
  ['dda', 'DDA'],
  ['cda', 'CDA'],
];

/**
 * Beside the records: per interface, the ODA methods chosen and the AFL (94) and AIP (82) the designer
 * computes from them and from the records marked as signed, decoded with names.
 */
export function AflAipPanel({ app, disabled, edit }: Pick<SectionProps, 'app' | 'disabled' | 'edit'>) {
  const summaries = interfaceSummaries(asTemplate(app));
  const shared = summaries.length === 2 && !app.contactless?.processing !== !app.contact?.processing;
  return (
    <div className="space-y-3">
      {summaries.map((summary) => (
        <section
          key={summary.name}
          data-testid={`afl-aip-${summary.name}`}
          className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3"
        >
          <h4 className="text-sm font-semibold text-slate-800">
            {summary.name === 'contact' ? 'Contact' : 'Contactless'} interface
          </h4>
          <fieldset className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
            <legend className="sr-only">Offline data authentication on the {summary.name} interface</legend>
            <span className="text-xs text-slate-500">ODA</span>
            {METHODS.map(([method, label]) => (
              <label key={method} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  aria-label={`${label} on the ${summary.name} interface`}
                  checked={summary.oda.includes(method)}
                  disabled={disabled || summary.aip === undefined}
                  onChange={(e) =>
                    edit((a) =>
                      setOdaMethods(
                        asTemplate(a),
                        summary.name,
                        e.target.checked ? [...summary.oda, method] : summary.oda.filter((m) => m !== method),
                      ),
                    )
                  }
                />
                {label}
              </label>
            ))}
          </fieldset>
          {shared ? (
            <p className="text-xs text-slate-500">Both interfaces share these processing options.</p>
          ) : null}
          <div>
            <div className="text-xs text-slate-500">
              <span className="font-mono">94</span> Application File Locator (AFL), computed
            </div>
            <output
              data-testid={`afl-${summary.name}`}
              className="block font-mono text-sm break-all text-slate-900"
            >
              {summary.afl.match(/.{8}/g)?.join(' ') || '(empty)'}
            </output>
            <ul className="text-xs text-slate-600">
              {summary.entries.map((entry) => (
                <li key={`${entry.sfi}-${entry.first}`}>{describeAflEntry(entry)}</li>
              ))}
            </ul>
          </div>
          <div>
            <div className="text-xs text-slate-500">
              <span className="font-mono">82</span> Application Interchange Profile (AIP), computed
            </div>
            <output data-testid={`aip-${summary.name}`} className="block font-mono text-sm text-slate-900">
              {summary.aip ?? '(no processing options)'}
            </output>
            <ul className="text-xs text-slate-600">
              {summary.aipBits.map((name) => (
                <li key={name}>{name}</li>
              ))}
            </ul>
          </div>
          {summary.overridden ? (
            <p className="text-xs text-amber-700">
              An AIP or AFL is typed by hand in the JSON; the checks compare it with these values.
            </p>
          ) : null}
        </section>
      ))}
    </div>
  );
}
