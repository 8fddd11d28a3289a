import type { EntityManager } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { backoffMs } from './delivery-rules';
import { NotificationChannel, NotificationEvent } from './notification.enums';

/** What the retry decision needs to know about one delivery. */
export interface RetryFacts {
  channel: NotificationChannel;
  createdAt: Date;
  attempts: number;
  incidentId: string | null;
  event: NotificationEvent;
  eventKey: string;
  payload: Record<string, unknown>;
}

export type RetryDecision =
  { retry: true; at: number } | { retry: false; why: 'horizon' | 'attempts' | 'moot'; message: string };

/** How long a channel keeps retrying one delivery, from its creation (settings, README). */
export function retryHorizonMs(config: NotificationsConfig, channel: NotificationChannel): number {
  return channel === NotificationChannel.IN_APP ? 0 : config.retryHorizonMs[channel];
}

/**
 * Whether a delivery that failed for now is tried again, and when. Retries are bounded by time:
 * the channel's horizon from the row's creation (an optional attempt ceiling aside), with a
 * back-off capped at NOTIFY_RETRY_MAX_DELAY_MS so a provider that recovers is used again soon.
 * A chain step's message is moot once the chain has moved past that step or was stopped (the next
 * people are already being paged, or the case was taken): it is not retried then.
 */
export async function decideRetry(
  em: EntityManager,
  config: NotificationsConfig,
  facts: RetryFacts,
  retryAfterMs: number | undefined,
  now: number,
): Promise<RetryDecision> {
  if (config.maxAttempts !== null && facts.attempts >= config.maxAttempts) {
    return { retry: false, why: 'attempts', message: `gave up after ${facts.attempts} attempts` };
  }
  const wait = Math.max(
    retryAfterMs ?? 0,
    backoffMs(facts.attempts, config.retryBaseMs, Math.random, config.retryMaxDelayMs),
  );
  const horizon = facts.createdAt.getTime() + retryHorizonMs(config, facts.channel);
  if (now + wait > horizon) {
    return {
      retry: false,
      why: 'horizon',
      message: `still failing after ${Math.round((now - facts.createdAt.getTime()) / 1000)} s (retry horizon)`,
    };
  }
  if (await stepIsMoot(em, facts)) {
    return { retry: false, why: 'moot', message: 'no longer needed: the escalation moved on' };
  }
  return { retry: true, at: now + wait };
}

/**
 * A chain step's message is moot when the escalation has stopped, started another run, or run a
 * later step since (the row's position and round are in its payload; its key names the run).
 */
export async function stepIsMoot(em: EntityManager, facts: RetryFacts): Promise<boolean> {
  if (facts.event !== NotificationEvent.ESCALATION_STEP || !facts.incidentId) return false;
  const run = /^run-(\d+)-step-/.exec(facts.eventKey)?.[1];
  const position = Number(facts.payload.position);
  const repeat = Number(facts.payload.repeat ?? 0);
  if (run === undefined || !Number.isFinite(position)) return false;
  const [e] = await em.query<
    { run: number; step_index: number; repeat: number; stop_reason: string | null; steps: number }[]
  >(
    `SELECT run, step_index, repeat, stop_reason, jsonb_array_length(chain->'steps') AS steps
       FROM incident_escalation WHERE incident_id = $1`,
    [facts.incidentId],
  );
  if (!e) return false;
  // A chain that ran its last step stops as EXHAUSTED: that step's message is still the last word.
  if ((e.stop_reason && e.stop_reason !== 'EXHAUSTED') || e.run !== Number(run)) return true;
  // After a step ran, the pointer is at the step after it; anything further means a later step ran.
  return e.repeat * e.steps + e.step_index > repeat * e.steps + position + 1;
}
