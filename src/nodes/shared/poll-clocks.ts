/**
 * Poll clocks: the timers that drive the shared pollers, shared by every
 * poller of the process with the same interval and the same phase slot.
 *
 * perf: a deploy starts every poller within a few milliseconds. With one timer
 * per poller they all keep that phase, and a fleet ticks in one burst
 * (500 routers × 2 polls = 1000 requests at once every 5 s): each answer waits
 * for all the others to be decrypted, parsed and delivered, so the p99 poll
 * latency grew with the fleet (0.07 to 0.5 s at 500 routers in `npm run bench`)
 * and Node-RED's event loop was blocked that long at every tick. Spreading
 * every poller to a phase of its own fixes that but costs CPU: a poll that
 * wakes an idle process alone costs 2–3 times one that runs in a batch (wake-
 * up, cold caches). So the interval is cut into slots `SLOT_MS` apart; each
 * poller joins a slot (a golden-ratio sequence fills them evenly and puts two
 * pollers started one after the other, e.g. a device's status and wan-events
 * nodes, far apart), and the pollers of one slot share one timer, so they run
 * in one batch. Bursts stay small (pollers × SLOT_MS / interval), polls still
 * batch when there are many, and one router rarely sees two polls at once.
 */

/** Width of a phase slot, ms. */
export const SLOT_MS = 250;

const GOLDEN_FRACTION = 0.6180339887498949;

interface Clock {
  timer: NodeJS.Timeout;
  readonly members: Set<{ tick: () => void }>;
}

const clocks = new Map<string, Clock>();
/** Per interval: the time its slots are counted from, and how many clocks use it. */
const epochs = new Map<number, { at: number; clocks: number }>();
let joined = 0;

/** Number of phase slots of an interval (1 for intervals under two slots). */
export function slotsOf(intervalMs: number): number {
  return Math.max(1, Math.floor(intervalMs / SLOT_MS));
}

/**
 * Calls `tick` every `intervalMs` from a shared clock at the phase of the next
 * slot of the sequence (the first call comes within one interval); returns the
 * function that leaves the clock. A clock without members stops its timer.
 */
export function joinClock(intervalMs: number, tick: () => void): () => void {
  const slots = slotsOf(intervalMs);
  const slot = Math.floor(((0.5 + joined++ * GOLDEN_FRACTION) % 1) * slots);
  const key = `${intervalMs}/${slot}`;
  let clock = clocks.get(key);
  if (!clock) {
    const now = performance.now();
    let epoch = epochs.get(intervalMs);
    if (!epoch) epochs.set(intervalMs, (epoch = { at: now, clocks: 0 }));
    epoch.clocks++;
    const phase = (slot * intervalMs) / slots;
    const delay = (((epoch.at + phase - now) % intervalMs) + intervalMs) % intervalMs;
    const members = new Set<{ tick: () => void }>();
    const fire = (): void => {
      for (const member of [...members]) member.tick();
    };
    const created: Clock = {
      members,
      timer: setTimeout(() => {
        created.timer = setInterval(fire, intervalMs);
        fire();
      }, Math.round(delay)),
    };
    clock = created;
    clocks.set(key, clock);
  }
  const owner = clock;
  const member = { tick };
  owner.members.add(member);
  return () => {
    owner.members.delete(member);
    if (owner.members.size > 0 || clocks.get(key) !== owner) return;
    clearTimeout(owner.timer); // a Timeout from setTimeout or setInterval alike
    clocks.delete(key);
    const epoch = epochs.get(intervalMs);
    if (epoch && --epoch.clocks === 0) epochs.delete(intervalMs);
  };
}

/** Clocks running now (for tests: none may outlive their pollers). */
export function runningClocks(): number {
  return clocks.size;
}
