import { Badge } from '../../../../_components/ui/badge';
import type { IssueGroupView } from '../types';

type Issue = IssueGroupView['issues'][number];

/** Whether `path` is `prefix` or lies inside it ("$.a.cvm" holds "$.a.cvm.rules[0]", not "$.a.cvmX"). */
function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The issues of the latest checks that concern one editor: by JSON path, or by check code. */
export function issuesFor(
  groups: IssueGroupView[] | undefined,
  paths: string[],
  codePrefix?: string,
  appPath?: string,
): Issue[] {
  return (groups ?? [])
    .flatMap((group) => group.issues)
    .filter(
      (issue) =>
        paths.some((prefix) => within(issue.path, prefix)) ||
        (codePrefix !== undefined &&
          issue.code.startsWith(codePrefix) &&
          (appPath === undefined || within(issue.path, appPath))),
    );
}

/** Checks shown beside the editor they concern, as the checks panel words them. */
export function InlineChecks({ issues, checking }: { issues: Issue[]; checking: boolean }) {
  if (checking) return <p className="text-xs text-slate-500">Checking…</p>;
  if (issues.length === 0)
    return (
      <p className="text-xs text-emerald-700" data-testid="inline-checks-clean">
        The checks find nothing here.
      </p>
    );
  return (
    <ul className="space-y-1" aria-label="Checks of this section">
      {issues.map((issue, i) => (
        <li
          key={`${issue.path}-${issue.code}-${i}`}
          data-testid="inline-check"
          className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={issue.severity === 'error' ? 'danger' : 'warning'}>{issue.severity}</Badge>
            <span className="text-xs text-slate-400">{issue.code}</span>
            <code className="font-mono text-xs text-slate-500">{issue.path}</code>
          </div>
          <p className="mt-1 text-slate-700">{issue.message}</p>
        </li>
      ))}
    </ul>
  );
}
