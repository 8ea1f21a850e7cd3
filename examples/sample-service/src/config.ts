/** Typed configuration read from the environment, validated once at start. */
export interface Config {
  port: number;
  greeting: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const rawPort = env["PORT"] ?? "8080";
  const port = Number.parseInt(rawPort, 10);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigError(`PORT must be a TCP port between 1 and 65535, got "${rawPort}".`);
  }
  return { port, greeting: env["GREETING"] ?? "hello" };
}
