import { MigrationInterface, QueryRunner } from 'typeorm';

export class SecondFactorPasswordReset1796161150103 implements MigrationInterface {
  name = 'SecondFactorPasswordReset1796161150103';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_second_factor" ("user_id" uuid NOT NULL, "secret_encrypted" character varying(200) NOT NULL, "enabled_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91cd5b3ef4496820f0ee584aac0" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ce52b21a69d394e0d8b4e549bdd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_user_recovery_code_user" ON "user_recovery_code"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_user_recovery_code_hash" ON "user_recovery_code"  ("code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "password_reset_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "issued_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_838af121380dfe3a6330e04f5bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_password_reset_token_user" ON "password_reset_token"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_password_reset_token_hash" ON "password_reset_token"  ("token_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "user" ADD "second_factor_reset_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "auth_session" ADD "restriction" character varying(32)`);
    await queryRunner.query(
      `ALTER TABLE "user_second_factor" ADD CONSTRAINT "FK_91cd5b3ef4496820f0ee584aac0" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_recovery_code" ADD CONSTRAINT "FK_007947ce13dc1b0c5039e75c668" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" ADD CONSTRAINT "FK_7eabb22ed38459ffc24dc8b415d" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" DROP CONSTRAINT "FK_7eabb22ed38459ffc24dc8b415d"`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_recovery_code" DROP CONSTRAINT "FK_007947ce13dc1b0c5039e75c668"`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_second_factor" DROP CONSTRAINT "FK_91cd5b3ef4496820f0ee584aac0"`,
    );
    await queryRunner.query(`ALTER TABLE "auth_session" DROP COLUMN "restriction"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "second_factor_reset_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_password_reset_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_password_reset_token_user"`);
    await queryRunner.query(`DROP TABLE "password_reset_token"`);
    await queryRunner.query(`DROP INDEX "public"."uq_user_recovery_code_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_recovery_code_user"`);
    await queryRunner.query(`DROP TABLE "user_recovery_code"`);
    await queryRunner.query(`DROP TABLE "user_second_factor"`);
  }
}
