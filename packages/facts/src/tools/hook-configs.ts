import { hookManagers } from "@paved/stations";

/** lefthook's config file names (from the hook managers' table of @paved/stations). */
export const lefthookConfigs: readonly string[] =
  hookManagers.find((manager) => manager.id === "lefthook")?.preCommitFiles ?? [];
