// Who a signed-in Cognito user is to the notification service: their contact data and the audience they belong
// to, taken from the user's attributes and groups when Cognito issues them tokens (the pre token generation
// trigger; see the service README, "The people directory"). Pure. Groups become roles in the one place that
// reads them (shared/auth/principal.ts), so the directory and the API never disagree on who someone is.
import { principalFromClaims, type Role } from '#shared/auth/principal';
import { personSchema, type Person } from './model.ts';

/** What a Cognito trigger knows about the user. */
export interface CognitoUser {
  /** `request.userAttributes`: `sub`, `email`, `email_verified`, `phone_number`, `custom:*`, ... */
  userAttributes: Record<string, string | undefined>;
  /** The user's groups (`request.groupConfiguration.groupsToOverride`). */
  groups: readonly string[];
}

/**
 * One role per directory entry: a person in several role groups hears as the first of these (the rarer, more
 * responsible role first: an administrator who also files for an enterprise is told as an administrator).
 */
const rolePrecedence: readonly Role[] = [
  'administrator',
  'window-clerk',
  'department-officer',
  'agency-officer',
  'enterprise',
];

/**
 * The directory entry for a user, or undefined when there is nothing to record (no role group yet, or no
 * usable subject). An address is recorded only once Cognito marked it verified (`*_verified = 'true'`): mail and
 * text messages go only where the person proved they receive them.
 */
export function personFromCognito(user: CognitoUser): Person | undefined {
  const attributes = user.userAttributes;
  let principal;
  try {
    principal = principalFromClaims({
      sub: attributes.sub ?? '',
      token_use: 'id',
      'cognito:groups': [...user.groups],
      ...(attributes['custom:enterpriseId']
        ? { 'custom:enterpriseId': attributes['custom:enterpriseId'] }
        : {}),
      ...(attributes['custom:department'] ? { 'custom:department': attributes['custom:department'] } : {}),
      ...(attributes['custom:agencyFor'] ? { 'custom:agencyFor': attributes['custom:agencyFor'] } : {}),
    });
  } catch {
    return undefined;
  }
  const role = rolePrecedence.find((candidate) => principal.roles.includes(candidate));
  if (!role) return undefined;
  const email = attributes.email_verified === 'true' ? attributes.email : undefined;
  const phone = attributes.phone_number_verified === 'true' ? attributes.phone_number : undefined;
  const candidate = {
    userId: principal.userId,
    name: (attributes.name ?? attributes.email ?? principal.userId).slice(0, 100),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    role,
    ...(role === 'enterprise' && principal.enterpriseId ? { enterpriseId: principal.enterpriseId } : {}),
    ...(role === 'department-officer' && principal.department ? { department: principal.department } : {}),
  };
  // An address Cognito holds but this model refuses (e.g. a phone not in E.164) is left out, not the person.
  const parsed = personSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const { email: _email, phone: _phone, ...withoutContact } = candidate;
  const bare = personSchema.safeParse({
    ...withoutContact,
    ...(personSchema.shape.email.safeParse(email).success && email ? { email } : {}),
    ...(personSchema.shape.phone.safeParse(phone).success && phone ? { phone } : {}),
  });
  return bare.success ? bare.data : undefined;
}
