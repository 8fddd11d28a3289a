import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery tracking: claims, deferrals, unknown outcomes, retries (dispatch), the channel an ack came
 * through; preferences, one-time link codes, single-use ack tokens, the encrypted Zalo OA tokens.
 * A contact test has no incident, so notification.incident_id becomes nullable.
 */
export class NotificationDelivery1795612832383 implements MigrationInterface {
  name = 'NotificationDelivery1795612832383';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "channel_order" jsonb NOT NULL, "quiet_start" character varying(5), "quiet_end" character varying(5), "locale" character varying(5), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff040d2d2e35c49b00525783829" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_link_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "channel" "public"."notification_channel" NOT NULL, "code_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6e9a74917b447a99bb95a0bd0a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_link_code_user" ON "notification_link_code"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_link_code_hash" ON "notification_link_code"  ("code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_ack_token" ("id" uuid NOT NULL, "notification_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f965963af839738fc2dee77240" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_ack_token_notification" ON "notification_ack_token"  ("notification_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "zalo_oa_token" ("id" smallint NOT NULL, "access_token_enc" text NOT NULL, "refresh_token_enc" text NOT NULL, "access_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "seed_hash" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94efb825f5388da11ab4fd48252" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "dispatch" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "claimed_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "deferred_until" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD "outcome_unknown" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "acknowledged_via" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "incident_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "notification_preference" ADD CONSTRAINT "FK_ff040d2d2e35c49b00525783829" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_link_code" ADD CONSTRAINT "FK_656dd8f8c30c5218e1ddd0e5364" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_ack_token" ADD CONSTRAINT "FK_acc56285abbea459b0489dfe116" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_ack_token" DROP CONSTRAINT "FK_acc56285abbea459b0489dfe116"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_link_code" DROP CONSTRAINT "FK_656dd8f8c30c5218e1ddd0e5364"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_preference" DROP CONSTRAINT "FK_ff040d2d2e35c49b00525783829"`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "incident_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "acknowledged_via"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "outcome_unknown"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "deferred_until"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "claimed_at"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "dispatch"`);
    await queryRunner.query(`DROP TABLE "zalo_oa_token"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ack_token_notification"`);
    await queryRunner.query(`DROP TABLE "notification_ack_token"`);
    await queryRunner.query(`DROP INDEX "public"."uq_link_code_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_link_code_user"`);
    await queryRunner.query(`DROP TABLE "notification_link_code"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
  }
}
