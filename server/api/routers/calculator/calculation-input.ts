import { z } from 'zod';

const hex = z.string().trim().toUpperCase();

/** The calculator's inputs (server/emv/calculator.ts), validated at the edge. */
export const calculationInput = z.union([
  z.object({ operation: z.literal('kcv'), key: hex, method: z.enum(['tdes', 'aes-cmac', 'aes-gp']) }),
  z.object({
    operation: z.literal('icc-master-key'),
    imk: hex,
    pan: z.string().trim(),
    psn: z.string().trim(),
    option: z.enum(['A', 'B']),
  }),
  z.object({
    operation: z.literal('session-key'),
    iccMk: hex,
    method: z.enum(['emv-csk', 'mc-skd', 'common']),
    atc: hex.optional(),
    un: hex.optional(),
    r: hex.optional(),
  }),
  z.object({
    operation: z.literal('arqc'),
    key: hex,
    data: hex,
    padding: z.union([z.literal(1), z.literal(2)]),
  }),
  z.object({ operation: z.literal('arpc'), key: hex, arqc: hex, method: z.literal(1), arc: hex }),
  z.object({
    operation: z.literal('arpc'),
    key: hex,
    arqc: hex,
    method: z.literal(2),
    csu: hex,
    proprietaryData: hex.optional(),
  }),
  z.object({
    operation: z.literal('pin-block'),
    format: z.union([z.literal(0), z.literal(1), z.literal(3)]),
    pin: z.string().trim(),
    pan: z.string().trim().optional(),
    fill: hex.optional(),
  }),
  z.object({
    operation: z.literal('mac'),
    key: hex,
    data: hex,
    algorithm: z.union([z.literal(1), z.literal(3)]),
    padding: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  }),
  z.object({
    operation: z.literal('tdes'),
    key: hex,
    data: hex,
    mode: z.enum(['ecb', 'cbc']),
    direction: z.enum(['encrypt', 'decrypt']),
    iv: hex.optional(),
  }),
]);
