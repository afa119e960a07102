import { appendFileSync } from 'node:fs';

export interface BridgeAuditEntry {
  caller: string;
  command: string;
  keyRefs?: string[];
  count?: number;
  result: string;
  error?: string;
}

/**
 * One line per call: who, which command, which keys, how many cards, and the outcome. Key references
 * and check values only; parameters and results are never written.
 */
export class BridgeAuditLog {
  constructor(private readonly file: string | null) {}

  write(entry: BridgeAuditEntry): void {
    const line = JSON.stringify({ at: new Date().toISOString(), ...entry });
    if (this.file) appendFileSync(this.file, `${line}\n`, { mode: 0o600 });
  }
}
