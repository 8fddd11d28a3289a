import { IncidentStatus as S } from './incident.enums';
import { canMove, IncidentMove as M, nextStatus } from './status-machine';

/** Every (status, move) pair, written out: the landing status, or '-' when the move is illegal. */
const TABLE: Record<S, Record<M, S | '-'>> = {
  NEW: {
    TRIAGE: S.TRIAGED,
    ACKNOWLEDGE: S.IN_PROGRESS,
    CONTAIN: '-',
    RESOLVE: '-',
    CLOSE: '-',
    REOPEN: '-',
    REJECT: S.REJECTED,
  },
  TRIAGED: {
    TRIAGE: '-',
    ACKNOWLEDGE: S.IN_PROGRESS,
    CONTAIN: '-',
    RESOLVE: '-',
    CLOSE: '-',
    REOPEN: '-',
    REJECT: S.REJECTED,
  },
  IN_PROGRESS: {
    TRIAGE: '-',
    ACKNOWLEDGE: '-',
    CONTAIN: S.CONTAINED,
    RESOLVE: S.RESOLVED,
    CLOSE: '-',
    REOPEN: '-',
    REJECT: '-',
  },
  CONTAINED: {
    TRIAGE: '-',
    ACKNOWLEDGE: '-',
    CONTAIN: '-',
    RESOLVE: S.RESOLVED,
    CLOSE: '-',
    REOPEN: '-',
    REJECT: '-',
  },
  RESOLVED: {
    TRIAGE: '-',
    ACKNOWLEDGE: '-',
    CONTAIN: '-',
    RESOLVE: '-',
    CLOSE: S.CLOSED,
    REOPEN: S.IN_PROGRESS,
    REJECT: '-',
  },
  CLOSED: {
    TRIAGE: '-',
    ACKNOWLEDGE: '-',
    CONTAIN: '-',
    RESOLVE: '-',
    CLOSE: '-',
    REOPEN: S.IN_PROGRESS,
    REJECT: '-',
  },
  REJECTED: {
    TRIAGE: '-',
    ACKNOWLEDGE: '-',
    CONTAIN: '-',
    RESOLVE: '-',
    CLOSE: '-',
    REOPEN: '-',
    REJECT: '-',
  },
};

const cases = Object.values(S).flatMap((from) =>
  Object.values(M).map((move) => [from, move, TABLE[from][move]] as const),
);

describe('incident status machine', () => {
  it.each(cases)('%s + %s → %s', (from, move, expected) => {
    if (expected === '-') {
      expect(canMove(from, move)).toBe(false);
      expect(() => nextStatus(from, move)).toThrow(
        expect.objectContaining({
          code: 'INVALID_TRANSITION',
          details: expect.objectContaining({ currentStatus: from }),
        }),
      );
    } else {
      expect(canMove(from, move)).toBe(true);
      expect(nextStatus(from, move)).toBe(expected);
    }
  });

  it('names the current and the asked-for status in the error', () => {
    expect(() => nextStatus(S.CLOSED, M.CONTAIN)).toThrow(/CLOSED.*IN_PROGRESS/);
  });
});
