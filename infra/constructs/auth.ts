// Who may sign in: the Cognito user pool behind the API's JWT authorizer, with one group per role (and one
// per department for officers). shared/auth/principal.ts turns the groups and custom attributes into a Principal.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  ClientAttributes,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/**
 * How long an ID (and access) token is honoured. API Gateway's JWT authorizer checks a token's signature and
 * `exp` only; it never asks Cognito whether the user was since removed from a group, disabled or signed out.
 * So a change of role takes effect at the latest this long after it is made (Cognito's minimum is 5 minutes).
 * The portal renews tokens with the refresh token, which Cognito refuses once the user is disabled or signed
 * out globally (see README "Tokens and revocation").
 */
export const identityTokenValidity = Duration.minutes(5);

/** Cognito groups. Department officers belong to `dept-<departmentId>`; its leads also to `department-lead`. */
export const userGroups = [
  {
    name: 'enterprise',
    description: '企业: files applications, answers supplement requests, signs commitments',
  },
  { name: 'window-clerk', description: '窗口受理员: decides intake at the one-stop window' },
  { name: 'dept-natural-resources', description: '自然资源和规划: department officers' },
  { name: 'dept-housing-construction', description: '住房和城乡建设: department officers' },
  { name: 'dept-real-estate-registration', description: '不动产登记: department officers' },
  {
    name: 'department-lead',
    description:
      '科室负责人: with a dept- group, a lead of that department (assigns and reassigns its steps)',
  },
  { name: 'agency-officer', description: '代办员: acts on behalf of enterprises of major projects' },
  { name: 'administrator', description: '管理员: configuration, SLA audit, escalation' },
] as const;

export interface ApprovalAuthProps {
  /**
   * Cognito's Plus plan with full threat protection (compromised credentials, adaptive authentication). Turn
   * off only where its per-user price matters more than the protection, e.g. a demo account.
   * @default true
   */
  readonly threatProtection?: boolean;
  /**
   * Whether people may create their own accounts. Government staff are provisioned by administrators, and an
   * enterprise account carries an enterprise ID only an administrator may set.
   * @default false
   */
  readonly selfSignUp?: boolean;
  /**
   * Refuse CloudFormation deletes of the user pool.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The user pool, its role groups and the portal's app client. */
export class ApprovalAuth extends Construct {
  public readonly userPool: UserPool;
  public readonly portalClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: ApprovalAuthProps = {}) {
    super(scope, id);
    const threatProtection = props.threatProtection ?? true;

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: props.selfSignUp ?? false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // Read by shared/auth/principal.ts; written by administrators only (see the client's writeAttributes).
      customAttributes: {
        enterpriseId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        department: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        agencyFor: new StringAttribute({ minLen: 1, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Decisions bind the government: every account signs in with a second factor (authenticator app).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(threatProtection
        ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    userGroups.forEach((group, i) =>
      this.userPool.addGroup(`Group${i}`, { groupName: group.name, description: group.description }),
    );

    this.portalClient = this.userPool.addClient('PortalClient', {
      authFlows: { userSrp: true },
      // The portal signs in with SRP. Left on, CDK's defaults would enable the implicit grant (tokens in the
      // URL fragment) and a placeholder callback URL for a hosted UI this pool does not have.
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: identityTokenValidity,
      idTokenValidity: identityTokenValidity,
      // RevokeToken / AdminUserGlobalSignOut end the refresh token: no new ID token after the current one.
      enableTokenRevocation: true,
      refreshTokenValidity: Duration.days(1),
      // Users may see, but never set, the attributes that decide what they may act on.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('enterpriseId', 'department', 'agencyFor'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    if (!threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (Plus plan) was turned off by the threatProtection prop of this deployment.',
      });
    }
  }
}
