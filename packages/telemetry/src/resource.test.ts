import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findManifest, parseResourceAttributes, serviceResource } from "./resource.js";

describe("the resource", () => {
  it("reads OTEL_RESOURCE_ATTRIBUTES as the specification does, percent-decoding values", () => {
    expect(parseResourceAttributes("deployment.environment.name=prod, team=a%2Cb")).toEqual({
      attributes: { "deployment.environment.name": "prod", team: "a,b" },
    });
    const broken = parseResourceAttributes("ok=1,nonsense,also=2");
    expect(broken.attributes).toEqual({});
    expect(broken.warning).toMatch(/^OTEL_RESOURCE_ATTRIBUTES is not a list of key=value pairs/);
    expect(parseResourceAttributes("bad=%E0%A4%A").warning).toBeDefined();
  });

  it("takes the service's name and version from its package.json, and lets the environment win", () => {
    const warnings: string[] = [];
    const manifest = { name: "orders", version: "2.0.1" };
    const plain = serviceResource({}, manifest, warnings).attributes;
    expect(plain["service.name"]).toBe("orders");
    expect(plain["service.version"]).toBe("2.0.1");
    expect(plain["telemetry.sdk.name"]).toBe("opentelemetry");
    const fromEnv = serviceResource(
      {
        OTEL_RESOURCE_ATTRIBUTES: "service.name=from-attributes,service.version=9,region=eu",
        OTEL_SERVICE_NAME: "from-service-name",
      },
      manifest,
      warnings,
    ).attributes;
    expect(fromEnv["service.name"]).toBe("from-service-name");
    expect(fromEnv["service.version"]).toBe("9");
    expect(fromEnv["region"]).toBe("eu");
    expect(warnings).toEqual([]);
  });

  it("finds the nearest package.json above the entry script", () => {
    const root = mkdtempSync(join(tmpdir(), "paved-manifest-"));
    try {
      writeFileSync(join(root, "package.json"), JSON.stringify({ name: "svc", version: "1.0.0" }));
      mkdirSync(join(root, "dist", "deep"), { recursive: true });
      expect(findManifest(join(root, "dist", "deep"))).toEqual({ name: "svc", version: "1.0.0" });
      writeFileSync(join(root, "dist", "package.json"), "{ not json");
      expect(findManifest(join(root, "dist", "deep"))).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
