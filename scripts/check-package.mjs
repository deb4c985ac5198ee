// Checks what `npm pack` would publish: dist, custom-elements.json, README, LICENSE (and
// package.json), nothing else; and that every file package.json points at is in it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
const paths = files.map((f) => f.path);
const allowed = /^(dist\/.+\.(js|d\.ts|map)|custom-elements\.json|README\.md|LICENSE|package\.json)$/;
const problems = paths.filter((p) => !allowed.test(p)).map((p) => `unexpected file in the package: ${p}`);

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const targets = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr, pkg.customElements, ...pkg.sideEffects,
  ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))];
for (const t of new Set(targets.filter(Boolean).map((t) => t.replace(/^\.\//, '')))) {
  if (!paths.includes(t)) problems.push(`package.json points at ${t}, which the package lacks`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`npm pack: ${paths.length} files, all expected (dist, custom-elements.json, README.md, LICENSE).`);

// The bundle renames internal properties (rollup.config.mjs): no public member may be among them.
const bundle = readFileSync(`${root}dist/stomp-elements.min.js`, 'utf8');
const manifest = JSON.parse(readFileSync(`${root}custom-elements.json`, 'utf8'));
const renamed = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement)
  .flatMap((d) => (d.members ?? [])
    .filter((member) => !member.name.startsWith('#') && !new RegExp(`\\b${member.name}\\b`).test(bundle))
    .map((member) => `${d.name}.${member.name}`));
if (renamed.length) {
  console.error(`public members renamed in dist/stomp-elements.min.js (fix the mangle regex in rollup.config.mjs): ${renamed.join(', ')}`);
  process.exit(1);
}
console.log('dist/stomp-elements.min.js keeps every public member name.');
