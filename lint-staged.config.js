// The repository's own pre-commit station, from its own preset; each run is recorded into
// .paved/line-history.jsonl (ignored by git), so paved budget measures the cheapest station too.
import { lintStaged } from "@paved/lint-staged-config";

export default lintStaged({ record: true });
