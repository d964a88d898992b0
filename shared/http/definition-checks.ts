// Whether routes and handlers check their own definitions when they are defined (input schemas strict, path
// placeholders equal to the params schema's fields). Both checks generate JSON Schema, ~20-40 ms of CPU per
// function: worth it wherever the code is tested or run locally (tests, the embedded runtime, OpenAPI
// generation), wasted at every Lambda cold start on code that passed those tests before it was deployed. The
// Lambda bundles define the variable (infra/constructs/project-function.ts), and esbuild drops the checks.
export const definitionChecksEnvironment = 'ONE_WINDOW_SKIP_DEFINITION_CHECKS';

// Spelled out (not process.env[name]) so that esbuild's define can replace it.
export const checkDefinitions = process.env.ONE_WINDOW_SKIP_DEFINITION_CHECKS !== 'true';
