// Service guides (办事指南), no sign-in: every permit of the catalogue in force, and one permit's guide per track
// (materials with mandatory / 容缺, legal basis, time limits in working days, department, fee, window, what "by
// commitment" means on standard land). Everything shown comes from GET /public/guides…; nothing is written here.
import { api, unwrap } from '../api.ts';
import type { paths } from '../api/schema';
import { session } from '../auth.ts';
import { language, useLanguage } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { Empty, ErrorView, Loading, Page, useLoad } from '../ui.tsx';
import { departmentWord, w, wx } from './public-words.ts';

type Guide = paths['/public/guides/{permitType}']['get']['responses'][200]['content']['application/json'];
type GuideTrack = Guide['tracks'][number];
type ServiceWindow = NonNullable<Guide['serviceWindow']>;

export function Guides() {
  useLanguage();
  const list = useLoad(() => unwrap(api.GET('/public/guides')), []);
  return (
    <Page title={w('guidesTitle')}>
      <p class="hint">{w('guidesIntro')}</p>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">{w('guidesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{w('permit')}</th>
                  <th scope="col">{w('department')}</th>
                  <th scope="col">{w('limitRegular')}</th>
                  <th scope="col">{w('limitStandard')}</th>
                  <th scope="col">{w('byCommitment')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.guides.map((guide) => (
                  <tr key={guide.permitType}>
                    <th scope="row">
                      <a href={href(`/guides/${encodeURIComponent(guide.permitType)}`)}>{guide.name}</a>
                    </th>
                    <td>{departmentWord(guide.department.departmentId, guide.department.name)}</td>
                    {guide.tracks.map((track) => (
                      <td key={track.track}>{w('workingDays', { n: track.limitDays })}</td>
                    ))}
                    <td>{guide.tracks.some((track) => track.byCommitment) ? w('yes') : w('no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data.serviceWindow ? <WindowCard window={list.data.serviceWindow} /> : null}
        </>
      )}
    </Page>
  );
}

export function GuidePage(props: { permitType: string; track?: string | null }) {
  useLanguage();
  const guide = useLoad(
    () =>
      unwrap(api.GET('/public/guides/{permitType}', { params: { path: { permitType: props.permitType } } })),
    [props.permitType],
  );
  const data = guide.data;
  return (
    <Page
      title={data ? w('guideOf', { name: data.name }) : w('guidesTitle')}
      actions={
        <>
          <a class="button" href={href('/guides')}>
            {w('allGuides')}
          </a>
          {session() ? (
            <a class="button primary" href={href('/applications/new')}>
              {w('fileNow')}
            </a>
          ) : null}
        </>
      }
    >
      {guide.error ? (
        <ErrorView error={guide.error} onRetry={guide.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <section class="card" aria-labelledby="guide-basics">
            <h2 id="guide-basics" class="sr-only">
              {w('permit')}
            </h2>
            <dl class="facts wide">
              <dt>{w('permit')}</dt>
              <dd>{data.name}</dd>
              <dt>{w('department')}</dt>
              <dd>{departmentWord(data.department.departmentId, data.department.name)}</dd>
              <dt>{w('fee')}</dt>
              <dd>{data.fee ?? w('notStated')}</dd>
              <dt>{w('legalBasis')}</dt>
              <dd>
                {data.legalBasis.length === 0 ? (
                  w('notStated')
                ) : (
                  <ul class="plain">
                    {data.legalBasis.map((basis) => (
                      <li key={basis}>{basis}</li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="guide-limits">
            <h2 id="guide-limits">{w('timeLimits')}</h2>
            {data.tracks.map((track) => (
              <TrackLimits key={track.track} track={track} selected={props.track === track.track} />
            ))}
          </section>
          <section class="card" aria-labelledby="guide-materials">
            <h2 id="guide-materials">{w('materials')}</h2>
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption class="sr-only">{w('materials')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w('materialName')}</th>
                    <th scope="col">{w('materialKind')}</th>
                    <th scope="col">{w('mandatory')}</th>
                    <th scope="col">{w('tolerable')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.materials.map((material) => (
                    <tr key={material.kind}>
                      <th scope="row">{material.name ?? material.kind}</th>
                      <td>
                        <code>{material.kind}</code>
                      </td>
                      <td>{material.mandatory ? w('yes') : w('no')}</td>
                      <td>{material.tolerable ? w('yes') : w('no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="hint">{w('tolerableNote')}</p>
          </section>
          {data.serviceWindow ? <WindowCard window={data.serviceWindow} /> : null}
          <p class="hint">{w('configRevision', { n: data.configRevision })}</p>
        </>
      )}
    </Page>
  );
}

function TrackLimits(props: { track: GuideTrack; selected: boolean }) {
  const { track } = props;
  const id = `track-${track.track}`;
  return (
    <div class={props.selected ? 'track selected' : 'track'} aria-labelledby={id}>
      <h3 id={id}>{wx('track', track.track)}</h3>
      <dl class="facts wide">
        <dt>{w('limit')}</dt>
        <dd>
          {w('workingDays', { n: track.limitDays })}（{wx('clock', track.clockStartsAt)}）
        </dd>
        <dt>{w('intakeDays')}</dt>
        <dd>{w('workingDays', { n: track.intakeDays })}</dd>
        <dt>{w('reviewDays')}</dt>
        <dd>{w('workingDays', { n: track.reviewDays })}</dd>
        <dt>{w('issuanceDays')}</dt>
        <dd>{w('workingDays', { n: track.issuanceDays })}</dd>
        <dt>{w('byCommitment')}</dt>
        <dd>
          {track.byCommitment
            ? w('byCommitmentYes', { n: track.verificationDays ?? '' })
            : track.track === 'standard-land'
              ? w('byCommitmentNo')
              : w('no')}
        </dd>
      </dl>
    </div>
  );
}

function WindowCard(props: { window: ServiceWindow }) {
  const { window } = props;
  return (
    <section class="card" aria-labelledby="service-window">
      <h2 id="service-window">{w('serviceWindow')}</h2>
      <dl class="facts wide">
        <dt>{w('serviceWindow')}</dt>
        <dd>{window.name}</dd>
        <dt>{w('address')}</dt>
        <dd>{window.address}</dd>
        <dt>{w('phone')}</dt>
        <dd>{window.phone}</dd>
        <dt>{w('hours')}</dt>
        <dd>{window.hours}</dd>
        {window.online ? (
          <>
            <dt>{w('online')}</dt>
            <dd>{window.online}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** 政务公开: the published figures of a month (`?month=YYYY-MM`, default the current one). */
export function Performance(props: { month?: string | null }) {
  useLanguage();
  const month = props.month ?? undefined;
  const figures = useLoad(
    () => unwrap(api.GET('/public/performance', { params: { query: month ? { month } : {} } })),
    [month],
  );
  const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  const days = (n: number | null) => (n === null ? '—' : w('workingDays', { n }));
  // 满意率 (好差评): per department, the same on each of its tracks' rows.
  const satisfactionOf = (departmentId: string) => {
    const row = figures.data?.satisfaction.find((s) => s.department.departmentId === departmentId);
    return row ? `${percent(row.satisfactionRate)} (${w('ratingsCount', { n: row.rated })})` : '—';
  };
  return (
    <Page title={w('performanceTitle')}>
      <p class="hint">{w('performanceIntro')}</p>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('month');
          navigate(`/performance${value ? `?month=${String(value)}` : ''}`);
        }}
      >
        <label>
          <span>{w('month')}</span>{' '}
          {/* In the page's language, as Field draws its date fields: `lang` before `type`. */}
          <input lang={language()} type="month" name="month" value={figures.data?.month ?? month ?? ''} />
        </label>{' '}
        <button type="submit">{w('show')}</button>
      </form>
      {figures.error ? (
        <ErrorView error={figures.error} onRetry={figures.reload} />
      ) : !figures.data ? (
        <Loading />
      ) : figures.data.rows.length === 0 ? (
        <Empty>{w('noFigures')}</Empty>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">
              {w('performanceTitle')} {figures.data.month}
            </caption>
            <thead>
              <tr>
                <th scope="col">{w('department')}</th>
                <th scope="col">{w('track')}</th>
                <th scope="col">{w('closed')}</th>
                <th scope="col">{w('onTime')}</th>
                <th scope="col">{w('onTimeRate')}</th>
                <th scope="col">{w('median')}</th>
                <th scope="col">{w('p90')}</th>
                <th scope="col">{w('satisfactionRate')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.data.rows.map((row) => (
                <tr key={`${row.department.departmentId}-${row.track}`}>
                  <th scope="row">{departmentWord(row.department.departmentId, row.department.name)}</th>
                  <td>{wx('track', row.track)}</td>
                  <td>{row.closed}</td>
                  <td>{row.onTime}</td>
                  <td>{percent(row.onTimeRate)}</td>
                  <td>{days(row.medianWorkingDays)}</td>
                  <td>{days(row.p90WorkingDays)}</td>
                  <td>{satisfactionOf(row.department.departmentId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
