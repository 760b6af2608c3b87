import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";

/**
 * Security headers on every answer (hono/secure-headers). The pages are server-rendered HTML with
 * one inline <style> and no script, so scripts come only from this origin or carry the request's
 * nonce (`c.get("secureHeadersNonce")`): markup injected from a crawled document (`<script>`,
 * `onerror=`) does not run. Inline styles stay allowed (the page's and the HTML export's own CSS).
 * Nothing may frame the pages (clickjacking of the review forms), forms post only here, and other
 * sites get no Referer (document URLs carry tokens sometimes; our own CSRF check still sees it).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    // Feed readers and scripts on other sites read the API and the Atom feed.
    crossOriginResourcePolicy: "cross-origin",
  });
}
