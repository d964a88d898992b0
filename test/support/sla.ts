// Helpers for the SLA engine's tests: a bus that records what was published, and the sweeper's and calendar
// administration's dependencies over a workflow Scenario on DynamoDB Local (the same calendar source its
// workflow deps read, so an administrator's change reaches the steps the scenario opens next).
import type { TestTable } from '#test/support/dynamodb';
import { RecordingMetrics } from '#shared/observability/metrics';
import { Scenario } from '#test/support/workflow';
import type { CalendarSource } from '#shared/calendar/source';
import { calendarSourceOf } from '#shared/runtime/index';
import type { CalendarAdminDeps } from '#services/admin/core/calendar-admin';
import type { SlaEvent, SlaEventPublisher, SlaEventType, SweepDependencies } from '#services/sla/core/ports';

export class RecordingBus implements SlaEventPublisher {
  readonly events: SlaEvent[] = [];
  /** Fails the next publish, as an unreachable bus would. */
  failNext = false;

  publish(events: readonly SlaEvent[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('bus unreachable (test)'));
    }
    this.events.push(...events);
    return Promise.resolve();
  }

  types(): SlaEventType[] {
    return this.events.map((event) => event.detailType);
  }
}

/** A workflow scenario plus what the sweeper and calendar administration need, all on one table. */
export class SlaScenario extends Scenario {
  readonly bus = new RecordingBus();
  readonly metrics = new RecordingMetrics();
  readonly calendars: CalendarSource;
  #ids = 0;

  constructor(table: TestTable, start: Date) {
    super(table, start);
    this.calendars = calendarSourceOf(this.runtime);
    this.deps.metrics = this.metrics;
  }

  /** A sweeper's dependencies; each call is another sweeper (with its own bus when given one). */
  sweeper(bus: SlaEventPublisher = this.bus): SweepDependencies {
    return { ...this.deps, events: bus, calendars: this.calendars };
  }

  admin(): CalendarAdminDeps {
    return {
      calendars: this.calendars,
      repository: this.deps.repository,
      config: this.deps.config,
      now: this.clock.now,
      logger: this.logger,
      newId: () => `id-${++this.#ids}`,
    };
  }

  async timelineOf(applicationId: string, type: string) {
    return (await this.deps.repository.getTimeline(applicationId)).filter((event) => event.type === type);
  }
}
