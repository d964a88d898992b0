// Choosing documents: each file is hashed (SHA-256) on the device with a progress bar, and registered by its
// metadata, which is what today's API takes. Sending the bytes to storage is the documents service's part.
import { useState } from 'preact/hooks';
import type { Schemas } from './api.ts';
import { t, tx } from './i18n.ts';

export type DocumentMeta = Schemas['Application']['documents'][number];

export const documentKinds = [
  'site-plan',
  'business-licence',
  'land-certificate',
  'design-drawings',
  'other',
];

async function sha256Hex(file: File, onProgress: (fraction: number) => void): Promise<string> {
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

/** Picks files of one kind at a time; calls onAdd with the metadata of each once it is hashed. */
export function DocumentPicker(props: {
  idPrefix: string;
  documents: DocumentMeta[];
  onChange: (documents: DocumentMeta[]) => void;
  kinds?: string[];
  error?: string;
}) {
  const kinds = props.kinds ?? documentKinds;
  const [kind, setKind] = useState(kinds[0]!);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const add = async (files: FileList | null) => {
    const added: DocumentMeta[] = [];
    for (const file of Array.from(files ?? [])) {
      if (file.size === 0) continue;
      const sha256 = await sha256Hex(file, (fraction) =>
        setProgress((p) => ({ ...p, [file.name]: fraction })),
      );
      added.push({
        documentId: `doc-${sha256.slice(0, 16)}`,
        kind,
        name: file.name.slice(0, 255),
        sizeBytes: file.size,
        sha256,
      });
    }
    const byId = new Map(props.documents.map((d) => [d.documentId, d]));
    for (const d of added) byId.set(d.documentId, d);
    props.onChange([...byId.values()]);
  };
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
              void add(input.files).then(() => (input.value = ''));
            }}
          />
          <label for={`${props.idPrefix}-file`} class="button file-button">
            {t('chooseFile')}
          </label>
        </div>
      </div>
      <p class="hint">{t('uploadPending')}</p>
      {props.error ? (
        <p class="field-error" id={`${props.idPrefix}-file-error`}>
          {props.error}
        </p>
      ) : null}
      {Object.entries(progress).map(([name, fraction]) => (
        <div class="progress" key={name}>
          <label>
            {fraction < 1 ? t('hashing') : t('hashed')} {name}
            <progress max={1} value={fraction} />
          </label>
        </div>
      ))}
      {props.documents.length > 0 ? (
        <ul class="doc-list">
          {props.documents.map((d) => (
            <li key={d.documentId}>
              <span class="doc-kind">{tx('doc', d.kind)}</span> {d.name}{' '}
              <span class="muted">({Math.max(1, Math.round(d.sizeBytes / 1024))} KB)</span>
              <button
                type="button"
                class="link"
                onClick={() => props.onChange(props.documents.filter((x) => x.documentId !== d.documentId))}
              >
                {t('removeGap')}
                <span class="sr-only"> {d.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
