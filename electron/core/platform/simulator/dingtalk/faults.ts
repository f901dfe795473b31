export interface FaultSpec {
  method?: string;
  /** Exact path, or a prefix ending with '*'. Matched against the path without its query. */
  path: string;
  status?: number;
  /** An object is sent as JSON, a string as text. */
  body?: unknown;
  delayMs?: number;
  /**
   * The request is carried out at once, but its answer waits until this settles: an answer slow on its way back, so
   * what the request did (a card made, say) is seen before the client hears of it.
   */
  answerAfter?: Promise<unknown>;
  /** With a status or body: the request is carried out all the same, and answered with the fault: done, yet said to have failed. */
  carriedOut?: boolean;
  /** How many requests it applies to; default Infinity. */
  times?: number;
  /** How many matching requests pass untouched before it applies; default 0. */
  after?: number;
  /** Epoch ms after which it no longer applies. */
  until?: number;
}

export interface MatchedFault {
  id: string;
  /** Undefined when the fault only delays the normal route. */
  status?: number;
  body?: unknown;
  delayMs: number;
  answerAfter?: Promise<unknown>;
  carriedOut?: boolean;
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  remaining: number;
  passing: number;
}

export class FaultInjector {
  private readonly faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec, remaining: spec.times ?? Infinity, passing: spec.after ?? 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex((fault) => fault.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Consumes one use of the first fault that applies, if any. */
  take(method: string, path: string): MatchedFault | undefined {
    const now = Date.now();
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const fault = this.faults[i];
      if (fault && (fault.remaining <= 0 || (fault.spec.until !== undefined && now > fault.spec.until))) {
        this.faults.splice(i, 1);
      }
    }
    const fault = this.faults.find((candidate) => matches(candidate.spec, method, path));
    if (!fault) return undefined;
    if (fault.passing > 0) {
      fault.passing--;
      return undefined;
    }
    fault.remaining--;
    if (fault.remaining <= 0) this.remove(fault.id);
    const { status, body, delayMs, answerAfter, carriedOut } = fault.spec;
    const hasResponse = status !== undefined || body !== undefined;
    const timing = { id: fault.id, delayMs: delayMs ?? 0, ...(answerAfter ? { answerAfter } : {}) };
    return hasResponse ? { ...timing, status: status ?? 200, body, ...(carriedOut ? { carriedOut } : {}) } : timing;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  return spec.path.endsWith('*') ? path.startsWith(spec.path.slice(0, -1)) : path === spec.path;
}
