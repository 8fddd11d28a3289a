import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOncall1795608520665 implements MigrationInterface {
  name = 'CreateOncall1795608520665';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "description" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_name" ON "team"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "team_member" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "is_lead" boolean NOT NULL DEFAULT false, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34169355c6d1744228f5bb75549" PRIMARY KEY ("team_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_team_member_user" ON "team_member"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "schedule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_1c05e42aec7371641193e180046" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_schedule_team" ON "schedule"  ("team_id") `);
    await queryRunner.query(
      `CREATE TABLE "rotation_layer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "position" integer NOT NULL, "name" character varying(120) NOT NULL, "participant_ids" uuid array NOT NULL, "shift_length_hours" integer NOT NULL, "handoff_time" character varying(5) NOT NULL, "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Ho_Chi_Minh', "start_date" date NOT NULL, "restriction" jsonb, CONSTRAINT "PK_f29efec20159673bead661ad57f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_rotation_layer_position" ON "rotation_layer"  ("schedule_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "schedule_override" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "user_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(500), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f0bb72d63eed79587cda818db06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_schedule_override_window" ON "schedule_override"  ("schedule_id", "ends_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "team_member" ADD CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team_member" ADD CONSTRAINT "FK_0724b86622f89c433dee4cd8b17" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "schedule" ADD CONSTRAINT "FK_5d6ade19683e7b7e7b6c7b2a018" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rotation_layer" ADD CONSTRAINT "FK_8cbd2e795baa31a5c49098f4aa2" FOREIGN KEY ("schedule_id") REFERENCES "schedule"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "schedule_override" ADD CONSTRAINT "FK_d32d5acaad398243cf58138d014" FOREIGN KEY ("schedule_id") REFERENCES "schedule"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "schedule_override" ADD CONSTRAINT "FK_ccce1de471b856c2a43b2b9b318" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "schedule_override" DROP CONSTRAINT "FK_ccce1de471b856c2a43b2b9b318"`,
    );
    await queryRunner.query(
      `ALTER TABLE "schedule_override" DROP CONSTRAINT "FK_d32d5acaad398243cf58138d014"`,
    );
    await queryRunner.query(`ALTER TABLE "rotation_layer" DROP CONSTRAINT "FK_8cbd2e795baa31a5c49098f4aa2"`);
    await queryRunner.query(`ALTER TABLE "schedule" DROP CONSTRAINT "FK_5d6ade19683e7b7e7b6c7b2a018"`);
    await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "FK_0724b86622f89c433dee4cd8b17"`);
    await queryRunner.query(`ALTER TABLE "team_member" DROP CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b"`);
    await queryRunner.query(`DROP INDEX "public"."ix_schedule_override_window"`);
    await queryRunner.query(`DROP TABLE "schedule_override"`);
    await queryRunner.query(`DROP INDEX "public"."uq_rotation_layer_position"`);
    await queryRunner.query(`DROP TABLE "rotation_layer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_schedule_team"`);
    await queryRunner.query(`DROP TABLE "schedule"`);
    await queryRunner.query(`DROP INDEX "public"."ix_team_member_user"`);
    await queryRunner.query(`DROP TABLE "team_member"`);
    await queryRunner.query(`DROP INDEX "public"."uq_team_name"`);
    await queryRunner.query(`DROP TABLE "team"`);
  }
}
