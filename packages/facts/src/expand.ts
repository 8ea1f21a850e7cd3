/**
 * `command` once for each combination of the values its placeholders take: `pattern` (global,
 * the name in its first group) finds them, `valuesOf` gives a name's values (none: the
 * placeholder stays as written). A matrix of matrices is a few dozen commands at most; past
 * `max` it is an attack, and the rest are dropped.
 */
export function expandPlaceholders(
  command: string,
  pattern: RegExp,
  valuesOf: (name: string) => readonly string[],
  max: number,
): string[] {
  let commands = [command];
  for (const name of new Set([...command.matchAll(pattern)].map((match) => match[1] ?? ""))) {
    const values = valuesOf(name);
    if (values.length === 0) continue;
    commands = commands.flatMap((text) =>
      values.map((value) =>
        text.replace(pattern, (use, found: string) => (found === name ? value : use)),
      ),
    );
    if (commands.length > max) return commands.slice(0, max);
  }
  return commands;
}
