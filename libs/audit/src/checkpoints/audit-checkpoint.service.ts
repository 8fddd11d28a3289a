import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { APP_CONFIG, AppConfig, Clock, smtpTransport } from '@tocsin/core';

import { signCheckpoint, SignedCheckpoint } from './audit-checkpoint';
import { CheckpointKeys } from './checkpoint-keys';
import { CheckpointMailer, CheckpointSink, DirectorySink, EmailSink, SyslogSink } from './checkpoint-sinks';

export const AUDIT_CHECKPOINT_KEYS = Symbol('AUDIT_CHECKPOINT_KEYS');

/** Taken by the one worker writing a checkpoint; any number fits, it only has to be Tocsin's own. */
const CHECKPOINT_LOCK = 0x70c5_a0d1;

/**
 * One statement (one round trip, one commit): take the advisory lock for the statement, read the
 * head and the last checkpoint, and record a new one only when the head moved and (for a periodic
 * one) the period is over. Signing needs nothing the database returns but the head.
 */
const CLAIM_CHECKPOINT = `
  WITH lock AS (SELECT pg_try_advisory_xact_lock($1) AS locked),
  head AS (SELECT h.last_sequence, h.last_hash FROM audit_chain_head h, lock WHERE h.id = 1 AND lock.locked),
  last AS (SELECT c.sequence, c.created_at FROM audit_checkpoint c, lock WHERE lock.locked
            ORDER BY c.sequence DESC LIMIT 1),
  inserted AS (
    INSERT INTO audit_checkpoint (sequence, hash, created_at, key_id, reason)
    SELECT head.last_sequence, head.last_hash, $2, $3, $4 FROM head
     WHERE head.last_sequence > coalesce((SELECT sequence FROM last), 0)
       AND ($5::boolean OR NOT EXISTS (
             SELECT 1 FROM last WHERE created_at > $2::timestamptz - make_interval(secs => $6)))
    RETURNING sequence, hash)
  SELECT (SELECT locked FROM lock) AS locked,
         (SELECT last_sequence FROM head) AS head, (SELECT sequence FROM last) AS last,
         (SELECT sequence FROM inserted) AS sequence, (SELECT hash FROM inserted) AS hash`;

export type CheckpointReason = 'PERIODIC' | 'SHUTDOWN';

export type CheckpointOutcome =
  | { written: true; checkpoint: SignedCheckpoint; sinks: string[]; failedSinks: string[] }
  | { written: false; why: 'OFF' | 'BUSY' | 'NO_NEW_ROWS' | 'TOO_SOON' };

/**
 * Writes signed checkpoints of the chain head to every sink outside the database (files,
 * syslog, the auditors' mailbox). Exactly one writer per period across all workers: the work runs
 * under a transaction-level advisory lock, and a periodic checkpoint is skipped when the head has
 * not moved or the last one is less than a period old. The private key is read from a file and
 * never stored in the database.
 */
@Injectable()
export class AuditCheckpointService implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private readonly sinks: CheckpointSink[] = [];
  private syslog: SyslogSink | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUDIT_CHECKPOINT_KEYS) private readonly keys: CheckpointKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const audit = config.audit;
    if (config.isProduction && !keys?.privateKey) {
      throw new Error('AUDIT_SIGNING_KEY_FILE: required in production (an Ed25519 private key, PEM)');
    }
    if (audit.directory) this.sinks.push(new DirectorySink(audit.directory));
    if (audit.syslog) this.sinks.push((this.syslog = new SyslogSink(audit.syslog)));
    if (audit.emailTo && config.notifications.email) {
      this.sinks.push(new EmailSink(smtpMailer(config), audit.emailTo));
    }
  }

  get enabled(): boolean {
    return Boolean(this.keys?.privateKey) && this.sinks.length > 0;
  }

  /** The last checkpoint, taken while the database is still open (before connections close). */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      await this.write('SHUTDOWN');
    } catch (error) {
      this.logger.error({ err: error }, 'Audit checkpoint at shutdown failed');
    }
  }

  onApplicationShutdown(): void {
    this.syslog?.close();
    this.syslog = null;
  }

  async write(reason: CheckpointReason): Promise<CheckpointOutcome> {
    const privateKey = this.keys?.privateKey;
    if (!this.keys || !privateKey || !this.sinks.length) return { written: false, why: 'OFF' };
    const now = this.clock.now();
    let claim: {
      locked: boolean;
      sequence: string | null;
      hash: string | null;
      head: string | null;
      last: string | null;
    };
    try {
      [claim] = await this.dataSource.query<(typeof claim)[]>(CLAIM_CHECKPOINT, [
        CHECKPOINT_LOCK,
        now.toISOString(),
        this.keys.keyId,
        reason,
        reason === 'SHUTDOWN',
        // A little slack, so a scheduler firing a moment early still writes its period's checkpoint.
        this.config.audit.intervalSeconds * 0.9,
      ]);
    } catch (error) {
      // Another worker's statement committed the same head between our snapshot and our lock.
      if ((error as { code?: string }).code === '23505') return { written: false, why: 'BUSY' };
      throw error;
    }
    if (!claim.locked) return { written: false, why: 'BUSY' };
    if (claim.sequence === null || claim.hash === null) {
      const moved = Number(claim.head ?? 0) > Number(claim.last ?? 0);
      return { written: false, why: moved ? 'TOO_SOON' : 'NO_NEW_ROWS' };
    }
    const checkpoint = signCheckpoint(
      { sequence: Number(claim.sequence), hash: claim.hash },
      now,
      privateKey,
      this.keys.keyId,
    );
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.write(checkpoint)));
    const sinks: string[] = [];
    const failedSinks: string[] = [];
    results.forEach((result, i) => {
      const name = this.sinks[i].name;
      if (result.status === 'fulfilled') sinks.push(name);
      else {
        failedSinks.push(name);
        this.logger.error(
          { sink: name, err: result.reason as unknown },
          'Audit checkpoint not written to a sink',
        );
      }
    });
    this.logger.log(
      { sequence: checkpoint.sequence, reason, sinks, failedSinks },
      'Audit checkpoint written',
    );
    return { written: true, checkpoint, sinks, failedSinks };
  }
}

/** The notification SMTP settings, one connection per message (a checkpoint a minute). */
function smtpMailer(config: AppConfig): CheckpointMailer {
  const transport = smtpTransport(config.notifications)!;
  const from = config.notifications.email!.from;
  return {
    send: async ({ to, subject, text }) => {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}
