'use client';

import { COLUMN_ROLES } from '../../../../../server/emv/profile/schema/card';
import type { CardSectionProps } from './card-section';
import { InlineChecks, issuesFor } from './inline-checks';
import { LayoutEditor } from './layout-editor';

/**
 * The cardholder file's layout (CSV or fixed width) with the role of each column, which the import
 * checks every row by, and a live parse of a sample row.
 */
export function InputLayoutEditor({ card, editCard, disabled, groups, checking }: CardSectionProps) {
  return (
    <div className="space-y-4">
      <LayoutEditor
        id="input"
        title="Cardholder file"
        card={card}
        layout={card.input}
        roles={COLUMN_ROLES}
        disabled={disabled}
        onChange={(layout) => editCard((k) => void (k.input = layout))}
      />
      <InlineChecks checking={checking} issues={issuesFor(groups, ['$.card.input'], 'column-', '$.card')} />
    </div>
  );
}
