import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryHandOver1796159007293 implements MigrationInterface {
  name = 'DeliveryHandOver1796159007293';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" ADD "handed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TYPE "public"."notification_event" ADD VALUE 'RECIPIENT_UNREACHED'`);
    await queryRunner.query(
      `CREATE INDEX "ix_notification_pending" ON "notification"  ("created_at") WHERE state = 'PENDING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_pending"`);
    await queryRunner.query(
      `CREATE TYPE "public"."notification_event_old" AS ENUM('ESCALATION_STEP', 'MANUAL_ESCALATION', 'SLA_WARNING', 'SLA_BREACH', 'CONTACT_TEST')`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ALTER COLUMN "event" TYPE "public"."notification_event_old" USING "event"::"text"::"public"."notification_event_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."notification_event"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_event_old" RENAME TO "notification_event"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "handed_at"`);
  }
}
