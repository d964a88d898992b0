// Reads one version of a Secrets Manager secret's text: the one place the platform's functions call
// GetSecretValue (the cursor key, the origin verification value). The SDK is loaded on first use, so functions
// that never read a secret do not load it.
/**
 * The secret's SecretString at the given version stage (default: the current one), or undefined when that
 * stage does not exist (a secret never rotated has no AWSPREVIOUS).
 */
export async function readSecretString(secretId: string, versionStage?: string): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        ...(versionStage ? { VersionStage: versionStage } : {}),
      }),
    );
    return SecretString || undefined;
  } catch (error) {
    if (versionStage !== undefined && (error as { name?: string }).name === 'ResourceNotFoundException') {
      return undefined;
    }
    throw error;
  } finally {
    client.destroy();
  }
}
