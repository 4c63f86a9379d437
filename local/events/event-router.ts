import { BadgeError } from '../../shared/errors.js';
import { type DurableQueue, LOCAL_ACCOUNT_ID } from './durable-queue.js';
import { type CompiledEventPattern, compileEventPattern } from './pattern.js';
import {
  type EventEnvelope,
  type PutEventsRequestEntry,
  type PutEventsResult,
  type PutEventsResultEntry,
  toEnvelope,
  validatePutEventsRequest,
} from './put-events.js';

export interface RuleTargetConfig {
  readonly queueName: string;
  /** The target's Id in the rule; defaults to the queue name. */
  readonly id?: string;
}

export interface RuleConfig {
  readonly name: string;
  /** An EventBridge event pattern, as an object or JSON text. */
  readonly eventPattern: unknown;
  readonly targets: readonly RuleTargetConfig[];
  /** `State: DISABLED` rules match nothing. */
  readonly enabled?: boolean;
}

export interface BusConfig {
  readonly name: string;
  readonly rules?: readonly RuleConfig[];
}

export interface RouterRule {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly eventPatternText: string;
  readonly enabled: boolean;
  readonly pattern: CompiledEventPattern;
  readonly targets: readonly { readonly id: string; readonly queue: DurableQueue }[];
}

export interface RouterBus {
  readonly name: string;
  readonly arn: string;
  readonly rules: readonly RouterRule[];
}

export interface EventRouterOptions {
  readonly buses: readonly BusConfig[];
  readonly queues: ReadonlyMap<string, DurableQueue>;
  readonly region: string;
  readonly now?: () => number;
}

/**
 * Routes PutEvents entries as EventBridge does: each accepted entry becomes an event envelope, is matched
 * against the enabled rules of its bus and is sent to each target queue (once per matching rule target).
 * The PutEvents result is returned only after every delivery is durable in its queue, so an acknowledged
 * event survives a crash; an event that matches no rule is dropped, as EventBridge drops it.
 */
export class EventRouter {
  readonly region: string;
  private readonly buses = new Map<string, RouterBus>();
  private readonly now: () => number;

  constructor(options: EventRouterOptions) {
    this.region = options.region;
    this.now = options.now ?? Date.now;
    const configured = options.buses.some((bus) => bus.name === 'default')
      ? options.buses
      : [{ name: 'default' }, ...options.buses];
    for (const bus of configured) {
      if (this.buses.has(bus.name)) throw configError(`Event bus ${bus.name} is configured twice`);
      this.buses.set(bus.name, this.buildBus(bus, options.queues));
    }
  }

  listBuses(): RouterBus[] {
    return [...this.buses.values()];
  }

  /** Finds a bus by name or by ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`). */
  resolveBus(nameOrArn: string): RouterBus | undefined {
    const name = nameOrArn.startsWith('arn:') ? /:event-bus\/(.+)$/.exec(nameOrArn)?.[1] : nameOrArn;
    return name === undefined ? undefined : this.buses.get(name);
  }

  /** Throws `RequestRejected` for a request EventBridge rejects as a whole. */
  async putEvents(body: unknown): Promise<PutEventsResult> {
    const entries: PutEventsRequestEntry[] = validatePutEventsRequest(body);
    const results: PutEventsResultEntry[] = [];
    const deliveries = new Map<DurableQueue, { entryIndex: number; envelope: EventEnvelope }[]>();
    for (const [entryIndex, entry] of entries.entries()) {
      const check = toEnvelope(entry, {
        region: this.region,
        now: this.now,
        resolveBus: (nameOrArn) => this.resolveBus(nameOrArn)?.name,
      });
      if (!check.ok) {
        results.push({ ErrorCode: check.ErrorCode, ErrorMessage: check.ErrorMessage });
        continue;
      }
      results.push({ EventId: check.envelope.id });
      for (const queue of this.targetsFor(check.busName, check.envelope)) {
        const list = deliveries.get(queue) ?? [];
        list.push({ entryIndex, envelope: check.envelope });
        deliveries.set(queue, list);
      }
    }
    await Promise.all(
      [...deliveries].map(async ([queue, items]) => {
        try {
          await queue.sendBatch(items.map((item) => ({ body: JSON.stringify(item.envelope) })));
        } catch {
          // Not acknowledged, so the caller retries; a copy that did reach another queue is a duplicate
          // delivery, which at-least-once consumers already handle.
          for (const item of items) {
            results[item.entryIndex] = {
              ErrorCode: 'InternalFailure',
              ErrorMessage: 'The event could not be stored.',
            };
          }
        }
      }),
    );
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }

  private targetsFor(busName: string, envelope: EventEnvelope): DurableQueue[] {
    const bus = this.buses.get(busName);
    if (bus === undefined) return [];
    return bus.rules
      .filter((rule) => rule.enabled && rule.pattern.matches(envelope))
      .flatMap((rule) => rule.targets.map((target) => target.queue));
  }

  private buildBus(bus: BusConfig, queues: ReadonlyMap<string, DurableQueue>): RouterBus {
    const busArn = `arn:aws:events:${this.region}:${LOCAL_ACCOUNT_ID}:event-bus/${bus.name}`;
    const rulePrefix = bus.name === 'default' ? '' : `${bus.name}/`;
    const names = new Set<string>();
    const rules = (bus.rules ?? []).map((rule): RouterRule => {
      if (names.has(rule.name)) throw configError(`Rule ${rule.name} is configured twice on bus ${bus.name}`);
      names.add(rule.name);
      return {
        name: rule.name,
        arn: `arn:aws:events:${this.region}:${LOCAL_ACCOUNT_ID}:rule/${rulePrefix}${rule.name}`,
        busName: bus.name,
        eventPatternText:
          typeof rule.eventPattern === 'string' ? rule.eventPattern : JSON.stringify(rule.eventPattern),
        enabled: rule.enabled ?? true,
        pattern: compileEventPattern(rule.eventPattern),
        targets: rule.targets.map((target) => {
          const queue = queues.get(target.queueName);
          if (queue === undefined) {
            throw configError(`Rule ${rule.name} targets queue ${target.queueName}, which is not configured`);
          }
          return { id: target.id ?? target.queueName, queue };
        }),
      };
    });
    return { name: bus.name, arn: busArn, rules };
  }
}

export function configError(message: string): BadgeError {
  return new BadgeError('EVENT_PLANE_CONFIG_INVALID', message);
}
