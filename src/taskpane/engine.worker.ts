import { PaneEngine } from "./engine-core";
import type { EngineReply, EngineRequest } from "./engine-protocol";

/** The engine's worker: the page's main thread stays free while the ledger is aggregated and the tables rebuilt. */
interface WorkerScope {
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
  postMessage(message: EngineReply): void;
}

const scope = self as unknown as WorkerScope;
const engine = new PaneEngine();

scope.onmessage = (e) => {
  const request = e.data;
  if (request.kind === "load") {
    engine.load(request.grids, request.columnsRead);
    scope.postMessage({ id: request.id, answer: { kind: "loaded" } });
  } else if (request.kind === "compute") scope.postMessage({ id: request.id, answer: engine.compute(request.state, request.language) });
  else scope.postMessage({ id: request.id, answer: engine.sheets(request.state, request.language) });
};
