import { describe, expect, it } from "vitest";
import { afterCallbacks, drainLogBridge, enableLogBridge, logBridgeMode } from "./bridge.js";

describe("the log bridge's timing", () => {
  it("makes records at once until the SDK defers them, and never throws into the caller", () => {
    expect(logBridgeMode()).toBe("off");
    enableLogBridge();
    const made: number[] = [];
    afterCallbacks(() => made.push(1));
    expect(made).toEqual([1]);
    expect(() => {
      afterCallbacks(() => {
        throw new Error("cannot make this record");
      });
    }).not.toThrow();
  });

  it("deferred, makes them after the current callbacks, each once, or when drained", async () => {
    enableLogBridge({ deferred: true });
    const made: number[] = [];
    afterCallbacks(() => made.push(1));
    afterCallbacks(() => made.push(2));
    expect(made).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(made).toEqual([1, 2]);
    afterCallbacks(() => made.push(3));
    drainLogBridge();
    expect(made).toEqual([1, 2, 3]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(made).toEqual([1, 2, 3]);
  });

  it("drops a record that throws, and makes the others", async () => {
    enableLogBridge({ deferred: true });
    const made: number[] = [];
    afterCallbacks(() => {
      throw new Error("cannot make this record");
    });
    afterCallbacks(() => made.push(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(made).toEqual([2]);
  });
});
