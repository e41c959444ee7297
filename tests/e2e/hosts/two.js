// Two widgets mounted with the JS API, one per call, side by side.
import { mount } from '/widget/0.1.0/rubric-widget.js';

const common = { rubric: '/rubrics/support-qa-weighted.json', endpoint: '/api/reviews', lang: 'en' };
window.left = mount(document.getElementById('left'), { ...common, instance: 'left', context: { call_id: 'C-1001' } });
window.right = mount(document.getElementById('right'), { ...common, instance: 'right', context: { call_id: 'C-1002' } });
window.events = [];
for (const handle of [window.left, window.right]) {
  for (const name of ['ready', 'change', 'submitted']) {
    handle.on(name, (detail) => window.events.push({ name, instance: detail.instance, review_id: detail.review_id, total: detail.score?.total }));
  }
}
