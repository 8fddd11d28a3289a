import { DataSource } from 'typeorm';

import { Role } from '@tocsin/access';
import { AgencyEntity, AgencyKind, InformationSystemEntity } from '@tocsin/agencies';
import { PasswordHasher, UserEntity } from '@tocsin/auth';
import { RotationLayerEntity, ScheduleEntity, TeamEntity, TeamMemberEntity } from '@tocsin/oncall';

interface DemoAgency {
  code: string;
  name: string;
  kind: AgencyKind;
  parent?: string;
  systems: { name: string; securityLevel: number; description: string }[];
}

const AGENCIES: DemoAgency[] = [
  {
    code: 'TINH-DEMO',
    name: 'UBND tỉnh Demo',
    kind: AgencyKind.PROVINCE,
    systems: [
      { name: 'Cổng thông tin điện tử tỉnh', securityLevel: 3, description: 'Provincial web portal' },
      { name: 'Hệ thống thư điện tử công vụ', securityLevel: 3, description: 'Official mail system' },
    ],
  },
  {
    code: 'STTTT',
    name: 'Sở Thông tin và Truyền thông',
    kind: AgencyKind.DEPARTMENT,
    parent: 'TINH-DEMO',
    systems: [{ name: 'Trung tâm dữ liệu tỉnh', securityLevel: 4, description: 'Provincial data centre' }],
  },
  {
    code: 'SYT',
    name: 'Sở Y tế',
    kind: AgencyKind.DEPARTMENT,
    parent: 'TINH-DEMO',
    systems: [
      {
        name: 'Hệ thống thông tin bệnh viện (HIS)',
        securityLevel: 3,
        description: 'Hospital information system',
      },
      { name: 'Cổng thông tin Sở Y tế', securityLevel: 2, description: 'Department web portal' },
    ],
  },
  {
    code: 'HUYEN-A',
    name: 'UBND huyện A',
    kind: AgencyKind.DISTRICT,
    parent: 'TINH-DEMO',
    systems: [
      { name: 'Hệ thống quản lý văn bản và điều hành', securityLevel: 2, description: 'Document management' },
    ],
  },
  { code: 'XA-A1', name: 'UBND xã A1', kind: AgencyKind.COMMUNE, parent: 'HUYEN-A', systems: [] },
];

const USERS: { email: string; displayName: string; role: Role; agency: string; locale: 'vi' | 'en' }[] = [
  {
    email: 'admin@tocsin.local',
    displayName: 'Quản trị hệ thống',
    role: Role.ADMIN,
    agency: 'STTTT',
    locale: 'vi',
  },
  {
    email: 'coordinator@tocsin.local',
    displayName: 'Nguyễn Văn Điều Phối',
    role: Role.COORDINATOR,
    agency: 'STTTT',
    locale: 'vi',
  },
  {
    email: 'responder@tocsin.local',
    displayName: 'Trần Thị Ứng Cứu',
    role: Role.RESPONDER,
    agency: 'STTTT',
    locale: 'vi',
  },
  {
    email: 'responder2@tocsin.local',
    displayName: 'Lê Văn Trực',
    role: Role.RESPONDER,
    agency: 'STTTT',
    locale: 'en',
  },
  {
    email: 'reporter@tocsin.local',
    displayName: 'Phạm Văn Báo (Sở Y tế)',
    role: Role.REPORTER,
    agency: 'SYT',
    locale: 'vi',
  },
  {
    email: 'reporter2@tocsin.local',
    displayName: 'Hoàng Thị Tin (huyện A)',
    role: Role.REPORTER,
    agency: 'HUYEN-A',
    locale: 'vi',
  },
  {
    email: 'leader@tocsin.local',
    displayName: 'Đồng chí Lãnh Đạo',
    role: Role.LEADER,
    agency: 'TINH-DEMO',
    locale: 'vi',
  },
];

export const DEMO_EMAILS = USERS.map((u) => u.email);
export const DEMO_TEAM = 'Đội ứng cứu sự cố tỉnh';

/**
 * Seeds the demo province. Idempotent: only what is missing is inserted, so it never overwrites
 * changes (a password someone changed stays changed).
 */
export async function seedDemoData(
  dataSource: DataSource,
  password: string,
): Promise<{ agencies: number; users: number }> {
  const hasher = new PasswordHasher();
  const passwordHash = await hasher.hash(password);
  return dataSource.transaction(async (em) => {
    let agencies = 0;
    let users = 0;
    const ids = new Map<string, string>();
    for (const a of AGENCIES) {
      let agency = await em.findOneBy(AgencyEntity, { code: a.code });
      if (!agency) {
        agency = await em.save(
          em.create(AgencyEntity, {
            code: a.code,
            name: a.name,
            kind: a.kind,
            parentId: a.parent ? ids.get(a.parent)! : null,
          }),
        );
        agencies++;
        for (const s of a.systems) {
          await em.save(em.create(InformationSystemEntity, { ...s, agencyId: agency.id }));
        }
      }
      ids.set(a.code, agency.id);
    }
    for (const u of USERS) {
      if (await em.existsBy(UserEntity, { email: u.email })) continue;
      await em.save(
        em.create(UserEntity, {
          email: u.email,
          displayName: u.displayName,
          role: u.role,
          agencyId: ids.get(u.agency)!,
          locale: u.locale,
          timeZone: 'Asia/Ho_Chi_Minh',
          passwordHash,
          active: true,
        }),
      );
      users++;
    }
    // The province's response team, with a weekly rotation of the two responders from the
    // Monday of the current week (08:00 hand-off, Asia/Ho_Chi_Minh).
    let team = await em.findOneBy(TeamEntity, { name: DEMO_TEAM });
    if (!team) {
      team = await em.save(
        em.create(TeamEntity, { name: DEMO_TEAM, description: 'Tổ ứng cứu sự cố máy tính tỉnh Demo' }),
      );
      const id = async (email: string) => (await em.findOneByOrFail(UserEntity, { email })).id;
      const members = [
        { userId: await id('coordinator@tocsin.local'), isLead: true },
        { userId: await id('responder@tocsin.local'), isLead: false },
        { userId: await id('responder2@tocsin.local'), isLead: false },
      ];
      await em.insert(
        TeamMemberEntity,
        members.map((m) => ({ ...m, teamId: team!.id })),
      );
      const schedule = await em.save(
        em.create(ScheduleEntity, { teamId: team.id, name: 'Trực chính (hằng tuần)' }),
      );
      const monday = new Date();
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) - 7);
      await em.insert(RotationLayerEntity, {
        scheduleId: schedule.id,
        position: 0,
        name: 'Trực tuần',
        participantIds: [members[1].userId, members[2].userId],
        shiftLengthHours: 168,
        handoffTime: '08:00',
        timeZone: 'Asia/Ho_Chi_Minh',
        startDate: monday.toISOString().slice(0, 10),
        restriction: null,
      });
    }
    return { agencies, users };
  });
}
