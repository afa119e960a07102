import type { ReactNode } from 'react';
import { ApplicationsEditor } from './applications-editor';
import { CardConstantsEditor } from './card-constants-editor';
import { CardSection } from './card-section';
import { CpsMappingEditor } from './cps-mapping-editor';
import { DolEditor } from './dol-editor';
import { ExtraInputsEditor } from './extra-inputs-editor';
import { IdentityEditor } from './identity-editor';
import { InputLayoutEditor } from './input-layout-editor';
import { InterfaceDataEditor } from './interface-data-editor';
import { KeysEditor } from './keys-editor';
import { RecordsEditor } from './records-editor';
import { RiskEditor } from './risk-editor';
import type { SectionProps } from './section-props';
import { SurfaceEditor } from './surface-editor';

/** The editors that build an application from scratch, by section id; `null` for the other sections. */
export function builderSection(
  section: string,
  props: SectionProps,
  pick: (index: number) => void,
): ReactNode | null {
  // Keyed by application, so fields kept as typed do not carry over to another application.
  const key = `${section}-${props.index}`;
  switch (section) {
    case 'applications':
      return <ApplicationsEditor key={key} {...props} onPick={pick} />;
    case 'identity':
      return <IdentityEditor key={key} {...props} />;
    case 'interface-data':
      return <InterfaceDataEditor key={key} {...props} />;
    case 'records':
      return <RecordsEditor key={key} {...props} />;
    case 'dols':
      return <DolEditor key={key} {...props} />;
    case 'cps-mapping':
      return <CpsMappingEditor key={key} {...props} />;
    case 'risk':
      return <RiskEditor key={key} {...props} />;
    case 'keys':
      return <KeysEditor key={key} {...props} />;
    // The card template's editors: the same for every application of the card.
    case 'card-constants':
      return <CardSection props={props}>{(card) => <CardConstantsEditor {...card} />}</CardSection>;
    case 'surface':
      return <CardSection props={props}>{(card) => <SurfaceEditor {...card} />}</CardSection>;
    case 'input-layout':
      return <CardSection props={props}>{(card) => <InputLayoutEditor {...card} />}</CardSection>;
    case 'extra-inputs':
      return <CardSection props={props}>{(card) => <ExtraInputsEditor {...card} />}</CardSection>;
    default:
      return null;
  }
}
