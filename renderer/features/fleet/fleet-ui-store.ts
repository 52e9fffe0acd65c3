// The fleet's own UI state (zustand): the overview's window and failure filters, the drift
// matrix's reference, the promotion in progress. Kept while the user moves between the fleet's
// tabs and the servers; server data stays in react-query.
import { create } from 'zustand';
import type { FleetWindow, PromotionPlan, PromotionSelection } from '../../../main/contract/fleet';
import type { StateType } from '../../../main/contract/kestra-model';
import type { RunResult } from './lib/promotion-run';

export interface FailureFilters {
  /** Servers left out of the list. */
  hiddenServers: string[];
  namespace: string;
  flowId: string;
  states: StateType[];
}

export interface PromotionDraft {
  sourceId?: string;
  targetId?: string;
  namespace: string;
  mode: PromotionSelection['kind'];
  flowIds: string[];
}

export interface PromotionState {
  plan?: PromotionPlan;
  /** KV items whose value is copied (ticked). */
  copy: string[];
  results?: RunResult[];
  rollback?: RunResult[];
}

interface FleetUiState {
  window: FleetWindow;
  filters: FailureFilters;
  driftReference?: string;
  driftFilter: string;
  draft: PromotionDraft;
  promotion: PromotionState;
  setWindow(window: FleetWindow): void;
  setFilters(patch: Partial<FailureFilters>): void;
  setDrift(patch: { reference?: string; filter?: string }): void;
  setDraft(patch: Partial<PromotionDraft>): void;
  setPromotion(patch: Partial<PromotionState>): void;
}

export const DEFAULT_FAILURE_STATES: StateType[] = ['FAILED', 'KILLED'];

export const useFleetUi = create<FleetUiState>((set) => ({
  window: '24h',
  filters: { hiddenServers: [], namespace: '', flowId: '', states: DEFAULT_FAILURE_STATES },
  driftFilter: '',
  draft: { namespace: '', mode: 'namespace', flowIds: [] },
  promotion: { copy: [] },
  setWindow: (window) => set({ window }),
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  setDrift: (patch) => set((state) => ({ driftReference: 'reference' in patch ? patch.reference : state.driftReference, driftFilter: patch.filter ?? state.driftFilter })),
  setDraft: (patch) => set((state) => ({ draft: { ...state.draft, ...patch } })),
  setPromotion: (patch) => set((state) => ({ promotion: { ...state.promotion, ...patch } })),
}));
