import { z } from 'zod';
import { listCaPublicKeys as listCaPublicKeyRows } from '../../../../db/queries/ca-public-keys';
import { addCaPublicKeyInput, addCaPublicKey as add } from '../../../services/ca-public-keys';
import { createTestCa as create, createTestCaInput } from '../../../services/test-ca';
import { roleProcedure } from '../../trpc';

/** A CA public key as listed: public data, and whether it is the workbench's own TEST CA. */
export const caPublicKeyOutput = z.object({
  id: z.string(),
  rid: z.string(),
  index: z.string(),
  environment: z.enum(['live', 'test']),
  bits: z.number(),
  modulus: z.string(),
  exponent: z.string(),
  checksum: z.string(),
  source: z.enum(['scheme', 'workbench_test_ca']),
  addedByName: z.string(),
  addedAt: z.date(),
});

type CaKeyRow = Omit<z.infer<typeof caPublicKeyOutput>, 'bits'>;
const withBits = (row: CaKeyRow) => ({ ...row, bits: (row.modulus.length / 2) * 8 });

export const listCaPublicKeys = roleProcedure('security_officer')
  .output(z.array(caPublicKeyOutput))
  .query(async ({ ctx }) => (await listCaPublicKeyRows(ctx.db)).map(withBits));

export const addCaPublicKey = roleProcedure('security_officer')
  .input(addCaPublicKeyInput)
  .output(caPublicKeyOutput)
  .mutation(async ({ ctx, input }) =>
    withBits({ ...(await add(ctx.service, input)), addedByName: ctx.user.displayName }),
  );

/** The TEST CA's public key (its private key stays in the HSM) and the inventory label the bridge gave it. */
export const createTestCa = roleProcedure('security_officer')
  .input(createTestCaInput)
  .output(caPublicKeyOutput.extend({ label: z.string(), fingerprint: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { ca, key } = await create(ctx.service, input);
    return {
      ...withBits({ ...ca, addedByName: ctx.user.displayName }),
      label: key.label,
      fingerprint: key.kcv,
    };
  });
