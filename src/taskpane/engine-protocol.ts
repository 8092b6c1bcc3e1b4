import type { SheetGrid } from "../domain/cells";
import type { Language } from "../domain/settings";
import type { SavedState } from "../domain/settings-sheet";
import type { EngineAnswer } from "./engine-core";

/** Messages to the engine's worker; each is answered by one EngineReply with its id, in order. */
export type EngineRequest =
  | { readonly id: number; readonly kind: "load"; readonly grids: readonly SheetGrid[]; readonly columnsRead: Readonly<Record<string, readonly number[]>> }
  | { readonly id: number; readonly kind: "compute" | "sheets"; readonly state: SavedState; readonly language: Language };

export type EngineReply = { readonly id: number; readonly answer: EngineAnswer | { readonly kind: "loaded" } };
