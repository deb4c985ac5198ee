/// <reference types="vite/client" />
/// <reference types="stomp-elements/vue" />
