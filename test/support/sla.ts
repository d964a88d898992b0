// Helpers for the SLA engine's tests: what the sweeper put in the outbox, and the sweeper's and calendar
// administration's dependencies over a workflow Scenario on DynamoDB Local (the same calendar source its
// workflow deps read, so an administrator's change reaches the steps the scenario opens next).
import type { TestTable } from '#test/support/dynamodb';
import { RecordingMetrics } from '#shared/observability/metrics';
import { Scenario } from '#test/support/workflow';
import type { CalendarSource } from '#shared/calendar/source';
import { calendarSourceOf } from '#shared/runtime/index';
import type { CalendarAdminDeps } from '#services/admin/core/calendar-admin';
import type { AuditEvent } from '#shared/model';
import type { SweepDependencies } from '#services/sla/core/ports';

/** The SLA engine's outbox events, as the bus carries them: `<audit type>` (`:<colour>` for a warning). */
export const slaOutboxTypes = ['step-warned', 'step-escalated', 'intake-deemed-accepted'] as const;

/** A workflow scenario plus what the sweeper and calendar administration need, all on one table. */
export class SlaScenario extends Scenario {
  readonly metrics = new RecordingMetrics();
  readonly calendars: CalendarSource;
  #ids = 0;

  constructor(table: TestTable, start: Date) {
    super(table, start);
    this.calendars = calendarSourceOf(this.runtime);
    this.deps.metrics = this.metrics;
  }

  /** A sweeper's dependencies; each call is another sweeper. */
  sweeper(): SweepDependencies {
    return { ...this.deps, calendars: this.calendars };
  }

  /**
   * What the sweeper put in the outbox for these applications, in order: the audit events of its transitions
   * (each is on the bus once the stream carries it), as `step-warned:yellow`, `step-warned:red`,
   * `step-escalated`, `intake-deemed-accepted`.
   */
  async outbox(...applicationIds: string[]): Promise<{ label: string; event: AuditEvent }[]> {
    const events = (
      await Promise.all(applicationIds.map((id) => this.deps.repository.getTimeline(id)))
    ).flat();
    return events
      .filter((event) => (slaOutboxTypes as readonly string[]).includes(event.type))
      .map((event) => ({
        label: event.type === 'step-warned' ? `step-warned:${String(event.detail.slaStatus)}` : event.type,
        event,
      }));
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
