import type { PrefetchedHistory } from "@paved/delivery";
import { recentHistoryCommands } from "@paved/delivery/recent";
import { backgroundGit, type BackgroundRun } from "@paved/facts/listing";

/** What `paved audit` gives the four keys: the history's git output, run at `now`. */
export type Prehistory = PrefetchedHistory & { now: number };

const output = (ran: BackgroundRun | undefined): Buffer | undefined =>
  ran !== undefined && "output" in ran ? ran.output : undefined;

/**
 * The two git commands of an audit's four keys, started in the background beside the listing
 * (they took some 30 ms of an audit's main thread when run in turn): undefined where either
 * did not succeed, and the audit then runs them itself, saying why where git cannot.
 */
export async function startHistory(
  root: string,
  now = Math.floor(Date.now() / 1000),
): Promise<Prehistory | undefined> {
  const commands = recentHistoryCommands(now);
  const [refs, log] = (
    await Promise.all([backgroundGit(root, commands.refs), backgroundGit(root, commands.log)])
  ).map(output);
  return refs === undefined || log === undefined
    ? undefined
    : { now, since: commands.since, refs, log };
}
