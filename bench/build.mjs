// Builds what the benchmark loads: the page bundle (bench/page.ts with the kit's sources and
// @stomp/stompjs, Lit's production build, not minified so profiles name functions), the publisher
// worker, and, for the size goal, the drop-in bundle exactly as `npm run build` makes it, into
// bench/results/ (git-ignored) so a concurrent `npm test` never sees a half-written dist/.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Redirects the page's `../src/…` imports to another copy of the sources (a patched variant). */
function sourcesFrom(srcDir) {
  const ours = join(ROOT, 'src');
  return {
    name: 'bench-sources',
    setup(b) {
      b.onResolve({ filter: /\/src\// }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        if (!path.startsWith(`${ours}/`)) return undefined;
        return { path: join(srcDir, relative(ours, path)).replace(/\.js$/, '.ts') };
      });
    },
  };
}

/**
 * The page and the worker into `outDir`. `srcDir`: the kit's sources (default src/); `compareDir`:
 * a patched copy of them, bundled alone as kit-variant.js, which the page defines as v-stomp-*.
 * Returns each bundle's module ranges (for attributing profile samples): { file: [{ start, module }] }.
 */
export async function buildPage({ outDir, srcDir, compareDir }) {
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    absWorkingDir: ROOT,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['production'], // Lit's production build, as the drop-in bundle has it
    sourcemap: true,
    minify: false,
    tsconfig: join(ROOT, 'tsconfig.json'),
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'warning',
  };
  const from = (dir) => (dir && resolve(dir) !== join(ROOT, 'src') ? [sourcesFrom(resolve(dir))] : []);
  await build({ ...common, entryPoints: { page: 'bench/page.ts', publisher: 'bench/publisher.ts' }, plugins: from(srcDir) });
  if (compareDir) await build({ ...common, entryPoints: { 'kit-variant': 'bench/kit.ts' }, plugins: from(compareDir) });
  for (const html of ['page.html', 'away.html']) copyFileSync(join(ROOT, 'bench', html), join(outDir, html)); // away.html: the bfcache group's elsewhere
  const ranges = { 'page.js': moduleRanges(readFileSync(join(outDir, 'page.js'), 'utf8')) };
  if (compareDir) ranges['kit-variant.js'] = moduleRanges(readFileSync(join(outDir, 'kit-variant.js'), 'utf8'));
  return ranges;
}

/** esbuild starts each module of a non-minified bundle with a `// path` comment line. */
export function moduleRanges(code) {
  const ranges = [];
  code.split('\n').forEach((line, i) => {
    const m = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
    if (m) ranges.push({ start: i, module: m[1] });
  });
  return ranges;
}

/** Resolves with the exit code and stdout; exit code 1 with output is an answer (tsc's errors, size.mjs over budget). */
async function run(cmd, args) {
  const { exitCode, stdout, stderr, shortMessage } = await execa(cmd, args, { cwd: ROOT, reject: false });
  if (exitCode !== 0 && exitCode !== 1 && !stdout) throw new Error(`${cmd} ${args.join(' ')}: ${stderr || shortMessage}`);
  return { code: exitCode ?? 1, stdout };
}

/**
 * The drop-in bundle as `npm run build` makes it (tsc, then rollup.config.mjs), measured by
 * scripts/size.mjs itself: a copy of it runs beside the bundle in `dir`/scripts, so it reads
 * `dir`/dist/stomp-elements.min.js. Returns { gzip, minified, budget, within, table }.
 */
export async function buildDropIn({ dir, srcDir = join(ROOT, 'src') }) {
  rmSync(dir, { recursive: true, force: true });
  const tscOut = join(dir, 'tsc');
  const tsconfig = join(dir, 'tsconfig.json');
  mkdirSync(dir, { recursive: true });
  // The project's compiler options, pointed at `srcDir` and `dir`.
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: { ...base.compilerOptions, rootDir: srcDir, outDir: tscOut, declaration: false, declarationMap: false, typeRoots: [join(ROOT, 'node_modules/@types')] },
      include: [join(srcDir, '**/*.ts')],
    }),
  );
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig]);
  if (tsc.code) throw new Error(`tsc failed:\n${tsc.stdout}`);
  const { rollup } = await import('rollup');
  const { default: config } = await import(join(ROOT, 'rollup.config.mjs'));
  const bundle = await rollup({ ...config, input: join(tscOut, 'define.js'), onwarn: () => {} });
  await bundle.write({ ...config.output, dir: join(dir, 'dist') }); // the bundle and its chunks
  await bundle.close();
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'size.mjs'), join(dir, 'scripts', 'size.mjs'));
  const { code, stdout } = await run(process.execPath, [join(dir, 'scripts', 'size.mjs')]);
  const total = /\| total: [^|]+\| ([\d.]+) KB \| ([\d.]+) KB \|/.exec(stdout);
  const bytes = /budget: [^(]*\((\d+) bytes\)/.exec(stdout);
  return {
    minifiedKB: Number(total?.[1]),
    gzipKB: Number(total?.[2]),
    gzipBytes: Number(bytes?.[1]),
    budgetKB: Number(/budget: ([\d.]+) KB/.exec(stdout)?.[1]), // as scripts/size.mjs states it
    within: code === 0,
    table: stdout.trim(),
  };
}
