/**
 * Records every pollUntil call of the built provider in this process (the
 * exports object of dist/provider/wait.js, as poll-schedules.ts swaps it):
 * what it waited for, how long, and how many polls it made, so that the wait
 * benchmark can compare each ticket's wait with the ticket's own duration.
 */
import type { PollOptions } from "../../provider/wait";
import { providerWait } from "./dist-modules";

export interface RecordedWait {
  what: string;
  wallMs: number;
  polls: number;
}

const recorded: RecordedWait[] = [];
let installed = false;

export function recordPolls(): { since: () => RecordedWait[] } {
  if (!installed) {
    const wait = providerWait();
    const original = wait.pollUntil;
    wait.pollUntil = async <T>(options: PollOptions<T>): Promise<T> => {
      let polls = 0;
      const started = performance.now();
      const value = await original({
        ...options,
        fetch: () => {
          polls += 1;
          return options.fetch();
        },
      });
      recorded.push({ what: options.what, wallMs: performance.now() - started, polls });
      return value;
    };
    installed = true;
  }
  const mark = recorded.length;
  return { since: () => recorded.slice(mark) };
}
