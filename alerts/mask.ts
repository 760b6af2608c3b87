/**
 * Subscribers' addresses and webhook URLs (which may carry tokens: Slack's
 * /services/T…/B…/<token>) are not for every reader. Pages show them masked, and a
 * subscription's default name is built from the masked target.
 */

/**
 * @example maskTarget("email", "amina@g77.org") // "a…@g77.org"
 * @example maskTarget("webhook", "https://hooks.slack.com/services/T1/B1/abc") // "https://hooks.slack.com/…"
 */
export function maskTarget(channel: string, target: string): string {
  if (channel === "email") return target.replace(/^(.)[^@]*@/, "$1…@");
  return URL.canParse(target) ? `${new URL(target).origin}/…` : "…";
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s()<>"']+/gi;
const EMAIL_IN_TEXT = /[^\s@<>()",;:]+@[^\s@<>()",;]+\.[^\s@<>()",;]+/g;

/**
 * A subscription name fit for a public page: its target, and any URL or e-mail address in it,
 * masked (names stored before default names were masked spell the whole target).
 * @example maskName("webhook https://hooks.example.org/t/SECRET", "webhook", "https://hooks.example.org/t/SECRET")
 *   // "webhook https://hooks.example.org/…"
 */
export function maskName(name: string, channel: string, target: string): string {
  const masked = target ? name.split(target).join(maskTarget(channel, target)) : name;
  return masked
    .replace(URL_IN_TEXT, (url) => maskTarget("webhook", url))
    .replace(EMAIL_IN_TEXT, (email) => maskTarget("email", email));
}
