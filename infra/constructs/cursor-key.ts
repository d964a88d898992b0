// The key that seals pagination cursors (shared/data/cursor.ts): a generated Secrets Manager secret, readable
// only by the functions of paged routes (they read it once per container), so every container of a route seals
// and opens cursors alike and no caller can read or forge one.
import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { cursorKeyEnvironment } from '#shared/data/cursor-key';
import { acknowledge, type ProjectFunction } from './project-function.ts';

/** Secrets Manager → the paged routes' functions. */
export class CursorKey extends Construct {
  public readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Seals the pagination cursors of the one-window approval API',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // A new key only invalidates the cursors in flight (clients start their listing again).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'Rotating the cursor key only makes cursors in flight fail with 400 INVALID_CURSOR (clients list again); ' +
        'it is rotated by replacing the secret value, with no rotation function to run.',
    );
  }

  /** Lets the function read the key (GetSecretValue only) and tells it where it is. */
  grantTo(fn: ProjectFunction): void {
    fn.allowSecretRead(this.secret, cursorKeyEnvironment.secretArn);
  }
}
