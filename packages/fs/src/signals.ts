/** Signals that end a process by default, and so could cut a write in half. */
const held: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];

/**
 * Holds the terminating signals while a synchronous writer runs: with a listener installed, Node
 * queues a signal for the event loop instead of ending the process mid-write. The returned
 * function stops holding on the next turn of the loop (where a held signal is delivered) and
 * then re-sends the first signal that came, so it takes effect once the work is done or undone.
 */
export function holdSignals(): () => void {
  const seen: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => {
    seen.push(signal);
  };
  for (const signal of held) process.on(signal, hold);
  return () => {
    setImmediate(() => {
      for (const signal of held) process.off(signal, hold);
      const first = seen[0];
      if (first !== undefined) process.kill(process.pid, first);
    });
  };
}
