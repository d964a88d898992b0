// What every Lambda bundle gets in place of the SDK's default credential chain (@aws-sdk/credential-provider-node,
// swapped by esbuild's alias in infra/constructs/project-function.ts): in Lambda the execution role's credentials
// are always in the environment, so the chain's other links (shared ini files, SSO, web identity, ECS/EC2
// metadata, console login) never answer there, yet they bring STS/SSO clients and ~100 KB into every bundle.
// Tests and the embedded runtime are not bundled and keep the full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
