'use client';

import {
  renameInputColumn,
  type ProfileParts,
} from '../../../../../server/emv/profile/builders/column-rename';
import { COLUMN_ROLES } from '../../../../../server/emv/profile/schema/card';
import type { CardSectionProps } from './card-section';
import { InlineChecks, issuesFor } from './inline-checks';
import { LayoutEditor } from './layout-editor';

/**
 * The cardholder file's layout (CSV or fixed width) with the role of each column, which the import
 * checks every row by, and a live parse of a sample row. Renaming a column renames what refers to it.
 */
export function InputLayoutEditor({ card, edit, editCard, disabled, groups, checking }: CardSectionProps) {
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
        onRenameColumn={(from, to) =>
          edit((_, profile) => renameInputColumn(profile as unknown as ProfileParts, undefined, from, to))
        }
      />
      <InlineChecks checking={checking} issues={issuesFor(groups, ['$.card.input'], 'column-', '$.card')} />
    </div>
  );
}
