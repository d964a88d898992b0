// Filing an application in guided steps: project, land and track, permits (五证联办), documents, then the
// commitment (standard land, 承诺制) and a review before submitting. A field the API refuses is shown next to
// the field, on the step that holds it. The chosen files are hashed at once and declared with the filing;
// once the application exists they are uploaded to it, each with its progress bar (documents belong to an
// application: services/documents/README.md). The documents step lists the materials the selected permits'
// guides (办事指南) ask for, and offers their kinds (filing-checklist.tsx).
import { useState } from 'preact/hooks';
import { ApiError, api, idempotencyKey, unwrap } from '../api.ts';
import { actingFor, hasRole } from '../auth.ts';
import { alwaysControlled, committedIndicators, indicatorKeys } from '../commitment.ts';
import { DocumentUploader, documentKinds, metaOf, useUploads } from '../documents.tsx';
import { FilingChecklist, checklistOf, useGuidesOf } from '../filing-checklist.tsx';
import { formatCalendarDate, formatYuan } from '../format.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { Field, FormError, Loading, Page } from '../ui.tsx';

const permitTypes = [
  'land-use-planning',
  'engineering-planning',
  'construction',
  'real-estate-title',
  'land-use-approval',
] as const;
type PermitType = (typeof permitTypes)[number];

const wizardSteps: MessageKey[] = [
  'stepProject',
  'stepLand',
  'stepPermits',
  'stepDocuments',
  'stepCommitment',
];

/** Which wizard step holds a field path the API names. */
function stepOfPath(path: string): number {
  if (/^(projectName|projectType|investmentYuan|enterpriseId)/.test(path)) return 0;
  if (/^(track|landParcel|landAcquiredOn)/.test(path)) return 1;
  if (path.startsWith('requiredPermits')) return 2;
  if (path.startsWith('documents')) return 3;
  return 4;
}

export function NewApplication() {
  const [step, setStep] = useState(0);
  const [key] = useState(idempotencyKey);
  const [form, setForm] = useState({
    projectName: '',
    projectType: 'industrial-plant',
    investmentYuan: '',
    track: 'regular' as 'regular' | 'standard-land',
    parcelId: '',
    areaMu: '',
    location: '',
    landAcquiredOn: '',
    permits: [
      'land-use-planning',
      'engineering-planning',
      'construction',
      'real-estate-title',
    ] as PermitType[],
    indicators: Object.fromEntries(indicatorKeys.map((k) => [k, ''])) as Record<string, string>,
  });
  const uploads = useUploads();
  /** Set once the application exists: the wizard then shows its documents uploading. */
  const [filedId, setFiledId] = useState<string>();
  const [uploadsFailed, setUploadsFailed] = useState(false);
  // The declared list names each distinct file once (the same file chosen twice is one document).
  const documents = [
    ...new Map(
      uploads.items.filter((i) => i.sha256 !== undefined).map((i) => [i.sha256, metaOf(i)]),
    ).values(),
  ];
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const standardLand = form.track === 'standard-land';
  // The materials checklist (材料清单) from the selected permits' guides, read from the documents step on; the
  // kinds offered are its kinds, or the portal's fallback list when the guides cannot be read.
  const guides = useGuidesOf(
    permitTypes.filter((p) => form.permits.includes(p)),
    step >= 3,
  );
  const checklist = guides.data ? checklistOf(guides.data) : undefined;
  const kinds = checklist
    ? [...checklist.map((item) => item.kind).filter((k) => k !== 'other'), 'other']
    : documentKinds;

  /** The checks a person expects before moving on; the API checks everything again. */
  const localErrors = (index: number): Record<string, string> => {
    const found: Record<string, string> = {};
    const required = (path: string, value: string) => {
      if (!value.trim()) found[path] = t('requiredField');
    };
    if (index === 0) {
      required('projectName', form.projectName);
      required('investmentYuan', form.investmentYuan);
    }
    if (index === 1) {
      required('landParcel.parcelId', form.parcelId);
      required('landParcel.areaMu', form.areaMu);
      required('landParcel.location', form.location);
      if (standardLand) required('landAcquiredOn', form.landAcquiredOn);
    }
    if (index === 2 && form.permits.length === 0) found.requiredPermits = t('requiredField');
    if (index === 4 && standardLand)
      for (const k of alwaysControlled) required(`commitment.indicators.${k}`, form.indicators[k]!);
    return found;
  };

  const goNext = (event: Event) => {
    event.preventDefault();
    const found = localErrors(step);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstError();
    if (step < wizardSteps.length - 1) setStep(step + 1);
    else void submit();
  };

  const submit = async () => {
    setBusy(true);
    setFailure(undefined);
    const enterpriseId = hasRole('agency-officer') ? actingFor() : undefined;
    try {
      const created = await unwrap(
        api.POST('/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            projectName: form.projectName.trim(),
            projectType: form.projectType,
            track: form.track,
            landParcel: {
              parcelId: form.parcelId.trim(),
              areaMu: Number(form.areaMu),
              location: form.location.trim(),
            },
            ...(standardLand && form.landAcquiredOn ? { landAcquiredOn: form.landAcquiredOn } : {}),
            investmentYuan: Number(form.investmentYuan),
            requiredPermits: form.permits,
            documents,
            ...(standardLand
              ? {
                  commitment: { indicators: committedIndicators(form.indicators) },
                }
              : {}),
            ...(enterpriseId ? { enterpriseId } : {}),
          },
        }),
      );
      setFiledId(created.applicationId);
      await uploadThenOpen(created.applicationId);
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        const paths = Object.keys(fields);
        if (paths.length > 0) setStep(Math.min(...paths.map(stepOfPath)));
        focusFirstError();
      }
    } finally {
      setBusy(false);
    }
  };

  async function uploadThenOpen(applicationId: string) {
    setUploadsFailed(false);
    const attached = await uploads.uploadAll(applicationId);
    if (attached) navigate(`/applications/${applicationId}`);
    else setUploadsFailed(true);
  }

  const e = (path: string) => errors[path];
  if (filedId)
    return (
      <Page title={t('uploadingTitle')}>
        <section class="card" aria-labelledby="uploading-title">
          <h2 id="uploading-title">{t('documents')}</h2>
          <p class="hint">{t('uploadingIntro', { id: filedId })}</p>
          <DocumentUploader idPrefix="filing" uploads={uploads} kinds={kinds} />
          {uploadsFailed ? (
            <p class="form-error" role="alert">
              {t('uploadsFailed')}
            </p>
          ) : null}
          <div class="buttons">
            <a class="button" href={href(`/applications/${filedId}`)}>
              {t('goToApplication')}
            </a>
            {uploadsFailed ? (
              <button
                type="button"
                class="primary"
                disabled={uploads.busy}
                onClick={() => void uploadThenOpen(filedId)}
              >
                {t('retryUploads')}
              </button>
            ) : null}
          </div>
        </section>
      </Page>
    );
  return (
    <Page title={t('newApplication')}>
      <ol class="stepper" aria-label={t('newApplication')}>
        {wizardSteps.map((label, i) => (
          <li
            key={label}
            class={i === step ? 'current' : i < step ? 'done' : ''}
            aria-current={i === step ? 'step' : undefined}
          >
            <span class="num" aria-hidden="true">
              {i + 1}
            </span>
            {t(label)}
          </li>
        ))}
      </ol>
      <form class="card" onSubmit={goNext} noValidate>
        <h2>
          {t(wizardSteps[step]!)}{' '}
          <span class="muted small">{t('stepOf', { n: step + 1, total: wizardSteps.length })}</span>
        </h2>
        {step === 0 ? (
          <>
            <Field id="projectName" label={t('projectName')} error={e('projectName')}>
              {(a) => (
                <input
                  {...a}
                  value={form.projectName}
                  maxLength={200}
                  onInput={(ev) => set({ projectName: (ev.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id="projectType" label={t('projectType')} error={e('projectType')}>
              {(a) => (
                <select
                  {...a}
                  value={form.projectType}
                  onChange={(ev) => set({ projectType: (ev.target as HTMLSelectElement).value })}
                >
                  <option value="industrial-plant">工业厂房 industrial plant</option>
                  <option value="warehouse">仓储物流 warehouse</option>
                  <option value="research-facility">研发设施 research facility</option>
                </select>
              )}
            </Field>
            <Field id="investmentYuan" label={t('investment')} error={e('investmentYuan')}>
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  value={form.investmentYuan}
                  onInput={(ev) => set({ investmentYuan: (ev.target as HTMLInputElement).value })}
                />
              )}
            </Field>
          </>
        ) : null}
        {step === 1 ? (
          <>
            <fieldset>
              <legend>{t('track')}</legend>
              {(['regular', 'standard-land'] as const).map((track) => (
                <label class="choice" key={track}>
                  <input
                    type="radio"
                    name="track"
                    value={track}
                    checked={form.track === track}
                    onChange={() => set({ track })}
                  />
                  <span>{tx('track', track)}</span>
                </label>
              ))}
            </fieldset>
            <Field id="parcelId" label={t('parcelId')} error={e('landParcel.parcelId')}>
              {(a) => (
                <input
                  {...a}
                  value={form.parcelId}
                  onInput={(ev) => set({ parcelId: (ev.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id="areaMu" label={t('areaMu')} error={e('landParcel.areaMu')}>
              {(a) => (
                <input
                  {...a}
                  inputMode="decimal"
                  value={form.areaMu}
                  onInput={(ev) => set({ areaMu: (ev.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id="location" label={t('location')} error={e('landParcel.location')}>
              {(a) => (
                <input
                  {...a}
                  value={form.location}
                  onInput={(ev) => set({ location: (ev.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            {standardLand ? (
              <Field id="landAcquiredOn" label={t('landAcquiredOn')} error={e('landAcquiredOn')}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    value={form.landAcquiredOn}
                    onInput={(ev) => set({ landAcquiredOn: (ev.target as HTMLInputElement).value })}
                  />
                )}
              </Field>
            ) : null}
          </>
        ) : null}
        {step === 2 ? (
          <fieldset aria-describedby={e('requiredPermits') ? 'permits-error' : 'permits-hint'}>
            <legend>{t('stepPermits')}</legend>
            <p class="hint" id="permits-hint">
              {t('permitsHint')}
            </p>
            {permitTypes.map((p) => (
              <div class="choice-row" key={p}>
                <label class="choice">
                  <input
                    type="checkbox"
                    value={p}
                    checked={form.permits.includes(p)}
                    onChange={(ev) =>
                      set({
                        permits: (ev.target as HTMLInputElement).checked
                          ? [...form.permits, p]
                          : form.permits.filter((x) => x !== p),
                      })
                    }
                  />
                  <span>{tx('permit', p)}</span>
                </label>
                {/* 办事指南 of the permit on the chosen track, in a new tab so the filing stays as it is. */}
                <a
                  href={href(`/guides/${p}?track=${form.track}`)}
                  target="_blank"
                  rel="noopener"
                  aria-label={`${t('guideLink')}: ${tx('permit', p)}`}
                >
                  {t('guideLink')}
                </a>
              </div>
            ))}
            {e('requiredPermits') ? (
              <p class="field-error" id="permits-error">
                {e('requiredPermits')}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {step === 3 ? (
          <>
            <p class="hint">{t('documentsHint')}</p>
            {checklist ? (
              <FilingChecklist items={checklist} uploads={uploads.items} />
            ) : guides.error ? (
              <p class="notice" role="status">
                {t('checklistUnavailable')}
              </p>
            ) : null}
            {checklist || guides.error ? (
              <DocumentUploader
                idPrefix="filing"
                uploads={uploads}
                kinds={kinds}
                error={Object.entries(errors).find(([p]) => p.startsWith('documents'))?.[1]}
              />
            ) : (
              <Loading />
            )}
          </>
        ) : null}
        {step === 4 ? (
          <>
            {standardLand ? (
              <fieldset>
                <legend>{t('commitmentTitle')}</legend>
                <p class="hint">{t('commitmentIntro')}</p>
                {indicatorKeys.map((k) => (
                  <Field key={k} id={`ind-${k}`} label={tx('ind', k)} error={e(`commitment.indicators.${k}`)}>
                    {(a) => (
                      <input
                        {...a}
                        inputMode="decimal"
                        value={form.indicators[k]}
                        onInput={(ev) =>
                          set({
                            indicators: { ...form.indicators, [k]: (ev.target as HTMLInputElement).value },
                          })
                        }
                      />
                    )}
                  </Field>
                ))}
              </fieldset>
            ) : null}
            <h3>{t('review')}</h3>
            <dl class="summary">
              <dt>{t('projectName')}</dt>
              <dd>{form.projectName}</dd>
              <dt>{t('investment')}</dt>
              <dd>{form.investmentYuan ? formatYuan(Number(form.investmentYuan)) : '—'}</dd>
              <dt>{t('track')}</dt>
              <dd>{tx('track', form.track)}</dd>
              <dt>{t('location')}</dt>
              <dd>
                {form.parcelId} · {form.location} · {form.areaMu} 亩
                {standardLand ? ` · ${t('landAcquiredOn')} ${formatCalendarDate(form.landAcquiredOn)}` : ''}
              </dd>
              <dt>{t('stepPermits')}</dt>
              <dd>{form.permits.map((p) => tx('permit', p)).join('、')}</dd>
              <dt>{t('documents')}</dt>
              <dd>{documents.length > 0 ? documents.map((d) => d.name).join('、') : t('noDocuments')}</dd>
            </dl>
          </>
        ) : null}
        <FormError error={failure} shown={Object.keys(errors).filter((p) => stepOfPath(p) === step)} />
        <div class="buttons">
          {step > 0 ? (
            <button type="button" onClick={() => setStep(step - 1)}>
              {t('previous')}
            </button>
          ) : null}
          <button type="submit" class="primary" disabled={busy || uploads.busy}>
            {step < wizardSteps.length - 1 ? t('next') : t('submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

function focusFirstError(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
