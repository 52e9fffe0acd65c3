// Plans main made or imported this session, kept for their apply and rollback: the renderer names a
// plan and an item, main writes what the plan holds (never content the renderer sends along). Only
// the most recent plans are kept; an older one must be made or imported again.
import { randomUUID } from 'node:crypto';
import type { PlanItem, PromotionPlan } from '../../contract/fleet';
import { ConsoleError } from '../../ipc/console-error';

/** What the apply did to a flow, for its rollback. */
export interface AppliedFlow {
  namespace: string;
  id: string;
  /** The revision it had before (undefined: the promotion created it). */
  previousRevision?: number;
  /** The revision the promotion wrote. */
  revision: number;
}

export interface StoredPlan {
  plan: PromotionPlan;
  items: Map<string, PlanItem>;
  applied: Map<string, AppliedFlow>;
}

const MAX_PLANS = 8;

export class PlanStore {
  private readonly plans = new Map<string, StoredPlan>();

  add(plan: Omit<PromotionPlan, 'id'>): PromotionPlan {
    const stored: PromotionPlan = { ...plan, id: randomUUID() };
    this.plans.set(stored.id, { plan: stored, items: new Map(stored.items.map((item) => [item.key, item])), applied: new Map() });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    return stored;
  }

  /** The plan, checked to be for this target server. */
  get(planId: unknown, targetServerId: string): StoredPlan {
    const stored = typeof planId === 'string' ? this.plans.get(planId) : undefined;
    if (!stored) throw new ConsoleError('validation', 'This plan is no longer in memory (the console keeps the last few): make it again, or import its file.');
    if (stored.plan.target.serverId !== targetServerId) {
      throw new ConsoleError('validation', `This plan writes to ${stored.plan.target.name}, not to the server this call names.`);
    }
    return stored;
  }

  item(stored: StoredPlan, itemKey: unknown): PlanItem {
    const item = typeof itemKey === 'string' ? stored.items.get(itemKey) : undefined;
    if (!item) throw new ConsoleError('validation', `The plan has no item ${String(itemKey).slice(0, 120)}.`);
    return item;
  }

  /** Export only: any target. */
  peek(planId: unknown): StoredPlan | undefined {
    return typeof planId === 'string' ? this.plans.get(planId) : undefined;
  }
}
