import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeControls, printable, redactEndpoint, redactUrls } from "./printable.js";

describe("redactUrls", () => {
  it.each([
    ["http://user:s3cret@collector:4318/v1/traces", "http://***@collector:4318/v1/traces"],
    ["https://s3cret@collector/v1/logs", "https://***@collector/v1/logs"],
    ["http://a:b@c@collector/x", "http://***@collector/x"],
    [
      "http://collector/v1/traces?api_key=s3cret&tenant=acme#s3cret",
      "http://collector/v1/traces?api_key=***&tenant=***#***",
    ],
    ["http://collector?s3cret", "http://collector?***"],
    [
      "cannot export traces to http://u:s3cret@127.0.0.1:9/v1/traces (connect ECONNREFUSED)",
      "cannot export traces to http://***@127.0.0.1:9/v1/traces (connect ECONNREFUSED)",
    ],
    [
      'two: "http://u:p@a/x" and http://b/y?t=s3cret, then user@example.com',
      'two: "http://***@a/x" and http://b/y?t=*** then user@example.com',
    ],
  ])("redacts %s", (text, expected) => {
    expect(redactUrls(text)).toBe(expected);
  });

  it("leaves text without secrets as it is", () => {
    for (const text of ["http://127.0.0.1:4318/v1/metrics", "connect ECONNREFUSED ::1:4318", "://"])
      expect(redactUrls(text)).toBe(text);
  });

  it("never lets a password through, whatever surrounds the URL", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before} http://deploy:Pa55word@collector/v1?token=T0ken ${after}`;
        const out = redactUrls(text);
        expect(out.split("Pa55word").length).toBeLessThanOrEqual(text.split("Pa55word").length - 1);
        expect(out.split("T0ken").length).toBeLessThanOrEqual(text.split("T0ken").length - 1);
      }),
    );
  });
});

describe("redactEndpoint", () => {
  it("cuts everything up to the last @ and every query value, spaces and all", () => {
    expect(redactEndpoint("http://us er:s3cret@collector example/?k=s3cret x")).toBe(
      "http://***@collector example/?k=***",
    );
    expect(redactEndpoint("user:s3cret@collector")).toBe("***@collector");
    expect(redactEndpoint("localhost:4318")).toBe("localhost:4318");
  });
});

describe("escapeControls", () => {
  it("shows escape sequences, bells, C1 controls and bidi overrides as escapes", () => {
    expect(escapeControls("\u001b[31mred\u001b[0m\u0007 \u009b2J \u202eevil")).toBe(
      "\\u001b[31mred\\u001b[0m\\u0007 \\u009b2J \\u202eevil",
    );
  });

  it("leaves no control character in any line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        // eslint-disable-next-line no-control-regex -- what must not remain
        expect(printable(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
      }),
    );
  });
});
