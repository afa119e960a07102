import { Badge, type BadgeTone } from '../../_components/ui/badge';
import { cn } from '../../_components/ui/cn';

const tone: Record<string, BadgeTone> = {
  draft: 'neutral',
  submitted: 'info',
  approved: 'info',
  running: 'warning',
  prepared: 'success',
  validated: 'success',
  purged: 'neutral',
  released: 'success',
  downloaded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

export function JobStatusBadge({ status }: { status: string }) {
  return <Badge tone={tone[status] ?? 'neutral'}>{status}</Badge>;
}

const lifeCycle = [
  'draft',
  'submitted',
  'approved',
  'running',
  'prepared',
  'validated',
  'released',
  'downloaded',
  'purged',
] as const;

/** The job's life cycle as a picture: done steps filled, the current one ringed. */
export function JobLifeCycle({ status }: { status: string }) {
  const current = lifeCycle.indexOf(status as (typeof lifeCycle)[number]);
  const stopped = status === 'failed' || status === 'cancelled';
  return (
    <ol
      className="flex flex-wrap items-center gap-2"
      aria-label="Job life cycle"
      data-testid="job-life-cycle"
    >
      {lifeCycle.map((step, index) => {
        const done = index < current || (index === current && step === 'purged');
        const active = index === current;
        return (
          <li key={step} className="flex items-center gap-2">
            <span
              aria-current={active ? 'step' : undefined}
              className={cn(
                'rounded-full px-3 py-1 text-xs font-medium ring-1',
                done
                  ? 'bg-brand-600 text-white ring-brand-600'
                  : active
                    ? 'bg-brand-50 text-brand-700 ring-2 ring-brand-500'
                    : 'bg-white text-slate-400 ring-slate-200',
              )}
            >
              {step}
            </span>
            {index < lifeCycle.length - 1 ? <span className="h-px w-4 bg-slate-300" aria-hidden /> : null}
          </li>
        );
      })}
      {stopped ? (
        <li>
          <JobStatusBadge status={status} />
        </li>
      ) : null}
    </ol>
  );
}
