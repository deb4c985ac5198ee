import { CUSTOM_ELEMENTS_SCHEMA, Component, input, signal } from '@angular/core';
import type { StompErrorDetail, StompMessageDetail } from 'stomp-elements';

/**
 * A subscription in its own component: its <stomp-subscribe> is not inside the
 * <stomp-connection>, so it names that connection by id (`connection`).
 */
@Component({
  selector: 'app-message-feed',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <stomp-subscribe [connection]="connection()" [destination]="destination()" (stomp-message)="onMessage($event)" (stomp-error)="onError($event)">
      @if (error()) {
        <p class="error">{{ error() }}</p>
      }
      <ol class="messages">
        <!-- Message bodies are untrusted: interpolation renders them as text. -->
        @for (message of messages(); track message.id) {
          <li>{{ message.body }}</li>
        }
      </ol>
    </stomp-subscribe>
  `,
})
export class MessageFeed {
  /** Id of the <stomp-connection> to use. */
  readonly connection = input.required<string>();
  readonly destination = input.required<string>();

  protected readonly messages = signal<{ id: string; body: string }[]>([]);
  protected readonly error = signal('');

  // $event is typed: the kit declares its tags (HTMLElementTagNameMap) and events
  // (GlobalEventHandlersEventMap), and strictTemplates checks the handler against them.
  protected onMessage(event: CustomEvent<StompMessageDetail>): void {
    const { body, headers } = event.detail;
    this.messages.update((list) => [...list, { id: headers['message-id'] ?? String(list.length), body }]);
  }

  protected onError(event: CustomEvent<StompErrorDetail>): void {
    this.error.set(event.detail.message);
  }
}
