'use client';

import { useSyncExternalStore } from 'react';
import type { Alert } from '@/lib/alerts/alert-model';
import { isNewCritical } from './alert-count';
import { evidenceSummary } from './alert-evidence';
import { kindLabel, subjectLabel } from './alert-labels';

/**
 * "Notify me of new critical alerts": a choice kept in this browser (localStorage), shown as a
 * desktop notification (the Notification API) for each critical alert that opens while a
 * signed-in page is open (the bell listens on every page).
 */
const KEY = 'ts-alert-notify';
const EVENT = 'ts-alert-notify-change';

export type NotifyState = 'on' | 'off' | 'blocked' | 'unsupported';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

function currentState(): NotifyState {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return localStorage.getItem(KEY) === '1' && Notification.permission === 'granted' ? 'on' : 'off';
}
function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The switch's state, and turning it on (asks the browser's permission first) or off. */
export function useCriticalNotify(): { state: NotifyState; set: (on: boolean) => Promise<void> } {
  const state = useSyncExternalStore(subscribe, currentState, () => 'off' as NotifyState);
  const set = async (on: boolean) => {
    if (!supported()) return;
    if (on && Notification.permission !== 'granted') await Notification.requestPermission();
    localStorage.setItem(KEY, on && Notification.permission === 'granted' ? '1' : '0');
    window.dispatchEvent(new Event(EVENT));
  };
  return { state, set };
}

/** At most one notification this often: a storm of critical alerts is summed up in one. */
const NOTIFY_EVERY_MS = 5_000;
let waiting: Alert[] = [];
let lastShown = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function show(alerts: Alert[]): void {
  lastShown = Date.now();
  const one = alerts.length === 1 ? alerts[0]! : null;
  try {
    const n = one
      ? new Notification(`Critical alert: ${kindLabel(one.kind)}`, { body: `${subjectLabel(one.subject)} · ${evidenceSummary(one)}`, tag: one.id })
      : new Notification(`${alerts.length} new critical alerts`, { body: [...new Set(alerts.map((a) => kindLabel(a.kind)))].join(', '), tag: 'tillstream-critical' });
    n.onclick = () => {
      window.focus();
      window.location.assign('/alerts?severity=critical');
    };
  } catch {
    /* e.g. a browser that only notifies from a service worker: nothing to show */
  }
}

/** A live change: a desktop notification if it is a new critical alert and the user asked for them (several close together: one notification). */
export function notifyIfNewCritical(a: Alert): void {
  if (!isNewCritical(a) || currentState() !== 'on') return;
  waiting.push(a);
  if (timer !== undefined) return;
  timer = setTimeout(
    () => {
      timer = undefined;
      const batch = waiting;
      waiting = [];
      if (batch.length) show(batch);
    },
    Math.max(0, lastShown + NOTIFY_EVERY_MS - Date.now()),
  );
}
