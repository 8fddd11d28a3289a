import type { DataSource } from 'typeorm';

/**
 * Marks claimed rows as handed to a transport, committed before any byte leaves (a claim that
 * expires without this mark is a send that never started: it goes back to pending). Only while
 * the claim is still the caller's (same `claimed_at`), so a worker that lost its claim to a
 * lease expiry never sends. Marks arriving together share one statement: while one is in flight,
 * the next ones wait for it and go in the next.
 */
const HAND_OVER_SQL = `
  WITH h AS (
    UPDATE notification n SET handed_at = now()
      FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, claimed_at)
     WHERE n.id = v.id AND n.state = 'PENDING' AND n.claimed_at = v.claimed_at AND n.handed_at IS NULL
     RETURNING n.id)
  SELECT id FROM h`;
const BATCH = 500;

interface Waiting {
  id: string;
  claimedAt: Date;
  resolve: (ours: boolean) => void;
  reject: (error: unknown) => void;
}

export class HandOverLog {
  private readonly waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly dataSource: DataSource) {}

  /** True when recorded (send now); false when the claim is no longer ours (do not send). */
  record(id: string, claimedAt: Date): Promise<boolean> {
    const recorded = new Promise<boolean>((resolve, reject) =>
      this.waiting.push({ id, claimedAt: new Date(claimedAt), resolve, reject }),
    );
    if (!this.flushing) void this.flush();
    return recorded;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, BATCH);
        try {
          const rows = await this.dataSource.query<{ id: string }[]>(HAND_OVER_SQL, [
            batch.map((w) => w.id),
            batch.map((w) => w.claimedAt),
          ]);
          const ours = new Set(rows.map((r) => r.id));
          for (const w of batch) w.resolve(ours.has(w.id));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
