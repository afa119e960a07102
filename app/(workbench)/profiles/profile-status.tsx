import { Badge, type BadgeTone } from '../../_components/ui/badge';

const tone: Record<string, BadgeTone> = {
  draft: 'neutral',
  submitted: 'info',
  approved: 'success',
  rejected: 'danger',
};

export function ProfileStatusBadge({ status }: { status: string }) {
  return <Badge tone={tone[status] ?? 'neutral'}>{status}</Badge>;
}

/** "2 errors · 1 warning", or "no issues". */
export function CheckCounts({ errors, warnings }: { errors: number; warnings: number }) {
  if (errors === 0 && warnings === 0) return <span className="text-emerald-700">no issues</span>;
  return (
    <span>
      {errors ? (
        <span className="text-red-700">
          {errors} error{errors === 1 ? '' : 's'}
        </span>
      ) : null}
      {errors && warnings ? ' · ' : null}
      {warnings ? (
        <span className="text-amber-700">
          {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      ) : null}
    </span>
  );
}
