import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The WEB_PUSH channel: the enum value and each browser subscription's endpoint and keys.
 * Generated, then reviewed: TypeORM emitted the ADD VALUE once per column using the shared enum and
 * dropped and re-created two unchanged unique indexes; both are left out here.
 */
export class WebPushChannel1796158703119 implements MigrationInterface {
  name = 'WebPushChannel1796158703119';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."notification_channel" ADD VALUE IF NOT EXISTS 'WEB_PUSH'`);
    await queryRunner.query(
      `CREATE TABLE "web_push_subscription" ("contact_method_id" uuid NOT NULL, "endpoint" character varying(1024) NOT NULL, "p256dh" character varying(100) NOT NULL, "auth" character varying(40) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cbe66d0044cc35e8ef920626cc3" PRIMARY KEY ("contact_method_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_web_push_endpoint" ON "web_push_subscription" ("endpoint") `,
    );
    await queryRunner.query(
      `ALTER TABLE "web_push_subscription" ADD CONSTRAINT "FK_cbe66d0044cc35e8ef920626cc3" FOREIGN KEY ("contact_method_id") REFERENCES "contact_method"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_push_subscription"`);
    // PostgreSQL cannot drop an enum value: rows using it go, then the type is rebuilt without it.
    await queryRunner.query(`DELETE FROM "notification" WHERE "channel" = 'WEB_PUSH'`);
    await queryRunner.query(`DELETE FROM "contact_method" WHERE "channel" = 'WEB_PUSH'`);
    await queryRunner.query(`DELETE FROM "notification_link_code" WHERE "channel" = 'WEB_PUSH'`);
    await queryRunner.query(
      `UPDATE "escalation_step" SET "channels" = array_remove("channels", 'WEB_PUSH') WHERE 'WEB_PUSH' = ANY("channels")`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_channel_old" AS ENUM('IN_APP', 'EMAIL', 'TELEGRAM', 'ZALO')`,
    );
    for (const [table, column, array] of [
      ['notification', 'channel', ''],
      ['contact_method', 'channel', ''],
      ['notification_link_code', 'channel', ''],
      ['escalation_step', 'channels', '[]'],
    ]) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."notification_channel_old"${array} USING "${column}"::"text"::"public"."notification_channel_old"${array}`,
      );
    }
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
    await queryRunner.query(
      `ALTER TYPE "public"."notification_channel_old" RENAME TO "notification_channel"`,
    );
  }
}
