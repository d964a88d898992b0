// The people directory's writer in the cloud: Cognito's pre token generation trigger. It runs whenever Cognito
// issues tokens, the one moment that carries both the user's attributes and groups, for accounts administrators
// created (the post confirmation trigger never runs for those). On a sign-in it records the person's verified
// e-mail and phone and their audience (services/notifications/core/directory-sync.ts); token refreshes change
// nothing. It never blocks a sign-in: a failure is logged (and retried at the next sign-in), tokens go out as is.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { createLogger, lazyRuntime, type RuntimeSource } from '#shared/runtime/index';
import { personFromCognito } from '../core/directory-sync.ts';
import { notificationStoreOf } from './center-deps.ts';

const logger = createLogger('syncDirectory');

/** Sign-ins; `TokenGeneration_RefreshTokens` (every few minutes per active user) is left alone. */
const signIns: ReadonlySet<string> = new Set([
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_HostedAuth',
]);

export function createHandler(runtime?: RuntimeSource) {
  const getRuntime = lazyRuntime(runtime);
  return async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    if (!signIns.has(event.triggerSource)) return event;
    try {
      const person = personFromCognito({
        userAttributes: event.request.userAttributes,
        groups: event.request.groupConfiguration.groupsToOverride ?? [],
      });
      if (!person) {
        logger.info('No directory entry: the user holds no role group yet', { userName: event.userName });
        return event;
      }
      const written = await notificationStoreOf(getRuntime()).putPerson(person);
      if (written) {
        logger.info('Directory entry recorded', {
          userId: person.userId,
          role: person.role,
          email: person.email !== undefined,
          phone: person.phone !== undefined,
        });
      }
    } catch (error) {
      logger.error('Directory entry not recorded; tried again at the next sign-in', {
        userName: event.userName,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return event;
  };
}

export const handler = createHandler();
