// io.kestra.plugin.core.trigger.Schedule: every enabled Schedule trigger of every enabled flow fires
// an execution at each cron date, with the trigger's variables (`trigger.date`, `trigger.next`,
// `trigger.previous`) and its rendered `inputs`. Flow saves and deletes re-arm the timers.
// Missed dates while the sandbox was stopped are not backfilled (recoverMissedSchedules: NONE).
import { CronExpressionParser } from 'cron-parser';
import type { ExecutionEngine } from '../engine/execution-engine';
import type { StoredFlow } from '../flows/flow-model';
import type { FlowService } from '../flows/flow-service';
import { typedInputs, type InputDeclaration } from '../inputs/parse-inputs';
import { renderValue, type RenderOptions } from '../engine/render';
import type { SecretBox } from '../engine/secret-box';
import type { FlowRepository } from '../storage/flow-repository';
import type { TaskRegistry } from '../tasks/registry';
import { DateTimeFormatter, Instant, ZoneId, ZonedDateTime } from '@js-joda/core';
import { renderTemplate } from '../engine/render';
import { allConditionsHold } from './conditions';

export const SCHEDULE_TYPE = 'io.kestra.plugin.core.trigger.Schedule';

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** The cron iterator of a trigger; throws a readable error for an invalid expression. */
export function cronOf(trigger: Record<string, unknown>, from: Date): { next(): Date; prev(): Date } {
  const cron = String(trigger.cron ?? '').trim();
  const fields = cron.startsWith('@') ? 0 : cron.split(/\s+/).length;
  const withSeconds = isTrue(trigger.withSeconds);
  if (fields !== 0 && fields !== (withSeconds ? 6 : 5)) {
    throw new Error(`invalid cron expression '${cron}': expected ${withSeconds ? 6 : 5} fields${withSeconds ? '' : ' (set withSeconds: true for a seconds field)'}`);
  }
  const tz = typeof trigger.timezone === 'string' ? trigger.timezone : 'Etc/UTC';
  const expression = CronExpressionParser.parse(cron, { currentDate: from, tz });
  return {
    next: () => expression.next().toDate(),
    prev: () => expression.prev().toDate(),
  };
}

/** Kestra's ZonedDateTime text for trigger variables (UTC, no millis when zero). */
function isoDate(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

interface Armed {
  timer: NodeJS.Timeout;
  revision: number;
}

export class ScheduleTriggers {
  private readonly armed = new Map<string, Armed>();
  private stopped = false;

  constructor(
    private readonly deps: {
      flows: FlowService;
      flowRepository: FlowRepository;
      engine: ExecutionEngine;
      registry: TaskRegistry;
      secrets: SecretBox;
      renderOptions?: RenderOptions;
    },
  ) {}

  start(): void {
    const { flows } = this.deps.flowRepository.search({ where: ['document LIKE ?'], params: ['%Schedule%'], orderBy: 'namespace, id' });
    for (const flow of flows) this.arm(flow);
    this.deps.flows.onChange((event) => {
      this.disarm(event.flow.namespace, event.flow.id);
      if (event.kind === 'saved') this.arm(event.flow);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const armed of this.armed.values()) clearTimeout(armed.timer);
    this.armed.clear();
  }

  private key(namespace: string, flowId: string, triggerId: string): string {
    return `${namespace}\u0000${flowId}\u0000${triggerId}`;
  }

  private disarm(namespace: string, flowId: string): void {
    const prefix = `${namespace}\u0000${flowId}\u0000`;
    for (const [key, armed] of this.armed) {
      if (key.startsWith(prefix)) {
        clearTimeout(armed.timer);
        this.armed.delete(key);
      }
    }
  }

  private schedules(flow: StoredFlow): Record<string, unknown>[] {
    if (flow.deleted || isTrue(flow.document.disabled) || !Array.isArray(flow.document.triggers)) return [];
    return (flow.document.triggers as Record<string, unknown>[]).filter(
      (t) => t && typeof t.type === 'string' && this.deps.registry.get(t.type)?.type === SCHEDULE_TYPE && !isTrue(t.disabled),
    );
  }

  private arm(flow: StoredFlow): void {
    if (this.stopped) return;
    for (const trigger of this.schedules(flow)) this.armTrigger(flow, trigger, new Date());
  }

  private armTrigger(flow: StoredFlow, trigger: Record<string, unknown>, from: Date): void {
    let date: Date;
    try {
      date = cronOf(trigger, from).next();
    } catch (error) {
      console.error(`[sandbox] schedule ${flow.namespace}.${flow.id}.${String(trigger.id)} disabled: ${(error as Error).message}`);
      return;
    }
    const key = this.key(flow.namespace, flow.id, String(trigger.id));
    const wait = (): void => {
      const remaining = date.getTime() - Date.now();
      if (remaining > 0) {
        this.armed.set(key, { timer: setTimeout(wait, Math.min(remaining, 2 ** 31 - 1)), revision: flow.revision });
        return;
      }
      this.armed.delete(key);
      this.fire(flow, trigger, date);
      // After a long stall (a suspended laptop), continue from now instead of replaying every date.
      if (!this.stopped) this.armTrigger(flow, trigger, date.getTime() < Date.now() - 60_000 ? new Date() : date);
    };
    wait();
  }

  /**
   * Schedule conditions (`conditions`, the deprecated `scheduleConditions`) on this date: a date
   * they refuse is skipped, as Kestra's Schedule does. `trigger.date` is the date in the
   * schedule's time zone.
   */
  private conditionsHold(flow: StoredFlow, trigger: Record<string, unknown>, date: Date, variables: Record<string, string>): boolean {
    const conditions = [...(Array.isArray(trigger.conditions) ? trigger.conditions : []), ...(Array.isArray(trigger.scheduleConditions) ? trigger.scheduleConditions : [])];
    if (conditions.length === 0) return true;
    const zone = typeof trigger.timezone === 'string' ? trigger.timezone : 'Etc/UTC';
    const zoned = (d: Date): string => ZonedDateTime.ofInstant(Instant.ofEpochMilli(d.getTime()), ZoneId.of(zone)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    const context = { flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision }, trigger: { ...variables, date: zoned(date) } };
    return allConditionsHold(
      conditions,
      { flow: { namespace: flow.namespace, id: flow.id }, render: (template, extra) => renderTemplate(template, { ...context, ...extra }, this.deps.renderOptions) },
      (message) => console.warn(`[sandbox] schedule ${flow.namespace}.${flow.id}.${String(trigger.id)}: ${message}`),
    );
  }

  private fire(flow: StoredFlow, trigger: Record<string, unknown>, date: Date): void {
    try {
      const cron = cronOf(trigger, date);
      const next = cron.next();
      const previous = cronOf(trigger, date).prev();
      const variables = { date: isoDate(date), next: isoDate(next), previous: isoDate(previous) };
      if (!this.conditionsHold(flow, trigger, date, variables)) return;
      const declarations = Array.isArray(flow.document.inputs) ? (flow.document.inputs as InputDeclaration[]) : [];
      const raw = trigger.inputs && typeof trigger.inputs === 'object' ? (renderValue(trigger.inputs, { flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision }, trigger: variables }, this.deps.renderOptions) as Record<string, unknown>) : {};
      const inputs = typedInputs(declarations, raw, { fileAllowed: () => false, encrypt: (value) => this.deps.secrets.encrypt(value) });
      this.deps.engine.create({
        flow,
        inputs,
        labels: [],
        trigger: { id: String(trigger.id), type: SCHEDULE_TYPE, variables },
        from: null,
      });
    } catch (error) {
      console.error(`[sandbox] schedule ${flow.namespace}.${flow.id}.${String(trigger.id)} could not start an execution: ${(error as Error).message}`);
    }
  }
}
