import { isIP } from 'node:net';

/**
 * The web app's Content-Security-Policy: scripts, styles, fonts and connections from this origin only; no inline
 * scripts, no eval, no plugins, no framing. Images may also be data: or blob: URLs (exported charts, map tiles
 * drawn in the page).
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** API answers are data: nothing in them may run or load anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** An address only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** The host name of a Host (or Origin authority) header: `[::1]:8642` → `[::1]`, `localhost:80` → `localhost`. */
export function hostName(authority: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d*)?$/.exec(authority.trim());
  return (m ? m[1]! : authority).toLowerCase();
}

/**
 * A server bound to the loopback interface answers only requests addressed to a loopback name: a web page on
 * another site cannot reach it through DNS rebinding (its requests carry that site's host name).
 */
export function hostAllowed(hostHeader: string | undefined, loopbackOnly: boolean): boolean {
  if (!loopbackOnly) return true;
  if (!hostHeader) return false;
  return isLoopback(hostName(hostHeader));
}
