import { InjectionToken } from '@angular/core';

/** Where and how the app connects, given by the page that mounts it. */
export interface StompSettings {
  brokerUrl: string;
  vhost: string;
  login: string;
  passcode: string;
  /** Queue names the user can switch between; the first is selected. */
  queues: string[];
}

export const STOMP_SETTINGS = new InjectionToken<StompSettings>('STOMP_SETTINGS');
