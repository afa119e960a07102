/**
 * Offline risk parameters reach the card: a limit that is set is carried by at least one data element
 * placed in a record or DGI (9F14 and 9F23 for the terminal's velocity checking, Book 3 10.6.3, or the
 * family's own counters), since a limit no tag carries is never personalized.
 */
import { tagLabel } from '../../dictionary';
import { RISK_FIELDS, riskTags } from '../builders/risk';
import { interfacesOf } from '../interfaces';
import type { ApplicationTemplate } from '../schema/application';
import { familyOf } from '../values';
import { placedElements, type IssueList } from './issue';

export function checkRiskPlaced(app: ApplicationTemplate, appPath: string, issues: IssueList): void {
  const placed = new Set(placedElements(app, appPath, interfacesOf(app)).map((at) => at.tlv.tag));
  for (const { field, label } of RISK_FIELDS) {
    if (app.risk[field] === undefined) continue;
    const tags = riskTags(app, field);
    const names = tags.map((tag) => tagLabel(tag, familyOf(app))).join(' or ');
    if (tags.length === 0) {
      issues.warning(
        'risk-not-placed',
        `${appPath}.risk.${field}`,
        `${label} is set, but no data element of ${app.family} applications carries it; it is not personalized`,
      );
    } else if (!tags.some((tag) => placed.has(tag))) {
      issues.warning(
        'risk-not-placed',
        `${appPath}.risk.${field}`,
        `${label} is set, but no record or DGI holds ${names}, so the card never gets it; place ${tags[0]} with the source "template"`,
        tags[0],
      );
    }
  }
}
