// Task: after joint issuance (同发), one signed PDF certificate per permit (电子证照). Takes the application's ID
// only (documents stay out of the workflow's payload) and returns nothing the state machine keeps. Idempotent:
// the task is retried by Step Functions and replayed by the embedded runtime.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { ValidationError } from '#shared/errors';
import { applicationIdSchema } from '#shared/model';
import { issueCertificates } from '../core/certificates.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export const issueCertificatesInputSchema = z.looseObject({ applicationId: applicationIdSchema });

export function createHandler(deps?: DocumentsDepsSource) {
  const getDeps = lazyDocumentsDeps(deps);
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'issue-certificates' });
  return middy<unknown, { certificateNos: string[] }, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const parsed = issueCertificatesInputSchema.safeParse(event);
      if (!parsed.success) {
        throw new ValidationError(
          'Invalid input for issue-certificates',
          parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        );
      }
      const { applicationId } = parsed.data;
      logger.setCorrelationId(applicationId);
      logger.appendKeys({ applicationId });
      const result = await issueCertificates(getDeps(), { applicationId });
      if (result.certificateNos.length > 0) logger.info('Certificates issued', { ...result });
      return result;
    });
}

export const handler = createHandler();
