import { Badge } from '../../../_components/ui/badge';
import { CheckCounts } from '../profile-status';
import type { IssueGroupView } from './types';

/** The designer's checks, by application, each with the tag and its name and the JSON path it concerns. */
export function ProfileChecks({ groups }: { groups: IssueGroupView[] }) {
  return (
    <div className="space-y-4" data-testid="profile-checks">
      {groups.map((group) => (
        <section key={group.path} aria-label={`Checks: ${group.title}`} data-testid="check-group">
          <header className="flex items-baseline justify-between gap-3 border-b border-slate-100 pb-1">
            <h3 className="text-sm font-semibold text-slate-800">{group.title}</h3>
            <span className="text-xs">
              <CheckCounts errors={group.errors} warnings={group.warnings} />
            </span>
          </header>
          {group.issues.length === 0 ? (
            <p className="py-2 text-xs text-slate-500">Every check passes.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {group.issues.map((issue, i) => (
                <li
                  key={`${issue.path}-${issue.code}-${i}`}
                  className="py-2 text-sm"
                  data-testid="check-issue"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={issue.severity === 'error' ? 'danger' : 'warning'}>{issue.severity}</Badge>
                    {issue.tag ? (
                      <span>
                        <span className="font-mono text-xs text-slate-500">{issue.tag}</span>{' '}
                        <span className="font-medium text-slate-900">{issue.tagName}</span>
                      </span>
                    ) : null}
                    <span className="text-xs text-slate-400">{issue.code}</span>
                  </div>
                  <p className="mt-1 text-slate-700">{issue.message}</p>
                  <code className="mt-0.5 block font-mono text-xs break-all text-slate-500">
                    {issue.path}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
