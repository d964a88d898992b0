// Part of `npm run bench`: complete lifecycles per second through HTTP on the embedded runtime (DynamoDB Local,
// the synthesized state machine, the real handlers). Each of N clients loops: the enterprise files a regular
// application with five permits, the window accepts it, each department approves its permits, until it is issued;
// between steps the client reads the application (as the portal does) until the workflow has opened what comes
// next. The outbox (notifications) is off: in the cloud it runs on its own functions, not on this path.
// `THROUGHPUT_SECONDS` (default 30) per run, `THROUGHPUT_CLIENTS` (default "1,4").
//
// To see where the time goes: `node --import tsx --cpu-prof --cpu-prof-dir .bench/profile
// scripts/bench/throughput.ts`, then `tsx scripts/bench/profile-top.ts .bench/profile/<file>.cpuprofile`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { travellingClock } from '#infra/local/clock';
import { actors, officerOf, type ApplicationDetail } from '#infra/local/driver';
import { startPlatform } from '#infra/local/platform';
import { permitTypes } from '#shared/model';
import { CountingClient, regularFiling } from './portal-client.ts';

export interface ThroughputFigure {
  clients: number;
  seconds: number;
  lifecycles: number;
  perSecond: number;
  /** API requests sent, polling reads included. */
  requests: number;
  /** Median time of one lifecycle, ms. */
  p50Ms: number;
}

const pollMs = 25;

export async function measureThroughput(
  options: { clients?: number[]; seconds?: number } = {},
): Promise<ThroughputFigure[]> {
  const clientCounts =
    options.clients ?? (process.env.THROUGHPUT_CLIENTS ?? '1,4').split(',').map(Number).filter(Boolean);
  const seconds = options.seconds ?? Number(process.env.THROUGHPUT_SECONDS ?? 30);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-throughput-'));
  const platform = await startPlatform({
    port: 0,
    dataDir,
    // A working Monday with published calendars on both sides; the clock runs at real speed from there.
    clock: travellingClock('2025-06-02T09:00:00+08:00'),
    sweepIntervalMs: 0,
    outboxIntervalMs: 0,
  });
  try {
    const http = new CountingClient(platform.url);
    const call = http.call.bind(http);
    const until = async (id: string, as: string, done: (d: ApplicationDetail) => boolean) => {
      for (;;) {
        const detail = await call<ApplicationDetail>(as, 'GET', `/applications/${id}`);
        if (done(detail)) return detail;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    };
    const lifecycle = async (n: number) => {
      const { applicationId: id } = await call<{ applicationId: string }>(
        actors.changchun,
        'POST',
        '/applications',
        regularFiling(`Throughput plant ${n}`),
      );
      await until(id, actors.clerk, (d) => d.steps.some((s) => s.kind === 'intake' && s.status === 'open'));
      await call(actors.clerk, 'POST', `/applications/${id}/intake-decision`, { outcome: 'accept' });
      const opened = await until(
        id,
        actors.admin,
        (d) =>
          d.steps.filter((s) => s.kind === 'review' && s.status === 'open').length === permitTypes.length,
      );
      for (const step of opened.steps.filter((s) => s.kind === 'review' && s.status === 'open')) {
        await call(officerOf[step.department]!, 'POST', `/applications/${id}/steps/${step.stepId}/decision`, {
          outcome: 'approve',
        });
      }
      await until(id, actors.admin, (d) => d.application.status === 'issued');
    };

    // One lifecycle first: every function imported and warm before anything is timed.
    await lifecycle(0);
    const figures: ThroughputFigure[] = [];
    let next = 1;
    for (const clients of clientCounts) {
      await platform.settled();
      http.requests = 0;
      const durations: number[] = [];
      const started = performance.now();
      const end = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) {
            const t = performance.now();
            await lifecycle(next++);
            durations.push(performance.now() - t);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      durations.sort((a, b) => a - b);
      figures.push({
        clients,
        seconds: Math.round(elapsed),
        lifecycles: durations.length,
        perSecond: durations.length / elapsed,
        requests: http.requests,
        p50Ms: Math.round(durations[Math.floor(durations.length / 2)] ?? 0),
      });
    }
    return figures;
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureThroughput(), null, 1));
  process.exit(0);
}
