import { MigrationInterface, QueryRunner } from 'typeorm';

/** Escalation chains, steps and policies; the engine's per-incident state; SLA warning and breach records. */
export class CreateEscalationChains1795612727586 implements MigrationInterface {
  name = 'CreateEscalationChains1795612727586';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "escalation_chain" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "description" text NOT NULL DEFAULT '', "repeat_count" integer NOT NULL DEFAULT '0', "is_default" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "ck_escalation_chain_repeat" CHECK ("repeat_count" BETWEEN 0 AND 10), CONSTRAINT "PK_9c06a6d52abe89c0aa630d0f663" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_escalation_chain_name" ON "escalation_chain"  ("name") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_escalation_chain_default" ON "escalation_chain"  ("is_default") WHERE "is_default"`,
    );
    await queryRunner.query(
      `CREATE TABLE "escalation_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain_id" uuid NOT NULL, "position" integer NOT NULL, "delay_seconds" integer NOT NULL, "targets" jsonb NOT NULL, "channels" "public"."notification_channel" array NOT NULL, CONSTRAINT "ck_escalation_step_delay" CHECK ("delay_seconds" BETWEEN 0 AND 604800), CONSTRAINT "PK_3fd62e9b2e5234e16be069fb2b0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_escalation_step_position" ON "escalation_step"  ("chain_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "escalation_policy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "chain_id" uuid NOT NULL, "severity" "public"."severity", "category" "public"."incident_category", "agency_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fba4ee1e088aadb259d2ca9f4f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_escalation" ("incident_id" uuid NOT NULL, "chain" jsonb NOT NULL, "run" integer NOT NULL DEFAULT '1', "step_index" integer NOT NULL DEFAULT '0', "repeat" integer NOT NULL DEFAULT '0', "step_token" uuid NOT NULL, "next_at" TIMESTAMP(3) WITH TIME ZONE, "manual_level" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "stopped_at" TIMESTAMP(3) WITH TIME ZONE, "stop_reason" character varying(40), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc8c11b91fec1a1a27963a4bbff" PRIMARY KEY ("incident_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_escalation_next" ON "incident_escalation"  ("next_at") WHERE "stopped_at" IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."sla_clock_kind" AS ENUM('ACKNOWLEDGE', 'RESOLVE')`);
    await queryRunner.query(`CREATE TYPE "public"."sla_event_kind" AS ENUM('WARNING', 'BREACH')`);
    await queryRunner.query(
      `CREATE TABLE "incident_sla_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "clock" "public"."sla_clock_kind" NOT NULL, "kind" "public"."sla_event_kind" NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "scheduled_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1b09ddc16535a963997f88f5e6d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incident_sla_event" ON "incident_sla_event"  ("incident_id", "clock", "kind", "due_at") `,
    );
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'SLA_WARNING'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'SLA_BREACHED'`);
    await queryRunner.query(
      `ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'ESCALATION_STARTED'`,
    );
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'ESCALATION_STEP'`);
    await queryRunner.query(
      `ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'ESCALATION_STEP_SKIPPED'`,
    );
    await queryRunner.query(
      `ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'ESCALATION_STOPPED'`,
    );
    // Keep the policies: change the type in place (drills and tests use fractions of a minute).
    await queryRunner.query(`ALTER TABLE "sla_policy" ALTER COLUMN "ack_minutes" TYPE double precision`);
    await queryRunner.query(`ALTER TABLE "sla_policy" ALTER COLUMN "resolve_minutes" TYPE double precision`);
    // One policy per (severity, category, agency), nulls included (TypeORM cannot declare NULLS NOT DISTINCT).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_escalation_policy_match" ON "escalation_policy" ("severity", "category", "agency_id") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "FK_6de6bcd1ada120b59b3e8f21fbf" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_step" ADD CONSTRAINT "FK_93f1189269f094347ce8b015bb6" FOREIGN KEY ("chain_id") REFERENCES "escalation_chain"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_policy" ADD CONSTRAINT "FK_f341872af3afdcb8484f15982c3" FOREIGN KEY ("chain_id") REFERENCES "escalation_chain"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_policy" ADD CONSTRAINT "FK_fdf2445b8b16ab6070fe1fe4dc6" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_escalation" ADD CONSTRAINT "FK_bc8c11b91fec1a1a27963a4bbff" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_sla_event" ADD CONSTRAINT "FK_9bfdd915a75e169a8518d92f30d" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await this.seedDefaultChain(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident_sla_event" DROP CONSTRAINT "FK_9bfdd915a75e169a8518d92f30d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_escalation" DROP CONSTRAINT "FK_bc8c11b91fec1a1a27963a4bbff"`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_policy" DROP CONSTRAINT "FK_fdf2445b8b16ab6070fe1fe4dc6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_policy" DROP CONSTRAINT "FK_f341872af3afdcb8484f15982c3"`,
    );
    await queryRunner.query(`ALTER TABLE "escalation_step" DROP CONSTRAINT "FK_93f1189269f094347ce8b015bb6"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_6de6bcd1ada120b59b3e8f21fbf"`);
    await queryRunner.query(
      `ALTER TABLE "sla_policy" ALTER COLUMN "resolve_minutes" TYPE integer USING ceil("resolve_minutes")`,
    );
    await queryRunner.query(
      `ALTER TABLE "sla_policy" ALTER COLUMN "ack_minutes" TYPE integer USING ceil("ack_minutes")`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_escalation_policy_match"`);
    await queryRunner.query(
      `CREATE TYPE "public"."timeline_kind_old" AS ENUM('REPORTED', 'TRIAGED', 'ASSIGNED', 'ACKNOWLEDGED', 'ESCALATED', 'CONTAINED', 'RESOLVED', 'CLOSED', 'REOPENED', 'REJECTED', 'COMMENT', 'OBSERVABLE_ADDED', 'NOTIFICATION', 'RUNBOOK_SUGGESTED', 'RUNBOOK_APPLIED', 'TASK_DONE', 'TASK_REOPENED', 'TASK_ASSIGNED', 'TASK_COMMENT', 'TASK_OVERDUE', 'SLA_PAUSED', 'SLA_RESUMED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_timeline_entry" ALTER COLUMN "kind" TYPE "public"."timeline_kind_old" USING "kind"::"text"::"public"."timeline_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."timeline_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind_old" RENAME TO "timeline_kind"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incident_sla_event"`);
    await queryRunner.query(`DROP TABLE "incident_sla_event"`);
    await queryRunner.query(`DROP TYPE "public"."sla_event_kind"`);
    await queryRunner.query(`DROP TYPE "public"."sla_clock_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_escalation_next"`);
    await queryRunner.query(`DROP TABLE "incident_escalation"`);
    await queryRunner.query(`DROP TABLE "escalation_policy"`);
    await queryRunner.query(`DROP INDEX "public"."uq_escalation_step_position"`);
    await queryRunner.query(`DROP TABLE "escalation_step"`);
    await queryRunner.query(`DROP INDEX "public"."uq_escalation_chain_default"`);
    await queryRunner.query(`DROP INDEX "public"."uq_escalation_chain_name"`);
    await queryRunner.query(`DROP TABLE "escalation_chain"`);
  }

  /**
   * The default chain every incident falls back to: the team's on-call, then the whole team,
   * then the coordinators, then the leadership; run twice before giving up.
   */
  private async seedDefaultChain(queryRunner: QueryRunner): Promise<void> {
    const [chain] = (await queryRunner.query(
      `INSERT INTO "escalation_chain" ("name", "description", "repeat_count", "is_default", "version")
       VALUES ('Mặc định', 'Trực ca → cả đội → điều phối viên → lãnh đạo', 1, true, 1) RETURNING "id"`,
    )) as { id: string }[];
    const all = '{IN_APP,EMAIL,TELEGRAM,ZALO}';
    const steps: [number, unknown[]][] = [
      [300, [{ kind: 'TEAM_ON_CALL', teamId: null }]],
      [600, [{ kind: 'TEAM', teamId: null }]],
      [900, [{ kind: 'ROLE', role: 'COORDINATOR' }]],
      [900, [{ kind: 'ROLE', role: 'LEADER' }]],
    ];
    for (const [position, [delay, targets]] of steps.entries()) {
      await queryRunner.query(
        `INSERT INTO "escalation_step" ("chain_id", "position", "delay_seconds", "targets", "channels")
         VALUES ($1, $2, $3, $4::jsonb, $5::notification_channel[])`,
        [chain.id, position, delay, JSON.stringify(targets), all],
      );
    }
  }
}
