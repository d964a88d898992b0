// One application: status, the live working-day countdown (refreshed every 30 s; paused intervals listed),
// steps, documents, permits and the timeline, with the form each role may act with right now: the
// enterprise's supplement answer (一次性告知 as a checklist), gap closure and commitment; the clerk's intake
// decision; a department officer's review decision and commitment verification.
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, downloadCsv, unwrap, type Schemas } from '../api.ts';
import { hasRole, session } from '../auth.ts';
import { committedIndicators, indicatorKeys } from '../commitment.ts';
import {
  DocumentUploader,
  DownloadButton,
  formatSize,
  tolerableKinds,
  useUploads,
  type DocumentList,
} from '../documents.tsx';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatRemaining,
  formatWorkingDays,
  formatYuan,
} from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href } from '../router.ts';
import {
  ClockCard,
  ErrorView,
  Field,
  FormError,
  Loading,
  Page,
  SlaMarker,
  StatusBadge,
  useLoad,
  useSubmit,
} from '../ui.tsx';

// 好差评 (issue 18): the rating card of a finished application, its own chunk.
const RatingCard = lazy(() => import('./ratings.tsx').then((m) => ({ default: m.RatingCard })));
const ratableStatuses: readonly string[] = ['issued', 'under-verification', 'verified', 'revoked', 'refused'];

type Detail = {
  application: Schemas['Application'];
  steps: Schemas['Step'][];
  timeline: Schemas['AuditEvent'][];
  deadlines: {
    application: Schemas['ClockReading'] | null;
    steps: { stepId: string; clock: Schemas['ClockReading'] }[];
  };
};

const refreshMs = 30_000;

export function ApplicationDetail(props: { applicationId: string }) {
  const detail = useLoad(
    () =>
      unwrap(
        api.GET('/applications/{applicationId}', {
          params: { path: { applicationId: props.applicationId } },
        }),
      ) as Promise<Detail>,
    [props.applicationId],
  );
  // Live: the countdown follows the clock (and pauses) without a reload of the page.
  const waiting = detail.data?.steps.length === 0;
  useEffect(() => {
    const timer = setInterval(detail.reload, waiting ? 2_000 : refreshMs);
    return () => clearInterval(timer);
  }, [detail.reload, waiting]);

  const [notice, setNotice] = useState<string>();
  const acted = () => {
    setNotice(t('decided'));
    detail.reload();
  };
  if (detail.error) return <ErrorView error={detail.error} onRetry={detail.reload} />;
  if (!detail.data)
    return (
      <Page title={t('detail')}>
        <Loading />
      </Page>
    );
  const { application, steps, timeline, deadlines } = detail.data;
  const clockOf = (stepId: string) => deadlines.steps.find((s) => s.stepId === stepId)?.clock;
  const open = steps.filter((s) => s.status === 'open');
  const principal = session()?.principal;
  const enterpriseSide = hasRole('enterprise') || hasRole('agency-officer');
  const onBehalfOf = hasRole('agency-officer') ? application.enterpriseId : undefined;
  const supplementStep = open.find(
    (s) => s.kind === 'enterprise-supplement' || s.kind === 'review-supplement',
  );
  const gapStep = open.find((s) => s.kind === 'gap-closure');
  const openGaps = (application.toleratedGaps ?? []).filter((g) => !g.closedAt);
  const intakeStep = open.find((s) => s.kind === 'intake');
  const mine = (s: Schemas['Step']) =>
    hasRole('department-officer') && s.department === principal?.department;
  const reviewSteps = open.filter((s) => s.kind === 'review' && mine(s));
  const verificationStep = open.find((s) => s.kind === 'verification' && mine(s));
  const sla = application.sla;
  const deciding = Boolean(
    (hasRole('window-clerk') && intakeStep) || reviewSteps.length > 0 || verificationStep,
  );
  const documentsCard = (
    <section class="card" aria-labelledby="docs-title">
      <h2 id="docs-title">{t('documents')}</h2>
      <Documents application={application} refreshKey={timeline.length} />
      {openGaps.length > 0 || (application.toleratedGaps ?? []).length > 0 ? (
        <>
          <h3>{t('gaps')}</h3>
          <ul>
            {(application.toleratedGaps ?? []).map((g) => (
              <li key={g.documentKind}>
                {tx('doc', g.documentKind)} · {t('gapDue')} {formatCalendarDate(g.dueOn)}
                {g.closedAt ? ` · ${t('gapClosed')}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="summary">
        <dt>{t('investment')}</dt>
        <dd>{formatYuan(application.investmentYuan)}</dd>
        <dt>{t('location')}</dt>
        <dd>
          {application.landParcel.parcelId} · {application.landParcel.location} ·{' '}
          {application.landParcel.areaMu} 亩
        </dd>
        {application.commitment ? (
          <>
            <dt>{t('commitmentSigned')}</dt>
            <dd>{formatDate(application.commitment.signedAt)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );

  return (
    <Page title={application.projectName} actions={<StatusBadge status={application.status} />}>
      <p class="subtitle">
        {t('applicationId')} <code>{application.applicationId}</code> · {application.enterpriseId} ·{' '}
        {tx('track', application.track)} · {t('receivedAt')} {formatDate(application.receivedAt)}
        <span class="live" aria-hidden="true">
          {' '}
          · {t('liveUpdated')}
        </span>
      </p>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {detail.loading ? (
        <span class="sr-only" role="status">
          {t('loading')}
        </span>
      ) : null}

      <div class="grid">
        <ClockCard
          clock={deadlines.application}
          title={`${t('deadline')} · ${tx('track', application.track)}`}
        />
        {application.permits?.length ? (
          <section class="card" aria-labelledby="permits-title">
            <h3 id="permits-title">{t('permits')}</h3>
            {sla?.workingDaysUsed !== undefined ? (
              <p class="used-days">
                {t('workingDaysUsed')}: <strong>{formatWorkingDays(sla.workingDaysUsed)}</strong> /{' '}
                {formatWorkingDays(sla.limitWorkingDays)}{' '}
                {sla.onTime === undefined ? null : (
                  <span class={`badge ${sla.onTime ? 'ok' : 'bad'}`}>
                    {sla.onTime ? t('onTime') : t('late')}
                  </span>
                )}
                {sla.pausedWorkingDays ? ` · ${t('paused')} ${formatWorkingDays(sla.pausedWorkingDays)}` : ''}
              </p>
            ) : null}
            <ul class="permits">
              {application.permits.map((p) => (
                <li key={p.permitType} class={p.revokedAt ? 'revoked' : ''}>
                  <strong>{tx('permit', p.permitType)}</strong>
                  <span>
                    {t('certificateNo')} <code>{p.certificateNo}</code>
                  </span>
                  <span class="muted">
                    {formatDate(p.issuedAt)} · {t('basis')} {tx('basis', p.basis)}
                    {p.revokedAt ? ` · ${tx('st', 'revoked')} ${formatDate(p.revokedAt)}` : ''}
                  </span>
                  <span class="permit-actions">
                    <DownloadButton
                      label={`${t('downloadCertificate')}`}
                      srLabel={p.certificateNo}
                      getTicket={() =>
                        unwrap(
                          api.GET('/applications/{applicationId}/permits/{certificateNo}/certificate', {
                            params: {
                              path: {
                                applicationId: application.applicationId,
                                certificateNo: p.certificateNo,
                              },
                            },
                          }),
                        )
                      }
                    />
                    <a href={href(`/verify/${encodeURIComponent(p.certificateNo)}`)}>
                      {t('verifyCertificate')}
                      <span class="sr-only"> {p.certificateNo}</span>
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>

      {enterpriseSide && supplementStep ? (
        <SupplementForm
          application={application}
          step={supplementStep}
          steps={steps}
          onDone={acted}
          onBehalfOf={onBehalfOf}
        />
      ) : null}
      {enterpriseSide && gapStep && !supplementStep ? (
        <GapForm application={application} gaps={openGaps} stepId={gapStep.stepId} onDone={acted} />
      ) : null}
      {enterpriseSide && !gapStep && !supplementStep && !closedStatuses.includes(application.status) ? (
        // Documents may be added at any time until the application closes; tolerated ones (容缺) are
        // confirmed as supplied when the gap-closure step opens (the API refuses it earlier).
        <UploadMore application={application} openGaps={openGaps.length > 0} onAttached={detail.reload} />
      ) : null}
      {enterpriseSide &&
      application.track === 'standard-land' &&
      !application.commitment &&
      ['submitted', 'supplement-requested', 'accepted'].includes(application.status) ? (
        <CommitmentForm application={application} onDone={acted} />
      ) : null}
      {(enterpriseSide || hasRole('administrator')) && ratableStatuses.includes(application.status) ? (
        <Suspense fallback={<Loading />}>
          <RatingCard
            applicationId={application.applicationId}
            departments={application.departments ?? []}
            onRated={detail.reload}
          />
        </Suspense>
      ) : null}
      {deciding ? (
        // The clerk's and the departments' decisions are made with the documents beside the form.
        <div class="grid decide">
          <div>
            {hasRole('window-clerk') && intakeStep ? (
              <IntakeForm application={application} onDone={acted} />
            ) : null}
            {reviewSteps.map((s) => (
              <ReviewForm key={s.stepId} application={application} step={s} onDone={acted} />
            ))}
            {verificationStep ? <VerificationForm application={application} onDone={acted} /> : null}
          </div>
          {documentsCard}
        </div>
      ) : null}

      <section class="card" aria-labelledby="steps-title">
        <h2 id="steps-title">{t('steps')}</h2>
        {/* Just filed: the workflow opens the first step within moments (the page looks again in 2 s). */}
        {steps.length === 0 ? <Loading /> : null}
        <div class="table-wrap" tabIndex={0} hidden={steps.length === 0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('step')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('daysLeft')}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => {
                const clock = clockOf(s.stepId);
                return (
                  <tr key={s.stepId}>
                    <td>
                      {tx('kind', s.kind)}
                      {s.permitType ? ` · ${tx('permit', s.permitType)}` : ''}
                    </td>
                    <td>{tx('dept', s.department)}</td>
                    <td>
                      {tx('step', s.status)}
                      {s.decision ? ` · ${tx('out', s.decision.outcome)}` : ''}
                    </td>
                    <td>{clock ? formatCalendarDate(clock.dueOn) : '—'}</td>
                    <td>
                      {s.status === 'open' && clock?.paused ? (
                        // A paused clock is neither on track nor late: no colour, the word says it.
                        <span class="sla sla-paused">
                          <span class="dot" aria-hidden="true" />
                          {t('paused')}
                        </span>
                      ) : s.status === 'open' && clock ? (
                        <>
                          <SlaMarker status={clock.status} /> {formatRemaining(clock.remainingDays)}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <div class="grid">
        {deciding ? null : documentsCard}
        <section class="card" aria-labelledby="timeline-title">
          <div class="section-head">
            <h2 id="timeline-title">{t('timeline')}</h2>
            {hasRole('administrator') ? (
              <button
                type="button"
                onClick={() =>
                  void downloadCsv(
                    `/admin/applications/${encodeURIComponent(application.applicationId)}/timeline`,
                    {},
                    `timeline-${application.applicationId}.csv`,
                  )
                }
              >
                {t('timelineCsv')}
              </button>
            ) : null}
          </div>
          <ol class="timeline">
            {[...timeline].reverse().map((event) => (
              <li key={event.eventId}>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                <span>
                  {tx('ev', event.type)}
                  {event.stepId ? stepLabel(steps, event.stepId) : ''}
                  {event.actor
                    ? ` · ${event.actor.role === 'system' ? t('system') : event.actor.userId}`
                    : ''}
                  {event.onBehalfOf ? ` (${t('onBehalfOf')} ${event.onBehalfOf})` : ''}
                  {/* Who holds the step after an assignment event (issue 14). */}
                  {event.type.startsWith('step-') && typeof event.detail.to === 'string'
                    ? ` → ${event.detail.to}`
                    : ''}
                  {typeof event.detail.reason === 'string' && event.detail.reason
                    ? ` · ${event.detail.reason}`
                    : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </Page>
  );
}

/** ` · 部门审查 · 建筑工程施工许可证`: which step an event is about. */
function stepLabel(steps: Schemas['Step'][], stepId: string): string {
  const step = steps.find((s) => s.stepId === stepId);
  if (!step) return '';
  return ` · ${tx('kind', step.kind)}${step.permitType ? ` · ${tx('permit', step.permitType)}` : ''}`;
}

/** The missing items of the supplement request this step answers: the latest request's complete list. */
function requestedItems(steps: Schemas['Step'][]): string[] {
  const requests = steps
    .filter((s) => s.decision?.outcome === 'supplement-requested' && s.decision.missingItems)
    .sort((a, b) => (a.decision!.decidedAt < b.decision!.decidedAt ? 1 : -1));
  return requests[0]?.decision?.missingItems ?? [];
}

/** Where the enterprise adds no more documents on its own (the API still takes them while verification runs). */
const closedStatuses: readonly string[] = ['issued', 'refused', 'failed', 'verified', 'revoked'];

/** Adds documents to an application outside a supplement request: each uploaded and checked, then listed. */
function UploadMore(props: {
  application: Schemas['Application'];
  openGaps: boolean;
  onAttached: () => void;
}) {
  const uploads = useUploads();
  const [failed, setFailed] = useState(false);
  const pending = uploads.items.some((i) => i.sha256 && !i.attached);
  return (
    <form
      class="card action"
      aria-labelledby="upload-more-title"
      onSubmit={(e) => {
        e.preventDefault();
        setFailed(false);
        void uploads.uploadAll(props.application.applicationId).then((attached) => {
          if (attached) props.onAttached();
          else setFailed(true);
        });
      }}
    >
      <h2 id="upload-more-title">{t('uploadMoreTitle')}</h2>
      {props.openGaps ? <p class="hint">{t('gapsLater')}</p> : null}
      <DocumentUploader idPrefix="more" uploads={uploads} />
      {failed ? (
        <p class="form-error" role="alert">
          {t('uploadsFailed')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={uploads.busy || !pending}>
          {t('uploadFiles')}
        </button>
      </div>
    </form>
  );
}

/** Uploads a form's files to the application; their metadata, or an error when one was refused (shown by it). */
async function uploadedOrThrow(applicationId: string, uploads: ReturnType<typeof useUploads>) {
  const attached = await uploads.uploadAll(applicationId);
  if (!attached) throw new ApiError(0, 'UPLOADS_FAILED', t('uploadsFailed'));
  // From what the API attached (the form's own item list is a render behind).
  return attached.map(({ documentId, kind, name, sizeBytes, sha256 }) => ({
    documentId,
    kind,
    name,
    sizeBytes,
    sha256,
  }));
}

/**
 * The application's documents as the documents service keeps them: each with its versions (newest first) and
 * a download of each confirmed one; files declared at filing but never uploaded are listed as such.
 */
function Documents(props: { application: Schemas['Application']; refreshKey: number }) {
  const id = props.application.applicationId;
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/applications/{applicationId}/documents', { params: { path: { applicationId: id } } }),
      ) as Promise<DocumentList>,
    [id, props.refreshKey],
  );
  if (list.error) return <ErrorView error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const documents = list.data.documents;
  const uploaded = new Set(documents.flatMap((d) => d.versions.map((v) => v.sha256)));
  const declaredOnly = props.application.documents.filter((d) => !uploaded.has(d.sha256));
  if (documents.length === 0 && declaredOnly.length === 0) return <p class="empty">{t('noDocuments')}</p>;
  return (
    <ul class="doc-list">
      {documents.map((d) => {
        const versions = [...d.versions].sort((a, b) => b.version - a.version);
        const shown = versions.find((v) => v.version === d.current) ?? versions[0]!;
        return (
          <li key={d.documentId} class="document">
            <span class="doc-kind">{tx('doc', d.kind)}</span> {shown.name}{' '}
            <span class="muted">
              ({formatSize(shown.sizeBytes)} · {t('versionN', { n: shown.version })}
              {shown.status === 'pending' ? ` · ${t('pendingUpload')}` : ''})
            </span>{' '}
            {shown.status === 'confirmed' ? (
              <DownloadButton
                label={t('download')}
                srLabel={shown.name}
                getTicket={() => downloadTicket(id, d.documentId, shown.version)}
              />
            ) : null}
            {versions.length > 1 ? (
              <details>
                <summary>
                  {t('versionsOf')} ({versions.length})
                </summary>
                <ul>
                  {versions.map((v) => (
                    <li key={v.version}>
                      {t('versionN', { n: v.version })} · {v.name} · {formatDate(v.declaredAt)}{' '}
                      <code title={v.sha256}>{v.sha256.slice(0, 12)}</code>{' '}
                      {v.status === 'confirmed' ? (
                        <DownloadButton
                          label={t('download')}
                          srLabel={`${v.name} ${t('versionN', { n: v.version })}`}
                          getTicket={() => downloadTicket(id, d.documentId, v.version)}
                        />
                      ) : (
                        t('pendingUpload')
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
      {declaredOnly.map((d) => (
        <li key={d.documentId} class="document declared">
          <span class="doc-kind">{tx('doc', d.kind)}</span> {d.name}{' '}
          <span class="muted">
            ({formatSize(d.sizeBytes)} · {t('notUploaded')})
          </span>
        </li>
      ))}
    </ul>
  );
}

function downloadTicket(applicationId: string, documentId: string, version: number) {
  return unwrap(
    api.GET('/applications/{applicationId}/documents/{documentId}/download', {
      params: { path: { applicationId, documentId }, query: { version: String(version) } },
    }),
  );
}

function SupplementForm(props: {
  application: Schemas['Application'];
  step: Schemas['Step'];
  steps: Schemas['Step'][];
  onDone: () => void;
  onBehalfOf: string | undefined;
}) {
  const items = requestedItems(props.steps);
  const [checked, setChecked] = useState<boolean[]>(() => items.map(() => false));
  const uploads = useUploads();
  const [notice, setNotice] = useState<string>();
  const submit = useSubmit(props.onDone);
  void props.onBehalfOf;
  return (
    <form
      class="card action"
      aria-labelledby="supplement-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.some((c) => !c)) return setNotice(t('supplementAllChecked'));
        setNotice(undefined);
        void submit.run(async (key) => {
          // The files first (each with its bar; a refused one keeps its note), then the answer naming them.
          const documents = await uploadedOrThrow(props.application.applicationId, uploads);
          return unwrap(
            api.POST('/applications/{applicationId}/supplement', {
              params: {
                path: { applicationId: props.application.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: { stepId: props.step.stepId, documents },
            }),
          );
        });
      }}
    >
      <h2 id="supplement-title">{t('supplementTitle')}</h2>
      <p class="hint">{t('supplementIntro')}</p>
      <fieldset>
        <legend>{tx('kind', props.step.kind)}</legend>
        <ul class="checklist">
          {items.map((item, i) => (
            <li key={item}>
              <label class="choice">
                <input
                  type="checkbox"
                  checked={checked[i]}
                  onChange={(e) =>
                    setChecked(checked.map((c, j) => (j === i ? (e.target as HTMLInputElement).checked : c)))
                  }
                />
                <span>{item}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {notice ? (
        <p class="field-error" role="alert">
          {notice}
        </p>
      ) : null}
      <DocumentUploader idPrefix="supplement" uploads={uploads} error={submit.errors.documents} />
      <FormError error={submit.failure} shown={['documents']} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy || uploads.busy}>
          {t('answerSupplement')}
        </button>
      </div>
    </form>
  );
}

function GapForm(props: {
  application: Schemas['Application'];
  gaps: { documentKind: string; dueOn: string }[];
  stepId: string | undefined;
  onDone: () => void;
}) {
  const uploads = useUploads();
  const submit = useSubmit(props.onDone);
  const kinds = props.gaps.map((g) => g.documentKind);
  if (kinds.length === 0) return null;
  return (
    <form
      class="card action"
      aria-labelledby="gaps-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async (key) => {
          const documents = await uploadedOrThrow(props.application.applicationId, uploads);
          const closes = [...new Set(documents.map((d) => d.kind).filter((k) => kinds.includes(k)))];
          return unwrap(
            api.POST('/applications/{applicationId}/supplement', {
              params: {
                path: { applicationId: props.application.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: {
                ...(props.stepId ? { stepId: props.stepId } : {}),
                documents,
                ...(closes.length ? { closesGaps: closes } : {}),
              },
            }),
          );
        });
      }}
    >
      <h2 id="gaps-title">{t('closeGapsTitle')}</h2>
      <ul>
        {props.gaps.map((g) => (
          <li key={g.documentKind}>
            {tx('doc', g.documentKind)} · {t('gapDue')} {formatCalendarDate(g.dueOn)}
          </li>
        ))}
      </ul>
      <DocumentUploader
        idPrefix="gaps"
        kinds={kinds}
        uploads={uploads}
        error={submit.errors.closesGaps ?? submit.errors.documents}
      />
      <FormError error={submit.failure} shown={['closesGaps', 'documents']} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy || uploads.busy}>
          {t('closeGaps')}
        </button>
      </div>
    </form>
  );
}

function CommitmentForm(props: { application: Schemas['Application']; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const submit = useSubmit(props.onDone);
  return (
    <form
      class="card action"
      aria-labelledby="commitment-title"
      onSubmit={(e) => {
        e.preventDefault();
        const indicators = committedIndicators(values);
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/commitment', {
              params: {
                path: { applicationId: props.application.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: { indicators },
            }),
          ),
        );
      }}
    >
      <h2 id="commitment-title">{t('commitmentTitle')}</h2>
      <p class="hint">{t('commitmentIntro')}</p>
      {indicatorKeys.map((k) => (
        <Field key={k} id={`sign-${k}`} label={tx('ind', k)} error={submit.errors[`indicators.${k}`]}>
          {(a) => (
            <input
              {...a}
              inputMode="decimal"
              value={values[k] ?? ''}
              onInput={(e) => setValues({ ...values, [k]: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
      ))}
      <FormError error={submit.failure} shown={indicatorKeys.map((k) => `indicators.${k}`)} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('signCommitment')}
        </button>
      </div>
    </form>
  );
}

type IntakeOutcome = 'accept' | 'accept-with-gaps' | 'request-supplement' | 'refuse';

function IntakeForm(props: { application: Schemas['Application']; onDone: () => void }) {
  const [outcome, setOutcome] = useState<IntakeOutcome>('accept');
  const [missing, setMissing] = useState('');
  const [reason, setReason] = useState('');
  const [gaps, setGaps] = useState([{ documentKind: tolerableKinds[0]!, dueOn: '' }]);
  const submit = useSubmit(props.onDone);
  const lines = missing
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <form
      class="card action"
      aria-labelledby="intake-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/intake-decision', {
              params: {
                path: { applicationId: props.application.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: {
                outcome,
                ...(outcome === 'request-supplement' ? { missingItems: lines } : {}),
                ...(outcome === 'refuse' ? { reason } : {}),
                ...(outcome === 'accept-with-gaps' ? { gaps } : {}),
                expectedVersion: props.application.version,
              },
            }),
          ),
        );
      }}
    >
      <h2 id="intake-title">{t('intakeDecision')}</h2>
      <OutcomeChoices
        name="intake-outcome"
        options={['accept', 'accept-with-gaps', 'request-supplement', 'refuse'] as const}
        words="intake"
        value={outcome}
        onChange={setOutcome}
      />
      {outcome === 'request-supplement' ? (
        <Field
          id="intake-missing"
          label={t('missingItems')}
          error={
            submit.errors.missingItems ??
            Object.entries(submit.errors).find(([p]) => p.startsWith('missingItems'))?.[1]
          }
        >
          {(a) => (
            <textarea
              {...a}
              rows={4}
              value={missing}
              onInput={(e) => setMissing((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      {outcome === 'refuse' ? (
        <Field id="intake-reason" label={t('reason')} error={submit.errors.reason}>
          {(a) => (
            <textarea
              {...a}
              rows={3}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      {outcome === 'accept-with-gaps' ? (
        <fieldset>
          <legend>{t('gaps')}</legend>
          {gaps.map((g, i) => (
            <div class="row" key={i}>
              <Field
                id={`gap-${i}-kind`}
                label={t('documentKind')}
                error={submit.errors[`gaps.${i}.documentKind`]}
              >
                {(a) => (
                  <select
                    {...a}
                    value={g.documentKind}
                    onChange={(e) =>
                      setGaps(
                        gaps.map((x, j) =>
                          j === i ? { ...x, documentKind: (e.target as HTMLSelectElement).value } : x,
                        ),
                      )
                    }
                  >
                    {tolerableKinds.map((k) => (
                      <option key={k} value={k}>
                        {tx('doc', k)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={`gap-${i}-due`} label={t('gapDue')} error={submit.errors[`gaps.${i}.dueOn`]}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    value={g.dueOn}
                    onInput={(e) =>
                      setGaps(
                        gaps.map((x, j) =>
                          j === i ? { ...x, dueOn: (e.target as HTMLInputElement).value } : x,
                        ),
                      )
                    }
                  />
                )}
              </Field>
              <button type="button" class="link" onClick={() => setGaps(gaps.filter((_, j) => j !== i))}>
                {t('removeGap')}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => setGaps([...gaps, { documentKind: tolerableKinds[1]!, dueOn: '' }])}
          >
            {t('addGap')}
          </button>
        </fieldset>
      ) : null}
      <FormError
        error={submit.failure}
        shown={Object.keys(submit.errors).filter((p) => /^(missingItems|reason|gaps\.\d+\.)/.test(p))}
      />
      {submit.done && !submit.failure ? (
        <p role="status" class="ok-text">
          {t('decided')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('decide')}
        </button>
      </div>
    </form>
  );
}

type ReviewOutcome = 'approve' | 'request-supplement' | 'reject';

function ReviewForm(props: {
  application: Schemas['Application'];
  step: Schemas['Step'];
  onDone: () => void;
}) {
  const [outcome, setOutcome] = useState<ReviewOutcome>('approve');
  const [missing, setMissing] = useState('');
  const [reason, setReason] = useState('');
  const submit = useSubmit(props.onDone);
  const id = props.step.stepId;
  return (
    <form
      class="card action"
      aria-labelledby={`review-${id}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/steps/{stepId}/decision', {
              params: {
                path: { applicationId: props.application.applicationId, stepId: id },
                header: { 'Idempotency-Key': key },
              },
              body: {
                outcome,
                ...(outcome === 'request-supplement'
                  ? {
                      missingItems: missing
                        .split('\n')
                        .map((l) => l.trim())
                        .filter(Boolean),
                    }
                  : {}),
                ...(outcome === 'reject' ? { reason } : {}),
              },
            }),
          ),
        );
      }}
    >
      <h2 id={`review-${id}`}>
        {t('reviewDecision')} · {props.step.permitType ? tx('permit', props.step.permitType) : ''}
      </h2>
      <OutcomeChoices
        name={`review-outcome-${id}`}
        options={['approve', 'request-supplement', 'reject'] as const}
        words="review"
        value={outcome}
        onChange={setOutcome}
      />
      {outcome === 'request-supplement' ? (
        <Field id={`review-missing-${id}`} label={t('missingItems')} error={submit.errors.missingItems}>
          {(a) => (
            <textarea
              {...a}
              rows={4}
              value={missing}
              onInput={(e) => setMissing((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      {outcome === 'reject' ? (
        <Field id={`review-reason-${id}`} label={t('reason')} error={submit.errors.reason}>
          {(a) => (
            <textarea
              {...a}
              rows={3}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      <FormError error={submit.failure} shown={['missingItems', 'reason']} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('decide')}
        </button>
      </div>
    </form>
  );
}

function VerificationForm(props: { application: Schemas['Application']; onDone: () => void }) {
  const [outcome, setOutcome] = useState<'passed' | 'failed'>('passed');
  const [reason, setReason] = useState('');
  const submit = useSubmit(props.onDone);
  return (
    <form
      class="card action"
      aria-labelledby="verify-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/verification-decision', {
              params: {
                path: { applicationId: props.application.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: { outcome, ...(outcome === 'failed' ? { reason } : {}) },
            }),
          ),
        );
      }}
    >
      <h2 id="verify-title">{t('verificationDecision')}</h2>
      <OutcomeChoices
        name="verify-outcome"
        options={['passed', 'failed'] as const}
        words="verify"
        value={outcome}
        onChange={setOutcome}
      />
      {outcome === 'failed' ? (
        <Field id="verify-reason" label={t('reason')} error={submit.errors.reason}>
          {(a) => (
            <textarea
              {...a}
              rows={3}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          )}
        </Field>
      ) : null}
      <FormError error={submit.failure} shown={['reason']} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('decide')}
        </button>
      </div>
    </form>
  );
}

/** A decision's outcome as radio buttons (每个决定一组): the options in order, each worded by `words.<option>`. */
function OutcomeChoices<T extends string>(props: {
  name: string;
  options: readonly T[];
  words: string;
  value: T;
  onChange: (outcome: T) => void;
}) {
  return (
    <fieldset>
      <legend>{t('outcome')}</legend>
      {props.options.map((o) => (
        <label class="choice" key={o}>
          <input
            type="radio"
            name={props.name}
            value={o}
            checked={props.value === o}
            onChange={() => props.onChange(o)}
          />
          <span>{tx(props.words, o)}</span>
        </label>
      ))}
    </fieldset>
  );
}
