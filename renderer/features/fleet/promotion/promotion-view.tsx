// Promotion: choose, plan, review, apply, and roll back if need be.
import type { ServerView } from '../../../../main/contract/servers';
import { useFleetUi } from '../fleet-ui-store';
import { PlanView } from './plan-view';
import { PromotionForm } from './promotion-form';

export function PromotionView({ servers }: { servers: readonly ServerView[] }) {
  const plan = useFleetUi((state) => state.promotion.plan);
  const setPromotion = useFleetUi((state) => state.setPromotion);
  if (servers.length < 2) {
    return <p className="fleet-muted fleet-pad">Add a second server to promote flows between servers.</p>;
  }
  if (plan) return <PlanView plan={plan} servers={servers} onStartOver={() => setPromotion({ plan: undefined, results: undefined, rollback: undefined, copy: [] })} />;
  return (
    <div className="fleet-pad">
      <p className="fleet-muted">
        Promote flows with what they need: the subflows they call, the namespace files they read, the KV keys their expressions name. The plan is made first; nothing is
        written until you apply it.
      </p>
      <PromotionForm servers={servers} onPlan={(next) => setPromotion({ plan: next, results: undefined, rollback: undefined, copy: [] })} />
    </div>
  );
}
