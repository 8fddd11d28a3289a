import { IncidentStatus as S } from './incident.enums';
import { asIncidentEvent, INCIDENT_EVENT_TYPES, incidentEvent } from './incident-outbox-events';
import { assertStatus, IncidentMove as M, OPEN_STATUSES, TASKS_CHANGEABLE } from './status-machine';

describe('the one status guard', () => {
  it('checks a move of the status machine', () => {
    expect(() => assertStatus(S.NEW, { move: M.TRIAGE })).not.toThrow();
    expect(() => assertStatus(S.CLOSED, { move: M.TRIAGE })).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        details: expect.objectContaining({ currentStatus: 'CLOSED' }),
      }),
    );
  });

  it('checks a list of statuses and says what was refused', () => {
    expect(() => assertStatus(S.CONTAINED, { allowed: OPEN_STATUSES, verb: 'assign' })).not.toThrow();
    expect(() => assertStatus(S.RESOLVED, { allowed: OPEN_STATUSES, verb: 'assign' })).toThrow(
      'Cannot assign an incident that is RESOLVED',
    );
    expect(() =>
      assertStatus(S.RESOLVED, { allowed: TASKS_CHANGEABLE, verb: 'change the tasks of' }),
    ).not.toThrow();
    for (const frozen of [S.CLOSED, S.REJECTED]) {
      expect(() => assertStatus(frozen, { allowed: TASKS_CHANGEABLE, verb: 'change the tasks of' })).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION' }),
      );
    }
  });
});

describe('incident outbox events', () => {
  const published = (aggregateType: string, eventType: string) => ({
    id: '1',
    aggregateType,
    aggregateId: 'i-1',
    eventType,
    payload: { status: S.NEW, version: 2, internal: false },
    createdAt: new Date(0).toISOString(),
  });

  it('reads back only the names in the registry, of incidents', () => {
    expect(asIncidentEvent(published('incident', 'incident.triaged'))?.eventType).toBe('incident.triaged');
    expect(asIncidentEvent(published('incident', 'incident.nonsense'))).toBeNull();
    expect(asIncidentEvent(published('notification', 'incident.triaged'))).toBeNull();
  });

  it('builds an event with its name as the registry spells it', () => {
    const event = incidentEvent('incident.task_overdue', 'i-1', { taskId: 't-1', internal: true });
    expect(event).toEqual({
      aggregateType: 'incident',
      aggregateId: 'i-1',
      eventType: INCIDENT_EVENT_TYPES['incident.task_overdue'],
      payload: { taskId: 't-1', internal: true },
    });
  });
});
