// The public certificate check (电子证照核验), no sign-in: `#/verify/{certificateNo}` asks the public
// GET /verify/{certificateNo} whether the certificate is valid, revoked or unknown, and lets the holder check a
// PDF they have against the recorded fingerprint (hashed on this device, nothing is sent). The QR code on a
// certificate points at the API's answer; this page is the same answer for people.
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api.ts';
import { sha256Hex } from '../documents.tsx';
import { formatDate } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { navigate } from '../router.ts';
import { ErrorView, Field, Loading, Page, useLoad } from '../ui.tsx';

export function VerifyCertificate(props: { certificateNo?: string }) {
  const [typed, setTyped] = useState(props.certificateNo ?? '');
  return (
    <Page title={t('verifyTitle')}>
      <form
        class="card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) navigate(`/verify/${encodeURIComponent(typed.trim())}`);
        }}
      >
        <p class="hint">{t('verifyIntro')}</p>
        <div class="row">
          <Field id="verify-no" label={t('certificateNo')}>
            {(a) => (
              <input
                {...a}
                value={typed}
                maxLength={64}
                autoComplete="off"
                onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
              />
            )}
          </Field>
          <div class="buttons">
            <button type="submit" class="primary">
              {t('verifyLookup')}
            </button>
          </div>
        </div>
      </form>
      {props.certificateNo ? <Result key={props.certificateNo} certificateNo={props.certificateNo} /> : null}
    </Page>
  );
}

function Result(props: { certificateNo: string }) {
  const result = useLoad(
    () =>
      unwrap(
        api.GET('/verify/{certificateNo}', { params: { path: { certificateNo: props.certificateNo } } }),
      ),
    [props.certificateNo],
  );
  const [check, setCheck] = useState<'matches' | 'differs'>();
  if (result.error) return <ErrorView error={result.error} onRetry={result.reload} />;
  if (!result.data) return <Loading />;
  const v = result.data;
  return (
    <section class="card" aria-labelledby="verify-result-title">
      <h2 id="verify-result-title">
        {t('verifyResult')}:{' '}
        <span class={`badge ${v.status === 'valid' ? 'ok' : 'bad'}`}>{tx('cert', v.status)}</span>
      </h2>
      <dl class="summary">
        <dt>{t('certificateNo')}</dt>
        <dd>
          <code>{v.certificateNo}</code>
        </dd>
        {v.permitType ? (
          <>
            <dt>{t('permitName')}</dt>
            <dd>{tx('permit', v.permitType)}</dd>
          </>
        ) : null}
        {v.issuedAt ? (
          <>
            <dt>{t('issuedOn')}</dt>
            <dd>{formatDate(v.issuedAt)}</dd>
          </>
        ) : null}
        {v.revokedAt ? (
          <>
            <dt>{t('revokedOn')}</dt>
            <dd>{formatDate(v.revokedAt)}</dd>
          </>
        ) : null}
        {v.fingerprint ? (
          <>
            <dt>{t('fingerprint')}</dt>
            <dd>
              <code class="fingerprint">{v.fingerprint}</code>
            </dd>
          </>
        ) : null}
        {v.signatureValid ? (
          <>
            <dt>{t('signatureValid')}</dt>
            <dd>✓</dd>
          </>
        ) : null}
      </dl>
      {v.fingerprint ? (
        <div class="field file-field">
          <input
            id="verify-file"
            class="file-input"
            type="file"
            accept="application/pdf,.pdf"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file)
                void sha256Hex(file).then((hash) => setCheck(hash === v.fingerprint ? 'matches' : 'differs'));
            }}
          />
          <label for="verify-file" class="button file-button">
            {t('checkFile')}
          </label>
        </div>
      ) : null}
      {check ? (
        <p role="status" class={check === 'matches' ? 'ok-text' : 'field-error'}>
          {check === 'matches' ? t('fileMatches') : t('fileDiffers')}
        </p>
      ) : null}
    </section>
  );
}
