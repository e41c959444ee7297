// The bundle, the rubric and the endpoint all on another origin (CORS).
const params = new URLSearchParams(location.search);
const origin = params.get('widget') || `http://127.0.0.1:${location.port}`;
const { mount } = await import(`${origin}/widget/0.1.0/rubric-widget.js`);
window.received = [];
window.widget = mount(document.getElementById('widget'), {
  rubric: `${origin}/rubrics/trainee-quiz-phrases.json`, endpoint: `${origin}/api/reviews`,
  locale: 'en', context: { call_id: 'C-remote' },
});
for (const name of ['ready', 'change', 'submitted', 'queued', 'rejected', 'error']) {
  window.widget.on(name, (detail) => {
    window.received.push({ name, detail });
    const item = document.createElement('li');
    item.textContent = `${name} ${detail.review_id ?? ''}`;
    document.getElementById('log').prepend(item);
  });
}
