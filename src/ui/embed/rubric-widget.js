// rubric-widget.js — embed the QA scoring widget in any page.
//
//   <script type="module" src="https://widget.example/widget/0.1.0/rubric-widget.js"></script>
//   <rubric-widget rubric="/rubrics/cc-qc-standard.json" endpoint="/api/reviews"></rubric-widget>
//
// or, from code:
//
//   import { mount } from 'https://widget.example/widget/0.1.0/rubric-widget.js';
//   const handle = mount(document.querySelector('#qa'), { rubric: '…', context: { call_id: 'C-1' } });
//   handle.on('submitted', (detail) => …);
//
// The widget renders in a Shadow DOM (host CSS cannot reach it, its CSS cannot leak),
// loads its stylesheet with a <link> (give `nonce` for a nonce-based CSP), uses no
// inline script, no eval and no inline style attributes. Events: ready, change,
// submitted, queued, rejected, error — DOM CustomEvents on the host element (bubbling,
// composed) and handle.on(name, fn). See README.md "Embed it".
import init, { mountWidget } from './rubric-widget-wasm.js';

export const VERSION = '0.1.0';
export const EVENTS = Object.freeze(['ready', 'change', 'submitted', 'queued', 'rejected', 'error']);

const base = new URL('.', import.meta.url);
let loading;
let wasm;

/** Load the wasm once per page. */
function load() {
  loading ??= init({ module_or_path: new URL('rubric-widget-wasm_bg.wasm', base) }).then((exports) => {
    wasm = exports;
    return exports;
  });
  return loading;
}

/** Bytes of wasm memory in use (for leak checks). */
export function memoryBytes() {
  return wasm ? wasm.memory.buffer.byteLength : 0;
}

/** A shadow root on `host` with the stylesheet and a container for the widget. */
function shadowFor(host, nonce) {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  shadow.replaceChildren();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('rubric-widget.css', base).href;
  if (nonce) link.nonce = nonce;
  const container = document.createElement('div');
  container.className = 'rw-container';
  shadow.append(link, container);
  return container;
}

/** The options the wasm takes, from a widget config object. */
function split(config = {}) {
  const { configUrl, nonce, instance, attributes, context, ...rest } = config;
  return { configUrl, nonce, instance, attributes: attributes ?? {}, context: context ?? {}, config: rest };
}

/**
 * A mounted widget. Usable at once: calls made before the wasm has loaded are applied
 * once it has; `loaded` resolves then.
 */
class Handle {
  #host;
  #inner = null;
  #queue = [];
  #listeners = new Map();
  #options;
  #destroyed = false;

  constructor(host, options) {
    this.#host = host;
    this.#options = options;
    this.loaded = load().then(() => {
      if (this.#destroyed) return this;
      const container = shadowFor(host.shadowHost, options.nonce);
      const emit = (name, detail) => this.#emit(name, detail);
      this.#inner = mountWidget(container, this.#wasmOptions(), emit);
      for (const call of this.#queue.splice(0)) call(this.#inner);
      return this;
    });
  }

  #wasmOptions() {
    const { configUrl, config, attributes, context, instance } = this.#options;
    return { configUrl, config, attributes, context, instance };
  }

  #emit(name, detail) {
    this.#host.element.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    for (const fn of this.#listeners.get(name) ?? []) {
      try {
        fn(detail);
      } catch (e) {
        console.error('rubric-widget: an event listener failed', e);
      }
    }
  }

  #call(fn) {
    if (this.#destroyed) return undefined;
    if (this.#inner) return fn(this.#inner);
    this.#queue.push(fn);
    return undefined;
  }

  /** The id every event of this widget carries (null until loaded). */
  get instance() {
    return this.#inner ? this.#inner.instance : (this.#options.instance ?? null);
  }

  /** Listen to an event; returns a function that stops listening. */
  on(name, fn) {
    if (!EVENTS.includes(name)) throw new Error(`rubric-widget: no event ${name}; events are ${EVENTS.join(', ')}`);
    if (!this.#listeners.has(name)) this.#listeners.set(name, new Set());
    this.#listeners.get(name).add(fn);
    return () => this.#listeners.get(name)?.delete(fn);
  }

  /**
   * The host's context for the review on screen, replacing the previous one (a new
   * call_id starts a new review; the old draft is kept).
   */
  setContext(context = {}) {
    this.#options.context = { ...context };
    this.#call((w) => w.setContext(this.#options.context));
  }

  /**
   * New configuration, merged over the current one field by field (a new rubric
   * reloads; the review on screen keeps its draft).
   */
  setConfig(config = {}) {
    const { configUrl, attributes, context, nonce, instance, ...rest } = config;
    if (configUrl !== undefined) this.#options.configUrl = configUrl;
    if (attributes !== undefined) this.#options.attributes = attributes;
    if (context !== undefined) this.#options.context = { ...context };
    this.#options.config = { ...this.#options.config, ...rest };
    this.#call((w) => w.setConfig(this.#wasmOptions()));
  }

  /** Internal: the element's attributes changed. */
  setAttributes(attributes) {
    this.setConfig({ attributes });
  }

  /** The review on screen as a review/v1 document (null before the rubric loads). */
  getReview() {
    return this.#inner ? this.#inner.getReview() : null;
  }

  /** Submit like the button: {ok: true}, or {ok: false, missing: [item ids]}. */
  submit() {
    return this.#inner ? this.#inner.submit() : { ok: false, missing: [] };
  }

  /** Start the review over (its draft is cleared). */
  reset() {
    this.#call((w) => w.reset());
  }

  /** Remove the widget: its DOM, listeners and timers. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#listeners.clear();
    if (this.#inner) {
      this.#inner.destroy();
      this.#inner.free();
      this.#inner = null;
    }
    this.#host.shadowHost.shadowRoot?.replaceChildren();
    this.#host.cleanup?.();
  }
}

/**
 * Mount the widget in `element` (it gets a container of ours with a shadow root).
 * `config` is the widget configuration (README "Sending reviews"), plus `configUrl`,
 * `nonce` and `instance`.
 */
export function mount(element, config = {}) {
  if (!(element instanceof Element)) throw new TypeError('rubric-widget: mount(element, config) needs an element');
  const shadowHost = document.createElement('div');
  shadowHost.className = 'rubric-widget-host';
  element.append(shadowHost);
  return new Handle({ element, shadowHost, cleanup: () => shadowHost.remove() }, split(config));
}

const ATTRIBUTES = ['rubric', 'endpoint', 'lang', 'mode'];

/** <rubric-widget rubric config endpoint lang mode nonce>, with .config and .context. */
class RubricWidgetElement extends HTMLElement {
  static observedAttributes = ['config', ...ATTRIBUTES];
  #handle = null;
  #config = {};
  #context = {};

  #attributes() {
    const out = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null && value !== '') out[name] = value;
    }
    return out;
  }

  connectedCallback() {
    if (this.#handle) return;
    const options = split({ ...this.#config, context: this.#hostContext() });
    options.configUrl = this.getAttribute('config') || undefined;
    options.attributes = this.#attributes();
    options.nonce = this.getAttribute('nonce') || undefined;
    options.instance = this.id || undefined;
    this.#handle = new Handle({ element: this, shadowHost: this }, options);
  }

  disconnectedCallback() {
    // Moved, not removed: keep it. Removed: destroy it.
    queueMicrotask(() => {
      if (!this.isConnected && this.#handle) {
        this.#handle.destroy();
        this.#handle = null;
      }
    });
  }

  attributeChangedCallback(name, previous, value) {
    if (!this.#handle || previous === value) return;
    if (name === 'config') this.#handle.setConfig({ configUrl: value || undefined });
    else this.#handle.setAttributes(this.#attributes());
  }

  get config() {
    return this.#config;
  }

  set config(value) {
    this.#config = value ?? {};
    this.#handle?.setConfig({ ...this.#config, context: this.#hostContext() });
  }

  get context() {
    return this.#context;
  }

  set context(value) {
    this.#context = value ?? {};
    this.#handle?.setContext(this.#hostContext());
  }

  /** The host's context: `context` over the `config` property's `context`. */
  #hostContext() {
    return { ...this.#config.context, ...this.#context };
  }

  get handle() {
    return this.#handle;
  }

  get loaded() {
    return this.#handle?.loaded ?? Promise.resolve(null);
  }

  on(name, fn) {
    return this.#handle?.on(name, fn) ?? (() => {});
  }

  getReview() {
    return this.#handle?.getReview() ?? null;
  }

  submit() {
    return this.#handle?.submit() ?? { ok: false, missing: [] };
  }

  reset() {
    this.#handle?.reset();
  }
}

if (!customElements.get('rubric-widget')) customElements.define('rubric-widget', RubricWidgetElement);
