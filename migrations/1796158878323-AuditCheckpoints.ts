import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditCheckpoints1796158878323 implements MigrationInterface {
  name = 'AuditCheckpoints1796158878323';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoint" ("sequence" bigint NOT NULL, "hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "key_id" character varying(16) NOT NULL, "reason" character varying(16) NOT NULL, CONSTRAINT "PK_f21aba985cbbd4eeea9f06c588f" PRIMARY KEY ("sequence"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_checkpoint"`);
  }
}
