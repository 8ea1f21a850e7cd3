// Loaded with --import by the fleet benchmark: prints the process's peak resident memory (KiB,
// worker threads included) when it exits.
process.on("exit", () => {
  process.stderr.write(`paved-bench-peak-rss ${String(process.resourceUsage().maxRSS)}\n`);
});
