import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRunbooks1795608456011 implements MigrationInterface {
  name = 'CreateRunbooks1795608456011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "runbook" ("id" character varying(64) NOT NULL, "current_version_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a2051e4f86391fc689aef89948" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runbook_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "runbook_id" character varying(64) NOT NULL, "version" integer NOT NULL, "content_hash" character(64) NOT NULL, "file_name" character varying(255) NOT NULL, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30d07b1d5f81094d29f1f259eec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_runbook_version_hash" ON "runbook_version"  ("runbook_id", "content_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_runbook_version_number" ON "runbook_version"  ("runbook_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "runbook_id" character varying(64), "runbook_version_id" uuid, "position" integer NOT NULL, "title_vi" character varying(300) NOT NULL, "title_en" character varying(300) NOT NULL, "phase" character varying(32) NOT NULL, "role" character varying(16), "target_minutes" integer, "due_at" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "done" boolean NOT NULL DEFAULT false, "done_by_id" uuid, "done_at" TIMESTAMP WITH TIME ZONE, "overdue_marked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_316e7a1a978e03f6b2f509b3ea3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_incident_task_assignee" ON "incident_task"  ("assignee_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_incident_task_due" ON "incident_task"  ("due_at") WHERE done = false AND overdue_marked_at IS NULL AND due_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incident_task_runbook_step" ON "incident_task"  ("incident_id", "runbook_id", "position") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_task_incident" ON "incident_task"  ("incident_id", "created_at", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_task_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "internal" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7aee153f1ac25460fd60a7d130f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_task_comment_task" ON "incident_task_comment"  ("task_id", "created_at") `,
    );
    // New timeline kinds: ADD VALUE keeps the shared type (and every column using it) in place.
    await queryRunner.query(
      `ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'RUNBOOK_SUGGESTED'`,
    );
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'RUNBOOK_APPLIED'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'TASK_DONE'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'TASK_REOPENED'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'TASK_ASSIGNED'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'TASK_COMMENT'`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind" ADD VALUE IF NOT EXISTS 'TASK_OVERDUE'`);
    await queryRunner.query(
      `ALTER TABLE "runbook" ADD CONSTRAINT "FK_90ae7e61d460e8db5fbaa9f1e9b" FOREIGN KEY ("current_version_id") REFERENCES "runbook_version"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "runbook_version" ADD CONSTRAINT "FK_76ea55359187d71467736220930" FOREIGN KEY ("runbook_id") REFERENCES "runbook"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task" ADD CONSTRAINT "FK_2e9fe12f36e8244d1fb829d6740" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task" ADD CONSTRAINT "FK_ab42107ddbe193c621b0bd4fb16" FOREIGN KEY ("runbook_version_id") REFERENCES "runbook_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task" ADD CONSTRAINT "FK_3fc0eb3695770ec3255efa41a59" FOREIGN KEY ("assignee_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task" ADD CONSTRAINT "FK_b4e58b83ebcd57a2014b9642340" FOREIGN KEY ("done_by_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" ADD CONSTRAINT "FK_1bacbaf60e47cf0e4b3727df17c" FOREIGN KEY ("task_id") REFERENCES "incident_task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" ADD CONSTRAINT "FK_c2b80874897b9dd603231f6097e" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" ADD CONSTRAINT "FK_8e9d834c337676f779d0eb2c965" FOREIGN KEY ("author_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" DROP CONSTRAINT "FK_8e9d834c337676f779d0eb2c965"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" DROP CONSTRAINT "FK_c2b80874897b9dd603231f6097e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_task_comment" DROP CONSTRAINT "FK_1bacbaf60e47cf0e4b3727df17c"`,
    );
    await queryRunner.query(`ALTER TABLE "incident_task" DROP CONSTRAINT "FK_b4e58b83ebcd57a2014b9642340"`);
    await queryRunner.query(`ALTER TABLE "incident_task" DROP CONSTRAINT "FK_3fc0eb3695770ec3255efa41a59"`);
    await queryRunner.query(`ALTER TABLE "incident_task" DROP CONSTRAINT "FK_ab42107ddbe193c621b0bd4fb16"`);
    await queryRunner.query(`ALTER TABLE "incident_task" DROP CONSTRAINT "FK_2e9fe12f36e8244d1fb829d6740"`);
    await queryRunner.query(`ALTER TABLE "runbook_version" DROP CONSTRAINT "FK_76ea55359187d71467736220930"`);
    await queryRunner.query(`ALTER TABLE "runbook" DROP CONSTRAINT "FK_90ae7e61d460e8db5fbaa9f1e9b"`);
    // PostgreSQL cannot drop enum values: rebuild the type without them (their entries go first).
    await queryRunner.query(
      `DELETE FROM "incident_timeline_entry" WHERE "kind"::text IN ('RUNBOOK_SUGGESTED', 'RUNBOOK_APPLIED', 'TASK_DONE', 'TASK_REOPENED', 'TASK_ASSIGNED', 'TASK_COMMENT', 'TASK_OVERDUE')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."timeline_kind_old" AS ENUM('REPORTED', 'TRIAGED', 'ASSIGNED', 'ACKNOWLEDGED', 'ESCALATED', 'CONTAINED', 'RESOLVED', 'CLOSED', 'REOPENED', 'REJECTED', 'COMMENT', 'OBSERVABLE_ADDED', 'NOTIFICATION')`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_timeline_entry" ALTER COLUMN "kind" TYPE "public"."timeline_kind_old" USING "kind"::"text"::"public"."timeline_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."timeline_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."timeline_kind_old" RENAME TO "timeline_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_task_comment_task"`);
    await queryRunner.query(`DROP TABLE "incident_task_comment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_task_incident"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incident_task_runbook_step"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_task_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_task_assignee"`);
    await queryRunner.query(`DROP TABLE "incident_task"`);
    await queryRunner.query(`DROP INDEX "public"."uq_runbook_version_number"`);
    await queryRunner.query(`DROP INDEX "public"."uq_runbook_version_hash"`);
    await queryRunner.query(`DROP TABLE "runbook_version"`);
    await queryRunner.query(`DROP TABLE "runbook"`);
  }
}
