// Documents (材料): files are hashed on the device (SHA-256, crypto.subtle), declared to the documents API,
// PUT straight to storage with the presigned URL (XMLHttpRequest, so each file has a progress bar; storage
// checks the body against the declared SHA-256) and confirmed; downloads fetch the presigned URL and check the
// bytes against the recorded SHA-256 before saving. An API error is shown beside the file that caused it.
import { useState } from 'preact/hooks';
import { ApiError, api, idempotencyKey, unwrap, type Schemas } from './api.ts';
import type { operations } from './api/schema';
import { t, tx } from './i18n.ts';

export type DocumentMeta = Schemas['Application']['documents'][number];
type UploadTicket =
  operations['postApplicationsApplicationIdDocuments']['responses'][201]['content']['application/json'];
export type DocumentVersion = UploadTicket['document'];
export type DocumentList =
  operations['getApplicationsApplicationIdDocuments']['responses'][200]['content']['application/json'];

/**
 * The kinds of the default permit catalogue (shared/service-config/config.ts), then the general ones: only a
 * fallback now. The filing wizard offers the kinds of the selected permits' guides (GET /public/guides/…, the
 * catalogue in force; filing-checklist.tsx) and this list when those cannot be read; the supplement and
 * upload forms of an application still offer it.
 */
export const documentKinds = [
  'business-licence',
  'site-plan',
  'land-grant-contract',
  'design-scheme',
  'environmental-report',
  'drawing-review',
  'fire-safety-plan',
  'energy-assessment',
  'land-certificate',
  'design-drawings',
  'other',
];

/** The kinds the default catalogue lets the window tolerate for a while (容缺): third-party assessments. */
export const tolerableKinds = [
  'drawing-review',
  'environmental-report',
  'fire-safety-plan',
  'energy-assessment',
  'design-scheme',
  'land-grant-contract',
];

export async function sha256Hex(
  file: Blob,
  onProgress: (fraction: number) => void = () => {},
): Promise<string> {
  // SubtleCrypto hashes whole buffers; reading in slices still lets the bar move for large files.
  const chunk = 4 * 1024 * 1024;
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < file.size; offset += chunk) {
    parts.push(new Uint8Array(await file.slice(offset, offset + chunk).arrayBuffer()));
    onProgress(Math.min(1, (offset + chunk) / file.size) * 0.9);
  }
  const all = new Uint8Array(file.size);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  const digest = await crypto.subtle.digest('SHA-256', all);
  onProgress(1);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a file is: hashed on the device, sent to storage, checked and attached by the API, or refused. */
export type UploadStage = 'hashing' | 'ready' | 'uploading' | 'confirming' | 'done' | 'failed';

export interface UploadItem {
  id: string;
  file: File;
  kind: string;
  stage: UploadStage;
  /** Of the current stage: hashing, then the bytes sent. */
  fraction: number;
  sha256?: string;
  /** The declaration's answer: kept, so a retry after a failed PUT or confirmation reuses it. */
  ticket?: UploadTicket;
  /** One Idempotency-Key per declaration attempt (a double click declares once). */
  declareKey: string;
  confirmKey: string;
  attached?: DocumentVersion;
  error?: string;
}

/** What the API said, in the portal's words where it is a known code; the field's message otherwise. */
function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const known = tx('upErr', error.code);
    if (known !== error.code) return known;
    const fields = Object.values(error.fieldErrors());
    return fields.length > 0 ? fields.join('；') : `${error.code} ${error.message}`.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/** PUTs the file to the presigned URL with its signed headers, reporting progress; S3's code on refusal. */
function putWithProgress(ticket: UploadTicket, file: File, onProgress: (fraction: number) => void) {
  return new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(ticket.upload.method, ticket.upload.url);
    // content-length is the browser's to set (and signed to the file's size); the rest as issued.
    for (const [name, value] of Object.entries(ticket.upload.headers)) {
      if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'host')
        request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) return resolve();
      const code = /<Code>([^<]+)<\/Code>/.exec(request.responseText)?.[1] ?? `HTTP_${request.status}`;
      reject(new ApiError(request.status, code, request.statusText));
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK', 'upload interrupted'));
    request.send(file);
  });
}

/**
 * The files of one form: chosen (and hashed at once), then uploaded to an application. Items already attached
 * are skipped on a retry, so a form can be sent again after one file failed.
 */
export function useUploads() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const patch = (id: string, change: Partial<UploadItem>) =>
    setItems((all) => all.map((item) => (item.id === id ? { ...item, ...change } : item)));

  const add = (files: FileList | File[] | null, kind: string) => {
    const added: UploadItem[] = Array.from(files ?? []).map((file) => ({
      id: crypto.randomUUID(),
      file,
      kind,
      stage: 'hashing',
      fraction: 0,
      declareKey: idempotencyKey(),
      confirmKey: idempotencyKey(),
      ...(file.size === 0 ? { stage: 'failed' as const, error: t('emptyFile') } : {}),
    }));
    setItems((all) => [...all, ...added]);
    return Promise.all(
      added
        .filter((item) => item.stage === 'hashing')
        .map(async (item) => {
          const sha256 = await sha256Hex(item.file, (fraction) => patch(item.id, { fraction }));
          patch(item.id, { sha256, stage: 'ready', fraction: 0 });
          return { ...item, sha256 };
        }),
    );
  };

  const remove = (id: string) => setItems((all) => all.filter((item) => item.id !== id));

  /** Declares, PUTs and confirms one file; answers the attached version or throws (shown beside the file). */
  const uploadOne = async (applicationId: string, item: UploadItem): Promise<DocumentVersion> => {
    if (item.attached) return item.attached;
    const sha256 = item.sha256 ?? (await sha256Hex(item.file));
    let ticket = item.ticket;
    // A ticket whose URL has expired is declared anew (the pending version expires by itself).
    if (ticket && Date.parse(ticket.upload.expiresAt) < Date.now() + 30_000) ticket = undefined;
    try {
      if (!ticket) {
        patch(item.id, { stage: 'uploading', fraction: 0, error: undefined });
        ticket = await unwrap(
          api.POST('/applications/{applicationId}/documents', {
            params: { path: { applicationId }, header: { 'Idempotency-Key': item.declareKey } },
            body: {
              kind: item.kind,
              name: item.file.name.slice(0, 255),
              sizeBytes: item.file.size,
              sha256,
              // What the browser knows; an unknown type is refused by the API, beside this file.
              contentType: item.file.type || 'application/octet-stream',
            },
          }),
        );
        patch(item.id, { ticket });
      }
      patch(item.id, { stage: 'uploading', fraction: 0, error: undefined });
      await putWithProgress(ticket, item.file, (fraction) => patch(item.id, { fraction }));
      patch(item.id, { stage: 'confirming', fraction: 1 });
      const attached = await unwrap(
        api.POST('/applications/{applicationId}/documents/{documentId}/versions/{version}/confirm', {
          params: {
            path: {
              applicationId,
              documentId: ticket.document.documentId,
              version: String(ticket.document.version),
            },
            header: { 'Idempotency-Key': item.confirmKey },
          },
        }),
      );
      patch(item.id, { stage: 'done', fraction: 1, attached });
      return attached;
    } catch (error) {
      // A refused declaration takes a new key next time (the request may change: another kind).
      patch(item.id, {
        stage: 'failed',
        error: describe(error),
        ...(ticket ? {} : { declareKey: idempotencyKey() }),
      });
      throw error;
    }
  };

  /** Uploads every file not yet attached, in parallel; the attached versions, or undefined if one failed. */
  const uploadAll = async (applicationId: string): Promise<DocumentVersion[] | undefined> => {
    // An empty file never hashed: it stays listed with its note and is not sent.
    const sendable = items.filter((item) => item.sha256 !== undefined);
    const results = await Promise.allSettled(sendable.map((item) => uploadOne(applicationId, item)));
    if (results.some((r) => r.status === 'rejected')) return undefined;
    return results.map((r) => (r as PromiseFulfilledResult<DocumentVersion>).value);
  };

  const busy = items.some(
    (i) => i.stage === 'hashing' || i.stage === 'uploading' || i.stage === 'confirming',
  );
  return { items, add, remove, uploadAll, busy };
}

/** The metadata an application's filing and supplement answers carry for uploaded (or hashed) files. */
export function metaOf(item: UploadItem): DocumentMeta {
  return {
    documentId: item.attached?.documentId ?? `doc-${item.sha256!.slice(0, 16)}`,
    kind: item.kind,
    name: item.file.name.slice(0, 255),
    sizeBytes: item.file.size,
    sha256: item.sha256!,
  };
}

const stageKey = {
  hashing: 'upHashing',
  ready: 'upReady',
  uploading: 'upUploading',
  confirming: 'upConfirming',
  done: 'upDone',
  failed: 'upFailed',
} as const;

/** Choose files of one kind at a time; each file's row shows its progress and the API's answer. */
export function DocumentUploader(props: {
  idPrefix: string;
  uploads: ReturnType<typeof useUploads>;
  kinds?: string[];
  error?: string;
}) {
  const kinds = props.kinds ?? documentKinds;
  const [chosenKind, setKind] = useState(kinds[0]!);
  // The kinds may change under the form (the permits selected, the guides loaded): a kind no longer offered
  // gives way to the first one, as the select shows.
  const kind = kinds.includes(chosenKind) ? chosenKind : kinds[0]!;
  const { items } = props.uploads;
  return (
    <div class="documents">
      <div class="row">
        <div class="field">
          <label for={`${props.idPrefix}-kind`}>{t('documentKind')}</label>
          <select
            id={`${props.idPrefix}-kind`}
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value)}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {tx('doc', k)}
              </option>
            ))}
          </select>
        </div>
        <div class="field file-field">
          {/* The native picker's button speaks the browser's language, not the portal's: the input is kept
              (focusable, operable) but drawn by its label. */}
          <input
            id={`${props.idPrefix}-file`}
            class="file-input"
            type="file"
            multiple
            aria-describedby={props.error ? `${props.idPrefix}-file-error` : undefined}
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              void props.uploads.add(input.files, kind).then(() => (input.value = ''));
            }}
          />
          <label for={`${props.idPrefix}-file`} class="button file-button">
            {t('chooseFile')}
          </label>
        </div>
      </div>
      <p class="hint">{t('uploadHint')}</p>
      {props.error ? (
        <p class="field-error" id={`${props.idPrefix}-file-error`}>
          {props.error}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul class="upload-list">
          {items.map((item) => {
            const errorId = `${props.idPrefix}-${item.id}-error`;
            const percent = Math.round(item.fraction * 100);
            return (
              <li key={item.id} class={`upload ${item.stage}`}>
                <div class="upload-head">
                  <span class="doc-kind">{tx('doc', item.kind)}</span>
                  <span class="upload-name">{item.file.name}</span>
                  <span class="muted">({formatSize(item.file.size)})</span>
                  {item.stage !== 'done' && item.stage !== 'uploading' && item.stage !== 'confirming' ? (
                    <button type="button" class="link" onClick={() => props.uploads.remove(item.id)}>
                      {t('removeGap')}
                      <span class="sr-only"> {item.file.name}</span>
                    </button>
                  ) : null}
                </div>
                <label class="progress">
                  <span class="upload-stage">
                    {t(stageKey[item.stage])}
                    {item.stage === 'hashing' || item.stage === 'uploading' ? ` ${percent}%` : ''}
                    <span class="sr-only"> {item.file.name}</span>
                  </span>
                  <progress
                    max={1}
                    value={item.stage === 'ready' ? 0 : item.stage === 'failed' ? 0 : item.fraction}
                    aria-describedby={item.error ? errorId : undefined}
                  />
                </label>
                {item.error ? (
                  <p class="field-error" id={errorId} role="alert">
                    {item.error}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Fetches a presigned download, checks its SHA-256 against the one the platform recorded, and saves it under
 * its name. A mismatch is an error, not a file.
 */
export async function saveVerified(ticket: { url: string; name: string; sha256: string }): Promise<void> {
  let response: Response;
  try {
    response = await fetch(ticket.url);
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  const blob = await response.blob();
  if ((await sha256Hex(blob)) !== ticket.sha256) throw new ApiError(0, 'DOWNLOAD_CORRUPT', '');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = ticket.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A button that downloads one thing; the error (not found yet, corrupt) shows beside it. */
export function DownloadButton(props: {
  label: string;
  /** Which thing, for screen readers (several buttons say 下载). */
  srLabel?: string;
  getTicket: () => Promise<{ url: string; name: string; sha256: string }>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [id] = useState(() => `dl-${crypto.randomUUID()}`);
  return (
    <span class="download">
      <button
        type="button"
        disabled={busy}
        aria-describedby={error ? id : undefined}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          props
            .getTicket()
            .then(saveVerified)
            .catch((e: unknown) => setError(describe(e)))
            .finally(() => setBusy(false));
        }}
      >
        {props.label}
        {props.srLabel ? <span class="sr-only"> {props.srLabel}</span> : null}
      </button>
      {error ? (
        <span class="field-error" id={id} role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
