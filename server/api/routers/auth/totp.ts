import { z } from 'zod';
import { confirmTotpEnrollment, startTotpEnrollment, verifyTotpCode } from '../../../auth/second-factor';
import { publicProcedure, router, secondFactorProcedure } from '../../trpc';

export const totpCodeInput = z.object({
  code: z
    .string()
    .transform((code) => code.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6 digits your authenticator app shows')),
});

const done = z.object({ ok: z.literal(true) });

/** For the second-factor page: whose sign-in waits for a code, and whether the app is set up yet. */
const status = publicProcedure
  .output(
    z
      .object({
        username: z.string(),
        displayName: z.string(),
        step: z.enum(['enroll', 'code']),
      })
      .nullable(),
  )
  .query(({ ctx }) => {
    const owed = ctx.secondFactorOwed;
    if (!owed) return null;
    const { username, displayName } = owed.user;
    return { username, displayName, step: owed.totpEnrolled ? ('code' as const) : ('enroll' as const) };
  });

/** The only time the secret leaves the server: before it is confirmed, for the person to copy or scan. */
const startEnrollment = secondFactorProcedure
  .output(
    z.object({
      secret: z.string().regex(/^[A-Z2-7]{32}$/),
      otpauthUri: z.string().startsWith('otpauth://totp/'),
    }),
  )
  .mutation(({ ctx }) => startTotpEnrollment(ctx.pending));

const confirmEnrollment = secondFactorProcedure
  .input(totpCodeInput)
  .output(done)
  .mutation(async ({ ctx, input }) => {
    await confirmTotpEnrollment(ctx.pending, { code: input.code });
    return { ok: true as const };
  });

const verify = secondFactorProcedure
  .input(totpCodeInput)
  .output(done)
  .mutation(async ({ ctx, input }) => {
    await verifyTotpCode(ctx.pending, { code: input.code });
    return { ok: true as const };
  });

export const totpRouter = router({ status, startEnrollment, confirmEnrollment, verify });
