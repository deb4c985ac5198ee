import { CUSTOM_ELEMENTS_SCHEMA, Component, computed, inject, signal } from '@angular/core';
import type { ConnectionState } from 'stomp-elements';
import { MessageFeed } from './message-feed';
import { STOMP_SETTINGS } from './settings';

@Component({
  selector: 'app-root',
  imports: [MessageFeed],
  // <stomp-*> are custom elements: Angular passes their attributes, properties and events through.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <!-- Credentials as an object property: as an attribute they would arrive as "[object Object]". -->
    <stomp-connection
      id="stomp-main"
      [attr.broker-url]="settings.brokerUrl"
      [attr.vhost]="settings.vhost"
      reconnect-delay="1000"
      [connectHeaders]="headers()"
      (stomp-state-change)="state.set($event.detail.state)"
    ></stomp-connection>
    <p>Connection: <output class="state">{{ state() }}</output></p>
    <fieldset>
      <legend>Queue</legend>
      @for (name of settings.queues; track name) {
        <label><input type="radio" name="queue" [value]="name" [checked]="name === queue()" (change)="queue.set(name)" /> {{ name }}</label>
      }
    </fieldset>
    <label><input class="listening" type="checkbox" [checked]="listening()" (change)="listening.set(!listening())" /> Listening</label>
    @if (listening()) {
      <app-message-feed connection="stomp-main" [destination]="destination()" />
    }
    <stomp-publish connection="stomp-main" [destination]="destination()" [body]="draft()">
      <input class="draft" aria-label="Message" [value]="draft()" (input)="draft.set(inputValue($event))" />
      <button class="send" type="button">Send</button>
    </stomp-publish>
  `,
})
export class App {
  protected readonly settings = inject(STOMP_SETTINGS);
  protected readonly state = signal<ConnectionState>('disconnected');
  protected readonly queue = signal(this.settings.queues[0]);
  protected readonly listening = signal(true);
  protected readonly draft = signal('Hello from Angular');
  protected readonly destination = computed(() => `/queue/${this.queue()}`);
  protected readonly headers = computed(() => ({ login: this.settings.login, passcode: this.settings.passcode }));

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
