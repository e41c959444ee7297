// Mount under a strict CSP and list any violation the page reports.
import { mount } from '/widget/0.1.0/rubric-widget.js';

window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const line = `${e.violatedDirective} ${e.blockedURI || '(inline)'} ${e.sourceFile || ''}:${e.lineNumber || ''}`;
  window.violations.push(line);
  const item = document.createElement('li');
  item.textContent = line;
  document.getElementById('violations').append(item);
});
window.widget = mount(document.getElementById('widget'), {
  rubric: '/rubrics/cc-qc-standard.json', endpoint: '/api/reviews', lang: 'en', context: { call_id: 'C-csp' },
});
