import { z } from 'zod';
import { allAuditEventsInOrder } from '../../../../db/queries/audit';
import { createContextFromHeaders } from '../../../../server/api/context';
import { recordAudit } from '../../../../server/services/audit-trail';
import { toCsv } from '../../../../server/services/csv-export';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const filter = z.object({
  category: z.enum(['management', 'security', 'alert', 'personalization']).optional(),
  actorName: z.string().trim().min(1).optional(),
  object: z.string().trim().min(1).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
});

/** The audit trail (filtered as on the page) as CSV for the auditor; the export is itself audited. */
export async function GET(request: Request) {
  const ctx = await createContextFromHeaders(request.headers, null);
  if (!ctx.user) return new Response('Your session has ended. Please log in again.', { status: 401 });
  const actor = { id: ctx.user.id, name: ctx.user.displayName, role: ctx.user.role, origin: ctx.origin };
  if (ctx.user.role !== 'auditor') {
    await recordAudit(ctx.db, actor, {
      category: 'security',
      action: 'access.denied',
      objectType: 'audit-export',
      result: 'refused',
    });
    return new Response('Only an auditor can export the audit trail.', { status: 403 });
  }
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''));
  const parsed = filter.safeParse(params);
  if (!parsed.success)
    return new Response(`Invalid filter: ${parsed.error.issues[0]?.message}`, { status: 400 });
  const events = await allAuditEventsInOrder(ctx.db, parsed.data);
  await recordAudit(ctx.db, actor, {
    category: 'management',
    action: 'audit.export',
    details: { filter: parsed.data, events: events.length },
  });
  const body = toCsv(
    [
      'seq',
      'at',
      'actor',
      'role',
      'category',
      'action',
      'object_type',
      'object_id',
      'result',
      'origin',
      'details',
      'hash',
    ],
    events.map((e) => [
      e.seq,
      e.at.toISOString(),
      e.actorName,
      e.actorRole,
      e.category,
      e.action,
      e.objectType,
      e.objectId,
      e.result,
      e.origin,
      JSON.stringify(e.details),
      e.hash,
    ]),
  );
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-trail-${new Date().toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
