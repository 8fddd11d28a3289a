import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash-chained audit trail (libs/audit, docs/audit.md). Generated from the entities; the
 * append-only triggers, the single-row check and the chain-head seed row are written by hand.
 */
export class CreateAuditTrail1795606137617 implements MigrationInterface {
  name = 'CreateAuditTrail1795606137617';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" uuid NOT NULL, "sequence" bigint NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_role" character varying(16), "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid, "before" json, "after" json, "request_id" character varying(100), "ip" character varying(64), "previous_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_event_sequence" ON "audit_event"  ("sequence") `);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_event_entity" ON "audit_event"  ("entity_id", "sequence") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" smallint NOT NULL, "last_sequence" bigint NOT NULL, "last_hash" character(64) NOT NULL, CONSTRAINT "PK_9211408bf584034de409b1bbec5" PRIMARY KEY ("id"))`,
    );

    // By hand: one chain, one head row, seeded with the genesis values.
    await queryRunner.query(
      `ALTER TABLE "audit_chain_head" ADD CONSTRAINT "ck_audit_chain_head_single" CHECK ("id" = 1)`,
    );
    await queryRunner.query(
      `INSERT INTO "audit_chain_head" ("id", "last_sequence", "last_hash") VALUES (1, 0, repeat('0', 64))`,
    );

    // By hand: the database itself refuses to rewrite history. Statement-level triggers, so even
    // an UPDATE or DELETE that matches no row is refused, and TRUNCATE (which skips row triggers).
    await queryRunner.query(
      `CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the audit trail is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`,
    );
    // The head row is updated on every append but never removed.
    await queryRunner.query(
      `CREATE TRIGGER "audit_chain_head_keep" BEFORE DELETE OR TRUNCATE ON "audit_chain_head" FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_chain_head_keep" ON "audit_chain_head"`);
    await queryRunner.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER "audit_event_append_only" ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION "audit_refuse_change"()`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_entity"`);
    await queryRunner.query(`DROP INDEX "public"."uq_audit_event_sequence"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
