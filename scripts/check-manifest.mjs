// Fails when custom-elements.json differs from what `cem analyze` makes of src/ today.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// cem resolves --outdir against the working directory.
const out = 'node_modules/.cache/cem-check';
try {
  execFileSync(join(root, 'node_modules/.bin/cem'), ['analyze', '--outdir', out], { cwd: root, stdio: 'pipe' });
  const fresh = JSON.parse(readFileSync(join(root, out, 'custom-elements.json'), 'utf8'));
  const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  if (JSON.stringify(fresh) !== JSON.stringify(committed)) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is current.');
} finally {
  rmSync(join(root, out), { recursive: true, force: true });
}
