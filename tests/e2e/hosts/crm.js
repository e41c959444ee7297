// The mock CRM: passes the call in, logs every event, drives the widget from outside.
const widget = document.getElementById('qa');
const log = document.getElementById('log');
const calls = ['C-88231', 'C-88232', 'C-88233'];
let call = 0;

function show(name, detail) {
  const item = document.createElement('li');
  item.dataset.event = name;
  const summary = { review_id: detail.review_id, instance: detail.instance };
  if (name === 'change') summary.total = detail.score.total;
  if (name === 'submitted') summary.server_id = detail.response.server_id;
  if (name === 'rejected' || name === 'error') summary.message = detail.message;
  item.textContent = `${name} ${JSON.stringify(summary)}`;
  log.prepend(item);
  window.rubricEvents = [...(window.rubricEvents || []), { name, detail }];
}

for (const name of ['ready', 'change', 'submitted', 'queued', 'rejected', 'error']) {
  widget.addEventListener(name, (event) => show(name, event.detail));
}

function setCall(n) {
  call = n;
  document.getElementById('call-id').textContent = calls[call];
  widget.context = { agent_id: '1024', call_id: calls[call], recording_url: new URL('call.wav', location.href).href };
}

setCall(0);
document.getElementById('next-call').addEventListener('click', () => setCall((call + 1) % calls.length));
document.getElementById('host-submit').addEventListener('click', () => {
  const result = widget.submit();
  show('host-submit', { review_id: null, instance: widget.id, ...result });
});
document.getElementById('host-reset').addEventListener('click', () => widget.reset());

// Access tokens. A CRM's own backend mints a short-lived token for the receiver (JWT,
// HS256/RS256/ES256) and the page hands it to the widget, in memory only; before it
// expires the page hands over a fresh one. Here `?token=` (and `?reviewer=`) stand in
// for that backend: `issueToken` would be `fetch('/crm/qa-token')`.
const params = new URLSearchParams(location.search);
async function issueToken() {
  return params.get('token');
}
async function passToken() {
  const token = await issueToken();
  if (!token) return;
  widget.config = {
    headers: { Authorization: `Bearer ${token}` },
    reviewer: { id: params.get('reviewer') || 'qc-07' },
  };
}
passToken();
// A fresh token every 4 minutes (for tokens that live 5); a review queued with an
// expired one waits for "Retry now".
setInterval(passToken, 4 * 60 * 1000);
