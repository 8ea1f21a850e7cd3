import { readFile } from "node:fs/promises";

export interface Point {
  x: number;
  y: number;
}

export async function load(path: string): Promise<string> {
  return readFile(path, "utf8");
}

export async function start(path: string): Promise<number> {
  const text = await load(path);
  return text.length;
}

export function describePoint(point: Point): string {
  return `(${point.x}, ${point.y})`;
}

export function first(items: readonly string[]): string | undefined {
  return items[0];
}
