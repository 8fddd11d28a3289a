import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNotificationReadAt1796158765132 implements MigrationInterface {
  name = 'AddNotificationReadAt1796158765132';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" ADD "read_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_notification_inbox" ON "notification"  ("recipient_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_inbox"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "read_at"`);
  }
}
