// The service centre's configuration (issue 15), loaded as its own chunk, for administrators: the permit catalogue
// (documents per permit, mandatory or not, tolerable under 容缺 or not, review budget per track, by commitment on
// standard land), the time limits and warning thresholds — saved as a new version, with the change history and
// any older version readable (read-only) — and the standard-land parcels register with control indicators. The
// API lets only administrators read these; anyone else gets its 403, shown as the 403 page.
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href, type Route } from '../router.ts';
import { Empty, ErrorView, Field, FormError, Loading, Page, useLoad, useSubmit } from '../ui.tsx';
import { w, wx } from '../work/words.ts';

type Loaded = Awaited<ReturnType<typeof loadConfig>>;
type Config = Loaded['config'];
type Track = 'regular' | 'standard-land';
const tracks: Track[] = ['regular', 'standard-land'];
const stepKinds = ['intake', 'review', 'commitment-verification', 'issuance'] as const;

function loadConfig(revision: string | undefined) {
  return unwrap(api.GET('/admin/service-config', { params: { query: revision ? { revision } : {} } }));
}

const numberOf = (e: Event) => Number((e.target as HTMLInputElement).value);

/** `#/admin/config[?revision=]`: the version in force (editable) or an older one (read-only), and the history. */
export function ServiceConfig(props: { query: URLSearchParams }) {
  const revision = props.query.get('revision') ?? undefined;
  const loaded = useLoad(() => loadConfig(revision), [revision]);
  const [draft, setDraft] = useState<Config>();
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState<{ revision: number; changed: boolean }>();
  useEffect(() => setDraft(loaded.data ? structuredClone(loaded.data.config) : undefined), [loaded.data]);
  const submit = useSubmit(loaded.reload);
  if (loaded.error) return <ErrorView error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !draft)
    return (
      <Page title={w('configTitle')}>
        <Loading />
      </Page>
    );
  const data = loaded.data;
  const readOnly = !data.inForce;
  const change = (edit: (c: Config) => void) =>
    setDraft((d) => {
      const next = structuredClone(d!);
      edit(next);
      return next;
    });
  const err = (path: string) => submit.errors[`config.${path}`];
  const shown = Object.keys(submit.errors).filter((p) => p.startsWith('config.'));
  return (
    <Page title={w('configTitle')}>
      <p class="hint">{w('configHint')}</p>
      <p>
        {w('revision')} <strong data-testid="revision">{data.revision}</strong>
        {data.inForce ? ` · ${w('inForce')}` : ''}
        {data.changedAt ? ` · ${formatDateTime(data.changedAt)} · ${data.changedBy ?? ''}` : ''}
      </p>
      {readOnly ? (
        <p class="notice" role="status">
          {w('viewingOld', { revision: data.revision })}{' '}
          <a href={href('/admin/config')}>{w('backToCurrent')}</a>
        </p>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const result = await unwrap(
              api.PUT('/admin/service-config', {
                body: { expectedRevision: data.revision, config: draft, ...(note ? { note } : {}) },
              }),
            );
            setSaved(result);
            setNote('');
          });
        }}
      >
        <fieldset disabled={readOnly}>
          <legend>{w('permitCatalogue')}</legend>
          {draft.permits.map((permit, i) => (
            <section class="card" key={permit.permitType} aria-labelledby={`permit-${i}`}>
              <h2 id={`permit-${i}`}>
                {permit.name} <span class="muted small">{permit.permitType}</span>
              </h2>
              <p>
                {w('department')}: {tx('dept', permit.department)}
              </p>
              <div class="row">
                {tracks.map((track) => (
                  <Field
                    key={track}
                    id={`budget-${permit.permitType}-${track}`}
                    label={`${w('reviewBudget')} · ${wx('track', track)}`}
                    error={err(`permits.${i}.reviewBudgetDays.${track}`)}
                  >
                    {(attrs) => (
                      <input
                        {...attrs}
                        type="number"
                        value={permit.reviewBudgetDays?.[track] ?? ''}
                        // Empty: the track's review step budget applies (shown as the placeholder).
                        placeholder={String(draft.stepBudgets[track].review)}
                        onInput={(e) =>
                          change((c) => {
                            const budgets = { ...c.permits[i]!.reviewBudgetDays };
                            if ((e.target as HTMLInputElement).value === '') delete budgets[track];
                            else budgets[track] = numberOf(e);
                            c.permits[i]!.reviewBudgetDays = budgets;
                          })
                        }
                      />
                    )}
                  </Field>
                ))}
              </div>
              <label class="choice">
                <input
                  type="checkbox"
                  checked={permit.byCommitment}
                  onChange={(e) =>
                    change((c) => {
                      c.permits[i]!.byCommitment = (e.target as HTMLInputElement).checked;
                    })
                  }
                />
                {w('byCommitment')}
              </label>
              <div class="table-wrap" tabIndex={0}>
                <table>
                  <caption>{w('documents')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{w('documents')}</th>
                      <th scope="col">{w('mandatory')}</th>
                      <th scope="col">{w('tolerable')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {permit.documents.map((doc, j) => (
                      <tr key={doc.kind}>
                        <th scope="row">
                          {doc.name ?? doc.kind} <span class="muted small">{doc.kind}</span>
                        </th>
                        {(['mandatory', 'tolerable'] as const).map((flag) => (
                          <td key={flag}>
                            <input
                              type="checkbox"
                              aria-label={`${doc.name ?? doc.kind} · ${w(flag)}`}
                              checked={doc[flag]}
                              onChange={(e) =>
                                change((c) => {
                                  c.permits[i]!.documents[j]![flag] = (e.target as HTMLInputElement).checked;
                                })
                              }
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>{w('limits')}</legend>
          <div class="row">
            {tracks.map((track) => (
              <Field
                key={track}
                id={`limit-${track}`}
                label={wx('track', track)}
                error={err(`limits.${track}`)}
              >
                {(attrs) => (
                  <input
                    {...attrs}
                    type="number"
                    value={draft.limits[track]}
                    onInput={(e) =>
                      change((c) => {
                        c.limits[track] = numberOf(e);
                      })
                    }
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>{w('stepBudgets')}</legend>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">{w('stepBudgets')}</caption>
              <thead>
                <tr>
                  <th scope="col">{w('stepKind')}</th>
                  {tracks.map((track) => (
                    <th scope="col" key={track}>
                      {wx('track', track)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {stepKinds.map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{wx('sk', kind)}</th>
                    {tracks.map((track) => (
                      <td key={track}>
                        <input
                          type="number"
                          aria-label={`${wx('sk', kind)} · ${wx('track', track)}`}
                          aria-invalid={err(`stepBudgets.${track}.${kind}`) ? 'true' : undefined}
                          value={draft.stepBudgets[track][kind]}
                          onInput={(e) =>
                            change((c) => {
                              c.stepBudgets[track][kind] = numberOf(e);
                            })
                          }
                        />
                        {err(`stepBudgets.${track}.${kind}`) ? (
                          <p class="field-error">{err(`stepBudgets.${track}.${kind}`)}</p>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>{w('thresholds')}</legend>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">{w('thresholds')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('track')}</th>
                  <th scope="col">{w('yellowRemaining')}</th>
                  <th scope="col">{w('yellowUsed')}</th>
                </tr>
              </thead>
              <tbody>
                {tracks.map((track) => {
                  const set = thresholdsOfTrack(draft, track);
                  const edit = (key: keyof typeof set) => (e: Event) =>
                    change((c) => {
                      // A version written before thresholds went per track holds one set: it becomes both.
                      c.thresholds = perTrack(c);
                      c.thresholds[track][key] = numberOf(e);
                    });
                  return (
                    <tr key={track}>
                      <th scope="row">{wx('track', track)}</th>
                      {(['yellowRemainingDays', 'yellowUsedFraction'] as const).map((key) => (
                        <td key={key}>
                          <input
                            type="number"
                            step={key === 'yellowUsedFraction' ? 'any' : undefined}
                            aria-label={`${wx('track', track)} ${w(key === 'yellowUsedFraction' ? 'yellowUsed' : 'yellowRemaining')}`}
                            aria-invalid={err(`thresholds.${track}.${key}`) ? 'true' : undefined}
                            value={set[key]}
                            onInput={edit(key)}
                          />
                          {err(`thresholds.${track}.${key}`) ? (
                            <p class="field-error">{err(`thresholds.${track}.${key}`)}</p>
                          ) : null}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
        {readOnly ? null : (
          <>
            <Field id="config-note" label={w('changeNote')} error={submit.errors.note}>
              {(attrs) => (
                <input
                  {...attrs}
                  value={note}
                  onInput={(e) => setNote((e.target as HTMLInputElement).value)}
                />
              )}
            </Field>
            <FormError error={submit.failure} shown={[...shown, 'note']} />
            {saved && !submit.failure ? (
              <p class="ok-text" role="status">
                {saved.changed ? w('configSaved', { revision: saved.revision }) : w('configUnchanged')}
              </p>
            ) : null}
            <div class="buttons">
              <button type="submit" class="button primary" disabled={submit.busy}>
                {w('saveConfig')}
              </button>
            </div>
          </>
        )}
      </form>
      {data.changes ? (
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">{w('history')}</h2>
          {data.changes.length === 0 ? (
            <Empty />
          ) : (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption class="sr-only">{w('history')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w('revision')}</th>
                    <th scope="col">{w('changedAt')}</th>
                    <th scope="col">{w('by')}</th>
                    <th scope="col">{w('changedFields')}</th>
                    <th scope="col">{w('note')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.changes.map((c) => (
                    <tr key={c.eventId}>
                      <td>
                        <a href={href(`/admin/config?revision=${c.toRevision}`)}>
                          {c.fromRevision} → {c.toRevision}
                        </a>
                      </td>
                      <td>{formatDateTime(c.at)}</td>
                      <td>{c.actor.userId}</td>
                      <td class="small">{c.changed.join('、')}</td>
                      <td>{c.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </Page>
  );
}

interface IndicatorDraft {
  name: string;
  bound: 'min' | 'max';
  control: string;
  unit: string;
}

/** `#/admin/parcels`: the standard-land parcels register and the form registering one. */
export function Parcels() {
  const list = useLoad(() => unwrap(api.GET('/admin/parcels')), []);
  return (
    <Page title={w('parcelsTitle')}>
      <p class="hint">{w('parcelsHint')}</p>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">{w('parcelsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{w('parcelId')}</th>
                <th scope="col">{w('location')}</th>
                <th scope="col">{w('areaMu')}</th>
                <th scope="col">{w('indicators')}</th>
                <th scope="col">{w('parcelStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.parcelId}>
                  <th scope="row">{p.parcelId}</th>
                  <td>{p.location}</td>
                  <td>{p.areaMu}</td>
                  <td>
                    <ul class="small">
                      {Object.entries(p.indicators).map(([name, i]) => (
                        <li key={name}>
                          {tx('ind', name)} {wx('bound', i.bound)} {i.control}
                          {i.unit ? ` ${i.unit}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {wx('ps', p.status)}
                    {p.grant ? ` · ${p.grant.enterpriseId} · ${formatDate(p.grant.grantedAt)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RegisterParcel onDone={list.reload} />
    </Page>
  );
}

function RegisterParcel(props: { onDone: () => void }) {
  const [parcelId, setParcelId] = useState('');
  const [areaMu, setAreaMu] = useState('');
  const [location, setLocation] = useState('');
  const [indicators, setIndicators] = useState<IndicatorDraft[]>([
    { name: 'investment-per-mu-yuan', bound: 'min', control: '', unit: '' },
  ]);
  const [registered, setRegistered] = useState(false);
  const submit = useSubmit(() => {
    setRegistered(true);
    props.onDone();
  });
  const setIndicator = (i: number, patch: Partial<IndicatorDraft>) =>
    setIndicators((list) => list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <form
      noValidate
      class="card"
      aria-labelledby="parcel-title"
      onSubmit={(e) => {
        e.preventDefault();
        setRegistered(false);
        void submit.run(() =>
          unwrap(
            api.PUT('/admin/parcels/{parcelId}', {
              params: { path: { parcelId: parcelId || ' ' } },
              body: {
                areaMu: Number(areaMu || Number.NaN),
                location,
                indicators: Object.fromEntries(
                  indicators.map((i) => [
                    i.name,
                    {
                      bound: i.bound,
                      control: Number(i.control || Number.NaN),
                      ...(i.unit ? { unit: i.unit } : {}),
                    },
                  ]),
                ),
              },
            }),
          ),
        );
      }}
    >
      <h2 id="parcel-title">{w('registerParcel')}</h2>
      <div class="row">
        <Field id="parcel-id" label={w('parcelId')} error={submit.errors.parcelId}>
          {(attrs) => (
            <input
              {...attrs}
              value={parcelId}
              onInput={(e) => setParcelId((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="parcel-area" label={w('areaMu')} error={submit.errors.areaMu}>
          {(attrs) => (
            <input
              {...attrs}
              type="number"
              value={areaMu}
              onInput={(e) => setAreaMu((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <Field id="parcel-location" label={w('location')} error={submit.errors.location}>
        {(attrs) => (
          <input
            {...attrs}
            value={location}
            onInput={(e) => setLocation((e.target as HTMLInputElement).value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>{w('indicators')}</legend>
        {indicators.map((indicator, i) => (
          <div class="row" key={i}>
            <Field id={`indicator-${i}-name`} label={w('indicatorName')}>
              {(attrs) => (
                <input
                  {...attrs}
                  value={indicator.name}
                  onInput={(e) => setIndicator(i, { name: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id={`indicator-${i}-bound`} label={w('bound')}>
              {(attrs) => (
                <select
                  {...attrs}
                  value={indicator.bound}
                  onChange={(e) =>
                    setIndicator(i, { bound: (e.target as HTMLSelectElement).value as 'min' | 'max' })
                  }
                >
                  <option value="min">{w('bound.min')}</option>
                  <option value="max">{w('bound.max')}</option>
                </select>
              )}
            </Field>
            <Field
              id={`indicator-${i}-control`}
              label={w('control')}
              error={submit.errors[`indicators.${indicator.name}.control`]}
            >
              {(attrs) => (
                <input
                  {...attrs}
                  type="number"
                  value={indicator.control}
                  onInput={(e) => setIndicator(i, { control: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
            <Field id={`indicator-${i}-unit`} label={w('unit')}>
              {(attrs) => (
                <input
                  {...attrs}
                  value={indicator.unit}
                  onInput={(e) => setIndicator(i, { unit: (e.target as HTMLInputElement).value })}
                />
              )}
            </Field>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setIndicators((list) => [...list, { name: '', bound: 'min', control: '', unit: '' }])
          }
        >
          {w('addIndicator')}
        </button>
      </fieldset>
      <FormError
        error={submit.failure}
        shown={['parcelId', 'areaMu', 'location', ...indicators.map((i) => `indicators.${i.name}.control`)]}
      />
      {registered && !submit.failure ? (
        <p class="ok-text" role="status">
          {w('parcelSaved')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('registerParcel')}
        </button>
      </div>
    </form>
  );
}

/** `#/admin/config[?revision=]` and `#/admin/parcels`. */
export default function ConfigScreens(props: { route: Route }) {
  return props.route.segments[1] === 'parcels' ? <Parcels /> : <ServiceConfig query={props.route.query} />;
}

type Thresholds = { yellowRemainingDays: number; yellowUsedFraction: number };

/** The thresholds of one track, from a version that holds them per track or (older) one set for both. */
function thresholdsOfTrack(config: Config, track: Track): Thresholds {
  const t = config.thresholds;
  return 'regular' in t ? t[track] : t;
}

function perTrack(config: Config): Record<Track, Thresholds> {
  return {
    regular: { ...thresholdsOfTrack(config, 'regular') },
    'standard-land': { ...thresholdsOfTrack(config, 'standard-land') },
  };
}
