/**
 * What the preset may print. Its messages carry text it does not control: endpoints from the
 * environment (which may hold credentials), a collector's reason phrase, the SDK's errors. Every
 * line goes through `printable` on its way to standard error.
 */

const redacted = "***";

/** Characters that end a URL in running text. */
const urlEnd = /[\s"'<>()[\]{}`]/;

/**
 * The URLs in `text` with their secrets replaced: the userinfo (`user:password@`), every query
 * value and the fragment. A collector's query string is where vendors put API keys, and no
 * diagnosis needs it. Linear: one pass from each `://` to the end of its URL.
 */
export function redactUrls(text: string): string {
  let out = "";
  let from = 0;
  for (let at = text.indexOf("://"); at !== -1; at = text.indexOf("://", from)) {
    const start = at + 3;
    let end = start;
    while (end < text.length && !urlEnd.test(text.charAt(end))) end++;
    out += text.slice(from, start) + redactUrlRest(text.slice(start, end));
    from = end;
  }
  return out + text.slice(from);
}

/** What follows `scheme://`: authority, path, query, fragment, with the secrets replaced. */
function redactUrlRest(rest: string): string {
  const authorityEnd = firstOf(rest, "/?#");
  const authority = rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf("@");
  const host = at === -1 ? authority : `${redacted}@${authority.slice(at + 1)}`;
  const afterAuthority = rest.slice(authorityEnd);
  const hash = afterAuthority.indexOf("#");
  const beforeHash = hash === -1 ? afterAuthority : afterAuthority.slice(0, hash);
  const fragment = hash === -1 ? "" : `#${redacted}`;
  const question = beforeHash.indexOf("?");
  if (question === -1) return host + beforeHash + fragment;
  const query = beforeHash
    .slice(question + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      return equals === -1 ? redacted : `${pair.slice(0, equals)}=${redacted}`;
    })
    .join("&");
  return `${host}${beforeHash.slice(0, question)}?${query}${fragment}`;
}

function firstOf(text: string, characters: string): number {
  for (let index = 0; index < text.length; index++)
    if (characters.includes(text.charAt(index))) return index;
  return text.length;
}

/**
 * An endpoint value that did not parse as a URL, redacted more bluntly: everything up to its
 * last `@` may be a credential, spaces and all, and so may anything after a `?`.
 */
export function redactEndpoint(value: string): string {
  const scheme = value.indexOf("://");
  const start = scheme === -1 ? 0 : scheme + 3;
  const at = value.lastIndexOf("@");
  const rest = at >= start ? `${redacted}${value.slice(at)}` : value.slice(start);
  return value.slice(0, start) + redactUrlRest(rest);
}

/**
 * Control characters (C0, DEL, C1) and the invisible ones that reorder or hide text (bidi
 * controls, zero-width characters, line separators), which a terminal would act on.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Each control character as a visible `\uXXXX` escape. */
export function escapeControls(text: string): string {
  return text.replace(
    controls,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A line as the preset prints it: secrets redacted, control characters escaped. */
export function printable(line: string): string {
  return escapeControls(redactUrls(line));
}
