'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../_components/ui/button';
import { Field, PairOptions, Select, TextInput } from '../../_components/ui/form-field';
import { ErrorNotice } from '../../_components/ui/states';
import {
  COUNTRY_OPTIONS,
  CURRENCY_OPTIONS,
  countryLabel,
  currencyLabel,
} from '../../../server/emv/profile/editors';
import { applicationTemplate } from '../../../server/emv/profile/schema/application';
import { errorMessage, useTRPC } from '../../_trpc/client';
import { FAMILIES, INTERFACES } from './[profileId]/editors/applications-editor';
import { CodePicker } from './[profileId]/editors/code-picker';
import { useOpenCreated } from './use-open-created';

type Family = (typeof FAMILIES)[number][0];
type Interfaces = (typeof INTERFACES)[number][0];
const aidRule = applicationTemplate.shape.identity.shape.aid;

/**
 * A new profile with card-level defaults (ISO/IEC 7813 service code 201, CPS DGI mapping) and one
 * application that holds no data yet; the designer's checks then list what it needs.
 */
export function StartFromScratch() {
  const trpc = useTRPC();
  const open = useOpenCreated();
  const create = useMutation(trpc.profiles.createBlank.mutationOptions({ onSuccess: open }));
  const [name, setName] = useState('');
  const [bin, setBin] = useState('');
  const [currency, setCurrency] = useState('978');
  const [country, setCountry] = useState('276');
  const [appName, setAppName] = useState('');
  const [aid, setAid] = useState('');
  const [family, setFamily] = useState<Family>('generic');
  const [interfaces, setInterfaces] = useState<Interfaces>('contact');
  const [tried, setTried] = useState(false);
  const problems = {
    name: name.trim().length >= 3 ? undefined : 'A profile name has at least 3 characters',
    bin: /^\d{6,8}$/.test(bin) ? undefined : 'The BIN is 6 to 8 digits, e.g. 99990100',
    appName: appName.trim() ? undefined : 'Give the first application a name',
    aid: aidRule.safeParse(aid).success
      ? undefined
      : `The AID ${aidRule.safeParse(aid).error?.issues[0]?.message ?? 'is not valid'}`,
  };
  const shown = (problem: string | undefined) => (tried ? problem : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) return;
    create.mutate({
      name: name.trim(),
      bin,
      currency,
      country,
      application: { name: appName.trim(), aid, family, interfaces },
    });
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Name of the new profile" htmlFor="scratch-name" error={shown(problems.name)}>
          <TextInput
            id="scratch-name"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          label="BIN"
          htmlFor="scratch-bin"
          error={shown(problems.bin)}
          hint="The card's BIN range starts as this BIN; the issuer identification number (42) is its first 6 digits."
        >
          <TextInput
            id="scratch-bin"
            inputMode="numeric"
            value={bin}
            onChange={(e) => setBin(e.target.value.trim())}
          />
        </Field>
        <CodePicker
          id="scratch-currency"
          label="Card currency"
          value={currency}
          options={CURRENCY_OPTIONS}
          labelOf={currencyLabel}
          disabled={false}
          onChange={setCurrency}
        />
        <CodePicker
          id="scratch-country"
          label="Card country"
          value={country}
          options={COUNTRY_OPTIONS}
          labelOf={countryLabel}
          disabled={false}
          onChange={setCountry}
        />
        <Field label="First application name" htmlFor="scratch-app-name" error={shown(problems.appName)}>
          <TextInput
            id="scratch-app-name"
            value={appName}
            maxLength={80}
            onChange={(e) => setAppName(e.target.value)}
          />
        </Field>
        <Field
          label="First application AID"
          htmlFor="scratch-aid"
          error={shown(problems.aid)}
          hint="RID ‖ PIX, 5 to 16 bytes of upper-case hex."
        >
          <TextInput
            id="scratch-aid"
            value={aid}
            className="font-mono"
            onChange={(e) => setAid(e.target.value.trim())}
          />
        </Field>
        <Field label="First application family" htmlFor="scratch-family">
          <Select id="scratch-family" value={family} onChange={(e) => setFamily(e.target.value as Family)}>
            <PairOptions pairs={FAMILIES} />
          </Select>
        </Field>
        <Field label="First application interfaces" htmlFor="scratch-interfaces">
          <Select
            id="scratch-interfaces"
            value={interfaces}
            onChange={(e) => setInterfaces(e.target.value as Interfaces)}
          >
            <PairOptions pairs={INTERFACES} />
          </Select>
        </Field>
      </div>
      {create.error ? <ErrorNotice message={errorMessage(create.error)} /> : null}
      <Button type="submit" busy={create.isPending}>
        Start from scratch
      </Button>
    </form>
  );
}
