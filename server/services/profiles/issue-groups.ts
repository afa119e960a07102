import type { ProfileDocument, ProfileIssue } from '../../emv/profile';

export interface IssueGroup {
  /** "$.applications[0]" for an application, "$" for the card template and the whole profile. */
  path: string;
  title: string;
  errors: number;
  warnings: number;
  issues: ProfileIssue[];
}

/** The checks by application (in the profile's order), then what concerns the card or the whole profile. */
export function groupIssues(
  document: ProfileDocument | undefined,
  issues: readonly ProfileIssue[],
): IssueGroup[] {
  const groups: IssueGroup[] = (document?.applications ?? []).map((app, i) => ({
    path: `$.applications[${i}]`,
    title: `${app.name} (${app.id})`,
    errors: 0,
    warnings: 0,
    issues: [],
  }));
  const rest: IssueGroup = {
    path: '$',
    title: 'Card template and whole profile',
    errors: 0,
    warnings: 0,
    issues: [],
  };
  for (const issue of issues) {
    const index = /^\$\.applications\[(\d+)\]/.exec(issue.path)?.[1];
    const group = (index !== undefined ? groups[Number(index)] : undefined) ?? rest;
    group.issues.push(issue);
    if (issue.severity === 'error') group.errors += 1;
    else group.warnings += 1;
  }
  return [...groups, rest];
}
