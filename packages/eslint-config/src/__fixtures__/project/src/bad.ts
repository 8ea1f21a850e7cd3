// Each statement breaks exactly one rule; the test lists them.
export type Point = { x: number; y: number };

export async function load(): Promise<string> {
  return "data";
}

export function start(): void {
  load();
}

export function label(value: any): string {
  return `value: ${value}`;
}

export function check(flag: boolean): string {
  if (flag == true) {
    return "yes";
  }
  let answer = "no";
  return answer;
}

export function first(items: string[]): string {
  return items[0]!;
}

export function always(text: string): string {
  return text ?? "empty";
}
