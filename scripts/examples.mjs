// Installs and builds the framework examples (demo/vue and demo/svelte with Vite, demo/angular with `ng build`)
// against the freshly built kit, and runs their negative type tests; test/frameworks/*.test.ts
// load the builds. `npm test` runs it before the browser suite. Only what changed is redone:
// the kit is rebuilt when src/ is newer than dist/, an app is installed (npm ci, cache in
// .npm-cache/) when its lock file changed, and built when its sources or the kit's dist/ changed
// (content hashes in a stamp file beside each build).
//
//   node scripts/examples.mjs [--force]     --force: reinstall and rebuild everything
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ensureNodeModules } from './ensure-system.mjs';
import { isMain } from './shared.mjs';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.npm-cache');
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', PUPPETEER_SKIP_DOWNLOAD: '1', NO_UPDATE_NOTIFIER: '1' };
const log = (message) => console.error(`[examples] ${message}`);

/** The examples: where they live, what their build depends on, what it produces. */
export const APPS = [
  {
    name: 'vue',
    dir: join(root, 'demo/vue'),
    inputs: ['package.json', 'package-lock.json', 'index.html', 'vite.config.ts', 'tsconfig.json', 'env.d.ts', 'src', 'type-tests'],
    kitInputs: ['dist'],
    entry: 'dist/assets/main.js',
    stamp: 'dist/.examples-stamp',
    typeTest: { command: ['node_modules/vue-tsc/bin/vue-tsc.js', '--noEmit', '-p', 'type-tests/tsconfig.json'], file: 'type-tests/Invalid.vue' },
  },
  {
    name: 'angular',
    dir: join(root, 'demo/angular'),
    inputs: ['package.json', 'package-lock.json', 'angular.json', 'tsconfig.json', 'tsconfig.app.json', 'src', 'type-tests'],
    kitInputs: ['dist'],
    entry: 'dist/browser/main.js',
    stamp: 'dist/.examples-stamp',
    typeTest: { command: ['node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js', '-p', 'type-tests/tsconfig.json'], file: 'type-tests/invalid.ts' },
  },
  {
    name: 'svelte',
    dir: join(root, 'demo/svelte'),
    inputs: ['package.json', 'package-lock.json', 'index.html', 'vite.config.ts', 'tsconfig.json', 'src', 'type-tests'],
    kitInputs: ['dist'],
    entry: 'dist/assets/main.js',
    stamp: 'dist/.examples-stamp',
    typeTest: {
      command: ['node_modules/svelte-check/bin/svelte-check', '--tsconfig', 'type-tests/tsconfig.json', '--output', 'machine'],
      file: 'type-tests/Invalid.svelte',
    },
  },
];

/** Runs a command with inherited output, or `quiet` with it collected; resolves with its exit code (rejects if it cannot start). */
async function run(cmd, args, cwd, { quiet = false } = {}) {
  const { execa } = await import('execa'); // installed by ensureNodeModules() in buildExamples()
  const result = await execa(cmd, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', all: quiet, reject: false });
  if (result.exitCode === undefined && !result.signal) throw result; // did not start
  return { code: result.exitCode ?? 128, output: result.all ?? '' };
}

async function step(what, cmd, args, cwd) {
  const t0 = performance.now();
  const { code } = await run(cmd, args, cwd);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${cmd} ${args.join(' ')} in ${relative(root, cwd) || '.'}`);
  log(`${what}: ${seconds(t0)}`);
}

const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** Every file below `path` (or `path` itself), skipping node_modules and dot-folders. */
function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !(e.isDirectory() && (e.name === 'node_modules' || e.name.startsWith('.'))))
    .flatMap((e) => files(join(path, e.name)))
    .sort();
}

/** A hash of the names and contents of every file below `paths` (relative to `base`). */
function hashOf(base, paths) {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((p) => files(join(base, p)))) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const newest = (paths) => Math.max(0, ...paths.flatMap(files).map((f) => statSync(f).mtimeMs));

/** `npm run build` at the root when dist/ is missing or older than what it is built from. */
async function buildKit(force) {
  const outputs = ['dist/index.js', 'dist/index.d.ts', 'dist/define.js', 'dist/define.d.ts'].map((f) => join(root, f));
  const sources = ['src', 'package.json', 'tsconfig.json', 'rollup.config.mjs'].map((f) => join(root, f));
  const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  if (!force && built >= newest(sources)) return log('kit: dist/ is up to date');
  await step('kit: npm run build', 'npm', ['run', 'build', '--silent'], root);
}

/** npm ci when node_modules is missing or was installed from another lock file. */
async function install(app, force) {
  const stampFile = join(app.dir, 'node_modules/.examples-install-stamp');
  const hash = hashOf(app.dir, ['package.json', 'package-lock.json']);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  await step(`${app.name}: npm ci`, 'npm', ['ci', '--cache', cache, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app.dir);
  writeFileSync(stampFile, hash);
}

/**
 * The type test must fail on exactly the lines of `file` that end in `<!-- must fail: why -->` (vue-tsc and ngc report
 * `file(line,col): error` and `file:line:col - error`, svelte-check --output machine `ERROR "file" line:col`), and on no
 * other line.
 */
async function typeTest(app) {
  const t0 = performance.now();
  const { file, command } = app.typeTest;
  const { code, output } = await run(process.execPath, command, app.dir, { quiet: true });
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const name = basename(file).replace(/\./g, '\\.');
  const located = new RegExp(`${name}(?:\\((\\d+),\\d+\\)|:(\\d+):\\d+)\\s*-?:?\\s*error|ERROR "[^"]*${name}" (\\d+):\\d+`, 'g');
  const reported = new Set([...plain.matchAll(located)].map((m) => Number(m[1] ?? m[2] ?? m[3])));
  const lines = readFileSync(join(app.dir, file), 'utf8').split('\n');
  const expected = new Set(lines.flatMap((line, i) => (line.includes('<!-- must fail') ? [i + 1] : [])));
  const missed = [...expected].filter((l) => !reported.has(l));
  const unexpected = [...reported].filter((l) => !expected.has(l));
  if (code === 0 || missed.length || unexpected.length || !expected.size) {
    console.error(plain);
    throw new Error(
      `${app.name}: negative type test ${file}: exit ${code}; mistakes not reported on lines ${missed.join(', ') || 'none'}; ` +
        `errors on correct lines ${unexpected.join(', ') || 'none'}`,
    );
  }
  log(`${app.name}: type test rejects all ${expected.size} mistakes in ${file}, accepts the rest: ${seconds(t0)}`);
}

async function build(app, force) {
  const hash = createHash('sha256')
    .update(hashOf(app.dir, app.inputs))
    .update(hashOf(root, app.kitInputs))
    .update(readFileSync(new URL(import.meta.url)))
    .digest('hex');
  const stampFile = join(app.dir, app.stamp);
  const fresh = existsSync(join(app.dir, app.entry)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash;
  if (!force && fresh) return log(`${app.name}: ${app.entry} is up to date`);
  await step(`${app.name}: npm run build`, 'npm', ['run', 'build', '--silent'], app.dir);
  await typeTest(app);
  writeFileSync(stampFile, hash);
}

export async function buildExamples({ force = false } = {}) {
  const t0 = performance.now();
  await ensureNodeModules(root); // the kit's build tools; the apps also resolve its dependencies there
  await buildKit(force);
  // dist/vue.d.ts and dist/svelte.d.ts (stomp-elements/vue, stomp-elements/svelte), in case the kit's build did not write them.
  await step('kit: dist/vue.d.ts', process.execPath, [join(root, 'scripts/vue-types.mjs')], root);
  await step('kit: dist/svelte.d.ts', process.execPath, [join(root, 'scripts/svelte-types.mjs')], root);
  for (const app of APPS) {
    await install(app, force);
    await build(app, force);
  }
  log(`ready in ${seconds(t0)}`);
}

if (isMain(import.meta.url)) {
  buildExamples({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`[examples] ${err.message}`);
    process.exit(1);
  });
}
