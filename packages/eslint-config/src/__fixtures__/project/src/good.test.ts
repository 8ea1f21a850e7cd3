// Test files may assert non-null on known fixtures and stub with empty functions.
import { first } from "./good.js";

const items = ["a"];
export const head: string = first(items)!;
export const noop = (): void => {};
