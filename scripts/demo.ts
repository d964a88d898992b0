// `npm run demo`: a scripted spring at the service centre, through the HTTP API only. Starts the platform on a
// temporary data folder with a movable clock (or uses one already running: --url), files seven applications on
// both tracks and walks them through ten weeks of working days: supplements (补正) with the clock paused,
// tolerated gaps (容缺) closed before issuance, standard land on commitment (告知承诺) verified and revoked, full-
// process agency (全程代办), a refusal at the window, a department's refusal, and one that overruns its limit.
// Then prints the SLA summary: working days used against the limit, days paused, on time or not.
//
//   npm run demo                      # its own runtime, removed afterwards
//   npm run demo -- --keep            # keep the data folder (printed) to look at it with npm start --data-dir
//   npm run demo -- --url http://127.0.0.1:3000
//                                     # a runtime started with --clock (the demo moves its clock forward)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '#infra/local/dynamodb';
import { actors, ApprovalDriver, documentMeta, type ApplicationDetail } from '#infra/local/driver';
import { standardLandParcels } from '#infra/local/seed';
import { spawnRuntime, type RuntimeProcess } from '#infra/local/spawn-runtime';

const { values } = parseArgs({ options: { url: { type: 'string' }, keep: { type: 'boolean' } } });

let runtime: RuntimeProcess | undefined;
let dataDir: string | undefined;

async function main(): Promise<void> {
  let url = values.url;
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'one-window-demo-'));
    console.log('Starting the platform (DynamoDB Local, the synthesized state machine, the HTTP API)…');
    runtime = await spawnRuntime({
      port: await freePort(),
      dataDir,
      clock: '2025-03-01T00:00:00+08:00',
      sweepIntervalMs: 0,
    });
    url = runtime.url;
    console.log(`Platform ready at ${url}\n`);
  }
  const drive = ApprovalDriver.at(url);
  const apps = await scenario(drive);
  await printSummary(drive, apps);
}

type Apps = Record<string, string>;

/** The spring, in the order things happen; `at` moves the platform's clock (Beijing time). */
async function scenario(drive: ApprovalDriver): Promise<Apps> {
  const at = async (instant: string, what: string) => {
    await drive.api.setClock(`${instant}+08:00`);
    console.log(`${instant.replace('T', ' ').slice(0, 16)}  ${what}`);
  };
  const apps: Apps = {};
  const changchunParcel = standardLandParcels[0]!;
  const huaduParcel = standardLandParcels[2]!;
  const parcelOf = (p: typeof changchunParcel) => ({
    parcelId: p.parcelId,
    areaMu: p.areaMu,
    location: p.location,
  });

  await at('2025-03-03T09:00:00', 'four enterprises file regular-track applications at the one window');
  apps['Axle plant'] = await drive.file({ projectName: 'Axle plant' });
  apps['Gearbox plant'] = await drive.file({ projectName: 'Gearbox plant' });
  apps['Paint shop'] = await drive.file({ projectName: 'Paint shop' });
  apps['Coating line'] = await drive.file({ projectName: 'Coating line', as: actors.huadu });

  await at(
    '2025-03-03T10:00:00',
    'Axle plant: the clerk asks for the EIA approval, all missing items at once (补正)',
  );
  await drive.decideIntake(apps['Axle plant']!, {
    outcome: 'request-supplement',
    missingItems: ['环评批复 (EIA approval)'],
  });
  await at(
    '2025-03-03T11:00:00',
    'Gearbox plant accepted with a tolerated gap (容缺); Paint shop and Coating line accepted',
  );
  await drive.decideIntake(apps['Gearbox plant']!, {
    outcome: 'accept-with-gaps',
    gaps: [{ documentKind: 'fire-safety-plan', dueOn: '2025-03-14' }],
  });
  await drive.decideIntake(apps['Paint shop']!, { outcome: 'accept' });
  await drive.decideIntake(apps['Coating line']!, { outcome: 'accept' });

  await at(
    '2025-03-04T10:00:00',
    'planning approves Gearbox plant and Paint shop (并联审批: all departments at once)',
  );
  await drive.decideReview(apps['Gearbox plant']!, 'land-use-planning', { outcome: 'approve' });
  await drive.decideReview(apps['Paint shop']!, 'land-use-planning', { outcome: 'approve' });

  await at('2025-03-05T10:00:00', 'Axle plant: the enterprise sends the EIA approval');
  await drive.supplement(apps['Axle plant']!, { documents: [documentMeta('eia-approval', '环评批复.pdf')] });
  await at('2025-03-06T09:00:00', 'Axle plant accepted: its 15-working-day clock starts');
  await drive.decideIntake(apps['Axle plant']!, { outcome: 'accept' });
  await at(
    '2025-03-06T10:00:00',
    'Paint shop: housing refuses the construction permit (不予许可); the rest is cancelled',
  );
  await drive.decideReview(apps['Paint shop']!, 'construction', {
    outcome: 'reject',
    reason: '不符合消防设计要求 (fire safety design)',
  });

  await at('2025-03-07T10:00:00', 'approvals for Axle plant (planning) and Gearbox plant (construction)');
  await drive.decideReview(apps['Axle plant']!, 'land-use-planning', { outcome: 'approve' });
  await drive.decideReview(apps['Gearbox plant']!, 'construction', { outcome: 'approve' });

  await at(
    '2025-03-10T10:00:00',
    'Axle plant: housing asks for the drawing review (clock paused); Gearbox plant closes its gap',
  );
  await drive.decideReview(apps['Axle plant']!, 'construction', {
    outcome: 'request-supplement',
    missingItems: ['施工图审查合格书 (construction drawing review)'],
  });
  await drive.supplement(apps['Gearbox plant']!, {
    documents: [documentMeta('fire-safety-plan', '消防设计方案.pdf')],
    closesGaps: ['fire-safety-plan'],
  });
  await at('2025-03-11T10:00:00', 'Gearbox plant: the last approval; all permits issued together (同发)');
  await drive.decideReview(apps['Gearbox plant']!, 'real-estate-title', { outcome: 'approve' });

  await at('2025-03-13T10:00:00', 'Axle plant: the enterprise answers (clock runs again)');
  await drive.supplement(apps['Axle plant']!, {
    documents: [documentMeta('drawing-review', '施工图审查合格书.pdf')],
  });
  await at('2025-03-14T10:00:00', 'Axle plant: construction approved');
  await drive.decideReview(apps['Axle plant']!, 'construction', { outcome: 'approve' });
  await at(
    '2025-03-17T10:00:00',
    'Axle plant issued; the SLA sweeper escalates the overdue reviews of Coating line (督办)',
  );
  await drive.decideReview(apps['Axle plant']!, 'real-estate-title', { outcome: 'approve' });
  await drive.api.request('POST', '/local/sweep');

  await at('2025-03-25T10:00:00', 'Coating line finally approved and issued, past its limit');
  for (const permit of ['land-use-planning', 'construction', 'real-estate-title']) {
    await drive.decideReview(apps['Coating line']!, permit, { outcome: 'approve' });
  }

  await at(
    '2025-04-07T09:00:00',
    'standard land (标准地): two projects filed with signed commitments; one more application',
  );
  apps['Composite panels'] = await drive.file({
    projectName: 'Composite panels',
    as: actors.agent, // 全程代办: the agency officer files for the enterprise
    enterpriseId: 'ent-huadu-new-materials',
    track: 'standard-land',
    landAcquiredOn: '2025-04-03',
    parcel: parcelOf(huaduParcel),
    requiredPermits: ['land-use-planning', 'engineering-planning', 'construction'],
    commitment: huaduParcel.indicators,
    investmentYuan: 320_000_000,
  });
  apps['Battery line'] = await drive.file({
    projectName: 'Battery line',
    track: 'standard-land',
    landAcquiredOn: '2025-04-07',
    parcel: parcelOf(changchunParcel),
    commitment: changchunParcel.indicators,
  });
  apps['Smelter'] = await drive.file({ projectName: 'Smelter', as: actors.huadu });
  await at(
    '2025-04-07T11:00:00',
    'Smelter refused at the window (不予受理); both standard-land projects accepted',
  );
  await drive.decideIntake(apps['Smelter']!, { outcome: 'refuse', reason: '高耗能项目 (energy intensive)' });
  await drive.decideIntake(apps['Composite panels']!, { outcome: 'accept' });
  await drive.decideIntake(apps['Battery line']!, { outcome: 'accept' });
  await at('2025-04-09T10:00:00', 'Battery line: the one permit not on commitment approved; all issued');
  await drive.decideReview(apps['Battery line']!, 'real-estate-title', { outcome: 'approve' });

  await at('2025-05-06T10:00:00', 'Composite panels: commitment verified (承诺核查)');
  await drive.decideVerification(apps['Composite panels']!, { outcome: 'passed' });
  await at(
    '2025-05-20T10:00:00',
    'Battery line: verification failed; permits on commitment revoked, credit mark',
  );
  await drive.decideVerification(apps['Battery line']!, {
    outcome: 'failed',
    reason: '亩均税收未达承诺 (tax per mu below the commitment)',
  });
  return apps;
}

async function printSummary(drive: ApprovalDriver, apps: Apps): Promise<void> {
  const rows: string[][] = [['application', 'track', 'status', 'working days', 'paused', 'on time']];
  const details: ApplicationDetail[] = [];
  for (const [name, id] of Object.entries(apps)) {
    const detail = await drive.detail(id);
    details.push(detail);
    const { application } = detail;
    const sla = application.sla;
    rows.push([
      name,
      application.track,
      application.status,
      sla?.workingDaysUsed !== undefined ? `${sla.workingDaysUsed} / ${sla.limitWorkingDays}` : '—',
      sla?.pausedWorkingDays !== undefined && sla.workingDaysUsed !== undefined
        ? String(sla.pausedWorkingDays)
        : '—',
      sla?.onTime === undefined ? '—' : sla.onTime ? 'yes' : 'NO',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(
    '\nSLA summary (限时办结): working days used of the limit, days paused for supplements (补正)\n',
  );
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  const measured = details.filter((d) => d.application.sla?.onTime !== undefined);
  const onTime = measured.filter((d) => d.application.sla?.onTime).length;
  console.log(
    `\n${onTime} of ${measured.length} applications that reached an end on the clock were on time.`,
  );
}

async function finish(code: number): Promise<void> {
  await runtime?.stop();
  if (dataDir) {
    if (values.keep) console.log(`\nData kept in ${dataDir} (npm start -- --data-dir ${dataDir})`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(code);
}

main().then(
  () => finish(0),
  async (error: unknown) => {
    console.error('\nThe demo failed:', error instanceof Error ? error.message : error);
    if (runtime) console.error(`\nRuntime output:\n${runtime.output()}`);
    await finish(1);
  },
);
