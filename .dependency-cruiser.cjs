/**
 * Which top-level folder may import which (see each folder's README).
 * `npm run lint` fails on any import that breaks these rules.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-is-the-base',
      comment: 'lib/ is shared by every process and the browser: it imports no other project folder.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components|server|workers|simulator|infra|e2e|bench|test)/' },
    },
    {
      name: 'workers-stay-headless',
      comment: 'Workers run without the web tier: never app/, components/ or server/.',
      severity: 'error',
      from: { path: '^workers/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(app|components|server|simulator|e2e)/' },
    },
    {
      name: 'simulator-uses-the-contract-only',
      comment: 'The simulator is an outside producer: it knows the contract in lib/ and nothing else.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(app|components|server|workers|infra|e2e)/' },
    },
    {
      name: 'infra-knows-lib-only',
      comment: 'Local infrastructure (Kafka, Redis, processes) depends on lib/ only.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(app|components|server|workers|simulator|e2e)/' },
    },
    {
      name: 'browser-never-imports-server-code',
      comment: 'components/ end up in the browser bundle: no server, worker or infra code.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^(server|workers|infra|simulator|app)/' },
    },
    {
      name: 'app-reaches-server-through-context',
      comment: 'Pages and route handlers reach server services only through server/context.ts.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^server/', pathNot: '^server/context\\.ts$' },
    },
    {
      name: 'app-never-imports-workers-or-infra',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^(workers|infra|simulator)/' },
    },
    {
      name: 'only-roles-start-workers',
      comment: 'server/ runs workers and the simulator only through the role registry in server/roles/.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/roles/' },
      to: { path: '^(workers|simulator)/' },
    },
    {
      name: 'e2e-drives-the-app-from-outside',
      comment: 'Browser tests see the app as a user does: shared types from lib/ at most.',
      severity: 'error',
      from: { path: '^e2e/' },
      to: { path: '^(app|components|server|workers|infra|simulator)/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { path: '^(app|components|server|workers|lib|simulator|infra)/', pathNot: '\\.test\\.ts$' },
      to: { path: '(^test/|^e2e/|\\.test\\.ts$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|\\.data|\\.cache)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
