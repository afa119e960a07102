/** Response shapes of the profile designer's procedures: profile documents and previews hold no secret. */
import { z } from 'zod';

export const profileVersionStatus = z.enum(['draft', 'submitted', 'approved', 'rejected']);

export const checkSummary = z.object({
  errors: z.number(),
  warnings: z.number(),
  errorCodes: z.array(z.string()),
});

export const profileIssue = z.object({
  path: z.string(),
  tag: z.string().optional(),
  tagName: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

export const issueGroup = z.object({
  path: z.string(),
  title: z.string(),
  errors: z.number(),
  warnings: z.number(),
  issues: z.array(profileIssue),
});

export const versionSummary = z.object({
  id: z.string(),
  number: z.number(),
  status: profileVersionStatus,
  checkSummary,
  note: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.date().nullable(),
  rejectedByName: z.string().nullable(),
  rejectedAt: z.date().nullable(),
  rejectionReason: z.string().nullable(),
});

export const versionRef = z.object({ id: z.string(), number: z.number(), status: profileVersionStatus });

export const profileRef = z.object({ id: z.string(), name: z.string() });

/** A decoded TLV: a value (hex and readable), a placeholder saying where it will come from, or an error. */
export const previewNode = z.object({
  tag: z.string(),
  name: z.string(),
  value: z.string().optional(),
  display: z.string().optional(),
  placeholder: z.string().optional(),
  error: z.string().optional(),
  get children() {
    return z.array(previewNode).optional();
  },
});

export const builtDgi = z.object({
  dgi: z.string(),
  name: z.string(),
  encrypted: z.boolean(),
  kind: z.string(),
  tree: z.array(previewNode),
  summary: z.string().optional(),
  data: z.string().optional(),
  bytes: z.string().optional(),
  complete: z.boolean(),
  problems: z.array(z.string()),
});

const renderedTrack = z.object({ text: z.string(), complete: z.boolean() });

export const cardPreview = z.object({
  applications: z.array(
    z.object({ id: z.string(), name: z.string(), aid: z.string(), dgis: z.array(builtDgi) }),
  ),
  surface: z.object({
    embossing: z.array(z.object({ name: z.string(), text: z.string() })),
    track1: renderedTrack.optional(),
    track2: renderedTrack.optional(),
    problems: z.array(z.string()).optional(),
  }),
  preparationDate: z.string(),
  cardholder: z.array(z.object({ column: z.string(), value: z.string() })),
});
