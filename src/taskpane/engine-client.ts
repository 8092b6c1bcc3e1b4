import type { SheetGrid } from "../domain/cells";
import type { Language } from "../domain/settings";
import type { SavedState } from "../domain/settings-sheet";
import { PaneEngine, type EngineAnswer, type PaneView } from "./engine-core";
import { shareView } from "./view-share";
import type { EngineReply, EngineRequest } from "./engine-protocol";

/** A compute that a later one replaced before the engine got to it. */
export const SUPERSEDED = { kind: "superseded" } as const;
export type ComputeAnswer = EngineAnswer | typeof SUPERSEDED;

type Pending = { request: EngineRequest; resolve: (answer: EngineReply["answer"] | typeof SUPERSEDED) => void };

/** One request at a time to the engine, so a queued compute can still be replaced by a newer one. */
interface Channel {
  send(request: EngineRequest): void;
  onReply: ((reply: EngineReply) => void) | null;
  close(): void;
}

function workerChannel(): Channel | undefined {
  if (typeof Worker === "undefined") return undefined;
  let worker: Worker;
  try {
    // webpack bundles the worker from this pattern (same origin, no eval: the pane's CSP holds). tsconfig.json is
    // CommonJS for jest and the command line; webpack.config.js compiles the pane as ES2020, where import.meta exists.
    // @ts-expect-error TS1343: import.meta under the CommonJS tsconfig (see above).
    worker = new Worker(new URL("./engine.worker.ts", import.meta.url), { name: "avstem-engine" });
  } catch {
    return undefined;
  }
  const channel: Channel = {
    send: (request) => worker.postMessage(request),
    onReply: null,
    close: () => worker.terminate(),
  };
  worker.onmessage = (e: MessageEvent<EngineReply>) => channel.onReply?.(e.data);
  return channel;
}

/** The engine on the page itself, a task later: for a host without workers. */
function inPageChannel(): Channel {
  const engine = new PaneEngine();
  const channel: Channel = {
    send: (request) =>
      setTimeout(() => {
        const answer =
          request.kind === "load"
            ? (engine.load(request.grids, request.columnsRead), { kind: "loaded" as const })
            : request.kind === "compute"
              ? engine.compute(request.state, request.language)
              : engine.sheets(request.state, request.language);
        channel.onReply?.({ id: request.id, answer });
      }, 0),
    onReply: null,
    close: () => undefined,
  };
  return channel;
}

/**
 * The pane's handle on the engine: loads grids into it, asks for views and sheets. While the
 * engine works, a newer compute replaces a queued older one (typing six digits runs the
 * engine for the first and the last, not six times); loads and sheets are never dropped.
 */
export class EngineClient {
  private readonly channel: Channel;
  readonly inWorker: boolean;
  private nextId = 1;
  private inFlight: Pending | undefined;
  private readonly queue: Pending[] = [];
  private lastView: PaneView | undefined;

  constructor() {
    const worker = workerChannel();
    this.inWorker = worker !== undefined;
    this.channel = worker ?? inPageChannel();
    this.channel.onReply = (reply) => {
      const done = this.inFlight;
      this.inFlight = undefined;
      if (done && done.request.id === reply.id) done.resolve(reply.answer);
      this.pump();
    };
  }

  /** Hands the grids to the engine (copied to the worker: the caller may drop its own). */
  load(grids: readonly SheetGrid[], columnsRead: Readonly<Record<string, readonly number[]>>): Promise<void> {
    return this.enqueue({ id: this.nextId++, kind: "load", grids, columnsRead }).then(() => undefined);
  }

  compute(state: SavedState, language: Language): Promise<ComputeAnswer> {
    // Only the newest unsent compute is worth the engine's time.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]?.request.kind === "compute") this.queue.splice(i, 1)[0]?.resolve(SUPERSEDED);
    }
    return this.enqueue({ id: this.nextId++, kind: "compute", state, language }).then((a) => this.shared(a as ComputeAnswer));
  }

  sheets(state: SavedState, language: Language): Promise<EngineAnswer> {
    return this.enqueue({ id: this.nextId++, kind: "sheets", state, language }).then((a) => this.shared(a as EngineAnswer));
  }

  /**
   * The answer's view, keeping the objects of the view answered before wherever they are equal:
   * a view arrives as a new copy (a worker's message is cloned), and the steps re-render a
   * project's card, or the whole step, only when its objects change. After one decision only
   * that project (and a parent's sum) differs, so only its card renders again.
   */
  private shared<A extends ComputeAnswer>(answer: A): A {
    if (answer.kind !== "view" && answer.kind !== "sheets") return answer;
    const view = shareView(this.lastView, answer.view);
    this.lastView = view;
    return view === answer.view ? answer : { ...answer, view };
  }

  close(): void {
    this.channel.close();
  }

  private enqueue(request: EngineRequest): Promise<EngineReply["answer"] | typeof SUPERSEDED> {
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = this.queue.shift()!;
    this.channel.send(this.inFlight.request);
  }
}
