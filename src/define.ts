// The only module with a side effect: registers the three tags.
import { StompConnection } from './stomp-connection.js';
import { StompSubscribe } from './stomp-subscribe.js';
import { StompPublish } from './stomp-publish.js';

StompConnection.define();
StompSubscribe.define();
StompPublish.define();

export { StompConnection, StompSubscribe, StompPublish };
