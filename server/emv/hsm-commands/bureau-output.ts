import { z } from 'zod';
import { hex, keyRef, maxCardsPerCall, type CommandSpec } from './common';
import { keyUnderKek, transportKek } from './icc-keys';

const maxMacItemBytes = 64 * 1024;
/** All items of one call together: the request line stays well under the bridge's 4 MiB line limit. */
const maxMacTotalBytes = 1024 * 1024;

/**
 * The MAC that protects the files for the bureau (docs/formats.md, "Application MAC"): a per-job MAC
 * key generated in the HSM, and ISO/IEC 9797-1 MAC algorithm 1 with padding method 3 under it,
 * computed by the HSM so the key never leaves it in clear.
 */
export const bureauOutputCommands = {
  /**
   * A fresh double-length TDES key of usage M1 (MAC key, ISO 9797-1 algorithm 1), stored in the HSM,
   * returned once: encrypted (TDES-ECB) under the transport KEK with its 3-byte KCV, for the bureau.
   */
  createOutputMacKey: {
    params: z.object({ label: z.string().min(1).max(64), kekRef: keyRef }),
    result: z.object({ keyRef, kcv: hex(3), underKek: keyUnderKek, kek: transportKek }),
  },
  /**
   * ISO/IEC 9797-1 MAC algorithm 1 (TDES CBC-MAC, IV zero), padding method 3, 8 bytes, of each item
   * under an M1 key: the MAC inputs of server/bureau-file. Results keep the order of `items`.
   */
  macOutputData: {
    params: z.object({
      macKeyRef: keyRef,
      items: z
        .array(
          hex()
            .min(2, 'must not be empty')
            .max(maxMacItemBytes * 2, `must be at most ${maxMacItemBytes} bytes`),
        )
        .min(1)
        .max(maxCardsPerCall)
        .refine((items) => items.reduce((sum, item) => sum + item.length / 2, 0) <= maxMacTotalBytes, {
          message: `must be at most ${maxMacTotalBytes} bytes in all`,
        }),
    }),
    result: z.object({ macs: z.array(hex(8)) }),
  },
} as const satisfies Record<string, CommandSpec>;
