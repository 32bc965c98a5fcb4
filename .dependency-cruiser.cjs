/**
 * The module boundaries of src/ (ARCHITECTURE.md "Modules", issue 19), checked by `npm run depcruise` in CI:
 * - a feature module is entered through its index.ts only; its other files are its own business;
 * - modules depend one way (ALLOWED below), and common, config and database depend on no feature module;
 * - no import cycle anywhere.
 * The graph anyone can draw: npm run depgraph
 */
const FEATURES = ['audit', 'keys', 'validation', 'usage', 'billing', 'health', 'secret-scanning', 'console'];

/** Which feature modules each feature module may import (through their entries). */
const ALLOWED = {
  audit: [],
  keys: ['audit'],
  validation: ['keys'],
  usage: ['keys'],
  billing: ['usage', 'keys'],
  health: ['usage'],
  'secret-scanning': ['keys', 'audit'],
  console: [],
};

const any = (names) => `^src/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'feature-internals',
      comment: 'Import another feature module through its public entry (src/<module>/index.ts), not its files.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: `^src/(${FEATURES.join('|')})/(?!index\\.ts$)`, pathNot: '^src/$1/' },
    },
    {
      name: 'root-through-entries',
      comment: 'The application root wires feature modules through their public entries too.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: `^src/(${FEATURES.join('|')})/(?!index\\.ts$)` },
    },
    {
      name: 'infrastructure-below-features',
      comment: 'common, config and database sit below every feature module: they never import one.',
      severity: 'error',
      from: { path: '^src/(common|config|database)/' },
      to: { path: any(FEATURES) },
    },
    ...FEATURES.map((name) => ({
      name: `one-way-${name}`,
      comment: `${name} may import only these feature modules: ${ALLOWED[name].join(', ') || 'none'}.`,
      severity: 'error',
      from: { path: `^src/${name}/` },
      to: { path: any(FEATURES.filter((f) => f !== name && !ALLOWED[name].includes(f))) },
    })),
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
