// The dependency rules of the layout (README "How the parts fit"), checked by test/architecture. Type-only
// imports count too: a core that names an adapter's type is coupled to it.
/** @type {import('dependency-cruiser').IConfiguration} */
const notTests = '\\.(test|bench)\\.ts$|(^|/)testing(\\.ts|/)';
export default {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other one way only.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(services|shared|infra)/', pathNot: notTests },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      from: { path: '^(services|shared|infra)/', pathNot: notTests },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment:
        'core/ never reaches handlers, adapters, the AWS SDK, middy or Powertools, not even through another module.',
      severity: 'error',
      from: { path: '^services/[^/]+/core/', pathNot: notTests },
      to: {
        path: '^services/[^/]+/(handlers|adapters)/|(^|/)node_modules/(@aws-sdk|@smithy|@middy|@aws-lambda-powertools)/',
        reachable: true,
      },
    },
    {
      name: 'no-foreign-internals',
      comment:
        "A service uses another only through services/application and the workflow core's decision mechanism.",
      severity: 'error',
      from: { path: '^services/([^/]+)/', pathNot: notTests },
      to: {
        path: '^services/',
        pathNot:
          '^services/($1|application)/|^services/[^/]+/routes\\.ts$|^services/workflow/core/decide-human-step\\.ts$',
      },
    },
    {
      name: 'no-local-runtime-in-code',
      comment: 'The embedded runtime runs the code; the code never knows it.',
      severity: 'error',
      from: { path: '^(services|shared)/' },
      to: { path: '^infra/local/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and their support may reach anywhere; the rules are about the shipped code.
    exclude: { path: '^(cdk\\.out|\\.local|test)/|\\.(test|bench)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
