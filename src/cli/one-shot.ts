import { setFlagsFromString } from "v8";

/**
 * For the command line as a program of its own (bin/avstem.js), once the ledger is read: no more
 * code is handed to V8's optimising compiler (TurboFan) for the rest of the process.
 *
 * What is left of a run then (the tables, checks, sheet models and the writer, 150–180 ms at a
 * million lines) is code that runs once, over a few thousand rows. V8 still compiles its hottest
 * loops, on worker threads beside the main thread, and the run mostly ends before that code is
 * used: on a machine of two cores those compiles take the main thread's time (the work after
 * the pass 16–30 ms slower, 15 alternating runs at 1M). V8's interpreter and baseline code give
 * the same results as optimised code (only speed differs), so no figure can change.
 *
 * V8's flags are meant to be set before it starts; this one is read each time V8 decides whether
 * to optimise a function (its old value is a constant, never freed), and only the program's own
 * process is changed: never a test's process, where main() is called in-process, nor the add-in.
 */
export function optimiseNoMore(): void {
  try {
    setFlagsFromString("--turbo-filter=-*");
  } catch {
    // Only a matter of speed: a Node that refuses the flag runs on as before.
  }
}
