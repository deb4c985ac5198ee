/// <reference types="vite/client" />
// Template types for <stomp-connection>, <stomp-subscribe> and <stomp-publish>.
import type {} from 'stomp-elements/svelte';
