/** Anything the rewrites below would touch; a string without any of it is returned as it is. */
const SENSITIVE = /session=|access_?token|ticket=|app_?secret|client_?secret|x-acs-dingtalk-access-token|:\/\/[^\s/@:]*:\S*@/i;

/**
 * Scrubs what must never reach a log line: registered secrets (AppSecrets, proxy passwords, `agent.env` values),
 * access tokens, passwords in URLs, session webhook keys and Stream tickets, wherever they appear in an event's strings.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret value to hide; short values are ignored, they would blank ordinary words. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 6) this.#secrets.add(value);
  }

  redactText(text: string): string {
    let out = text;
    // One test first: nearly every string in an event holds none of these, and skips the rewrites.
    if (SENSITIVE.test(out)) {
      out = out
        .replace(/([?&](?:session|access_token|accessToken|ticket|appsecret|appSecret)=)[^&\s"']+/g, '$1***')
        .replace(/(x-acs-dingtalk-access-token["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***')
        .replace(/("(?:clientSecret|appSecret|accessToken|access_token)"\s*:\s*")[^"]*"/g, '$1***"')
        // A password in a URL (up to the host, after the last `@`): a proxy's from the environment is no registered
        // secret, and must not show either.
        .replace(/(:\/\/[^\s/@:]*:)\S*@/g, '$1***@');
    }
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  }

  /** `value` with every string inside it redacted: a copy wherever something changed, else `value` itself. */
  redact<T>(value: T): T {
    if (typeof value === 'string') return this.redactText(value) as T;
    if (Array.isArray(value)) {
      const out = value.map((item: unknown) => this.redact(item));
      return (out.some((item, i) => item !== value[i]) ? out : value) as T;
    }
    if (value && typeof value === 'object') {
      let out: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(value)) {
        const redacted = this.redact(item);
        if (redacted !== item) {
          out ??= { ...(value as Record<string, unknown>) };
          out[key] = redacted;
        }
      }
      return (out ?? value) as T;
    }
    return value;
  }
}
