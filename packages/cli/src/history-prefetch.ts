import type { PrefetchedHistory } from "@paved/delivery";
import { recentHistoryCommands } from "@paved/delivery/recent";
import { backgroundGits, type BackgroundRun } from "@paved/facts/listing";

/** What `paved audit` gives the four keys: the history's git output, run at `now`. */
export type Prehistory = PrefetchedHistory & { now: number };

/** The two git commands of an audit's four keys at `now`, to start beside the listing. */
export function historyCommands(now = Math.floor(Date.now() / 1000)): {
  now: number;
  since: number;
  commands: [string[], string[]];
} {
  const { since, refs, log } = recentHistoryCommands(now);
  return { now, since, commands: [refs, log] };
}

const output = (ran: BackgroundRun | undefined): Buffer | undefined =>
  ran !== undefined && "output" in ran ? ran.output : undefined;

/**
 * The history from the runs of `historyCommands`' two commands (they took some 30 ms of an
 * audit's main thread when run in turn): undefined where either did not succeed, and the audit
 * then runs them itself, saying why where git cannot.
 */
export async function prehistoryOf(
  started: { now: number; since: number },
  runs: readonly Promise<BackgroundRun | undefined>[],
): Promise<Prehistory | undefined> {
  const [refs, log] = (await Promise.all(runs)).map(output);
  return refs === undefined || log === undefined
    ? undefined
    : { now: started.now, since: started.since, refs, log };
}

/** The four keys' history, started in the background on its own. */
export function startHistory(
  root: string,
  now = Math.floor(Date.now() / 1000),
): Promise<Prehistory | undefined> {
  const history = historyCommands(now);
  return prehistoryOf(history, backgroundGits(root, history.commands));
}
