// The fleet: every server at a glance (overview), promotion between two servers, and the drift
// matrix. Loaded on demand by the shell (the start screen once there is more than one server).
import type { ServerView } from '../../../main/contract/servers';
import { Icon } from '../../components/icons';
import { Tabs } from '../../components/tabs';
import { useLayout, type FleetTab } from '../../lib/layout-store';
import { DriftView } from './drift/drift-view';
import { FLEET_ACTIONS } from './fleet-actions';
import { FleetOverview } from './overview/fleet-overview';
import { PromotionView } from './promotion/promotion-view';
import './fleet.css';

export { SplitCompareDialog } from './compare/split-compare-dialog';
export type { CompareTarget } from './compare/item-compare';
export const actions = FLEET_ACTIONS;

const TABS: { id: FleetTab; label: string; icon: 'layers' | 'upload' | 'diff' }[] = [
  { id: 'overview', label: 'Overview', icon: 'layers' },
  { id: 'promotion', label: 'Promotion', icon: 'upload' },
  { id: 'drift', label: 'Drift', icon: 'diff' },
];

export default function FleetView({ servers }: { servers: readonly ServerView[] }) {
  const tab = useLayout((state) => state.fleetTab);
  const showFleet = useLayout((state) => state.showFleet);
  return (
    <div className="fleet" role="region" aria-label="Fleet">
      <Tabs
        label="Fleet views"
        className="fleet-tabs"
        tabs={TABS.map((candidate) => ({
          id: candidate.id,
          ariaLabel: candidate.label,
          label: (
            <>
              <Icon name={candidate.icon} />
              {candidate.label}
            </>
          ),
        }))}
        selected={tab}
        onSelect={(id) => showFleet(id)}
      >
        {tab === 'overview' && <FleetOverview servers={servers} />}
        {tab === 'promotion' && <PromotionView servers={servers} />}
        {tab === 'drift' && <DriftView servers={servers} />}
      </Tabs>
    </div>
  );
}
