'use client';

import { Field, Select } from '../../../../_components/ui/form-field';
import { ICC_KEY_COMPONENT_NAMES as COMPONENT_NAMES } from '../../../../../server/emv/profile/builders/cps-mapping';
import type { EditableApplication } from '../../../../../server/emv/profile/editors';
import type { IccPrivateKeyForm } from '../../../../../server/emv/profile/schema/application';

const FORMS: ReadonlyArray<{ form: IccPrivateKeyForm; label: string }> = [
  { form: 'crt', label: 'CRT constants' },
  { form: 'modulus-exponent', label: 'Modulus and private exponent' },
];

/**
 * The form the card takes its ICC private key in (keys.iccKey.privateKeyForm, EMV CPS v1.1 Annex A) and
 * the DGIs that carry it; picking a form maps that form's DGIs (withIccPrivateKeyForm).
 */
export function IccKeyFormEditor({
  app,
  disabled,
  onChange,
}: {
  app: EditableApplication;
  disabled: boolean;
  onChange: (form: IccPrivateKeyForm) => void;
}) {
  const iccKey = app.keys.iccKey;
  if (!iccKey) {
    return (
      <p className="text-sm text-slate-600">
        This application has no ICC key (keys.iccKey): it does SDA or no offline data authentication, and its
        cards get no ICC private key.
      </p>
    );
  }
  const form = iccKey.privateKeyForm ?? 'crt';
  const keyDgis = app.cps.dgis.flatMap((spec) =>
    spec.content.kind === 'icc-private-key' ? [{ dgi: spec.dgi, component: spec.content.component }] : [],
  );
  return (
    <div className="space-y-4">
      <div className="w-96">
        <Field
          label="ICC private key form"
          htmlFor="icc-private-key-form"
          hint="The form the card’s personalization specification asks for. The key leaves the HSM only encrypted under the job’s transport KEK."
        >
          <Select
            id="icc-private-key-form"
            value={form}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value as IccPrivateKeyForm)}
          >
            {FORMS.map((option) => (
              <option key={option.form} value={option.form}>
                {option.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div>
        <p className="text-sm font-medium text-slate-700">DGIs carrying the key (encrypted)</p>
        <ul className="mt-1 space-y-0.5 text-sm" data-testid="icc-key-dgis">
          {keyDgis.map((spec) => (
            <li key={spec.dgi} data-testid="icc-key-dgi">
              <span className="font-mono">{spec.dgi}</span>{' '}
              {COMPONENT_NAMES[spec.component] ?? spec.component}
            </li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-slate-500">
          Picking a form maps its default DGIs (8201–8205 for CRT, 8101 and 8103 for modulus and exponent) in
          place of the others; a card that names other DGIs gets them in the JSON (cps.dgis).
        </p>
      </div>
    </div>
  );
}
