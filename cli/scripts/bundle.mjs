#!/usr/bin/env node
// Builds dist/main.js, the `hokusai` bin: one CommonJS file with commander, cli-table3, ini and picocolors inside
// it, so neither the service's production tree nor a platform team's `npm ls` carries them (issue 18), and the bin
// starts without resolving a dozen modules. @hokusai/auth-client stays a real dependency: every HTTP call goes
// through the published client. The bundled packages' licences go to dist/THIRD-PARTY-NOTICES.md.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

rmSync(DIST, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(ROOT, 'src', 'main.ts')],
  outfile: join(DIST, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['@hokusai/auth-client'],
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
writeFileSync(join(DIST, 'THIRD-PARTY-NOTICES.md'), notices(result.metafile));

/** One section per bundled package: name, version and its licence text. */
function notices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    // The innermost node_modules/<name>/ of the path: nested copies are packages of their own.
    const match = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].pop();
    if (!match) continue;
    const dir = input.slice(0, match.index + match[0].length);
    packages.set(`${match[1]}@${dir}`, { name: match[1], dir: join(process.cwd(), dir) });
  }
  const sections = [...packages.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, dir }) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const file = ['LICENSE', 'LICENSE.md', 'license', 'LICENSE.txt']
        .map((f) => join(dir, f))
        .find((f) => existsSync(f));
      const text = file ? readFileSync(file, 'utf8').trim() : `License: ${pkg.license}`;
      return `## ${name}@${pkg.version}\n\n\`\`\`\n${text}\n\`\`\`\n`;
    });
  return `# Third-party software bundled in dist/main.js\n\n${sections.join('\n')}`;
}
