import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  defaultResource,
  detectResources,
  hostDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
} from "@opentelemetry/resources";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Environment } from "./config.js";

/** The service's own package.json: the nearest one above its entry script (or the directory). */
export function findManifest(start: string): { name?: string; version?: string } | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const manifest = JSON.parse(readFileSync(candidate, "utf8")) as Record<string, unknown>;
        return {
          ...(typeof manifest["name"] === "string" ? { name: manifest["name"] } : {}),
          ...(typeof manifest["version"] === "string" ? { version: manifest["version"] } : {}),
        };
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `OTEL_RESOURCE_ATTRIBUTES` as the specification reads it: `key=value` pairs separated by
 * commas, values percent-decoded. One malformed pair discards the whole variable.
 */
export function parseResourceAttributes(value: string | undefined): {
  attributes: Record<string, string>;
  warning?: string;
} {
  const attributes: Record<string, string> = {};
  if (value === undefined || value.trim() === "") return { attributes };
  for (const pair of value.split(",")) {
    if (pair.trim() === "") continue;
    const separator = pair.indexOf("=");
    const key = separator < 0 ? "" : pair.slice(0, separator).trim();
    let decoded: string | undefined;
    try {
      decoded = separator < 0 ? undefined : decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      decoded = undefined;
    }
    if (key === "" || decoded === undefined)
      return {
        attributes: {},
        warning: `OTEL_RESOURCE_ATTRIBUTES is not a list of key=value pairs (at ${JSON.stringify(pair.replace(/[^\x20-\x7e]/g, "?").slice(0, 40))}); it is ignored.`,
      };
    attributes[key] = decoded;
  }
  return { attributes };
}

/**
 * The resource every signal carries: the SDK's defaults and the host and process, then the
 * service's name and version from its package.json, then `OTEL_RESOURCE_ATTRIBUTES`, then
 * `OTEL_SERVICE_NAME`; each later source wins.
 */
export function serviceResource(
  env: Environment,
  manifest: { name?: string; version?: string } | undefined,
  warnings: string[],
): Resource {
  const fromManifest: Record<string, string> = {};
  if (manifest?.name !== undefined) fromManifest[ATTR_SERVICE_NAME] = manifest.name;
  if (manifest?.version !== undefined) fromManifest[ATTR_SERVICE_VERSION] = manifest.version;
  const parsed = parseResourceAttributes(env["OTEL_RESOURCE_ATTRIBUTES"]);
  if (parsed.warning !== undefined) warnings.push(parsed.warning);
  const serviceName = env["OTEL_SERVICE_NAME"]?.trim();
  return defaultResource()
    .merge(
      detectResources({ detectors: [hostDetector, processDetector, serviceInstanceIdDetector] }),
    )
    .merge(resourceFromAttributes(fromManifest))
    .merge(resourceFromAttributes(parsed.attributes))
    .merge(
      resourceFromAttributes(
        serviceName === undefined || serviceName === "" ? {} : { [ATTR_SERVICE_NAME]: serviceName },
      ),
    );
}
