import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSlaPolicies1795609359836 implements MigrationInterface {
  name = 'CreateSlaPolicies1795609359836';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_policy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "severity" "public"."severity" NOT NULL, "ack_minutes" integer NOT NULL, "resolve_minutes" integer NOT NULL, "warn_percent" integer NOT NULL DEFAULT '80', "working_hours_only" boolean NOT NULL DEFAULT false, "calendar" jsonb NOT NULL, "updated_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "ck_sla_policy_warn" CHECK ("warn_percent" BETWEEN 1 AND 99), CONSTRAINT "ck_sla_policy_minutes" CHECK ("ack_minutes" > 0 AND "resolve_minutes" > "ack_minutes"), CONSTRAINT "PK_19c1aa9dd53b9fc80648ae034b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_policy_severity" ON "sla_policy"  ("severity") `);
    await queryRunner.query(
      `CREATE TABLE "incident_sla_pause" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP(3) WITH TIME ZONE, "reason" text NOT NULL, "started_by_id" uuid, "ended_by_id" uuid, CONSTRAINT "PK_d9bcb64b459b81b812c5c0800dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incident_sla_pause_open" ON "incident_sla_pause"  ("incident_id") WHERE "ended_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_sla_pause_incident" ON "incident_sla_pause"  ("incident_id", "started_at") `,
    );
    // The default policies (the previous built-in targets), counted in wall-clock time; the
    // calendar (Vietnamese office hours, 2026 public holidays) applies once a coordinator
    // switches a severity to working hours only. Literal values: a migration never changes.
    const calendar = JSON.stringify({
      timeZone: 'Asia/Ho_Chi_Minh',
      weekly: {
        '1': [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
        '2': [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
        '3': [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
        '4': [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
        '5': [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
      },
      holidays: [
        '2026-01-01',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-04-27',
        '2026-04-30',
        '2026-05-01',
        '2026-09-01',
        '2026-09-02',
      ],
    });
    for (const [severity, ack, resolve] of [
      ['CRITICAL', 15, 4 * 60],
      ['HIGH', 30, 8 * 60],
      ['MEDIUM', 2 * 60, 24 * 60],
      ['LOW', 8 * 60, 72 * 60],
    ] as const) {
      await queryRunner.query(
        `INSERT INTO "sla_policy" ("severity", "ack_minutes", "resolve_minutes", "warn_percent", "working_hours_only", "calendar", "version") VALUES ($1, $2, $3, 80, false, $4::jsonb, 1)`,
        [severity, ack, resolve, calendar],
      );
    }
    // New timeline kinds: ADD VALUE keeps the shared type (and every column using it) in place.
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'SLA_PAUSED'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'SLA_RESUMED'`);
    await queryRunner.query(
      `ALTER TABLE "incident_sla_pause" ADD CONSTRAINT "FK_07fd9ebbe95595bd83d40b19f9f" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident_sla_pause" DROP CONSTRAINT "FK_07fd9ebbe95595bd83d40b19f9f"`,
    );
    await queryRunner.query(
      `DELETE FROM "incident_timeline_entry" WHERE "kind"::text IN ('SLA_PAUSED', 'SLA_RESUMED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."timeline_kind_old" AS ENUM('REPORTED', 'TRIAGED', 'ASSIGNED', 'ACKNOWLEDGED', 'ESCALATED', 'CONTAINED', 'RESOLVED', 'CLOSED', 'REOPENED', 'REJECTED', 'COMMENT', 'OBSERVABLE_ADDED', 'NOTIFICATION', 'RUNBOOK_SUGGESTED', 'RUNBOOK_APPLIED', 'TASK_DONE', 'TASK_REOPENED', 'TASK_ASSIGNED', 'TASK_COMMENT', 'TASK_OVERDUE')`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_timeline_entry" ALTER COLUMN "kind" TYPE "public"."timeline_kind_old" USING "kind"::"text"::"public"."timeline_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."timeline_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind_old" RENAME TO "timeline_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_sla_pause_incident"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incident_sla_pause_open"`);
    await queryRunner.query(`DROP TABLE "incident_sla_pause"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sla_policy_severity"`);
    await queryRunner.query(`DROP TABLE "sla_policy"`);
  }
}
