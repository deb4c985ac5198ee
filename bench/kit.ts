// The kit's classes, for the benchmark page: bundled with the page from src/, and bundled alone from
// a patched copy of the sources (`npm run bench -- --compare DIR`) to measure a change beside it.
export { StompConnection } from '../src/stomp-connection.js';
export { StompSubscribe } from '../src/stomp-subscribe.js';
export { StompPublish } from '../src/stomp-publish.js';
