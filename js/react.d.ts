/** consentry/react: consent as React state; no provider needed. */
import type { ReactNode } from 'react';
import type { ConsentRecord } from './consentry.js';

export interface ConsentOptions {
  /** The record the server rendered with, for this hook (instead of setServerRecord). */
  record?: ConsentRecord | null;
}

/**
 * Whether `category` (and `service` of it) is granted; re-renders when it
 * changes. On the server and during hydration: what the server record grants.
 */
export function useConsent(category: string, service?: string, options?: ConsentOptions): boolean;

/** The embed a held placeholder stands for. */
export interface PlaceholderOptions {
  /** The embed's URL: the placeholder names its host. */
  src?: string;
  width?: number | string;
  height?: number | string;
  className?: string;
}

export interface ConsentGateProps {
  category: string;
  service?: string;
  /** Rendered while not granted (default: nothing). */
  fallback?: ReactNode;
  /** Show the page's placeholder for held embeds ("Load this once", "Always allow") instead of `fallback`. */
  placeholder?: boolean | PlaceholderOptions;
  /** The record the server rendered with. */
  record?: ConsentRecord | null;
  children?: ReactNode;
}

/** Renders `children` only while granted. */
export function ConsentGate(props: ConsentGateProps): ReactNode;

/**
 * The record the server rendered with (readConsent's answer), used until the
 * page's Consentry has started. One value for every render: on a server that
 * renders requests concurrently pass `record` to the hooks and gates instead.
 */
export function setServerRecord(record: ConsentRecord | null | undefined): void;
