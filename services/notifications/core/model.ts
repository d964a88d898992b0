// What a notification is: its kinds (who is told what), channels, a person's contact data and preferences, and
// the stored in-app notification. zod schemas are the one source for validation, types and the OpenAPI document.
import * as z from 'zod';
import {
  applicationIdSchema,
  departmentIdSchema,
  enterpriseIdSchema,
  timestampSchema,
  userIdSchema,
} from '#shared/model';

export const notificationKinds = [
  // enterprise and its agency officer (企业 / 代办员)
  'application-accepted', // 受理 (also deemed accepted, Art. 32)
  'application-accepted-with-gaps', // 容缺受理, with each gap's due date
  'application-refused', // 不予受理 / 不予许可
  'supplement-requested', // 补正: the complete list (一次性告知)
  'permits-issued', // 同发, with certificate numbers and links
  'verification-due', // 承诺核查 opened
  'verification-result', // verified, or failed and permits revoked
  'gap-due-soon', // 容缺: a tolerated document due within 2 working days
  'gap-overdue', // 容缺: a tolerated document past its due day
  'verification-due-soon', // 承诺核查 due within 5 working days (also the department)
  'rating-answered', // 好差评: the service centre's answer to the enterprise's poor rating (差评整改)
  // department officers and window clerks (部门审批员 / 窗口受理员)
  'new-application', // clerks: a new application at the window
  'deemed-acceptance-near', // clerks: Art. 32, an intake's last working day before it is deemed accepted
  'step-assigned', // officers: a new step in the department's inbox
  'step-yellow', // 预警
  'step-red', // overdue
  'supplement-received', // the enterprise answered the department's supplement request
  'supervision-ordered', // 督办单: an administrator ordered the department to act on a step, within a limit
  'supervision-overdue', // 督办单 past its limit unanswered (also the administrator who issued it)
  // administrators (管理员)
  'escalation', // 督办
  'red-digest', // 每日红灯摘要: the steps that turned red the day before, once a day
  'supervision-answered', // 督办单: the department recorded its handling (办理情况)
] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const channels = ['in-app', 'email', 'sms'] as const;
export type Channel = (typeof channels)[number];

/** The most urgent kinds also go by SMS, where a phone number is on file (a 督办单 is an order with a limit). */
export const smsKinds: readonly NotificationKind[] = [
  'supplement-requested',
  'step-red',
  'supervision-ordered',
  'supervision-overdue',
];

export const locales = ['zh-CN', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/**
 * A person's own choices. In-app notifications are always kept (they are the record a person can come back to);
 * preferences decide the outside channels.
 */
export const preferencesSchema = z.strictObject({
  /** Kinds sent by neither e-mail nor SMS. */
  mutedKinds: z.array(notificationKindSchema).max(notificationKinds.length).default([]),
  email: z.boolean().default(true),
  sms: z.boolean().default(true),
  /** No SMS on days that are not working days (weekends, holidays) by the region's calendar. */
  quietOnNonWorkingDays: z.boolean().default(true),
  locale: localeSchema.default('zh-CN'),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export const defaultPreferences: Preferences = preferencesSchema.parse({});

/** Who may be told: contact data kept by the platform's directory (see the service README). */
export const personSchema = z.strictObject({
  userId: userIdSchema,
  name: z.string().min(1).max(100),
  email: z.email().max(254).optional(),
  /** E.164, e.g. +8613800000000. */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'phone must be in E.164 form, e.g. +8613800000000')
    .optional(),
  role: z.enum(['enterprise', 'window-clerk', 'department-officer', 'agency-officer', 'administrator']),
  enterpriseId: enterpriseIdSchema.optional(),
  department: departmentIdSchema.optional(),
});
export type Person = z.infer<typeof personSchema>;

/** Who an event is for, before the directory names the people. */
export type Audience =
  | { type: 'enterprise'; enterpriseId: string }
  | { type: 'person'; userId: string }
  | { type: 'department'; department: string }
  | { type: 'administrators' }
  /** That administrator while the directory lists them as one; every administrator otherwise (left, or never synced). */
  | { type: 'administrator'; userId: string };

/** The audiences the directory lists as groups of people. */
export type MemberAudience = Exclude<Audience, { type: 'person' | 'administrator' }>;

/** The in-app notification a person reads in their notification centre. */
export const notificationSchema = z.strictObject({
  notificationId: z.string().min(1).max(64),
  userId: userIdSchema,
  kind: notificationKindSchema,
  /** The application it is about; absent for a notification about many (the daily digest). */
  applicationId: applicationIdSchema.optional(),
  stepId: z.string().max(64).optional(),
  /** The domain event it came from (its stable outbox id). */
  outboxId: z.string().min(1).max(256),
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(4000),
  link: z.string().max(1000),
  createdAt: timestampSchema,
  readAt: timestampSchema.optional(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** What the plan decides per recipient, before rendering. */
export interface Intent {
  kind: NotificationKind;
  audience: Audience;
}
