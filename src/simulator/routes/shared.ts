import type { Request } from 'express';
import type { RequestViewer } from '../session';

/** A login challenge waiting for its PIN or for the admin API to resolve it. */
export interface Challenge {
  token: string;
  accountId: string;
  resolved: boolean;
  redirect: string;
}

/** The logged-in viewer that `requireMember` / `requireApiMember` attached. */
export function current(request: Request): RequestViewer {
  if (!request.current) throw new Error('route used without requireMember');
  return request.current;
}

export function queryString(request: Request, name: string): string {
  const value = request.query[name];
  return typeof value === 'string' ? value : '';
}

export function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw).normalize('NFC').toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** Only same-site paths are followed after login. */
export function safeRedirect(target: string): string {
  if (!target) return '';
  try {
    const url = new URL(target, 'http://simulator.invalid');
    return `${url.pathname}${url.search}`;
  } catch {
    return '';
  }
}
