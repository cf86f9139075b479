import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import {
  AreaField,
  Empty,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  submit,
  TextField,
} from '../ui.tsx';

interface Source {
  id: string;
  kind: 'faq' | 'document';
  title: string;
  createdAt: string;
  question?: string;
  answer?: string;
  sections?: number;
  contentType?: string;
  filename?: string;
}
interface Found {
  answer: string;
  source: string;
  [k: string]: unknown;
}

const TYPES: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  pdf: 'application/pdf',
};

const base64 = (buf: ArrayBuffer) => {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/** Knowledge (C5): FAQ entries, uploaded documents, and a search that shows what the agent would cite. */
export function KnowledgeScreen() {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/knowledge`;
  const list = useLoad(() => api<{ sources: Source[] }>('GET', base), [base]);
  const [q, setQ] = useState('');
  const [a, setA] = useState('');
  const [faqError, setFaqError] = useState<unknown>(null);
  const [upload, setUpload] = useState<{
    state: 'idle' | 'indexing' | 'done' | 'failed';
    text: string;
    error?: unknown;
  }>({ state: 'idle', text: '' });
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ q: string; answer: Found | null } | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const editable = can('knowledge:write');

  const addFaq = async () => {
    setFaqError(null);
    try {
      await api('POST', `${base}/faqs`, { question: q, answer: a });
      setQ('');
      setA('');
      list.reload();
    } catch (e) {
      setFaqError(e);
    }
  };
  const onFile = async (file: File) => {
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = TYPES[ext] ?? (file.type || 'text/plain');
    setUpload({ state: 'indexing', text: `Indexing ${file.name}…` });
    try {
      const body =
        contentType === 'application/pdf'
          ? { filename: file.name, contentType, contentBase64: base64(await file.arrayBuffer()) }
          : { filename: file.name, contentType, content: await file.text() };
      const s = await api<Source>('POST', `${base}/documents`, body);
      setUpload({ state: 'done', text: `Indexed “${s.title}”: ${s.sections ?? 0} sections.` });
      list.reload();
    } catch (e) {
      setUpload({ state: 'failed', text: `Could not add ${file.name}.`, error: e });
    }
  };
  const search = async () => {
    setSearchError(null);
    try {
      const r = await api<{ answer: Found | null }>('GET', `${base}/search?q=${enc(query)}`);
      setFound({ q: query, answer: r.answer });
    } catch (e) {
      setSearchError(e);
    }
  };
  const remove = async (s: Source) => {
    if (!window.confirm(`Remove “${s.title}”?`)) return;
    await api('DELETE', `${base}/${enc(s.id)}`).catch(setFaqError);
    list.reload();
  };

  return (
    <>
      <h1>Knowledge</h1>
      <p className="muted">
        What {agent.name} answers from: FAQ entries and documents (Markdown, HTML, text, PDF).
      </p>
      <Section title="Try a question">
        <form className="inline" onSubmit={submit(() => search())}>
          <TextField
            label="Question"
            value={query}
            onChange={setQuery}
            path="query.q"
            errors={errorsOf(searchError)}
          />
          <button type="submit">Search</button>
        </form>
        <FormError error={searchError} />
        {found && (
          <div className="found" data-testid="knowledge-answer" aria-live="polite">
            {found.answer ? (
              <>
                <p>{found.answer.answer}</p>
                <p className="muted small">
                  Cited: <cite>{found.answer.source}</cite>
                </p>
              </>
            ) : (
              <p>
                Nothing relevant enough for “{found.q}”: the agent would say it does not know, or hand off.
              </p>
            )}
          </div>
        )}
      </Section>
      {editable && (
        <div className="grid2">
          <Section title="Add an FAQ entry">
            <form onSubmit={submit(() => addFaq())}>
              <FormError error={faqError} />
              <TextField
                label="Question"
                value={q}
                onChange={setQ}
                path="question"
                errors={errorsOf(faqError)}
              />
              <AreaField label="Answer" value={a} onChange={setA} path="answer" errors={errorsOf(faqError)} />
              <button type="submit" className="primary">
                Add FAQ
              </button>
            </form>
          </Section>
          <Section title="Upload a document">
            <label className="file">
              Choose a file (.md, .html, .txt, .pdf; up to about 700 KB)
              <input
                type="file"
                accept=".md,.markdown,.html,.htm,.txt,.pdf"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void onFile(file);
                  e.target.value = '';
                }}
              />
            </label>
            {upload.state !== 'idle' && (
              <p role="status" data-testid="upload-state" className={upload.state}>
                {upload.text}
              </p>
            )}
            {upload.error ? <FormError error={upload.error} /> : null}
          </Section>
        </div>
      )}
      <Section title="Sources">
        <FormError error={list.error} />
        {!list.data && !list.error && <Loading />}
        {list.data?.sources.length === 0 && (
          <Empty title="No knowledge yet.">
            <p>Add an FAQ entry or upload a document so the agent can answer questions.</p>
          </Empty>
        )}
        {upload.state === 'done' && <Notice>{upload.text}</Notice>}
        <ul className="sources">
          {list.data?.sources.map((s) => (
            <li key={s.id}>
              <span className="badge">{s.kind}</span> <strong>{s.title}</strong>
              {s.kind === 'faq' ? (
                <div className="small">{s.answer}</div>
              ) : (
                <span className="muted small">
                  {' '}
                  · {s.filename ?? s.contentType} · indexed, {s.sections} sections
                </span>
              )}
              {editable && (
                <button type="button" className="icon danger" onClick={() => void remove(s)}>
                  Remove<span className="sr-only"> {s.title}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
