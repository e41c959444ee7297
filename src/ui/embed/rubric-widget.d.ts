// Type declarations for rubric-widget.js (the embeddable QA scoring widget).
// The JSON documents follow the published schemas: `rubric schema rubric|review|config`.

/** Texts are a string, or one string per locale tag. */
export type Text = string | Record<string, string>;

export interface WidgetConfig {
  /** Where reviews go; `{review_id}` is replaced. Without it, submitting offers a download. */
  endpoint?: string;
  method?: 'POST' | 'PUT';
  /** Extra request headers (kept in memory only, never in browser storage). */
  headers?: Record<string, string>;
  /** One attempt's time limit, 1000–300000 ms (default 15000). */
  timeout_ms?: number;
  retry?: { max_attempts?: number; base_delay_ms?: number; max_delay_ms?: number };
  credentials?: 'omit' | 'same-origin' | 'include';
  mode?: 'inspect' | 'quiz' | 'calibrate';
  /** Quiz mode: a time limit of 10–86400 s, options shuffled per attempt. */
  quiz?: { time_limit_s?: number; shuffle?: boolean };
  /** Calibration mode: how far the totals may differ, in points (default 5). */
  calibration?: { tolerance?: number };
  /** Calibration mode: the expert's review/v1 of the same call, a URL or the document. */
  reference?: string | Record<string, unknown>;
  /** UI language: 'zh-CN' or 'en' (the same name as the element's attribute). */
  lang?: string;
  /** Another name for `lang`, still accepted. */
  locale?: string;
  /** Host data copied into the review; drafts are kept per call_id (else ticket_id, conversation_id). */
  context?: Record<string, unknown>;
  reviewer?: { id: string; name?: string };
  /** A URL, or the rubric/v1 document itself. */
  rubric?: string | Rubric;
  /** Iframe mode: the parent's origin (events go there only; only its messages are obeyed). */
  parent_origin?: string;
  instance?: string;
}

/** What mount() takes: the configuration plus loading options. */
export interface MountOptions extends WidgetConfig {
  /** A config file to start from; the other fields override it. */
  configUrl?: string;
  /** A CSP nonce for the widget's stylesheet link. */
  nonce?: string;
}

export interface Rubric {
  format: 'rubric/v1';
  id: string;
  version: string;
  title: Text;
  description?: Text;
  locale?: string;
  scoring: {
    method: 'sum' | 'weighted' | 'deduct';
    max?: number;
    precision?: number;
    pass?: number;
    grades?: { min: number; label: Text }[];
  };
  sections: { id: string; title: Text; description?: Text; weight?: number; items: unknown[] }[];
}

export interface Answer {
  value?: string | number | string[];
  na?: boolean;
  comment?: string;
  tags?: string[];
}

export interface SectionScore {
  id: string;
  score: number | null;
  max: number;
  percent: number | null;
  fatal: boolean;
  applicable: boolean;
}

export interface ItemTrace {
  status: 'scored' | 'na' | 'hidden' | 'missing' | 'unanswered' | 'unscored';
  earned?: number;
  possible?: number;
  critical?: 'form' | 'section' | null;
}

export interface Score {
  total: number | null;
  max: number;
  percent: number | null;
  /** The grade label, in the rubric's locale. */
  grade: string | null;
  passed: boolean | null;
  fatal: boolean;
  complete: boolean;
  missing: string[];
  sections: SectionScore[];
  items: Record<string, ItemTrace>;
}

export interface Review {
  format: 'review/v1';
  review_id: string;
  rubric: { id: string; version: string; digest: string };
  mode: 'inspect' | 'quiz' | 'calibrate';
  context: Record<string, unknown>;
  reviewer?: { id: string; name?: string };
  answers: Record<string, Answer>;
  comment?: string;
  score: Score;
  started_at: string;
  submitted_at: string;
  client: { name: string; version: string };
}

/** Every event's detail carries these. */
export interface EventBase {
  instance: string;
  /** The review concerned (null for problems that are not about one). */
  review_id: string | null;
}

export interface WidgetEvents {
  /** The rubric is loaded and the form is shown. */
  ready: EventBase & { rubric: { id: string; version: string; digest: string; title: string } };
  /** The score changed (every answer). */
  change: EventBase & { score: Score; complete: boolean; missing: string[] };
  /** The server stored the review. */
  submitted: EventBase & { response: { server_id: string | null } };
  /** The review waits in the outbox (just submitted, or an attempt failed and will be retried). */
  queued: EventBase & { attempts: number; reason: string | null; retry_in_ms: number | null; paused: boolean };
  /** The server refused the review (it is kept for correction or download). */
  /** `status` is null when no request was made (a configured header the browser refuses). */
  rejected: EventBase & { status: number | null; message: string; auth: boolean };
  /** A configuration, rubric or storage problem. */
  error: EventBase & { kind: 'config' | 'rubric' | 'storage'; message: string; problems: string[] };
}

export type WidgetEventName = keyof WidgetEvents;

export interface WidgetHandle {
  readonly instance: string | null;
  /** Resolves once the wasm has loaded (calls made before are applied then). */
  readonly loaded: Promise<WidgetHandle>;
  on<K extends WidgetEventName>(name: K, listener: (detail: WidgetEvents[K]) => void): () => void;
  /**
   * The host's context for the review, replacing the previous one as a whole (also
   * while the rubric is still loading): a new call_id starts a new review (the old
   * draft is kept). A config file's `context` stays under it.
   */
  setContext(context: Record<string, unknown>): void;
  /** Configuration merged over the current one. */
  setConfig(config: MountOptions): void;
  getReview(): Review | null;
  submit(): { ok: boolean; missing: string[] };
  reset(): void;
  destroy(): void;
}

export const VERSION: string;
export const EVENTS: readonly WidgetEventName[];
export function mount(element: Element, config?: MountOptions): WidgetHandle;
/** Bytes of wasm memory in use (for leak checks). */
export function memoryBytes(): number;

export interface RubricWidgetElement extends HTMLElement {
  config: MountOptions;
  context: Record<string, unknown>;
  readonly handle: WidgetHandle | null;
  readonly loaded: Promise<WidgetHandle | null>;
  on<K extends WidgetEventName>(name: K, listener: (detail: WidgetEvents[K]) => void): () => void;
  getReview(): Review | null;
  submit(): { ok: boolean; missing: string[] };
  reset(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'rubric-widget': RubricWidgetElement;
  }
  interface HTMLElementEventMap {
    ready: CustomEvent<WidgetEvents['ready']>;
    submitted: CustomEvent<WidgetEvents['submitted']>;
    queued: CustomEvent<WidgetEvents['queued']>;
    rejected: CustomEvent<WidgetEvents['rejected']>;
  }
}
