// Must FAIL the Angular compiler, `ngc -p type-tests` (scripts/examples.mjs runs it): each template
// line that ends in a must-fail comment has to be reported, and no other line. The other lines are
// correct code: with the kit's types in the compilation, `$event` of a kit event is typed.
import { CUSTOM_ELEMENTS_SCHEMA, Component } from '@angular/core';
import type { StompMessageDetail } from 'stomp-elements';

@Component({
  selector: 'app-invalid',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <stomp-subscribe destination="/queue/a" (stomp-message)="onMessage($event)" (stomp-error)="last = $event.detail.message"></stomp-subscribe>
    <stomp-connection (stomp-state-change)="last = $event.detail.state" (stomp-connect)="last = $event.detail.headers['server']"></stomp-connection>
    <stomp-subscribe (stomp-message)="count = $event.detail.body"></stomp-subscribe> <!-- must fail: detail.body is a string -->
    <stomp-subscribe (stomp-message)="last = $event.detail.nope"></stomp-subscribe> <!-- must fail: detail is typed, not any -->
    <stomp-subscribe (stomp-message)="onCount($event)"></stomp-subscribe> <!-- must fail: not a CustomEvent<number> -->
    <stomp-publish (stomp-receipt)="last = $event.detail.body"></stomp-publish> <!-- must fail: a receipt has no body -->
  `,
})
export class Invalid {
  last = '';
  count = 0;
  onMessage(event: CustomEvent<StompMessageDetail>): void {
    this.last = event.detail.body;
  }
  onCount(event: CustomEvent<number>): void {
    this.count = event.detail;
  }
}
