// Server commands for test/frameworks/react-ssr.test.ts: the React example rendered on the
// server (demo/react/dist/server/server.js, built by scripts/examples.mjs) with the test's
// settings, in a Node process of its own as a production server would (NODE_ENV=production;
// React's development build would also patch the console of web-test-runner's process).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const server = new URL('../../demo/react/dist/server/server.js', import.meta.url).href;
const script = `const { render } = await import(${JSON.stringify(server)}); process.stdout.write(render(JSON.parse(process.argv[1])));`;

export function ssrCommands() {
  return {
    name: 'ssr-commands',
    async executeCommand({ command, payload }) {
      if (command !== 'react-ssr-render') return undefined;
      const env = { ...process.env, NODE_ENV: 'production' };
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(payload)], { env });
      return stdout;
    },
  };
}
