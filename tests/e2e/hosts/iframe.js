// An iframe host: the widget runs on its own origin; events arrive by postMessage from
// that origin only, commands go to that origin only.
const params = new URLSearchParams(location.search);
// Where the widget is served: ?widget=<origin>, else this host's port on 127.0.0.1
// (open this page at http://localhost:<port>/hosts/iframe.html: another origin).
const widgetOrigin = params.get('widget') || `http://127.0.0.1:${location.port}`;
const frame = document.getElementById('frame');
const log = document.getElementById('log');
window.received = [];

const src = new URL('/index.html', widgetOrigin);
src.search = new URLSearchParams({
  rubric: 'rubrics/cc-qc-standard.json', lang: 'en', endpoint: '/api/reviews',
  parent_origin: location.origin, instance: 'frame-1', call_id: 'C-iframe-1',
}).toString();
frame.src = src.href;

window.addEventListener('message', (event) => {
  if (event.origin !== widgetOrigin || event.data?.source !== 'rubric-widget') return;
  window.received.push(event.data);
  const item = document.createElement('li');
  item.dataset.event = event.data.type;
  item.textContent = `${event.data.type} ${event.data.detail.review_id ?? ''}`;
  log.prepend(item);
});

let n = 1;
const send = (message) => frame.contentWindow.postMessage({ ...message, instance: 'frame-1' }, widgetOrigin);
document.getElementById('next-call').addEventListener('click', () => send({ type: 'set-context', context: { call_id: `C-iframe-${++n}` } }));
document.getElementById('submit').addEventListener('click', () => send({ type: 'submit' }));
document.getElementById('reset').addEventListener('click', () => send({ type: 'reset' }));

// Access tokens: never in the frame's URL (URLs are logged); the parent sends one by
// message once the widget is ready, and a fresh one before it expires. `?token=`
// stands in for the CRM backend that mints it.
const token = params.get('token');
let tokenSent = false;
function passToken() {
  if (!token) return;
  send({
    type: 'set-config',
    config: { headers: { Authorization: `Bearer ${token}` }, reviewer: { id: params.get('reviewer') || 'qc-07' } },
  });
}
window.addEventListener('message', (event) => {
  if (event.origin !== widgetOrigin || event.data?.type !== 'ready' || tokenSent) return;
  tokenSent = true;
  passToken();
});
setInterval(passToken, 4 * 60 * 1000);
