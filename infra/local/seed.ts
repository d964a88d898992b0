// Demo data for the embedded runtime: one user per role (and per department), two enterprises, a few
// standard-land parcels (标准地) with their indicators, and a record of the configuration the runtime runs with.
//
// Where things are read from: the permit catalogue and time limits from the service configuration in the table
// (CONFIG#service; the built-in defaults of shared/service-config until an administrator writes a version), the
// working-day calendar from shared/calendar/years plus CONFIG#calendar, and the standard-land parcels from the
// register (CONFIG#parcels), into which the seed registers the parcels below (available, not granted) the first
// time. The marker item (`LOCAL#seed`) records what this data folder was started with and the demo users; it is
// written once, never read by a handler.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Principal } from '#shared/auth/principal';
import { officialYearSchedules } from '#shared/calendar/index';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { defaultDepartments, permitCatalog, type LandParcel } from '#shared/model';
import { DEFAULT_LIMITS, DEFAULT_STEP_BUDGETS } from '#shared/sla/index';
import { DynamoDbParcelRegister } from '#shared/data/parcel-store';
import { Conflict } from '#shared/errors';
import type { Parcel } from '#shared/parcels/parcel';
import { DynamoDbNotificationStore } from '#services/notifications/adapters/dynamodb-notification-store';
import type { Person } from '#services/notifications/core/model';

export interface DemoUser {
  userId: string;
  /** Who this is, for people reading the token list. */
  description: string;
  principal: Principal;
}

export const demoEnterprises = [
  { enterpriseId: 'ent-changchun-auto-parts', name: '长春汽车零部件有限公司 (Changchun auto parts)' },
  { enterpriseId: 'ent-huadu-new-materials', name: '花都新材料科技有限公司 (Huadu new materials)' },
] as const;

const [changchun, huadu] = demoEnterprises;

const user = (userId: string, description: string, principal: Omit<Principal, 'userId'>): DemoUser => ({
  userId,
  description,
  principal: { userId, ...principal },
});

export const demoUsers: readonly DemoUser[] = [
  user('enterprise.changchun', `企业 ${changchun.name}`, {
    roles: ['enterprise'],
    enterpriseId: changchun.enterpriseId,
  }),
  user('enterprise.huadu', `企业 ${huadu.name}`, { roles: ['enterprise'], enterpriseId: huadu.enterpriseId }),
  user('clerk.window', '窗口受理员 window clerk of the service centre', { roles: ['window-clerk'] }),
  user('officer.natural-resources', '部门审批员 自然资源和规划 natural resources and planning', {
    roles: ['department-officer'],
    department: 'natural-resources',
  }),
  user('officer.natural-resources.2', '部门审批员 自然资源和规划: a second officer, to hand work over to', {
    roles: ['department-officer'],
    department: 'natural-resources',
  }),
  user('lead.natural-resources', '科室负责人 自然资源和规划: assigns and reassigns the department’s steps', {
    roles: ['department-officer'],
    department: 'natural-resources',
    lead: true,
  }),
  user('officer.housing-construction', '部门审批员 住房和城乡建设 housing and construction', {
    roles: ['department-officer'],
    department: 'housing-construction',
  }),
  user('officer.real-estate-registration', '部门审批员 不动产登记 real estate registration', {
    roles: ['department-officer'],
    department: 'real-estate-registration',
  }),
  user('agent.major-projects', '代办员 agency officer for major projects (both enterprises)', {
    roles: ['agency-officer'],
    agencyFor: demoEnterprises.map((e) => e.enterpriseId),
  }),
  user('admin.service-centre', '管理员 administrator of the service centre', { roles: ['administrator'] }),
];

export interface StandardLandParcel extends LandParcel {
  /** The indicators fixed in advance (区域评估), which a commitment (承诺书) promises to meet. */
  indicators: Record<string, number>;
}

/** Standard-land parcels assessed in advance, as in the Changchun and Huadu seed documents. */
export const standardLandParcels: readonly StandardLandParcel[] = [
  {
    parcelId: 'CCEDZ-2025-01',
    areaMu: 120,
    location: '长春经济技术开发区 标准地 1 号地块',
    indicators: {
      'investment-per-mu-yuan': 3_500_000,
      'output-per-mu-yuan': 6_000_000,
      'tax-per-mu-yuan': 300_000,
      'energy-tce-per-10k-yuan': 0.25,
    },
  },
  {
    parcelId: 'CCEDZ-2025-02',
    areaMu: 80,
    location: '长春经济技术开发区 标准地 2 号地块',
    indicators: {
      'investment-per-mu-yuan': 3_000_000,
      'output-per-mu-yuan': 5_000_000,
      'tax-per-mu-yuan': 250_000,
      'energy-tce-per-10k-yuan': 0.3,
    },
  },
  {
    parcelId: 'HD-2025-07',
    areaMu: 60,
    location: '广州市花都区 工业用地 标准地 7 号地块',
    indicators: {
      'investment-per-mu-yuan': 4_000_000,
      'output-per-mu-yuan': 7_000_000,
      'tax-per-mu-yuan': 350_000,
      'emissions-cod-tonnes-per-year': 2,
    },
  },
  {
    parcelId: 'HD-2025-08',
    areaMu: 45,
    location: '广州市花都区 工业用地 标准地 8 号地块',
    indicators: {
      'investment-per-mu-yuan': 4_000_000,
      'output-per-mu-yuan': 6_500_000,
      'tax-per-mu-yuan': 320_000,
      'emissions-cod-tonnes-per-year': 1.5,
    },
  },
];

/** The seed marker's key: outside every key space the repository uses (APP#, ENT#, OPEN#, COUNTER#). */
export const seedKey = { pk: 'LOCAL#seed', sk: 'S' } as const;
const seedVersion = 1;

/** What the seed records: the configuration in force, the demo users and the parcels. */
export function seedRecord(at: Date): Record<string, unknown> {
  const calendar = loadOfficialCalendar();
  return {
    ...seedKey,
    itemType: 'local-seed',
    seedVersion,
    seededAt: at.toISOString(),
    readFrom: {
      departments: 'shared/model.ts defaultDepartments',
      permitTypes: 'CONFIG#service (defaults: shared/service-config/config.ts)',
      limitsAndStepBudgets: 'CONFIG#service (defaults: shared/service-config/config.ts)',
      parcels: 'CONFIG#parcels (registered from infra/local/seed.ts standardLandParcels)',
      calendar: 'shared/calendar/years/*.json',
      users: 'infra/local/seed.ts (local token issuer)',
    },
    departments: defaultDepartments.map((d) => ({ ...d })),
    permitTypes: Object.entries(permitCatalog).map(([permitType, entry]) => ({ permitType, ...entry })),
    limits: { ...DEFAULT_LIMITS },
    stepBudgets: structuredClone(DEFAULT_STEP_BUDGETS),
    calendarYears: officialYearSchedules().map((schedule) => schedule.year),
    calendarVersion: calendar.version,
    enterprises: demoEnterprises.map((e) => ({ ...e })),
    users: demoUsers.map(({ description, principal }) => ({ ...principal, description })),
    standardLandParcels: standardLandParcels.map((p) => structuredClone(p)),
  };
}

/** Writes the seed record unless this table has one already. @returns whether it was written now */
export async function seedOnce(
  client: DynamoDBDocumentClient,
  tableName: string,
  at: Date,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: seedRecord(at),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Maximums among the seeded indicators (energy use, emissions); every other one is a minimum. */
const isMaximum = (indicator: string) => /^(energy|emissions)-/.test(indicator);

/** The seeded parcels as the register holds them: available, with each indicator's bound. */
export function registeredSeedParcels(at: Date): Parcel[] {
  const when = at.toISOString();
  return standardLandParcels.map((parcel) => ({
    parcelId: parcel.parcelId,
    areaMu: parcel.areaMu,
    location: parcel.location,
    indicators: Object.fromEntries(
      Object.entries(parcel.indicators).map(([indicator, control]) => [
        indicator,
        { control, bound: isMaximum(indicator) ? 'max' : 'min' },
      ]),
    ),
    status: 'available',
    version: 1,
    registeredAt: when,
    updatedAt: when,
    updatedBy: 'seed',
  }));
}

/** Registers the seeded parcels that are not registered yet (an administrator's later changes stay). */
export async function seedParcels(
  client: DynamoDBDocumentClient,
  tableName: string,
  at: Date,
): Promise<number> {
  const register = new DynamoDbParcelRegister({ client, tableName });
  let registered = 0;
  for (const parcel of registeredSeedParcels(at)) {
    try {
      await register.put(parcel, undefined, {
        eventId: `seed-${parcel.parcelId.replace(/[^A-Za-z0-9_-]/g, '-')}`,
        at: at.toISOString(),
        type: 'parcel-registered',
        actor: { userId: 'seed', role: 'system' },
        parcelId: parcel.parcelId,
        toVersion: 1,
      });
      registered++;
    } catch (error) {
      if (!(error instanceof Conflict && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
  return registered;
}

/**
 * The people directory of the demo users (services/notifications/README.md): an e-mail address each (delivered
 * to the runtime's local mail sink) and, for the two who get urgent text messages in the demo, a phone number.
 */
export const demoPeople: readonly Person[] = demoUsers.map(({ userId, description, principal }) => ({
  userId,
  name: description.slice(0, 100),
  email: `${userId}@one-window.local`,
  ...(userId === 'enterprise.changchun' ? { phone: '+8613800000001' } : {}),
  ...(userId === 'officer.housing-construction' ? { phone: '+8613800000002' } : {}),
  role: principal.roles[0]!,
  ...(principal.enterpriseId ? { enterpriseId: principal.enterpriseId } : {}),
  ...(principal.department ? { department: principal.department } : {}),
}));

/** Writes (or rewrites) the demo users' directory entries: Puts of whole items, harmless on every start. */
export async function seedPeople(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const directory = new DynamoDbNotificationStore({ client, tableName });
  for (const person of demoPeople) await directory.putPerson(person);
}
