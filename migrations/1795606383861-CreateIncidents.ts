import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIncidents1795606383861 implements MigrationInterface {
  name = 'CreateIncidents1795606383861';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_event" ("id" BIGSERIAL NOT NULL, "aggregate_type" character varying(40) NOT NULL, "aggregate_id" uuid NOT NULL, "event_type" character varying(60) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_event_unpublished" ON "outbox_event"  ("id") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."incident_category" AS ENUM('abusive-content', 'malicious-code', 'information-gathering', 'intrusion-attempts', 'intrusions', 'availability', 'information-content-security', 'fraud', 'vulnerable', 'other', 'test')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."severity" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')`);
    await queryRunner.query(
      `CREATE TYPE "public"."tlp" AS ENUM('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."incident_status" AS ENUM('NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED', 'RESOLVED', 'CLOSED', 'REJECTED')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."incident_source" AS ENUM('WEB', 'API', 'EMAIL', 'ALERT')`);
    await queryRunner.query(
      `CREATE TYPE "public"."resolution_code" AS ENUM('TRUE_POSITIVE', 'FALSE_POSITIVE', 'DUPLICATE', 'NOT_AN_INCIDENT')`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(48) NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL, "category" "public"."incident_category" NOT NULL, "severity" "public"."severity" NOT NULL, "tlp" "public"."tlp" NOT NULL DEFAULT 'AMBER', "status" "public"."incident_status" NOT NULL DEFAULT 'NEW', "source" "public"."incident_source" NOT NULL DEFAULT 'WEB', "is_exercise" boolean NOT NULL DEFAULT false, "agency_id" uuid NOT NULL, "affected_system_id" uuid, "affected_system_name" character varying(200), "reporter_id" uuid, "reporter_api_key_id" uuid, "team_id" uuid, "assignee_id" uuid, "detected_at" TIMESTAMP WITH TIME ZONE, "triaged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "contained_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "rejected_at" TIMESTAMP WITH TIME ZONE, "reopened_at" TIMESTAMP WITH TIME ZONE, "ack_due_at" TIMESTAMP WITH TIME ZONE, "resolve_due_at" TIMESTAMP WITH TIME ZONE, "escalation_level" integer NOT NULL DEFAULT '0', "resolution_code" "public"."resolution_code", "resolution_summary" text, "lessons_learned" text, "duplicate_of_id" uuid, "search_text" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_incident_code" ON "incident"  ("code") `);
    await queryRunner.query(`CREATE INDEX "ix_incident_team" ON "incident"  ("team_id") `);
    await queryRunner.query(`CREATE INDEX "ix_incident_assignee" ON "incident"  ("assignee_id") `);
    await queryRunner.query(`CREATE INDEX "ix_incident_created" ON "incident"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_incident_agency_created" ON "incident"  ("agency_id", "created_at") `,
    );
    // Search ignores diacritics: search_text is normalised by the application and indexed
    // with trigrams so LIKE '%word%' uses the index (pg_trgm ships with PostgreSQL's contrib).
    // Wake the outbox relay when outbox rows commit (NOTIFY is delivered at commit).
    await queryRunner.query(
      `CREATE FUNCTION tocsin_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('tocsin_outbox', ''); RETURN NULL; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event FOR EACH STATEMENT EXECUTE FUNCTION tocsin_outbox_notify()`,
    );
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "ix_incident_search" ON "incident" USING gin ("search_text" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_list" ON "incident"  ("status", "severity", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_code_counter" ("prefix" character varying(8) NOT NULL, "year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_ae01d4817aa35e2306c5bf6a102" PRIMARY KEY ("prefix", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_participant" ("incident_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_98c84b0fedd161f3611adf41300" PRIMARY KEY ("incident_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_incident_participant_user" ON "incident_participant"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."observable_type" AS ENUM('ip', 'domain', 'url', 'hash', 'email', 'file-name', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_observable" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "type" "public"."observable_type" NOT NULL, "value" character varying(2048) NOT NULL, "normalized_value" character varying(2048) NOT NULL, "tlp" "public"."tlp" NOT NULL DEFAULT 'AMBER', "description" character varying(1000), "added_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8bc10fd3b76240720d15e6dc84" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_observable_value" ON "incident_observable"  ("type", "normalized_value") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_observable_incident_value" ON "incident_observable"  ("incident_id", "type", "normalized_value") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."timeline_kind" AS ENUM('REPORTED', 'TRIAGED', 'ASSIGNED', 'ACKNOWLEDGED', 'ESCALATED', 'CONTAINED', 'RESOLVED', 'CLOSED', 'REOPENED', 'REJECTED', 'COMMENT', 'OBSERVABLE_ADDED', 'NOTIFICATION')`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_timeline_entry" ("id" BIGSERIAL NOT NULL, "incident_id" uuid NOT NULL, "kind" "public"."timeline_kind" NOT NULL, "actor_id" uuid, "internal" boolean NOT NULL DEFAULT true, "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_481e1d9c4cb32fc781c8f08cfdf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_timeline_incident" ON "incident_timeline_entry"  ("incident_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "author_id" uuid, "body" text NOT NULL, "internal" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_035316b69ee9d739fa074c63e76" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_comment_incident" ON "incident_comment"  ("incident_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "FK_96bf73de869144e9a51d7a61619" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "FK_f59167a1d62ae2daf3e94bc4d8a" FOREIGN KEY ("affected_system_id") REFERENCES "information_system"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5" FOREIGN KEY ("reporter_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident" ADD CONSTRAINT "FK_8417b1889d6395840818c70f041" FOREIGN KEY ("assignee_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_participant" ADD CONSTRAINT "FK_3acf83fc55839df919e865ef0a1" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_participant" ADD CONSTRAINT "FK_a85871d93ffcdcb46570d1f4c52" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_observable" ADD CONSTRAINT "FK_8958f407251a119d3f66aa2a31b" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_timeline_entry" ADD CONSTRAINT "FK_601d82f2170f9e27aabf6bd3cac" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_comment" ADD CONSTRAINT "FK_9331e9f94cc68fc3beeb1ff7145" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_comment" ADD CONSTRAINT "FK_f551b2f5de28948669eab5d0840" FOREIGN KEY ("author_id") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident_comment" DROP CONSTRAINT "FK_f551b2f5de28948669eab5d0840"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_comment" DROP CONSTRAINT "FK_9331e9f94cc68fc3beeb1ff7145"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_timeline_entry" DROP CONSTRAINT "FK_601d82f2170f9e27aabf6bd3cac"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_observable" DROP CONSTRAINT "FK_8958f407251a119d3f66aa2a31b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_participant" DROP CONSTRAINT "FK_a85871d93ffcdcb46570d1f4c52"`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_participant" DROP CONSTRAINT "FK_3acf83fc55839df919e865ef0a1"`,
    );
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_8417b1889d6395840818c70f041"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_f59167a1d62ae2daf3e94bc4d8a"`);
    await queryRunner.query(`ALTER TABLE "incident" DROP CONSTRAINT "FK_96bf73de869144e9a51d7a61619"`);
    await queryRunner.query(`DROP INDEX "public"."ix_comment_incident"`);
    await queryRunner.query(`DROP TABLE "incident_comment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_timeline_incident"`);
    await queryRunner.query(`DROP TABLE "incident_timeline_entry"`);
    await queryRunner.query(`DROP TYPE "public"."timeline_kind"`);
    await queryRunner.query(`DROP INDEX "public"."uq_observable_incident_value"`);
    await queryRunner.query(`DROP INDEX "public"."ix_observable_value"`);
    await queryRunner.query(`DROP TABLE "incident_observable"`);
    await queryRunner.query(`DROP TYPE "public"."observable_type"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_participant_user"`);
    await queryRunner.query(`DROP TABLE "incident_participant"`);
    await queryRunner.query(`DROP TABLE "incident_code_counter"`);
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON outbox_event`);
    await queryRunner.query(`DROP FUNCTION tocsin_outbox_notify()`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_list"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_agency_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_assignee"`);
    await queryRunner.query(`DROP INDEX "public"."ix_incident_team"`);
    await queryRunner.query(`DROP INDEX "public"."uq_incident_code"`);
    await queryRunner.query(`DROP TABLE "incident"`);
    await queryRunner.query(`DROP TYPE "public"."resolution_code"`);
    await queryRunner.query(`DROP TYPE "public"."incident_source"`);
    await queryRunner.query(`DROP TYPE "public"."incident_status"`);
    await queryRunner.query(`DROP TYPE "public"."tlp"`);
    await queryRunner.query(`DROP TYPE "public"."severity"`);
    await queryRunner.query(`DROP TYPE "public"."incident_category"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_event_unpublished"`);
    await queryRunner.query(`DROP TABLE "outbox_event"`);
  }
}
