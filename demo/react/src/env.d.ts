/// <reference types="vite/client" />
// JSX types for <stomp-connection>, <stomp-subscribe> and <stomp-publish>.
import type {} from 'stomp-elements/react';
