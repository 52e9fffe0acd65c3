// The fleet (overview, promotion, drift) and the split, driven as a user does: by role and
// accessible name.
import type { Locator, Page } from 'playwright-core';

export const fleetSelectors = {
  layout: { role: 'toolbar', name: 'Layout' },
  fleet: { role: 'region', name: 'Fleet' },
  fleetTabs: { role: 'tablist', name: 'Fleet views' },
  servers: { role: 'table', name: 'Servers at a glance' },
  failures: { role: 'grid', name: 'Failures' },
  failuresRegion: { role: 'region', name: 'Failures across all servers' },
  promotionForm: { role: 'form', name: 'What to promote' },
  plan: { role: 'region', name: 'Promotion plan' },
  planItems: { role: 'table', name: 'Plan items' },
  drift: { role: 'table', name: 'Drift matrix' },
  splitBar: { role: 'toolbar', name: 'Split' },
} as const;

const s = fleetSelectors;

export class FleetPage {
  constructor(readonly page: Page) {}

  region(): Locator {
    return this.page.getByRole(s.fleet.role, { name: s.fleet.name });
  }

  async open(tab: 'Overview' | 'Promotion' | 'Drift' = 'Overview'): Promise<void> {
    if (!(await this.region().count())) await this.page.getByRole(s.layout.role, { name: s.layout.name }).getByRole('button', { name: 'Fleet' }).click();
    await this.region().getByRole(s.fleetTabs.role, { name: s.fleetTabs.name }).getByRole('tab', { name: tab, exact: true }).click();
  }

  serverTable(): Locator {
    return this.page.getByRole(s.servers.role, { name: s.servers.name });
  }

  serverRow(name: string): Locator {
    return this.serverTable().getByRole('row', { name, exact: true });
  }

  failures(): Locator {
    return this.page.getByRole(s.failures.role, { name: s.failures.name });
  }

  /** Failure rows, by accessible name ("FAILED ns.flow on Server, execution id"). */
  failureRow(text: string | RegExp): Locator {
    return this.failures().getByRole('row', { name: text });
  }

  async failureIds(): Promise<string[]> {
    const labels = await this.failures().getByRole('row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    return labels.filter(Boolean).map((label) => label.replace(/^.*, execution /, ''));
  }

  promotionForm(): Locator {
    return this.page.getByRole(s.promotionForm.role, { name: s.promotionForm.name });
  }

  plan(): Locator {
    return this.page.getByRole(s.plan.role, { name: s.plan.name });
  }

  planItem(kind: 'flow' | 'file' | 'kv', name: string): Locator {
    return this.plan().getByRole(s.planItems.role, { name: s.planItems.name }).getByRole('row', { name: `${kind} ${name}`, exact: true });
  }

  drift(): Locator {
    return this.page.getByRole(s.drift.role, { name: s.drift.name });
  }

  driftCell(namespace: string, server: string): Locator {
    return this.drift().getByRole('button', { name: new RegExp(`^${namespace.replace(/\./g, '\\.')} on ${server}: `) });
  }

  splitSide(side: 'Left' | 'Right'): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${side} side: `) });
  }
}
