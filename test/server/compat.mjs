// `compat-record`: the compatibility suite (test/compat/) stores each test's outcome on the broker
// it ran against, for the README's "feature × broker" table (scripts/compat-table.mjs).
import { recordCompat } from '../../scripts/compat-table.mjs';

export function compatCommands() {
  return {
    name: 'compat-commands',
    executeCommand({ command, payload }) {
      if (command === 'compat-record') return recordCompat(payload);
      return undefined;
    },
  };
}
