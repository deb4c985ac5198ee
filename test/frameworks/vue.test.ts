// demo/vue, built by Vite (scripts/examples.mjs), in Chromium against the test broker.
import { describeExample } from './app-suite.js';

describeExample('vue', '../../demo/vue/dist/assets/main.js');
