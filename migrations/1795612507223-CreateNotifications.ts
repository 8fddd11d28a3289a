import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notification requests and deliveries (one row per recipient, channel and event) and contact methods. */
export class CreateNotifications1795612507223 implements MigrationInterface {
  name = 'CreateNotifications1795612507223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."notification_channel" AS ENUM('IN_APP', 'EMAIL', 'TELEGRAM', 'ZALO')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."notification_event" AS ENUM('ESCALATION_STEP', 'MANUAL_ESCALATION', 'SLA_WARNING', 'SLA_BREACH', 'CONTACT_TEST')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."delivery_state" AS ENUM('PENDING', 'SENT', 'FAILED', 'ACKNOWLEDGED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "channel" "public"."notification_channel" NOT NULL, "event" "public"."notification_event" NOT NULL, "event_key" character varying(160) NOT NULL, "repeat" integer NOT NULL DEFAULT '0', "state" "public"."delivery_state" NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "provider_message_id" character varying(200), "last_error" text, "contact_method_id" uuid, "payload" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP(3) WITH TIME ZONE, "failed_at" TIMESTAMP(3) WITH TIME ZONE, "acknowledged_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_notification_recipient" ON "notification"  ("recipient_id") `);
    await queryRunner.query(
      `CREATE INDEX "ix_notification_incident" ON "notification"  ("incident_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notification_request" ON "notification"  ("incident_id", "event_key", "repeat", "recipient_id", "channel") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contact_method" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "channel" "public"."notification_channel" NOT NULL, "address" character varying(254) NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "failure_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee65af2b1bc0c820a934549b8ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_contact_method_user" ON "contact_method"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contact_method" ON "contact_method"  ("user_id", "channel", "address") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_b24d909016bd67eef08e0f8e952" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_9830357f52360a126737d498e66" FOREIGN KEY ("recipient_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_method" ADD CONSTRAINT "FK_9cb5294d7d1e645ca20c26cf56a" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact_method" DROP CONSTRAINT "FK_9cb5294d7d1e645ca20c26cf56a"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_9830357f52360a126737d498e66"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_b24d909016bd67eef08e0f8e952"`);
    await queryRunner.query(`DROP INDEX "public"."uq_contact_method"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contact_method_user"`);
    await queryRunner.query(`DROP TABLE "contact_method"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_request"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_incident"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_recipient"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_state"`);
    await queryRunner.query(`DROP TYPE "public"."notification_event"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
  }
}
