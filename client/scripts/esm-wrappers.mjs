#!/usr/bin/env node
// Gives each CommonJS entry of dist/ an ES module twin (<entry>.mjs and <entry>.d.mts) that re-exports it, so
// `import` and `require` share one module instance: one HokusaiAuthError class, one validation cache per client
// (Node's "dual package hazard"). The names come from the built CommonJS module, so the two cannot disagree.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const ENTRIES = ['index', 'express', 'nest', 'testing/index'];
const require = createRequire(import.meta.url);

for (const entry of ENTRIES) {
  const names = Object.keys(require(join(DIST, `${entry}.js`))).filter((n) => n !== '__esModule' && n !== 'default');
  const file = `./${basename(entry)}.js`;
  const js = `import cjs from '${file}';\n${names.length ? `export const { ${names.join(', ')} } = cjs;\n` : ''}`;
  writeFileSync(join(DIST, `${entry}.mjs`), js);
  writeFileSync(join(DIST, `${entry}.d.mts`), `export * from '${file}';\n`);
}
